"""One rule registry: codes, docs/codes.md, JSON Schema and check agree, and check's CI flags."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_support import run_cli
from conftest import node_validator
from debatemap import rules
from debatemap.cli.docs import stale
from debatemap.model import DebateMap, Perspective, Position, Problem, Source
from debatemap.rules.codes import RULES, markdown_table, matches, table_markdown
from debatemap.rules.constraints import is_slug
from debatemap.store.records import node_from_yaml
from debatemap.store.yamlread import parse
from debatemap.validation.validate import check, validate
from profiles import examples

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "debatemap"


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("check", *args)


def test_the_documented_code_table_is_the_generated_one():
    page = (REPO / "docs" / "codes.md").read_text(encoding="utf-8")
    assert "docs/codes.md" not in stale(REPO), "docs/codes.md is stale: run make docs"
    assert all(rule.summary.removesuffix(" (warning)") in page for rule in RULES.values())


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a Python file but its docstrings, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


CODE = re.compile(r"\bDM\d{3}\b")


def test_no_code_is_written_outside_the_rules_package():
    """A call site names a rule (rules.MISSING_TARGET), never its code or severity."""
    written = []
    for path in sorted(SRC.rglob("*")):
        if path.parent.name == "rules" or not path.is_file():
            continue
        if path.suffix == ".py":
            written += [
                f"{path}:{line}: {text!r}" for line, text in _string_literals(path) if CODE.search(text)
            ]
        elif path.suffix in (".js", ".html", ".css", ".json"):
            text = path.read_text(encoding="utf-8")
            written += [f"{path}: {code}" for code in CODE.findall(text)]
    assert written == []


def test_no_problem_is_built_outside_the_rules_package():
    """Only a rule builds a Problem; elsewhere one is only rebuilt from its own fields (Problem(*row))."""
    built = []
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "rules" or path.name == "model.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem":
                if not (len(node.args) == 1 and isinstance(node.args[0], ast.Starred)):
                    built.append(f"{path}:{node.lineno}")
    assert built == []


def test_the_literal_scan_finds_a_code_where_one_is_written(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        '"""DM001 in a docstring is prose."""\nx = f"{y} DM014"\nz = "DM033"\n', encoding="utf-8"
    )
    found = [text for _, text in _string_literals(planted) if CODE.search(text)]
    assert sorted(found) == [" DM014", "DM033"]


def test_every_rule_is_reported_somewhere_and_each_is_a_named_constant():
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.parent.name != "rules")
    for rule in RULES.values():
        constant = rule.name.upper().replace("-", "_")
        assert getattr(rules, constant) is rule, f"{rule.code} is not rules.{constant}"
        assert re.search(rf"\brules\.{constant}\b", source), f"rules.{constant} is never reported"
    assert {name for name in rules.__all__ if name.isupper() and name not in ("RULES", "REFUSALS")} == {
        r.name.upper().replace("-", "_") for r in RULES.values()
    }


def test_a_rule_takes_its_other_severity_only_where_the_registry_says_when():
    """error_at/warning_at (and input_problem, always an error) only for rules whose ``also``
    says when; and every ``also`` is used, so the docs' severity column stays true."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.parent.name != "rules")
    varied = set(re.findall(r"rules\.([A-Z_0-9]+)\.(?:error_at|warning_at)\(", source))
    refused = set(re.findall(r"input_problem\(\s*rules\.([A-Z_0-9]+)", source))
    varied |= {name for name in refused if getattr(rules, name).severity == "warning"}
    declared = {r.name.upper().replace("-", "_") for r in RULES.values() if r.also}
    assert varied == declared


def test_a_rule_builds_its_problem_with_its_own_code_and_severity():
    where = Position("a.yaml", 3, 5)
    assert rules.ISOLATED_NODE.at(where, "m", "h") == Problem("a.yaml", 3, 5, "warning", "DM019", "m", "h")
    assert rules.TOO_LONG.error_at(where, "m").severity == "error"
    assert rules.SOURCE_TEXT_MISSING.warning_at(where, "m").severity == "warning"
    assert rules.QUOTE_RECORD_STALE.reported(rules.QUOTE_RECORD_STALE.at(where, "m"))
    assert not rules.QUOTE_RECORD_STALE.reported(rules.TOO_LONG.at(where, "m"))


def _table_codes(table: str) -> list[str]:
    """The codes a Markdown table lists, one per cell that opens with a code (an anchor allowed)."""
    return re.findall(r"\| (?:<a id=\"dm\d{3}\"></a>)?(DM\d{3}) \|", table)


def test_every_registered_rule_is_in_the_generated_tables_and_nothing_else():
    assert sorted(_table_codes(markdown_table())) == sorted(RULES)
    assert _table_codes(table_markdown()) == list(RULES)
    full = table_markdown().splitlines()
    assert full[0] == "| code | name | severity | problem | what it means and how to fix it |"
    for line, rule in zip(full[2:], RULES.values(), strict=True):
        severity = f"{rule.severity}; {rule.also}" if rule.also else rule.severity
        assert line.startswith(f"| {rule.code} | {rule.name} | {severity} | ")
        assert line.count(" | ") == 4 and line.endswith(" |")


def test_every_page_with_a_table_of_codes_lists_exactly_the_registered_rules():
    """README's table (while it has one) and docs/codes.md (once it exists) against the registry."""
    pages = [page for page in (REPO / "README.md", REPO / "docs" / "codes.md") if page.exists()]
    tables = {page.name: _table_codes(page.read_text(encoding="utf-8")) for page in pages}
    tables = {name: codes for name, codes in tables.items() if codes}
    assert tables, "no page documents the problem codes"
    for name, codes in tables.items():
        assert sorted(codes) == sorted(RULES), name


def test_validate_keeps_no_table_of_its_own():
    """The registry is the one list: no module writes a table of codes in its docstring."""
    for path in SRC.rglob("*.py"):
        if path.parent.name != "rules":
            rows = re.findall(r"^\s*\|?\s*DM\d{3}\s", path.read_text(encoding="utf-8"), re.M)
            assert len(rows) < 3, f"{path} keeps a table of codes; point at debatemap.rules instead"


def test_registry_entries_are_complete():
    for code, rule in RULES.items():
        assert re.fullmatch(r"DM\d{3}", code) and rule.code == code
        assert rule.severity in ("error", "warning")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.summary and rule.explanation and "\n" not in rule.explanation
    assert len({r.name for r in RULES.values()}) == len(RULES)


def test_matches_takes_codes_and_prefixes():
    assert matches("DM025", ["DM02"]) and matches("DM025", ["dm025"]) and not matches("DM025", ["DM03"])


# --- the JSON Schema says what check says, for one file ------------------------

FILE_RULES = {"DM004", "DM005", "DM006", "DM007", "DM009", "DM017", "DM018", "DM027", "DM032"}
TRICKY = st.one_of(
    st.sampled_from(["a", "b-2", "A", "a_b", "a\n", " ", "", "ok text", "x\x01y", "x\u202ey", "tab\there"]),
    st.integers(-3, 3),
    st.booleans(),
    st.none(),
    st.lists(st.sampled_from(["t", "a-b", "Bad", "", "x\n"]), max_size=3),
)
LEGAL = Perspective("legal", "Legal", "#0072B2")
S1 = Source("s1", "S")
FIELDS = ("kind", "title", "text", "perspective", "source", "quote", "question", "speaker")


VALID = {
    "thesis": {"question": "Is it so?"},
    "argument": {"perspective": "legal", "source": "s1", "quote": "q"},
    "definition": {"perspective": "legal", "source": "s1", "quote": "q"},
}


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["thesis", "argument", "definition", "opinion"]),
    values=st.dictionaries(st.sampled_from(FIELDS[1:] + ("supports", "tags", "titel")), TRICKY, max_size=2),
    drop=st.sampled_from([None, "title", "quote", "question"]),
)
def test_schema_accepts_a_file_exactly_when_check_finds_no_file_error(kind, values, drop):
    """Starting from a valid node of each kind, change a field or two to tricky values."""
    node = {"id": "a", "kind": kind, "title": "T", "text": "X"} | VALID.get(kind, {}) | values
    node.pop(drop, None)
    value, problems = parse("a.yaml", json.dumps(node))  # JSON is YAML: the same values reach both
    record, found = node_from_yaml(value, "a.yaml")
    if record is not None:  # a perspective or source id that is no slug is "unknown" to check
        debate = DebateMap({"a": record}, {"legal": LEGAL}, {"s1": S1})
        # An id that is no slug cannot name anything: check says "unknown", the schema "pattern".
        not_slugs = {"DM012": [record.perspective], "DM013": [record.source]}
        not_slugs["DM014"] = [*record.supports, *record.opposes]
        found += [
            p
            for p in validate(debate)
            if p.code in not_slugs and not all(is_slug(v) for v in not_slugs[p.code] if v is not None)
        ]
    check_errors = {p.code for p in problems + found if p.is_error} & (
        FILE_RULES | {"DM012", "DM013", "DM014"}
    )
    try:
        node_validator().validate(node)
        schema_ok = True
    except jsonschema.ValidationError:
        schema_ok = False
    assert schema_ok == (not check_errors), (node, check_errors)


# --- check's CI flags ------------------------------------------------------------


@pytest.fixture
def warned_map(make_map):
    """A map with one error (DM013) and one warning (DM019)."""
    lonely = "id: lonely\nkind: argument\ntitle: L\ntext: L\nperspective: legal\nsource: s1\nquote: q\n"
    wrong = "id: b\nkind: argument\ntitle: B\ntext: B\nperspective: legal\nsource: nope\nquote: q\n"
    wrong += "supports: [t]\n"
    return make_map({"legal/lonely.yaml": lonely, "legal/b.yaml": wrong})


def test_select_and_ignore_filter_problems_and_the_exit_code(warned_map):
    both = run_check(str(warned_map))
    assert both.returncode == 1 and " DM013 " in both.stdout and " DM019 " in both.stdout
    only_warning = run_check(str(warned_map), "--select", "DM019")
    assert only_warning.returncode == 0 and " DM013 " not in only_warning.stdout
    assert " DM019 " in only_warning.stdout
    ignored = run_check(str(warned_map), "--ignore", "DM01")
    assert ignored.returncode == 0 and "DM01" not in ignored.stdout
    comma = run_check(str(warned_map), "--select", "DM013,DM019")
    assert comma.returncode == 1 and " DM013 " in comma.stdout and " DM019 " in comma.stdout


def test_unknown_code_in_select_is_a_usage_error(warned_map):
    result = run_check(str(warned_map), "--select", "DM9")
    assert result.returncode == 2 and "no problem code starts with 'DM9'" in result.stderr


def test_github_format_prints_workflow_annotations(warned_map):
    result = run_check(str(warned_map), "--format", "github")
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and len(lines) == 2
    error = next(line for line in lines if "DM013" in line)
    assert re.match(r"::error file=.*b\.yaml,line=6,col=9,title=DM013::unknown source 'nope'", error)
    assert any(line.startswith("::warning ") and "title=DM019" in line for line in lines)


def test_sarif_format_is_a_valid_log_with_rules_and_locations(warned_map):
    result = run_check(str(warned_map), "--format", "sarif")
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and result.returncode == 1
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(RULES)
    results = {r["ruleId"]: r for r in run["results"]}
    assert set(results) == {"DM013", "DM019"}
    region = results["DM013"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 6, "startColumn": 9} and results["DM019"]["level"] == "warning"
    assert rules[results["DM013"]["ruleIndex"]]["id"] == "DM013"


def test_explain_prints_the_rule(tmp_path):
    result = run_check("--explain", "dm041")
    assert result.returncode == 0 and result.stdout.startswith("DM041 reaches-no-thesis (warning)")
    assert RULES["DM041"].explanation in result.stdout
    assert run_check("--explain", "DM999").returncode == 2


# --- reasoning warnings -----------------------------------------------------------


def test_definition_opposing_a_claim_or_arguing_a_thesis_is_flagged(make_map):
    definition = (
        "id: d\nkind: definition\ntitle: D\ntext: D means this.\nperspective: legal\nsource: s1\n"
        "quote: q\nsupports: [t]\nopposes: [a]\n"
    )
    _, problems = check(make_map({"legal/d.yaml": definition}))
    flagged = sorted((p.code, p.line, p.message) for p in problems if p.code == "DM040")
    assert flagged == [
        ("DM040", 8, "definition 'd' supports t"),
        ("DM040", 9, "definition 'd' opposes a"),
    ]


def test_definition_backing_an_argument_and_a_lone_definition_are_fine(make_map):
    backs = "id: d\nkind: definition\ntitle: D\ntext: D.\nperspective: legal\nsource: s1\nquote: q\n"
    backs += "supports: [a]\n"
    alone = "id: e\nkind: definition\ntitle: E\ntext: E.\nperspective: legal\nsource: s1\nquote: q\n"
    _, problems = check(make_map({"legal/d.yaml": backs, "legal/e.yaml": alone}))
    assert problems == []


def test_claims_that_reach_no_thesis_are_flagged_once_each(make_map):
    pair = {
        "legal/x.yaml": "id: x\nkind: argument\ntitle: X\ntext: X\nperspective: legal\nsource: s1\n"
        "quote: q\nsupports: [y]\n",
        "legal/y.yaml": "id: y\nkind: argument\ntitle: Y\ntext: Y\nperspective: legal\nsource: s1\n"
        "quote: q\n",
        "legal/z.yaml": "id: z\nkind: argument\ntitle: Z\ntext: Z\nperspective: legal\nsource: s1\n"
        "quote: q\nopposes: [a]\n",
    }
    _, problems = check(make_map(pair))
    assert sorted(p.message for p in problems if p.code == "DM041") == [
        "'x' reaches no thesis through its links",
        "'y' reaches no thesis through its links",
    ]


def test_overlapping_quotes_of_one_source_are_flagged(make_map, tmp_path):
    sources = tmp_path / "texts"
    sources.mkdir()
    (sources / "s1.txt").write_text("First sentence here. Second sentence there. Third one.\n")
    one = "id: b\nkind: argument\ntitle: B\ntext: B\nperspective: legal\nsource: s1\n"
    files = {
        "legal/a.yaml": one.replace("id: b", "id: a").replace("title: B", "title: A")
        + 'quote: "First sentence here. Second"\nsupports: [t]\n',
        "legal/b.yaml": one + 'quote: "Second sentence there."\nsupports: [t]\n',
        "legal/c.yaml": one.replace("id: b", "id: c") + 'quote: "Third one."\nsupports: [t]\n',
    }
    _, problems = check(make_map(files), sources)
    assert [(p.code, Path(p.path).name) for p in problems] == [("DM042", "b.yaml")]
    assert "'b' overlaps the quote of 'a'" in problems[0].message
