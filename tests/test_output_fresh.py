"""The committed ``output/`` is what ``debatemap build`` makes of the committed ``arguments/``.

People open ``output/debate_map.html`` and the handout straight from the repository, so a
change to the map that is committed without rebuilding would show them a stale map. Fix a
failure here with ``make build`` and commit ``output/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "output"
EXACT = ("debate_map.html", "handout.md", "handout.html")
HINT = "output/ is stale: run `make build` and commit output/"


@pytest.fixture
def rebuilt(shipped_output: Path) -> Path:
    """``debatemap build arguments -o OUT`` into a fresh folder (made once per run, see conftest)."""
    return shipped_output


def test_output_holds_exactly_what_build_writes(rebuilt: Path) -> None:
    committed = sorted(p.name for p in OUTPUT.iterdir() if not p.name.startswith("."))
    assert committed == sorted(p.name for p in rebuilt.iterdir()), HINT


@pytest.mark.parametrize("name", EXACT)
def test_text_outputs_are_byte_identical(rebuilt: Path, name: str) -> None:
    assert (OUTPUT / name).read_bytes() == (rebuilt / name).read_bytes(), f"{name}: {HINT}"


def pdf_words(path: Path) -> list[str]:
    """The PDF's words in reading order, without page numbers.

    Another machine's fonts can move line and page breaks, so the PDF is compared by its
    words; the page footers ("3 / 10") are the only words that move with the pages.
    """
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return [w for w in re.findall(r"\S+", text) if not re.fullmatch(r"\d+|/", w)]


def test_pdf_says_what_a_rebuild_says(rebuilt: Path) -> None:
    if (OUTPUT / "handout.pdf").read_bytes() == (rebuilt / "handout.pdf").read_bytes():
        return
    committed, fresh = pdf_words(OUTPUT / "handout.pdf"), pdf_words(rebuilt / "handout.pdf")
    assert len(committed) > 1000
    assert sorted(committed) == sorted(fresh), f"handout.pdf: {HINT}"
