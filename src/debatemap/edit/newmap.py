"""Start a new map: the registries, a place for source texts, the schema, a first thesis.

:func:`init_map` writes a map that ``debatemap check`` passes at once, as one
change (through the journal, like a rename), and never into a folder that
already holds a map.
"""

from __future__ import annotations

import os
from pathlib import Path

from debatemap import rules
from debatemap.edit import yamlwrite
from debatemap.edit.core import ChangeRefused, WriteFailed, commit, locked, read_back, refuse_errors
from debatemap.edit.input import bad_character, clean_text, input_problem
from debatemap.edit.nodes import SCHEMA_FILE, SLUG_FROM_TITLE, fresh_id
from debatemap.edit.registry import HEADERS
from debatemap.model import DebateMap, Problem
from debatemap.rules.constraints import slugify
from debatemap.store.reader import display_path
from debatemap.store.records import PERSPECTIVES_FILE, REGISTRIES, SOURCES_FILE
from debatemap.validation.schema import schema_json
from debatemap.validation.validate import validate

SOURCES_FOLDER = "sources"
SOURCES_README = """\
This folder holds the texts your map quotes: one plain-text file (UTF-8) per
source, for example smith-2024-report.txt. Copy the text as published; do not
tidy it, since every quote in the map must be found in it word for word.

Name the file in sources.yaml, beside this folder:

  smith-2024-report:
    title: "The report's title"
    file: smith-2024-report.txt

or in one step: debatemap add-source smith-2024-report --title "..." --file smith-2024-report.txt

From a PDF, a saved web page, a Word .docx, Markdown or text in any encoding,
debatemap extracts the readable text into this folder and registers it:

  debatemap add-source smith-2024-report --from ~/Downloads/report.pdf

Files here are not read as part of the map (only .yaml files are), so notes
like this one do no harm.
"""

__all__ = ["init_map"]


def _holds_map(root: Path) -> str | None:
    """What shows that ``root`` already holds a map (a registry or any YAML file), if anything."""
    for name in REGISTRIES:
        if os.path.lexists(root / name):
            return name
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                return os.path.relpath(os.path.join(folder, name), root)
    return None


def _thesis(root: Path, question: str | None, title: str | None, text: str | None) -> tuple[Path, str] | None:
    """The first thesis file, from the question (and optionally its claim and text)."""
    problems: list[Problem] = []
    cleaned: dict[str, str | None] = {}
    for key, value in (("question", question), ("title", title), ("text", text)):
        cleaned[key], found = clean_text(key, value)
        problems += found
    refuse_errors(problems)
    if cleaned["question"] is None:
        if title is not None or text is not None:
            missing = input_problem(
                rules.THESIS_WITHOUT_QUESTION, "a thesis needs the question it answers", "give --question"
            )
            raise ChangeRefused([missing], "bad input")
        return None
    thesis_title = cleaned["title"] or cleaned["question"]
    if len(thesis_title) > 200:  # the question stands in for a title: keep the title's cap
        long = input_problem(
            rules.TOO_LONG,
            f"the question is {len(thesis_title)} characters long; as the thesis's title the limit is 200",
            "give a short --thesis as well",
        )
        raise ChangeRefused([long], "bad input")
    ident = fresh_id(slugify(thesis_title, SLUG_FROM_TITLE), "thesis", thesis_title, set())
    path = root / "theses" / f"{ident}.yaml"
    fields = {
        "id": ident,
        "kind": "thesis",
        "title": thesis_title,
        "question": cleaned["question"],
        "text": cleaned["text"] or thesis_title,
    }
    # The schema this change writes beside the registries, named relative to the file.
    schema = Path(os.path.relpath(root.resolve() / SCHEMA_FILE, path.parent.resolve())).as_posix()
    content = yamlwrite.dump_node(fields, f"yaml-language-server: $schema={schema}")
    node, problems = read_back(path, content)  # exactly as check will read it
    refuse_errors(problems)
    assert node is not None
    refuse_errors(validate(DebateMap({node.id: node}, {}, {}, str(root))))
    return path, content


def init_map(
    directory: str | os.PathLike[str] = "arguments",
    *,
    question: str | None = None,
    thesis: str | None = None,
    text: str | None = None,
) -> Path:
    """Create a new map in ``directory`` (made if missing); return its path.

    Writes ``perspectives.yaml`` and ``sources.yaml`` (comments only, saying
    what goes in them), ``sources/README.txt``, the node schema
    ``node.schema.json`` (node files then name it for editors) and, with
    ``question``, a first thesis in ``theses/`` (its title ``thesis``, else the
    question; its text ``text``, else the title). Refuses (:class:`ChangeRefused`,
    nothing written) a folder that already holds a map or any YAML file.
    """
    root = Path(directory)
    name = os.fspath(root)
    bad = bad_character(name, multiline=False)
    if bad:  # a folder named with an escape sequence or stray bytes is a slip, and unsafe to print
        named = input_problem(rules.CONTROL_CHARACTER, f"the folder name {bad}", "choose a plain folder name")
        raise ChangeRefused([named], "bad input")
    if os.path.lexists(root) and not root.is_dir():
        not_folder = input_problem(rules.UNREADABLE, f"'{display_path(root)}' is a file, not a folder")
        raise ChangeRefused([not_folder], "no folder to start a map in")
    first = _thesis(root, question, thesis, text)  # bad input is refused before any folder is made
    _refuse_a_map(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(root, exc) from None
    with locked(root):
        _refuse_a_map(root)  # someone else may have started one meanwhile
        writes: list[tuple[Path, str, bool]] = [
            (root / PERSPECTIVES_FILE, HEADERS[PERSPECTIVES_FILE], True),
            (root / SOURCES_FILE, HEADERS[SOURCES_FILE], True),
            (root / SOURCES_FOLDER / "README.txt", SOURCES_README, True),
            (root / SCHEMA_FILE, schema_json(), True),
        ]
        if first is not None:
            writes.append((*first, True))
        commit(writes)
    return root


def _refuse_a_map(root: Path) -> None:
    found = _holds_map(root) if root.is_dir() else None
    if found is not None:
        there = input_problem(
            rules.IMPOSSIBLE_CHANGE,
            f"'{display_path(root)}' already holds a map; init changes nothing there",
            "change it with the editing commands, or give init a new folder",
            display_path(root / found),
        )
        raise ChangeRefused([there], "the folder already holds a map")
