"""The published JSON Schema agrees with the loader and stays in sync with the repo copy."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cli_support import run_cli
from conftest import node_validator
from debatemap.validation.schema import node_schema, schema_json

REPO = Path(__file__).resolve().parent.parent


def test_schema_command_prints_the_shipped_file():
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (REPO / "schema" / "node.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout) == node_schema()


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(node_schema())


NODE_FILES = sorted(p for p in (REPO / "arguments").rglob("*.yaml") if p.parent.name != "arguments")


@pytest.mark.parametrize("path", NODE_FILES, ids=lambda p: p.name)
def test_every_shipped_node_matches_the_schema(path):
    node_validator().validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "change",
    [{"id": "Not A Slug"}, {"kind": "opinion"}, {"titel": "x"}, {"supports": "t"}, {"title": "   "}],
)
def test_schema_rejects_what_check_rejects(change):
    node = {"id": "a", "kind": "argument", "title": "A", "text": "T", "perspective": "legal",
            "source": "s1", "quote": "q", "supports": ["t"]}  # fmt: skip
    node.update(change)
    with pytest.raises(jsonschema.ValidationError):
        node_validator().validate(node)


def test_argument_without_quote_and_thesis_without_question_are_rejected():
    with pytest.raises(jsonschema.ValidationError):
        node_validator().validate({"id": "a", "kind": "argument", "title": "A", "text": "T"})
    with pytest.raises(jsonschema.ValidationError):
        node_validator().validate({"id": "t", "kind": "thesis", "title": "T", "text": "T"})


def test_schema_json_is_stable():
    assert schema_json() == schema_json()
