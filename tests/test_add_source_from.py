"""``debatemap add-source ID --from FILE``: the readable text of real-looking documents, made here."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from debatemap import read_map
from debatemap.extract import Unreadable, read_document
from debatemap.validation.quotes import fold, sentences
from document_support import (
    AUTHOR,
    CP1252_TEXT,
    HEADER,
    PARAGRAPHS,
    TITLE,
    WEB_ARTICLE,
    WEB_DEBRIS,
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_scan_like_pdf,
    make_web_page,
)
from edit_support import assert_clean, run, tree_digest


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf") / "streets.pdf")


def raw_layer(path: Path) -> str:
    """The PDF's text layer as pypdf gives it, before any of our cleaning."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_pdf_made_here_has_what_real_pdfs_have(pdf: Path) -> None:
    layer = raw_layer(pdf)
    assert re.search("[\u2010-]\n", layer), "no word is split at a line end"
    assert layer.count(HEADER) >= 3 and "Page 2 of 3" in layer
    assert PARAGRAPHS[1] not in " ".join(layer.split())  # wrapped and hyphenated


def test_pdf_text_is_whole_paragraphs_without_running_headers(pdf: Path) -> None:
    document = read_document(pdf)
    text = document.text
    for paragraph in PARAGRAPHS:  # every sentence whole: lines joined, hyphens undone, no header inside
        assert fold(paragraph) in fold(text), paragraph
    assert HEADER not in text and not re.search(r"Page \d+ of \d+", text)
    assert "\u2010" not in text and not re.search(r"\w-\s", text)
    assert (document.title, document.author, document.date) == (TITLE, AUTHOR, "2024-03-13")
    assert "left out 6 running header" in " ".join(document.notes)


def test_a_compound_written_with_its_hyphen_keeps_it_when_split_at_a_line_end() -> None:
    from debatemap.extract.clean import paragraphs

    lines = ["The early-morning vans, and more early-", "morning ones. Transpor-", "tation matters."]
    assert paragraphs(lines) == [
        "The early-morning vans, and more early-morning ones. Transportation matters."
    ]


def test_ligatures_and_odd_spaces_are_normalised() -> None:
    from debatemap.extract.clean import normalise

    assert normalise("e\ufb03cient\u00a0and \ufb01ne\u2009work\u200b\x07") == "efficient and fine work"


def test_add_source_from_pdf_writes_text_and_entry_and_quotes_verify(
    make_map: Callable[..., Path], pdf: Path
) -> None:
    root = make_map()
    result = run(
        "add-source", "streets", "--from", str(pdf), "--perspective", "legal", "--arguments", str(root)
    )
    assert result.returncode == 0, result.stderr
    text_path = root / "sources" / "streets.txt"
    assert result.stdout.split() == [str(root / "sources.yaml"), str(text_path)]
    assert "extracted from a PDF" in result.stderr and "paragraphs" in result.stderr
    assert f"title from the document: {TITLE}" in result.stderr
    source = read_map(root)[0].sources["streets"]
    text = text_path.read_text(encoding="utf-8")
    assert (source.title, source.author, source.file, source.original) == (
        TITLE,
        AUTHOR,
        "streets.txt",
        "streets.pdf",
    )
    assert source.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.extracted or "")
    # A sentence the PDF broke across lines (and split a word of) is found when quoted whole.
    quote = next(s for s in _sentences(PARAGRAPHS) if s not in raw_layer(pdf) and "mercial" in s)
    added = run(
        "add",
        "--title",
        "Traders lose customers",
        "--text",
        "Fewer shoppers come.",
        "--perspective",
        "legal",
        "--source",
        "streets",
        "--quote",
        quote,
        "--arguments",
        str(root),
    )
    assert added.returncode == 0, added.stderr
    assert "DM026" not in added.stderr
    found = run("quote", "streets", "older shoppers walk comfortably", "--arguments", str(root))
    assert found.returncode == 0 and "commercial streets" in found.stdout, found.stdout + found.stderr
    assert_clean(root)


def _sentences(paragraphs: list[str]) -> list[str]:
    return [p[a:b] for p in paragraphs for a, b in sentences(p)]


def test_flags_win_over_the_documents_own_title_and_author(make_map: Callable[..., Path], pdf: Path) -> None:
    root = make_map()
    result = run(
        "add-source",
        "streets",
        "--from",
        str(pdf),
        "--title",
        "My title",
        "--author",
        "Someone",
        "--arguments",
        str(root),
    )
    assert result.returncode == 0, result.stderr
    source = read_map(root)[0].sources["streets"]
    assert (source.title, source.author) == ("My title", "Someone")


def test_web_page_gives_the_article_not_the_page(tmp_path: Path) -> None:
    document = read_document(make_web_page(tmp_path / "article.html"))
    for sentence in WEB_ARTICLE:
        assert sentence in document.text
    for debris in WEB_DEBRIS:
        assert debris not in document.text, debris
    assert (document.title, document.author, document.date) == (
        "Streets without cars",
        "Jane Smith",
        "2024-03-13",
    )
    assert document.url == "https://gazette.example/streets-without-cars"


def test_word_file_gives_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    document = read_document(make_docx(tmp_path / "survey.docx"))
    assert document.paragraphs == [
        "Survey of residents and traders",
        "Residents said the streets were quieter and safer for children on car-free days.",
        "Several traders reported fewer customers, especially older shoppers.",
        "Residents | 72% in favour",
        "Traders | 31% in favour",
    ]
    assert (document.title, document.author, document.date) == (
        "Survey of residents and traders",
        "City Council Research Unit",
        "2025-04-02",
    )


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-16"])
def test_plain_text_in_an_old_encoding_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(CP1252_TEXT.encode(encoding))
    assert read_document(path).text == CP1252_TEXT


OTHER_ENCODINGS = {
    "latin-1": "Le café du marché a fermé ses portes à midi.\n",
    "cp1250": "Zażółć gęślą jaźń. To jest przykładowy tekst po polsku.\n",
    "cp1251": "Привет, это пример текста.\n",
}


@pytest.mark.parametrize("encoding", list(OTHER_ENCODINGS))
def test_short_texts_in_other_single_byte_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(OTHER_ENCODINGS[encoding].encode(encoding))
    assert read_document(path).text == OTHER_ENCODINGS[encoding]


def test_markdown_becomes_the_text_a_reader_sees(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "---\ntitle: Car-free days\nauthor: Ann\ndate: 2025-05-01\n---\n# Heading\n\n"
        "Traders saw **fewer** [customers](https://x.example) on\ncar-free days.\n\n- one item\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert document.paragraphs == ["Heading", "Traders saw fewer customers on car-free days.", "one item"]
    assert (document.title, document.author, document.date) == ("Car-free days", "Ann", "2025-05-01")


def _oversize(path: Path) -> Path:
    with open(path, "wb") as stream:  # sparse: takes no room on disk
        stream.write(b"%PDF-1.7\n")
        stream.truncate(51 * 1024 * 1024)
    return path


BAD = {
    "corrupt PDF": (lambda p, pdf: p.write_bytes(pdf.read_bytes()[:900]), "damaged"),
    "encrypted PDF": (lambda p, pdf: make_encrypted_pdf(p, pdf), "encrypted"),
    "scan without text": (lambda p, pdf: make_scan_like_pdf(p), "OCR"),
    "empty file": (lambda p, pdf: p.write_bytes(b""), "empty"),
    "blank text": (lambda p, pdf: p.write_bytes(b" \n\n \t\n"), "empty"),
    "oversize": (lambda p, pdf: _oversize(p), "over the limit"),
    "old Word .doc": (lambda p, pdf: p.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(600)), ".docx"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_unreadable_documents_are_refused_and_nothing_is_written(
    make_map: Callable[..., Path], pdf: Path, tmp_path: Path, case: str
) -> None:
    make, expected = BAD[case]
    path = tmp_path / "input" / "document.pdf"
    path.parent.mkdir()
    make(path, pdf)
    root = make_map()
    before = tree_digest(root)
    result = run("add-source", "doc", "--from", str(path), "--arguments", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(root) == before


def test_scan_refusal_says_ocr_is_needed(tmp_path: Path) -> None:
    with pytest.raises(Unreadable) as refused:
        read_document(make_scan_like_pdf(tmp_path / "scan.pdf"))
    assert "no text layer" in refused.value.message and "OCR" in (refused.value.hint or "")


def test_an_existing_text_or_source_is_not_overwritten(make_map: Callable[..., Path], tmp_path: Path) -> None:
    root = make_map({"sources/taken.txt": "mine"})
    page = make_web_page(tmp_path / "a.html")
    before = tree_digest(root)
    for ident, why in (("taken", "already exists"), ("s1", "already exists")):
        result = run("add-source", ident, "--from", str(page), "--arguments", str(root))
        assert result.returncode == 1 and why in result.stdout, result.stdout
    assert tree_digest(root) == before


def test_little_text_is_reported_as_suspicious(make_map: Callable[..., Path], tmp_path: Path) -> None:
    root = make_map()
    note = tmp_path / "note.txt"
    note.write_text("Just one line.\n", encoding="utf-8")
    result = run("add-source", "note", "--from", str(note), "--arguments", str(root))
    assert result.returncode == 0, result.stderr
    assert "warning: very little text (14 characters)" in result.stderr
    assert "title from its first line: Just one line." in result.stderr
    # the summary and the warning count the same text alike, and say what it was read as
    assert "extracted from a text file: 14 characters, 1 paragraph" in result.stderr


def test_a_markdown_file_is_named_so_in_the_summary(make_map: Callable[..., Path], tmp_path: Path) -> None:
    root = make_map()
    survey = tmp_path / "survey.md"
    survey.write_text("# Survey\n\nResidents said the streets were quieter.\n", encoding="utf-8")
    result = run("add-source", "survey", "--from", str(survey), "--arguments", str(root))
    assert result.returncode == 0, result.stderr
    assert "extracted from a Markdown file: " in result.stderr, result.stderr


def test_file_outside_the_sources_folder_is_refused_with_a_hint(
    make_map: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_map({"sources/inside.txt": "Text."})
    elsewhere = tmp_path / "article.txt"
    elsewhere.write_text("Text.", encoding="utf-8")
    before = tree_digest(root)
    for given in (str(elsewhere), "article.txt"):
        result = run(
            "add-source", "s2", "--title", "T", "--file", given, "--arguments", str(root), cwd=tmp_path
        )
        assert result.returncode == 1, result.stderr
        assert "not in the sources folder" in result.stdout and "--from" in result.stdout
        assert "copy it into" in result.stdout
    assert tree_digest(root) == before
    inside = run(
        "add-source",
        "s2",
        "--title",
        "T",
        "--file",
        str(root / "sources" / "inside.txt"),
        "--arguments",
        str(root),
    )
    assert inside.returncode == 0, inside.stderr
    assert read_map(root)[0].sources["s2"].file == "inside.txt"


def test_add_with_a_quote_from_a_source_without_text_warns_at_once(make_map: Callable[..., Path]) -> None:
    root = make_map()  # s1 names s1.txt, which is not there
    result = run(
        "add",
        "--title",
        "B",
        "--text",
        "B.",
        "--perspective",
        "legal",
        "--source",
        "s1",
        "--quote",
        "Anything at all.",
        "--arguments",
        str(root),
    )
    assert result.returncode == 0, result.stderr
    assert "warning DM026 the quote cannot be verified: source 's1' has text file missing" in result.stderr
    assert "add-source ID --from FILE" in result.stderr


def test_edit_to_a_quote_from_a_source_without_text_warns_at_once(make_map: Callable[..., Path]) -> None:
    root = make_map()
    result = run("edit", "a", "--quote", "Other words.", "--arguments", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning DM026 the quote cannot be verified: source 's1'" in result.stderr


def test_a_quote_from_a_source_with_its_text_gives_no_such_warning(make_map: Callable[..., Path]) -> None:
    root = make_map({"sources/s1.txt": "A quoted sentence. Other words here.\n"})
    result = run("edit", "a", "--quote", "Other words here.", "--arguments", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "DM026" not in result.stdout + result.stderr


def test_control_characters_in_a_documents_metadata_or_name_do_not_stop_it(
    make_map: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_map()
    path = make_pdf(tmp_path / "odd\x1b[2Jname.pdf", PARAGRAPHS[:2], title="A title\x1b]0;owned\x07 here")
    result = run("add-source", "odd", "--from", str(path), "--arguments", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    source = read_map(root)[0].sources["odd"]
    assert "\x1b" not in (source.title or "") + (source.original or "")
    assert "\x1b" not in result.stdout + result.stderr
    assert_clean(root)
