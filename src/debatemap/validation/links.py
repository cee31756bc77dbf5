"""Reasoning warnings about premise groups and undercuts (their soundness is in :mod:`.reasons`).

:func:`debatemap.validation.reasons.resolve` reports what makes a group or an undercut
unsound (unknown ids, a group of one, a link that does not exist); here are the
warnings about sound ones that argue oddly, in the words of the plain links' rules.
"""

from __future__ import annotations

from debatemap import rules
from debatemap.model import DebateMap, Problem
from debatemap.validation.reasons import Resolved

DEFINITION_HINT = (
    "a definition says what a word means; if it is a reason, make it"
    " kind: argument, or let it support the claim it defines"
)


def definitions_in_links(debate: DebateMap, found: Resolved) -> list[Problem]:
    """DM040 for a definition in a premise group that opposes, or supports a thesis,
    and for a definition that undercuts a link (denying a reason is arguing)."""
    problems: list[Problem] = []
    nodes = debate.nodes
    for reason in found.groups:
        if reason.relation == "supports" and nodes[reason.target].kind != "thesis":
            continue
        for member in reason.members:
            if nodes[member].kind == "definition":
                problems.append(
                    rules.DEFINITION_ARGUES.at(
                        reason.where,
                        f"definition '{member}' {reason.relation} {reason.target} (in {reason.describe()})",
                        DEFINITION_HINT,
                    )
                )
    for undercut, attacked in found.undercuts:
        if nodes[undercut.source].kind == "definition":
            index = nodes[undercut.source].undercuts.index(undercut)
            problems.append(
                rules.DEFINITION_ARGUES.at(
                    nodes[undercut.source].where(f"undercuts[{index}]"),
                    f"definition '{undercut.source}' undercuts the link {attacked.describe()}",
                    "a definition says what a word means; to deny that a reason holds, make it"
                    " kind: argument",
                )
            )
    return problems
