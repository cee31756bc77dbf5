"""The quote record (quotes.lock.json): quotes read as verified in copies without the texts.

``check --record-quotes`` writes it where the texts are; ``build`` and ``handout`` use it
where they are not; a quote changed since it was recorded stops reading as verified at
once, and ``check`` says the record is out of date (DM050, an error under
``--require-sources``, which is what CI runs).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from debatemap.cli.main import main

TEXT = "A preamble line.\nA quoted sentence. And one more sentence that nobody quotes.\n"
DAY = "1767225600"  # 2026-01-01 UTC, through SOURCE_DATE_EPOCH


@pytest.fixture
def recorded(make_map, tmp_path, monkeypatch, capsys):
    """A map whose quote was recorded against a text kept outside it, as the shipped map's."""
    root = make_map()
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "s1.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY)
    assert main(["check", "--sources-dir", str(texts), "--record-quotes", str(root)]) == 0
    assert "recorded 1 verified quote" in capsys.readouterr().err
    return root, texts


def _edit_quote(root: Path, quote: str) -> None:
    path = root / "legal" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("A quoted sentence.", quote), encoding="utf-8")


def test_record_holds_the_texts_hash_and_each_quotes_hash_position_and_date(recorded):
    root, _ = recorded
    record = json.loads((root / "quotes.lock.json").read_text(encoding="utf-8"))
    source = record["sources"]["s1"]
    assert source["file"] == "s1.txt" and len(source["sha256"]) == 64 and source["verified"] == "2026-01-01"
    quote = record["quotes"]["a"]
    assert quote["source"] == "s1" and quote["verified"] == "2026-01-01"
    assert quote["at"] == [17, 35]  # after "A preamble line. " in the folded text


def test_a_copy_without_the_texts_reads_verified_on_the_recorded_date(recorded, tmp_path, capsys):
    root, _ = recorded
    out = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out), "--handout", "md"]) == 0
    assert main(["handout", str(root), "-o", str(out), "--kind", "cards", "--format", "md"]) == 0
    page = (out / "debate_map.html").read_text(encoding="utf-8")
    assert '"verified":true,"verification":"verified against s1.txt on 2026-01-01"' in page
    assert "All its quotations verified against s1.txt on 2026-01-01" in (out / "handout.md").read_text()
    assert "✓ Quotation verified against s1.txt on 2026-01-01." in (out / "cards.md").read_text()
    assert main(["check", str(root)]) == 0
    assert "1 of them verified earlier, as quotes.lock.json records" in capsys.readouterr().err


def test_a_quote_changed_since_it_was_recorded_stops_reading_as_verified(recorded, tmp_path, capsys):
    root, texts = recorded
    _edit_quote(root, "And one more sentence that nobody quotes.")  # still in the text, but not recorded
    out = tmp_path / "out"
    assert main(["handout", str(root), "-o", str(out), "--kind", "cards", "--format", "md"]) == 0
    cards = (out / "cards.md").read_text()
    assert "? Quotation not verified: the quotation changed since it was verified on 2026-01-01." in cards
    assert "✓" not in cards
    capsys.readouterr()
    assert main(["check", "--sources-dir", str(texts), str(root)]) == 0  # a warning only
    assert "DM050" in capsys.readouterr().out
    assert main(["check", "--sources-dir", str(texts), "--require-sources", str(root)]) == 1  # CI fails
    stale = "quotes.lock.json is out of date: 1 quote changed since it was written (a)"
    assert stale in capsys.readouterr().out


def test_check_never_writes_the_record_unless_asked(make_map, tmp_path):
    root = make_map()
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "s1.txt").write_text(TEXT, encoding="utf-8")
    assert main(["check", "--sources-dir", str(texts), str(root)]) == 0
    assert not (root / "quotes.lock.json").exists()
    assert main(["build", str(root), "-o", str(tmp_path / "out"), "--handout", "none"]) == 0
    assert not (root / "quotes.lock.json").exists()


def test_recording_again_without_changes_changes_no_byte(recorded, monkeypatch):
    root, texts = recorded
    before = (root / "quotes.lock.json").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(DAY) + 86400 * 30))  # a month later
    assert main(["check", "--sources-dir", str(texts), "--record-quotes", str(root)]) == 0
    assert (root / "quotes.lock.json").read_bytes() == before


def test_a_changed_text_gets_a_new_date_and_a_quote_no_longer_in_it_no_entry(recorded, monkeypatch):
    root, texts = recorded
    (texts / "s1.txt").write_text("A quoted sentence, rewritten.\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(DAY) + 86400))
    # The quote is gone from the text: check fails (DM025) and writes no record.
    assert main(["check", "--sources-dir", str(texts), "--record-quotes", str(root)]) == 1
    assert json.loads((root / "quotes.lock.json").read_text())["sources"]["s1"]["verified"] == "2026-01-01"
    (texts / "s1.txt").write_text("New first line.\nA quoted sentence.\n", encoding="utf-8")
    assert main(["check", "--sources-dir", str(texts), "--record-quotes", str(root)]) == 0
    record = json.loads((root / "quotes.lock.json").read_text())
    assert record["sources"]["s1"]["verified"] == "2026-01-02"
    assert record["quotes"]["a"]["verified"] == "2026-01-02"


def test_a_source_moved_to_another_file_is_not_vouched_for(recorded, tmp_path):
    root, _ = recorded
    sources = root / "sources.yaml"
    sources.write_text(sources.read_text().replace("file: s1.txt", "file: other.txt"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["handout", str(root), "-o", str(out), "--kind", "cards", "--format", "md"]) == 0
    assert "not verified: its source changed since it was recorded" in (out / "cards.md").read_text()


def test_no_texts_nothing_to_record(make_map, capsys):
    root = make_map()
    assert main(["check", "--record-quotes", str(root)]) == 0
    assert "not written: no quote found in a present text" in capsys.readouterr().err
    assert not (root / "quotes.lock.json").exists()


@pytest.mark.parametrize("content", ["not json {", '{"sources": [], "quotes": {}}', '["a"]'])
def test_a_record_that_is_not_one_is_a_warning_and_vouches_for_nothing(recorded, tmp_path, capsys, content):
    root, texts = recorded
    (root / "quotes.lock.json").write_text(content, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(root)]) == 0
    assert "DM050" in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["handout", str(root), "-o", str(out), "--kind", "cards", "--format", "md"]) == 0
    assert "not verified: source text not available" in (out / "cards.md").read_text()
    # --record-quotes replaces it with a good record.
    assert main(["check", "--sources-dir", str(texts), "--record-quotes", str(root)]) == 0
    assert json.loads((root / "quotes.lock.json").read_text())["quotes"]["a"]["source"] == "s1"


def test_the_shipped_map_reads_verified_without_its_texts(tmp_path):
    """What a fresh clone sees: every quote of the shipped map vouched for by its record."""
    from debatemap.validation.record import map_statuses
    from debatemap.validation.validate import check

    arguments = Path(__file__).resolve().parent.parent / "arguments"
    copy = tmp_path / "arguments"
    shutil.copytree(arguments, copy, ignore=shutil.ignore_patterns("sources"))
    debate, _ = check(copy)
    statuses = map_statuses(copy, debate, tmp_path / "no-texts-here")
    quoted = [n for n in debate.nodes.values() if n.quote]
    assert len(statuses) == len(quoted)
    assert [i for i, s in statuses.items() if not s.verified] == []


def test_a_renamed_node_keeps_its_verification(recorded, tmp_path):
    root, _ = recorded
    assert main(["rename", "a", "a-renamed", "--arguments", str(root)]) == 0
    out = tmp_path / "out"
    assert main(["handout", str(root), "-o", str(out), "--kind", "cards", "--format", "md"]) == 0
    assert "✓ Quotation verified against s1.txt on 2026-01-01." in (out / "cards.md").read_text()
