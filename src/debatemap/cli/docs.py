"""The parts of the documentation that the code can say for itself, generated.

``python -m debatemap.cli.docs`` (``make docs``) writes them; ``--check`` only says which
are stale (exit 1). ``tests/test_docs_fresh.py`` regenerates them into a temporary folder
and fails when the committed copies differ, so a new option, problem code or schema field
can never be missing from the docs. A page is written by hand around its generated blocks,
each between ``<!-- NAME:start ... -->`` and ``<!-- NAME:end -->``; only the blocks are
replaced:

- ``commands`` in ``docs/commands.md``: every command, its usage and options, from the parser;
- ``codes`` in ``docs/codes.md``: every problem code, from the rule registry;
- ``schema`` in ``docs/schema.md``: the node file's fields and its schema;
- ``refusals`` in ``docs/serve.md``: the reasons ``serve`` gives for a refusal;

and ``schema/node.schema.json`` is written whole.

The text is built from the parser's actions, not from argparse's own ``--help`` layout,
which changes between Python versions and with the terminal's width: the same code gives
the same bytes on every machine.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from debatemap.cli.main import make_parser

# Where each command is explained in prose (the generated page links there).
EXPLAINED = {
    "init": "editing.md#starting-a-map-debatemap-init",
    "check": "checking.md",
    "build": "map.md#debatemap-build",
    "handout": "packet.md",
    "add": "editing.md#by-command-debatemap-add",
    "quote": "editing.md#finding-a-quote-debatemap-quote",
    "edit": "editing.md#changing-a-node-edit-rename-and-remove",
    "rename": "editing.md#changing-a-node-edit-rename-and-remove",
    "remove": "editing.md#changing-a-node-edit-rename-and-remove",
    "link": "editing.md#debatemap-link-and-unlink",
    "unlink": "editing.md#debatemap-link-and-unlink",
    "add-source": "editing.md#the-registries-add-perspective-and-add-source",
    "add-perspective": "editing.md#the-registries-add-perspective-and-add-source",
    "stats": "analysis.md",
    "export": "interchange.md#debatemap-export",
    "import": "interchange.md#debatemap-import",
    "serve": "serve.md",
    "schema": "schema.md",
    "recover": "editing.md#debatemap-recover-dir",
}


class CodeRow(NamedTuple):
    code: str
    name: str
    severity: str
    summary: str
    explanation: str


def code_rows() -> list[CodeRow]:
    """Every problem code, in code order: the one place this module reads the rule registry."""
    from debatemap.rules.codes import RULES

    return [
        CodeRow(
            rule.code,
            rule.name,
            f"{rule.severity}; {rule.also}" if rule.also else rule.severity,  # "warning; an error under ..."
            rule.summary,
            rule.explanation,
        )
        for rule in sorted(RULES.values(), key=lambda rule: rule.code)
    ]


def cell(text: str) -> str:
    """``text`` as one Markdown table cell: one line, ``|`` escaped."""
    return " ".join(text.split()).replace("|", "\\|")


MARKUP = str.maketrans({c: "\\" + c for c in "\\*_<>[]"})  # a `code span` stays one


def plain(text: str) -> str:
    """Help text shown as written: ``handout.*`` or ``<id>.yaml`` is no emphasis or HTML tag."""
    return cell(text.translate(MARKUP))


def codes_block() -> str:
    rows = ["| code | name | severity | problem | what it means, how to fix it |", "|---|---|---|---|---|"]
    for row in code_rows():
        summary = row.summary.removesuffix(" (warning)")
        rows.append(
            f'| <a id="{row.code.lower()}"></a>{row.code} | `{row.name}` | {row.severity} '
            f"| {plain(summary)} | {plain(row.explanation)} |"
        )
    return "\n".join(rows) + "\n"


# --- commands --------------------------------------------------------------------


def subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """(name, one-line help, parser) of every command, in ``--help``'s order."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, helps.get(name, ""), sub


def metavars(action: argparse.Action) -> list[str]:
    if action.metavar is not None:
        shown = action.metavar
    elif action.choices is not None:
        shown = "|".join(str(c) for c in action.choices)
    else:
        shown = action.dest.upper() if action.option_strings else action.dest
    return list(shown) if isinstance(shown, tuple) else [str(shown)]


def argument_form(action: argparse.Action) -> str:
    """How an argument is written: ``--select CODE``, ``[DIR]``, ``WORDS...``."""
    names = metavars(action)
    nargs = action.nargs
    if nargs == 0:
        shown = ""
    elif nargs is None or nargs == 1:
        shown = names[0]
    elif isinstance(nargs, int):
        shown = " ".join(names if len(names) == nargs else names * nargs)
    elif nargs == "?":
        shown = f"[{names[0]}]"
    elif nargs == "*":
        shown = f"[{names[0]}...]"
    else:  # "+" and the rest
        shown = f"{names[0]}..."
    if action.option_strings:
        return " ".join(part for part in (", ".join(action.option_strings), shown) if part)
    return shown


def shown_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a for a in parser._actions if a.help != argparse.SUPPRESS and not isinstance(a, argparse._HelpAction)
    ]


def usage(name: str, parser: argparse.ArgumentParser, width: int = 92) -> str:
    """The usage line, wrapped at ``width`` under the command's name."""
    words = []
    for action in shown_actions(parser):
        form = argument_form(action)
        if action.option_strings:  # one spelling in the usage: the first long one (--colour)
            longest = next((o for o in action.option_strings if o.startswith("--")), action.option_strings[0])
            form = " ".join([longest, *form.split(" ")[len(action.option_strings) :]])
            form = form if action.required else f"[{form}]"
            if isinstance(action, argparse._AppendAction | argparse._ExtendAction):
                form += "..."
        words.append(form)
    positionals = [w for w, a in zip(words, shown_actions(parser), strict=True) if not a.option_strings]
    options = [w for w, a in zip(words, shown_actions(parser), strict=True) if a.option_strings]
    lead = f"debatemap {name}"
    lines, line = [], lead
    for word in [*positionals, *options]:
        if len(line) + 1 + len(word) > width and line.strip():
            lines.append(line)
            line = " " * len(lead)
        line += " " + word
    lines.append(line)
    return "\n".join(lines)


def argument_help(action: argparse.Action, prog: str) -> str:
    text = action.help or ""
    if "%" in text:
        text = text % {**vars(action), "prog": prog}
    text = plain(text)
    if isinstance(action, argparse._AppendAction | argparse._ExtendAction) and "repeat" not in text:
        text += " (repeatable)"
    return text


def commands_block(parser: argparse.ArgumentParser | None = None) -> str:
    parser = parser or make_parser()
    out = ["| command | what it does |", "|---|---|"]
    found = list(subcommands(parser))
    out += [f"| [`{name}`](#{name}) | {plain(summary)} |" for name, summary, _ in found]
    for name, summary, sub in found:
        out += ["", f"## {name}", "", plain(summary[:1].upper() + summary[1:]) + ".", ""]
        out += ["```", usage(name, sub), "```", ""]
        if sub.description:
            out += [plain(sub.description), ""]
        rows = shown_actions(sub)
        if rows:
            out += ["| argument | meaning |", "|---|---|"]
            out += [f"| `{cell(argument_form(a))}` | {argument_help(a, sub.prog)} |" for a in rows]
            out.append("")
        if name in EXPLAINED:
            out.append(f"Explained in [{EXPLAINED[name].split('#')[0]}]({EXPLAINED[name]}).")
    return "\n".join(out).rstrip("\n") + "\n"


# --- schema -----------------------------------------------------------------------


def schema_file() -> str:
    from debatemap.validation.schema import schema_json

    return schema_json()


def field_type(spec: dict[str, Any]) -> str:
    """A schema value's type in a reader's words: ``slug``, ``text``, ``list of {from, to}``."""
    if "enum" in spec:
        return " or ".join(f"`{value}`" for value in spec["enum"])
    if "anyOf" in spec:  # blank and null alternatives only say "may be left out"
        kept = [s for s in spec["anyOf"] if s.get("type") != "null" and s.get("pattern") != "^\\s*$"]
        return " or ".join(field_type(s) for s in kept)
    kinds = spec.get("type", "value")
    kind = next((k for k in kinds if k != "null"), "value") if isinstance(kinds, list) else kinds
    if kind == "array":
        return f"list of {field_type(spec.get('items', {}))}"
    if kind == "object":
        return "{" + ", ".join(spec.get("properties", {})) + "}"
    if kind == "string" and "[a-z0-9]+(?:-[a-z0-9]+)*" in spec.get("pattern", ""):
        return "slug" + (f" (at most {spec['maxLength']} characters)" if "maxLength" in spec else "")
    return "text" if kind == "string" else str(kind)


def nested_fields(field: str, spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The keys of the mappings a list field may hold: ``supports`` item ``to``, ``with``."""
    items = spec.get("items", {})
    for alternative in items.get("anyOf", [items]):
        for key, inner in alternative.get("properties", {}).items():
            yield f"{field}: {key}", inner


def required_for(schema: dict[str, Any]) -> dict[str, list[str]]:
    """Which kinds require each field: always, or by the schema's ``if kind = ...`` rules."""
    needed = {field: ["every node"] for field in schema.get("required", [])}
    for rule in schema.get("allOf", []):
        kind = rule.get("if", {}).get("properties", {}).get("kind", {}).get("const")
        for field in rule.get("then", {}).get("required", []):
            needed.setdefault(field, []).append(f"{kind}")
    return needed


def schema_block() -> str:
    from debatemap.validation.schema import node_schema

    schema = node_schema()
    needed = required_for(schema)
    rows = ["| field | type | required for | what it holds |", "|---|---|---|---|"]
    for field, spec in schema["properties"].items():
        kinds = needed.get(field)
        shown = ", ".join(kinds) if kinds else "optional"
        rows.append(f"| `{field}` | {field_type(spec)} | {shown} | {plain(spec.get('description', ''))} |")
        for key, inner in nested_fields(field, spec):
            meaning = plain(inner.get("description", ""))
            rows.append(f"| `{key}` | {field_type(inner)} | every item of that form | {meaning} |")
    extra = (
        "no other key is allowed" if schema.get("additionalProperties") is False else "other keys are allowed"
    )
    body = "\n".join(rows)
    return (
        f"{schema.get('description', '')} Its fields ({extra}):\n\n{body}\n\n"
        f"The schema itself:\n\n```json\n{schema_file()}```\n"
    )


# --- writing ----------------------------------------------------------------------


def refusals_block() -> str:
    """The reasons ``serve`` gives for a refusal, from the registry of refusals."""
    from debatemap.rules import refusals_markdown

    return refusals_markdown()


# Each generated block: its name, the page that holds it, and what fills it.
BLOCKS: dict[str, tuple[str, Callable[[], str]]] = {
    "commands": ("docs/commands.md", commands_block),
    "codes": ("docs/codes.md", codes_block),
    "schema": ("docs/schema.md", schema_block),
    "refusals": ("docs/serve.md", refusals_block),
}
WHOLE: dict[str, Callable[[], str]] = {"schema/node.schema.json": schema_file}


class MissingBlock(Exception):
    """A page lost the markers of a block it must hold."""


def fill(page: str, name: str, text: str) -> str:
    """``page`` with the block ``name`` holding ``text``; its markers and all else unchanged."""
    pattern = re.compile(rf"(<!-- {name}:start[^>]*-->\n)(.*?)(<!-- {name}:end -->)", re.S)
    if len(pattern.findall(page)) != 1:
        raise MissingBlock(f"<!-- {name}:start ... --> ... <!-- {name}:end --> must be there once")
    return pattern.sub(lambda m: m.group(1) + text + m.group(3), page)


def generated_files(source: Path) -> dict[str, str]:
    """Every file with generated content, by its path relative to the repository at ``source``."""
    files = {relative: make() for relative, make in WHOLE.items()}
    for name, (relative, make) in BLOCKS.items():
        page = files.get(relative) or (source / relative).read_text(encoding="utf-8")
        try:
            files[relative] = fill(page, name, make())
        except MissingBlock as missing:
            raise MissingBlock(f"{relative}: {missing}") from None
    return files


def stale(root: Path) -> list[str]:
    """The generated files under ``root`` that are missing or differ from what the code says."""
    return [
        relative
        for relative, text in generated_files(root).items()
        if not (root / relative).is_file() or (root / relative).read_text(encoding="utf-8") != text
    ]


def write(root: Path, source: Path | None = None) -> list[str]:
    """Write every generated file under ``root``, pages taken from ``source`` (default: ``root``)."""
    files = generated_files(source or root)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return sorted(files)


def main(argv: Sequence[str] | None = None) -> int:
    options = argparse.ArgumentParser(
        prog="python -m debatemap.cli.docs", description="Write the generated parts of the docs."
    )
    options.add_argument("root", nargs="?", default=".", help="the repository (default: here)")
    options.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is stale")
    args = options.parse_args(argv)
    root = Path(args.root)
    try:
        return check(root) if args.check else report(root)
    except (MissingBlock, OSError) as error:
        print(f"debatemap docs: error: {error}", file=sys.stderr)
        return 1


def check(root: Path) -> int:
    behind = stale(root)
    for relative in behind:
        print(f"{relative} is stale: run make docs", file=sys.stderr)
    return 1 if behind else 0


def report(root: Path) -> int:
    for relative in write(root):
        print(root / relative)
    return 0


if __name__ == "__main__":  # python -m debatemap.cli.docs
    sys.exit(main())
