"""Finding passages (``debatemap quote``) and verifying quotes by default against DIR/sources/.

The texts are made up here, shaped like the shipped map's scraped pages: an
article, then a comment thread in the same file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from debatemap.validation.quotes import MAX_WORDS, find_passages, sentences
from debatemap.validation.texts import load_text, source_text
from debatemap.validation.validate import check, check_map
from edit_support import run

ARTICLE = """\
Sex Work and Trafficking: Two Different Things

Confusing the abuse of trafficking with the occupation of sex work creates problems. Let me explain.

Trafficking always involves coercion or deception. Sex work between adults is an exchange.

Like this story? Donate now.

  • reader-one

    Great analysis, thank you for posting this here.

    Rescuing is the wrong way to work with young people in the trade.
"""

SOURCES = """\
article:
  title: "The article"
  perspective: legal
  file: page.txt
  lines: "1-5"
comments:
  title: "The comments"
  perspective: legal
  file: page.txt
  start: "  • reader-one"
"""


def argument(ident: str, source: str, quote: str) -> str:
    return (
        f"id: {ident}\nkind: argument\ntitle: {ident.title()}\ntext: Some text.\n"
        f'perspective: legal\nsource: {source}\nquote: "{quote}"\nsupports: [t]\n'
    )


@pytest.fixture
def page_map(make_map):
    root = make_map({"sources.yaml": SOURCES, "legal/a.yaml": argument("a", "article", "Let me explain.")})
    (root / "sources").mkdir()
    (root / "sources" / "page.txt").write_text(ARTICLE, encoding="utf-8")
    return root


# --- find_passages -----------------------------------------------------------------------


def test_typo_ridden_words_find_the_sentence_verbatim_with_its_line():
    [best, *_] = find_passages(ARTICLE, "trafficing allways involvs coersion")
    assert best.text == "Trafficking always involves coercion or deception."
    assert ARTICLE[best.start : best.end] == best.text
    assert best.line == 5
    assert 60 <= best.score < 100


def test_words_out_of_order_and_partial_still_match_and_best_comes_first():
    found = find_passages(ARTICLE, "wrong way rescuing", limit=3)
    assert found[0].text == "Rescuing is the wrong way to work with young people in the trade."
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)


def test_nothing_close_gives_no_passage_and_limit_is_kept():
    assert find_passages(ARTICLE, "zebra giraffe xylophone") == []
    assert find_passages(ARTICLE, "") == []
    assert len(find_passages(ARTICLE, "the", limit=2)) == 2


def test_passages_never_overlap_and_a_phrase_across_a_full_stop_is_found_as_a_pair():
    found = find_passages(ARTICLE, "coercion or deception. Sex work between adults", limit=5)
    assert (
        found[0].text
        == "Trafficking always involves coercion or deception. Sex work between adults is an exchange."
    )
    spans = [(p.start, p.end) for p in found]
    assert all(a_end <= b_start or b_end <= a_start for i, (a_start, a_end) in enumerate(spans)
               for (b_start, b_end) in spans[i + 1 :])  # fmt: skip


def test_wrapped_lines_join_into_one_sentence_but_headings_stand_alone():
    text = "A Heading\nThe first sentence runs\nover two lines. Then a second.\n"
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == ["A Heading", "The first sentence runs\nover two lines.", "Then a second."]
    [found] = find_passages(text, "first sentence runs over two lines", limit=1)
    assert found.one_line() == "The first sentence runs over two lines."
    assert found.line == 2


def test_first_line_numbers_passages_as_lines_of_the_whole_file():
    [found] = find_passages("one.\nTwo words here.\n", "two words here", limit=1, first_line=40)
    assert found.line == 41


def test_very_long_words_are_capped_not_refused():
    words = "Trafficking always involves coercion or deception. " + "zebra " * 20_000
    found = find_passages(ARTICLE, words, limit=1)
    assert found and found == find_passages(ARTICLE, words[:MAX_WORDS], limit=1)
    assert found[0].text.startswith("Trafficking always")


# --- source parts ----------------------------------------------------------------------------


def test_each_part_of_one_file_accepts_only_its_own_quotes(page_map):
    comment = "Rescuing is the wrong way to work with young people in the trade."
    (page_map / "legal" / "b.yaml").write_text(argument("b", "comments", comment))
    (page_map / "legal" / "c.yaml").write_text(argument("c", "article", comment))
    (page_map / "legal" / "d.yaml").write_text(argument("d", "comments", "Let me explain."))
    _, problems = check(page_map)
    wrong = sorted((Path(p.path).name, p.code) for p in problems if p.is_error)
    assert wrong == [("c.yaml", "DM025"), ("d.yaml", "DM025")]
    hint = next(p.hint for p in problems if p.path.endswith("c.yaml"))
    assert hint is not None and "line" in hint  # the closest passages of the article, located


def test_source_text_honours_lines_and_markers(page_map):
    debate, _ = check(page_map)
    article = source_text(page_map, debate, "article")
    comments = source_text(page_map, debate, "comments")
    assert article is not None and article.startswith("Sex Work") and "reader-one" not in article
    assert comments is not None and comments.startswith("  • reader-one") and "Let me explain" not in comments
    assert load_text(debate.sources["comments"], page_map / "sources").first_line == 9  # type: ignore[union-attr]
    assert source_text(page_map, debate, "no-such-source") is None


@pytest.mark.parametrize(
    ("entry", "code", "key"),
    [
        ('  lines: "80-12"\n', "DM043", "lines"),
        ('  lines: "twelve"\n', "DM043", "lines"),
        ('  lines: "3-900"\n', "DM043", "lines"),
        ('  start: "not in the text"\n', "DM043", "start"),
        ('  start: "Sex Work"\n  end: "never there"\n', "DM043", "end"),
    ],
)
def test_a_bad_part_is_a_located_error(page_map, entry, code, key):
    text = SOURCES.replace('  lines: "1-5"\n', entry)
    (page_map / "sources.yaml").write_text(text)
    _, problems = check(page_map)
    [problem] = [p for p in problems if p.code == code]
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines, 1) if line.startswith(f"  {key}:"))
    assert (Path(problem.path).name, problem.line, problem.column) == ("sources.yaml", row, len(key) + 5)


def test_a_file_name_leaving_the_sources_folder_is_refused(page_map):
    (page_map / "sources.yaml").write_text(
        SOURCES.replace("file: page.txt\n  lines", "file: ../x.txt\n  lines")
    )
    _, problems = check(page_map)
    assert [p.code for p in problems if p.is_error] == ["DM037"]


# --- check: verified by default ----------------------------------------------------------------


def test_an_invented_quote_fails_check_by_default_when_the_text_is_present(page_map):
    (page_map / "legal" / "a.yaml").write_text(argument("a", "article", "Words the article never says."))
    result = run("check", str(page_map))
    assert result.returncode == 1
    assert "DM025" in result.stdout and "Traceback" not in result.stderr


def test_missing_texts_are_counted_not_ok_and_an_error_when_required(make_map):
    root = make_map()  # s1.txt is nowhere
    result = run("check", str(root))
    assert result.returncode == 0
    assert "1 quote not verified: text file missing (1)" in result.stderr
    assert "--require-sources" in result.stderr
    strict = run("check", str(root), "--require-sources")
    assert strict.returncode == 1 and "DM026" in strict.stdout
    document = json.loads(run("check", str(root), "--format", "json").stdout)
    assert document["quotes"] == {
        "verified": 0,
        "unverified": 1,
        "reasons": {"text file missing": 1},
        "recorded": 0,
    }


def test_sources_dir_overrides_the_maps_own_folder(page_map, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "page.txt").write_text(ARTICLE.replace("Let me explain.", "Let me not."), encoding="utf-8")
    assert run("check", str(page_map)).returncode == 0
    assert run("check", str(page_map), "--sources-dir", str(other)).returncode == 1
    found = check_map(page_map)
    assert (found.quotes.verified, found.quotes.unverified) == (1, 0)


# --- debatemap quote ---------------------------------------------------------------------------


def test_quote_command_prints_passages_ready_to_paste(page_map):
    result = run("quote", "comments", "rescueing", "wrong", "way", "--arguments", str(page_map))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("page.txt, line 13 (")
    assert lines[1] == "Rescuing is the wrong way to work with young people in the trade."
    fields = ["--title", "Rescue is wrong", "--text", "T.", "--perspective", "legal", "--source", "comments"]
    pasted = run("add", "--arguments", str(page_map), *fields, "--quote", lines[1], "--supports", "t")
    assert pasted.returncode == 0, pasted.stdout + pasted.stderr


def test_quote_command_json_and_limit(page_map):
    result = run("quote", "article", "sex", "--arguments", str(page_map), "--limit", "2", "--format", "json")
    found = json.loads(result.stdout)
    assert len(found) == 2 and all({"line", "score", "quote"} == set(p) for p in found)


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["comments", "zebra", "xylophone"], 1, "no passage of 'comments'"),
        (["coments", "x"], 1, "did you mean 'comments'?"),
        (["article", "x", "--limit", "0"], 2, "--limit"),
        (["article", "x", "--sources-dir", "/nonexistent-folder"], 2, "does not exist"),
    ],
)
def test_quote_command_failures_are_clear(page_map, args, code, said):
    result = run("quote", *args, "--arguments", str(page_map))
    assert result.returncode == code
    assert said in result.stderr and "Traceback" not in result.stderr


def test_quote_command_says_when_the_text_is_missing(make_map):
    result = run("quote", "s1", "quoted", "--arguments", str(make_map()))
    assert result.returncode == 1
    assert "is missing" in result.stderr and "--sources-dir" in result.stderr


def test_add_source_takes_a_part_of_a_file_and_refuses_a_bad_range(page_map):
    added = run("add-source", "intro", "--title", "The intro", "--file", "page.txt", "--lines", "3",
                "--arguments", str(page_map))  # fmt: skip
    assert added.returncode == 0, added.stdout + added.stderr
    assert 'lines: "3"' in (page_map / "sources.yaml").read_text()
    debate, problems = check(page_map)
    assert not [p for p in problems if p.is_error]
    assert source_text(page_map, debate, "intro") == ARTICLE.splitlines(keepends=True)[2]
    marked = run("add-source", "tail", "--title", "Tail", "--file", "page.txt", "--start", "  • reader-one",
                 "--end", "this here.", "--arguments", str(page_map))  # fmt: skip
    assert marked.returncode == 0, marked.stdout + marked.stderr
    debate, _ = check(page_map)
    assert (
        source_text(page_map, debate, "tail")  # values are trimmed: the marker starts at the bullet
        == "• reader-one\n\n    Great analysis, thank you for posting this here."
    )
    bad = run("add-source", "bad", "--title", "Bad", "--lines", "9-2", "--arguments", str(page_map))
    assert bad.returncode == 1 and "DM043" in bad.stdout


SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts live outside the repository")
def test_the_shipped_article_and_its_comments_each_accept_only_their_own_quotes(tmp_path):
    import shutil

    root = tmp_path / "arguments"
    shutil.copytree(Path(__file__).resolve().parent.parent / "arguments", root)
    debate, problems = check(root, SEEDS, require_sources=True)
    assert [p for p in problems if p.is_error] == []
    article = source_text(root, debate, "ditmore-understanding-difference", SEEDS)
    comments = source_text(root, debate, "ditmore-comments", SEEDS)
    assert article is not None and comments is not None
    moved = next(n for n in debate.nodes.values() if n.source == "ditmore-comments")
    path = Path(moved.position.path)
    path.write_text(
        path.read_text().replace("source: ditmore-comments", "source: ditmore-understanding-difference")
    )
    _, problems = check(root, SEEDS, require_sources=True)
    errors = sorted((Path(p.path).name, p.code) for p in problems if p.is_error)
    # The quote is refused in its node; the quote record, which still says it was verified
    # against the other source, is stale too (DM050 is an error under --require-sources).
    assert errors == sorted([(path.name, "DM025"), ("quotes.lock.json", "DM050")])


@pytest.mark.parametrize("kind", ["not utf-8", "folder", "fifo"])
def test_a_text_that_is_there_but_unreadable_is_an_error_even_by_default(page_map, kind):
    import os

    text = page_map / "sources" / "page.txt"
    text.unlink()
    if kind == "not utf-8":
        text.write_bytes(b"Let me explain.\n\xff\n")
    elif kind == "folder":
        text.mkdir()
    else:
        os.mkfifo(text)
    result = run("check", str(page_map))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "sources.yaml:" in result.stdout and "DM026" in result.stdout
    said = {"not utf-8": "is not UTF-8", "folder": "a folder", "fifo": "a FIFO"}[kind]
    assert said in result.stdout
    quoted = run("quote", "article", "explain", "--arguments", str(page_map))
    assert quoted.returncode == 1 and said in quoted.stderr
