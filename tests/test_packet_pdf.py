"""The classroom packet's PDFs: paper sizes (flow sheets landscape), text, determinism."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from conftest import PERSPECTIVES
from debatemap import build_graph, check
from debatemap.render.packet.sheets import LANDSCAPE, render_packet
from test_packet import KINDS, SMALL

SIZES = {"a4": (595, 842), "letter": (612, 792)}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory):
    root = tmp_path_factory.mktemp("map") / "arguments"
    for name, content in {"perspectives.yaml": PERSPECTIVES, **SMALL}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    debate, problems = check(root)
    assert not [p for p in problems if p.is_error], problems
    return root, build_graph(debate)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_kind_prints_on_the_paper_asked_for_flow_landscape(small_graph, paper):
    root, graph = small_graph
    files = render_packet(graph, kinds=KINDS, formats=["pdf"], paper=paper, sources_dir=root / "texts")
    assert sorted(files) == sorted(f"{k}.pdf" for k in KINDS)
    for kind in KINDS:
        reader = pypdf.PdfReader(io.BytesIO(files[f"{kind}.pdf"]))
        width, height = SIZES[paper]
        expected = (height, width) if kind in LANDSCAPE else (width, height)
        for page in reader.pages:
            box = page.mediabox
            assert (round(float(box.width)), round(float(box.height))) == expected, (kind, paper)
        text = squash("\n".join(page.extract_text() for page in reader.pages)).lower()
        assert squash("question about t?") in text or kind in ("roles", "cards"), kind
        if kind in ("cards", "sac", "review"):
            assert squash("“quote from h1.”") in text, kind
        if kind == "cards":
            assert squash("verified against s2.txt") in text


def test_packet_pdf_is_byte_identical_for_the_same_map(small_graph):
    root, graph = small_graph
    first = render_packet(graph, kinds=["flow", "roles"], formats=["pdf"], sources_dir=root / "texts")
    again = render_packet(graph, kinds=["flow", "roles"], formats=["pdf"], sources_dir=root / "texts")
    assert first == again
