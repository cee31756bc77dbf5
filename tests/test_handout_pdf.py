"""The handout's PDF: text, determinism, paper size, and the shipped map's page count."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from conftest import PERSPECTIVES
from debatemap import build_graph, check
from debatemap.render.handout.brief import render_handout
from test_handout import RICH

SHIPPED = Path(__file__).resolve().parent.parent / "arguments"


def squash(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory):
    root = tmp_path_factory.mktemp("map") / "arguments"
    for name, content in {"perspectives.yaml": PERSPECTIVES, **RICH}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    debate, problems = check(root)
    assert not [p for p in problems if p.is_error], problems
    graph = build_graph(debate)
    return graph, render_handout(graph, formats=["pdf"])["handout.pdf"]


def test_pdf_text_contains_every_thesis_question_and_the_bibliography(small_pdf):
    graph, pdf = small_pdf
    assert pdf.startswith(b"%PDF-")
    _, text = pdf_text(pdf)
    for ident, kind in graph.nodes(data="kind"):
        if kind == "thesis":
            assert squash(graph.nodes[ident]["question"]) in squash(text)
    assert squash("A health source") in squash(text)


def test_pdf_is_byte_identical_and_carries_no_creation_date(small_pdf):
    graph, pdf = small_pdf
    assert render_handout(graph, formats=["pdf"])["handout.pdf"] == pdf
    reader, _ = pdf_text(pdf)
    metadata = reader.metadata or {}
    assert "/CreationDate" not in metadata and "/ModDate" not in metadata


def test_letter_paper_is_letter_sized(small_pdf):
    graph, _ = small_pdf
    reader, _ = pdf_text(render_handout(graph, formats=["pdf"], paper="letter")["handout.pdf"])
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_shipped_map_handout_has_4_to_12_pages_and_every_question():
    debate, problems = check(SHIPPED)
    assert not [p for p in problems if p.is_error], [p.format() for p in problems if p.is_error]
    graph = build_graph(debate)
    reader, text = pdf_text(render_handout(graph, formats=["pdf"])["handout.pdf"])
    assert 4 <= len(reader.pages) <= 12, len(reader.pages)
    a4 = reader.pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    questions = [graph.nodes[n]["question"] for n, kind in graph.nodes(data="kind") if kind == "thesis"]
    assert len(questions) >= 2
    for question in questions:
        assert squash(question) in squash(text), question


def test_build_writes_the_handout_next_to_the_map(small_pdf, tmp_path):
    from test_handout import run

    graph, _ = small_pdf
    root = Path(next(iter(graph.nodes(data="path")))[1]).parent.parent
    result = run("build", str(root), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert {"handout.md", "handout.html", "handout.pdf"} <= set(names)
    assert (tmp_path / "out" / "handout.md").read_text(encoding="utf-8").startswith("# Debate brief\n")
