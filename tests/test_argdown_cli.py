"""The Argdown export parses in the real Argdown CLI with every node and relation.

The CLI comes from npm (``@argdown/cli``). Point ``DEBATEMAP_ARGDOWN`` at its
``argdown`` binary (``.ci/run`` installs it into ``.ci/node_modules-argdown``,
which is also looked in); ``argdown`` on PATH works too. Without it the test
skips with a reason, except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from debatemap.interchange.argdown import generate_argdown
from interchange_support import graph_at, node_fields, relations, write_map

REPO = Path(__file__).resolve().parent.parent
RELATION = {"support": "supports", "attack": "opposes"}


def argdown_binary() -> str:
    candidates = [
        os.environ.get("DEBATEMAP_ARGDOWN", ""),
        str(REPO / ".ci" / "node_modules-argdown" / "node_modules" / ".bin" / "argdown"),
        shutil.which("argdown") or "",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    reason = (
        "the Argdown CLI is missing: npm install --prefix .ci/node_modules-argdown @argdown/cli@1.7.5 "
        "(or set DEBATEMAP_ARGDOWN to its argdown binary)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def argdown_json(tmp_path: Path, text: str) -> dict:
    source = tmp_path / "map.argdown"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "json"
    result = subprocess.run(
        [argdown_binary(), "json", str(source), str(out)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower(), result.stdout + result.stderr
    return json.loads((out / "map.json").read_text(encoding="utf-8"))


def definition(statement: dict) -> dict:
    (member,) = [m for m in statement["members"] if "text" in m and not m.get("isReference")]
    return member


def check_against_cli(tmp_path: Path, graph) -> None:
    document = argdown_json(tmp_path, generate_argdown(graph))
    groups = graph.graph.get("groups") or {}
    undercuts = graph.graph.get("undercuts") or []
    # Every claim is a statement; the only others are the negated conclusions that an
    # opposing premise-conclusion structure needs ("against-N-<target>").
    extra = set(document["statements"]) - set(graph.nodes)
    assert set(graph.nodes) <= set(document["statements"])
    assert all(name.startswith("against-") for name in extra), extra
    # A premise group is one argument whose premises are its members; an undercut attacks an argument.
    premises = sorted(
        sorted(m["title"] for m in argument["pcs"] if m["role"] == "premise")
        for argument in document["arguments"].values()
    )
    for group in groups.values():
        assert sorted(group["members"]) in premises, group
    undercut_relations = [r for r in document["relations"] if r["relationType"] == "undercut"]
    assert len(undercut_relations) == len(undercuts)
    assert all(r["to"] in document["arguments"] for r in undercut_relations)
    # Plain links that no undercut attacks are plain relations, exactly.
    attacked = {(u["reason"], u["target"]) for u in undercuts if u["group"] is None}
    plain = {(a, r, b) for a, r, b in relations(graph) if not graph.edges[a, b].get("group")}
    found = {
        (r["from"], RELATION[r["relationType"]], r["to"])
        for r in document["relations"]
        if r["relationType"] != "undercut" and r["from"] in graph and r["to"] in graph
    }
    assert found == {(a, r, b) for a, r, b in plain if (a, b) not in attacked}
    fields = node_fields(graph)
    for ident, statement in document["statements"].items():
        if ident in extra:
            continue
        member = definition(statement)
        data = member.get("data", {})
        expected_text = " ".join(fields[ident]["text"].split())
        assert member["text"].strip() == expected_text
        for key in ("kind", "title", "perspective", "source", "quote", "question", "speaker"):
            assert data.get(key) == fields[ident][key], (ident, key)
        assert data.get("tags", []) == fields[ident]["tags"]


def test_awkward_map_parses_in_argdown_with_every_node_and_relation(tmp_path):
    check_against_cli(tmp_path, graph_at(write_map(tmp_path / "map")))


def test_shipped_map_parses_in_argdown(tmp_path):
    root = REPO / "arguments"
    if not (root / "perspectives.yaml").is_file():
        pytest.fail("the shipped map is missing")
    check_against_cli(tmp_path, graph_at(root))
