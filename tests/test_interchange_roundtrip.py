"""Export then import gives the same map: ids, kinds, edges, every field the format carries."""

from __future__ import annotations

import json
import subprocess

import networkx as nx
import pytest

from cli_support import run_cli
from debatemap.interchange import generate, parse
from debatemap.interchange.graphml import read_graphml
from debatemap.interchange.jsongraph import parse_json
from interchange_support import empty_map, graph_at, node_fields, relations, write_map


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


@pytest.mark.parametrize("fmt", ["argdown", "aif", "json"])
def test_export_then_import_into_an_empty_map_gives_the_same_map(tmp_path, fmt):
    original = graph_at(write_map(tmp_path / "src"))
    target = empty_map(tmp_path / "dst")
    exported = tmp_path / f"map.{fmt}"
    assert run("export", "--format", fmt, str(tmp_path / "src"), "-o", str(exported)).returncode == 0
    result = run("import", "--format", fmt, str(exported), "--arguments", str(target))
    assert result.returncode == 0, result.stderr
    imported = graph_at(target)
    assert node_fields(imported) == node_fields(original)
    assert relations(imported) == relations(original)
    assert imported.graph == original.graph  # both registries travel with the file


@pytest.mark.parametrize("fmt", ["argdown", "aif", "json"])
def test_parse_of_export_is_the_same_graph(tmp_path, fmt):
    original = graph_at(write_map(tmp_path / "src"))
    parsed = parse(generate(original, fmt), fmt)
    assert node_fields(parsed) == node_fields(original)
    assert relations(parsed) == relations(original)


def test_importing_twice_is_refused_and_writes_nothing(tmp_path):
    write_map(tmp_path / "src")
    target = empty_map(tmp_path / "dst")
    exported = tmp_path / "map.aif"
    run("export", "--format", "aif", str(tmp_path / "src"), "-o", str(exported))
    assert run("import", "--format", "aif", str(exported), "--arguments", str(target)).returncode == 0
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    again = run("import", "--format", "aif", str(exported), "--arguments", str(target))
    assert again.returncode == 1
    assert "DM011" in again.stderr and "nothing imported" in again.stderr
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_graphml_reads_back_with_networkx_and_every_attribute(tmp_path):
    original = graph_at(write_map(tmp_path / "src"))
    path = tmp_path / "map.graphml"
    assert run("export", "--format", "graphml", str(tmp_path / "src"), "-o", str(path)).returncode == 0
    plain = nx.read_graphml(path)
    assert set(plain.nodes) == set(original.nodes)
    assert json.loads(plain.nodes["a"]["tags"]) == ["policing", "law"]
    assert plain.nodes["a"]["text"] == original.nodes["a"]["text"]
    assert plain.nodes["b"]["colour"] == "#009E73"
    assert plain.edges["b", "a"]["relation"] == "opposes"
    assert json.loads(plain.graph["sources"])["s1"]["url"] == "https://example.org/a?b=1&c=2"
    back = read_graphml(path)
    assert node_fields(back) == node_fields(original)
    assert relations(back) == relations(original)


def test_json_is_node_link_and_round_trips(tmp_path):
    original = graph_at(write_map(tmp_path / "src"))
    text = run("export", "--format", "json", str(tmp_path / "src")).stdout
    document = json.loads(text)
    assert {n["id"] for n in document["nodes"]} == set(original.nodes)
    back = parse_json(text)
    assert node_fields(back) == node_fields(original)
    assert relations(back) == relations(original)
    assert back.graph["perspectives"] == original.graph["perspectives"]


def test_dot_names_every_node_and_edge_with_escaped_labels(tmp_path):
    original = graph_at(write_map(tmp_path / "src"))
    text = run("export", "--format", "dot", str(tmp_path / "src")).stdout
    assert text.startswith("digraph debatemap {")
    for a, relation, b in relations(original):
        style = 'color="#1B6E34", style=solid' if relation == "supports" else 'color="#B2182B", style=dashed'
        assert f'"{a}" -> "{b}" [{style}' in text
    assert 'label="An argument: \\"quoted\\""' in text
    assert sum(1 for line in text.splitlines() if '" -> "' in line) == original.number_of_edges()
    assert text.rstrip().endswith("}")


def test_dot_labels_contrast_with_their_fills_and_edges_use_no_perspective_colour():
    import re
    from pathlib import Path

    from debatemap.interchange.dot import contrast

    root = Path(__file__).resolve().parent.parent / "arguments"
    text = run("export", "--format", "dot", str(root)).stdout
    pairs = re.findall(r'fillcolor="(#[0-9A-F]{6})", fontcolor="(#[0-9A-F]{6})"', text)
    assert len(pairs) == graph_at(root).number_of_nodes()
    assert min(contrast(fill, font) for fill, font in pairs) >= 4.5  # WCAG AA for text
    assert {"#FFFFFF"} < {font for _, font in pairs}  # dark fills do get white labels
    edge_colours = set(re.findall(r'-> "[^"]+" \[color="(#[0-9A-F]{6})"', text))
    perspective_colours = {p["colour"].upper() for p in graph_at(root).graph["perspectives"].values()}
    assert edge_colours == {"#1B6E34", "#B2182B"} and not edge_colours & perspective_colours


@pytest.mark.parametrize("fmt", ["argdown", "aif", "graphml", "json", "dot"])
def test_export_is_byte_identical_on_the_same_map(tmp_path, fmt):
    root = write_map(tmp_path / "src")
    first, second = run("export", "--format", fmt, str(root)), run("export", "--format", fmt, str(root))
    assert first.returncode == 0 and first.stdout == second.stdout and first.stdout


def test_export_refuses_a_broken_map(tmp_path):
    root = write_map(tmp_path / "src", {"legal/x.yaml": "id: x\nkind: argument\n"})
    out = tmp_path / "out.argdown"
    result = run("export", "--format", "argdown", str(root), "-o", str(out))
    assert result.returncode == 1 and "DM005" in result.stderr and not out.exists()
