"""``debatemap add-perspective`` and ``add-source``: append to a registry, keep the rest."""

from __future__ import annotations

import pytest

from conftest import PERSPECTIVES, SOURCES
from debatemap import read_map
from debatemap.edit.nodes import ChangeRefused, add_node, add_perspective, add_source
from edit_support import assert_clean, run, tree_digest

COMMENTED = """\
# Who argues: keep the colours colour-blind safe.
legal:
    name: Legal        # four-space indent, kept
    colour: '#0072B2'
    description: Criminal law.
# health is next
health:
    name: Public health
    colour: "#009E73"
"""


def test_add_perspective_appends_and_keeps_the_file_byte_for_byte(make_map):
    root = make_map({"perspectives.yaml": COMMENTED})
    result = run(
        "add-perspective",
        "sex-worker-rights",
        "--name",
        "Sex workers' rights",
        "--colour",
        "#D55E00",
        "--description",
        "Organisations of sex workers.",
        "--arguments",
        str(root),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    new = (root / "perspectives.yaml").read_text(encoding="utf-8")
    assert new.startswith(COMMENTED)
    assert new[len(COMMENTED) :] == (
        "sex-worker-rights:\n"
        "    name: Sex workers' rights\n"
        '    colour: "#D55E00"\n'
        "    description: Organisations of sex workers.\n"
    )
    perspective = read_map(root)[0].perspectives["sex-worker-rights"]
    assert (perspective.name, perspective.colour) == ("Sex workers' rights", "#D55E00")
    assert_clean(root)


def test_new_perspective_and_source_can_be_used_at_once(make_map):
    root = make_map()
    add_perspective(root, "rights", {"name": "Rights", "colour": "#CC79A7"})
    change = add_source(
        root,
        "report",
        {
            "title": 'A report: "Findings"',
            "author": "Ann Author",
            "date": "2024",
            "perspective": "rights",
            "url": "https://example.org/r",
            "file": "r.txt",
        },
    )
    assert change.path == root / "sources.yaml"
    source = read_map(root)[0].sources["report"]
    assert (source.title, source.date, source.perspective, source.url) == (
        'A report: "Findings"',
        "2024",
        "rights",
        "https://example.org/r",
    )
    node = add_node(
        root,
        {
            "title": "A right",
            "text": "T.",
            "perspective": "rights",
            "source": "report",
            "quote": "q",
            "supports": ["t"],
        },
    )
    assert node.path.parent.name == "rights"
    assert (root / "sources.yaml").read_text(encoding="utf-8").startswith(SOURCES)
    assert_clean(root)


def test_empty_registry_written_as_braces_gets_its_first_entry(make_map):
    root = make_map(
        {
            "perspectives.yaml": "# none yet\n{}\n",
            "sources.yaml": "{}\n",
            "theses/t.yaml": None,
            "legal/a.yaml": None,
        }
    )
    add_perspective(root, "legal", {"name": "Legal", "colour": "#0072B2"})
    assert (root / "perspectives.yaml").read_text(encoding="utf-8").startswith("# none yet\nlegal:\n")
    assert set(read_map(root)[0].perspectives) == {"legal"}


REFUSED = {
    "perspective exists": (
        ("add-perspective", "legal", "--name", "L", "--colour", "#000000"),
        "already exists",
    ),
    "bad colour": (("add-perspective", "new", "--name", "N", "--colour", "red"), "not a hex colour"),
    "id with path": (("add-perspective", "../new", "--name", "N", "--colour", "#000000"), "path separators"),
    "empty name": (("add-perspective", "new", "--name", "  ", "--colour", "#000000"), "'name'"),
    "control char": (("add-perspective", "new", "--name", "N\x1b[2J", "--colour", "#000000"), "U+001B"),
    "long name": (("add-perspective", "new", "--name", "n" * 201, "--colour", "#000000"), "limit is 200"),
    "source exists": (("add-source", "s1", "--title", "T"), "already exists"),
    "unknown perspective": (
        ("add-source", "s2", "--title", "T", "--perspective", "legl"),
        "did you mean 'legal'?",
    ),
    "javascript url": (("add-source", "s2", "--title", "T", "--url", "javascript:alert(1)"), "http(s)"),
    "file with path": (("add-source", "s2", "--title", "T", "--file", "../../etc/passwd"), "plain file name"),
    "empty title": (("add-source", "s2", "--title", ""), "'title'"),
    "bad utf-8": (("add-source", "s2", "--title", b"caf\xe9"), "not valid UTF-8"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_registry_change_exits_1_and_leaves_the_tree_byte_identical(make_map, case):
    root = make_map()
    args, expected = REFUSED[case]
    before = tree_digest(root)
    result = run(*args, "--arguments", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout
    assert "Traceback" not in result.stderr
    assert tree_digest(root) == before


def test_api_refusals_raise_with_problems(make_map):
    root = make_map()
    before = tree_digest(root)
    with pytest.raises(ChangeRefused) as refused:
        add_perspective(root, "health", {"name": "H", "colour": "#000000"})
    assert refused.value.problems[0].code == "DM033"
    with pytest.raises(ChangeRefused) as refused:
        add_source(root, "s2", {"title": "T", "perspective": "helth"})
    assert "did you mean 'health'?" in refused.value.problems[0].format()
    with pytest.raises(ChangeRefused):
        add_source(root, "s2", {"title": "T", "publisher": 7})
    assert tree_digest(root) == before


def test_a_registry_with_errors_still_takes_an_entry_that_adds_no_error(make_map):
    root = make_map({"perspectives.yaml": PERSPECTIVES + "broken:\n  name: B\n"})
    result = run("add-perspective", "new", "--name", "N", "--colour", "#000000", "--arguments", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    text = (root / "perspectives.yaml").read_text(encoding="utf-8")
    assert text.startswith(PERSPECTIVES + "broken:\n  name: B\n") and "new:" in text


def test_a_registry_entry_that_adds_an_error_is_refused(make_map):
    root = make_map({"perspectives.yaml": PERSPECTIVES + "broken:\n  name: B\n"})
    before = tree_digest(root)
    result = run("add-source", "s9", "--title", "T", "--perspective", "nope", "--arguments", str(root))
    assert result.returncode == 1
    assert "DM012" in result.stdout and "'broken'" not in result.stdout
    assert tree_digest(root) == before
