"""``debatemap stats``: counts, clash, common ground and argument strength of a map."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from debatemap.cli.commands._common import add_map_dir, built_map
from debatemap.graph.analysis import NO_PERSPECTIVE, summary
from debatemap.graph.strength import OWN_BASE, RIVAL_BASE, perspective_view
from debatemap.model import terminal_safe
from debatemap.rules.constraints import did_you_mean


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "stats",
        help="counts, most contested and unanswered claims, common ground, argument strength",
        description="Print what the map means: counts by perspective and kind, the most contested and "
        "the unanswered claims, common ground between perspectives, who supports and opposes whom, "
        "DF-QuAD argument strength and the Dung grounded extension over 'opposes'.",
    )
    add_map_dir(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (the first --top rows of each list) or json (every figure in full)",
    )
    parser.add_argument(
        "--base", type=_score, default=0.5, metavar="X", help="DF-QuAD base score (default 0.5)"
    )
    parser.add_argument(
        "--from-perspective",
        metavar="ID",
        help=f"see the map from one perspective: its own nodes start at base {OWN_BASE}, nodes of the "
        f"perspectives it mostly opposes at {RIVAL_BASE}, everything else at --base",
    )
    parser.add_argument("--top", type=_count, default=10, metavar="N", help="rows per list in text (0: all)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    built = built_map(args.directory, "stats", data_on_stdout=True)
    if isinstance(built, int):
        return built
    debate, graph = built.debate, built.graph
    view = None
    if args.from_perspective is not None:
        if args.from_perspective not in debate.perspectives:
            # Like handout's unknown ids: a refusal with a hint (exit 1), not a usage error.
            known = ", ".join(sorted(debate.perspectives)) or "none"
            hint = did_you_mean(args.from_perspective, debate.perspectives)
            print(
                f"debatemap stats: error: unknown perspective '{args.from_perspective}'"
                f" ({hint + ' ' if hint else ''}known: {known})",
                file=sys.stderr,
            )
            return 1
        view = perspective_view(graph, args.from_perspective)
    document = summary(graph, args.base, view)
    document["strength"]["from_perspective"] = args.from_perspective
    if args.format == "json":
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_text(document, graph.nodes, args.top))
    return 0


def _limit(rows: list[Any], top: int) -> list[Any]:
    return rows if top == 0 else rows[:top]


def _more(rows: list[Any], top: int) -> list[str]:
    hidden = len(rows) - top if top else 0
    return [f"  ... and {hidden} more (--top 0 shows all)"] if hidden > 0 else []


def _table(document: dict[str, Any]) -> list[str]:
    by_perspective = document["counts"]["by_perspective"]
    kinds = list(document["counts"]["by_kind"])
    width = max([len(p) for p in by_perspective] + [len("perspective")])
    lines = [
        "Nodes by perspective and kind",
        "  " + "perspective".ljust(width) + "".join(f"{k:>12}" for k in kinds),
    ]
    for perspective, row in by_perspective.items():
        lines.append("  " + perspective.ljust(width) + "".join(f"{row.get(k, 0):>12}" for k in kinds))
    return lines


def _matrix(document: dict[str, Any]) -> list[str]:
    # One line per arguing perspective, each cell named by the perspective argued about: a grid
    # of nine or more long ids would not fit a terminal, and numbered columns say nothing.
    matrix = document["perspective_matrix"]
    width = max([len(k) for k in matrix] + [0])
    lines = [
        "Supports/opposes between perspectives (row: the perspective arguing; then each perspective "
        f"whose claims it supports/opposes; {NO_PERSPECTIVE} = theses)",
    ]
    for row, cells in matrix.items():
        shown = [
            f"{col} {c['supports']}/{c['opposes']}"
            for col, c in cells.items()
            if c["supports"] or c["opposes"]
        ]
        lines.append(f"  {row:<{width}}  " + (", ".join(shown) if shown else "argues about no claim"))
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def format_text(document: dict[str, Any], nodes: Any, top: int) -> str:
    """The plain-text report of :func:`debatemap.graph.analysis.summary`."""

    def title(ident: str) -> str:
        return str(nodes[ident].get("title", ident))

    counts = document["counts"]
    kinds = ", ".join(f"{n} {k}" for k, n in counts["by_kind"].items())
    edges = counts["edges"]
    lines = [f"{counts['nodes']} nodes ({kinds}); {edges['supports']} supports, {edges['opposes']} opposes"]
    groups, undercuts = counts.get("groups", {}), counts.get("undercuts", 0)
    if any(groups.values()) or undercuts:  # said only when the map has them: older reports stay as they were
        lines.append(
            f"  of those links, {_plural(groups['supports'], 'premise group')} supporting and "
            f"{groups['opposes']} opposing (claims that are one reason only together); "
            f"{_plural(undercuts, 'undercut')} (attacks on a link)"
        )
    lines.append("")
    lines += _table(document) + [""] + _matrix(document) + [""]
    if counts["by_contributor"]:
        added = ", ".join(f"{name} {n}" for name, n in counts["by_contributor"].items())
        lines += [f"Added by contributor (debatemap serve --class): {added}", ""]

    contested = document["contested"]
    lines.append(
        f"Most contested claims ({len(contested)}; score = the weaker of support and weighted opposition)"
    )
    for c in _limit(contested, top):
        lines.append(
            f"  {c['score']:>4g}  {c['id']}: {len(c['supporters'])} for, {len(c['attackers'])} against "
            f"({len(c['cross_perspective_attackers'])} from other perspectives)  {title(c['id'])}"
        )
    lines += _more(contested, top) + [""]

    unanswered = document["unanswered"]
    lines.append(
        f"Unanswered objections ({_plural(len(unanswered), 'claim')} with an objection nobody has opposed)"
    )
    for u in _limit(unanswered, top):
        lines.append(f"  {u['id']} <- {', '.join(u['unanswered_attackers'])}  {title(u['id'])}")
    lines += _more(unanswered, top) + [""]

    ground = document["common_ground"]
    lines.append(
        f"Common ground ({_plural(len(ground), 'claim')} supported from two or more perspectives "
        "and opposed by none)"
    )
    for g in _limit(ground, top):
        lines.append(f"  {g['id']} [{', '.join(g['perspectives'])}]  {title(g['id'])}")
    lines += _more(ground, top) + [""]

    lines += _strength(document, nodes, top)
    grounded = document["grounded"]
    structured = ", premise groups and undercuts as in ASPIC+" if undercuts or any(groups.values()) else ""
    lines.append(
        f"Grounded extension (Dung 1995, opposes as attacks{structured}): {len(grounded['in'])} accepted, "
        f"{len(grounded['out'])} rejected, {len(grounded['undecided'])} undecided"
    )
    for ident in _limit(grounded["undecided"], top):
        lines.append(f"  undecided: {ident}  {title(ident)}")
    lines += _more(grounded["undecided"], top)
    # Titles and names come from the YAML files: never let one drive the terminal.
    return "\n".join(terminal_safe(line.rstrip()) for line in lines) + "\n"


def _strength(document: dict[str, Any], nodes: Any, top: int) -> list[str]:
    strength = document["strength"]
    seen = f", seen from {strength['from_perspective']}" if strength.get("from_perspective") else ""
    bases = ", ".join(f"{p}={v:g}" for p, v in strength["base_by_perspective"].items())
    lines = [
        f"Strength (DF-QuAD, Rago et al. 2016; base {strength['base']:g}{seen}"
        f"{'; ' + bases if bases else ''})"
    ]
    scores = strength["scores"]
    ranked = sorted(scores, key=lambda n: (-scores[n], n))
    theses = [n for n in ranked if nodes[n].get("kind") == "thesis"]
    for ident in theses:
        lines.append(f"  {scores[ident]:.3f}  {ident} (thesis)  {nodes[ident].get('title', ident)}")
    others = [n for n in ranked if nodes[n].get("kind") != "thesis"]
    lines.append("  strongest arguments and definitions:")
    for ident in _limit(others, top):
        lines.append(f"  {scores[ident]:.3f}  {ident}  {nodes[ident].get('title', ident)}")
    return lines + _more(others, top) + [""]
