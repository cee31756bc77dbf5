"""Argument strength: DF-QuAD gradual semantics and the Dung grounded extension.

Both are pure functions of the graph built by :func:`debatemap.graph.build_graph`,
where an edge ``a -> b`` carries ``relation="supports"`` or ``"opposes"``.

DF-QuAD (Rago, Toni, Aurisicchio and Baroni 2016, "Discontinuity-Free Decision
Support with Quantitative Argumentation Debates", KR 2016) gives every node a
strength in [0, 1] from a *base score* and the strengths of the nodes that
support and oppose it:

- the strengths of a node's attackers (its supporters) are aggregated by the
  probabilistic sum ``F(v1..vn) = 1 - (1 - v1) * ... * (1 - vn)`` (``F() = 0``);
- with ``va`` the aggregated attack, ``vs`` the aggregated support and ``v0``
  the base score, the strength is ``v0`` when ``va == vs``,
  ``v0 - v0 * (va - vs)`` when attack wins and ``v0 + (1 - v0) * (vs - va)``
  when support wins.

The paper defines this for acyclic graphs, where it is computed leaves first.
A real debate can have cycles (two arguments opposing each other), so we take
the fixpoint of the same update, iterated from the base scores on all nodes at
once. On an acyclic graph this reaches exactly the paper's values after at most
(longest path + 1) rounds, so an acyclic graph is computed leaves first in
one pass instead (same arithmetic, same floats). On a cyclic graph the plain iteration may oscillate
(Potyka 2018 shows DF-QuAD need not converge there); if it has not settled after
``MAX_ROUNDS`` rounds we start again from the base scores with a damped update
``s <- (s + update(s)) / 2``, the Euler step of Potyka's continuous-time version
of the semantics, which settles in the cases it can. The result says which
path was taken (:func:`dfquad_fixpoint`). Every loop runs over sorted ids, so
the same graph always gives the same floats.

Premise groups and undercuts follow the standard treatment of structured
arguments (ASPIC+, Modgil and Prakken 2014, "The ASPIC+ framework for structured
argumentation: a tutorial", Argument & Computation 5; AIF's inference nodes,
Chesnevar et al. 2006): the *argument* is the inference from its premises to
the target, not each premise.

- A premise group is ONE argument for (against) its target: in the aggregation
  it counts once, with the strength of its weakest member (a linked argument
  needs every premise, so it is as strong as the weakest; Pollock's "weakest
  link" principle, Pollock 2001, "Defeasible reasoning with variable degrees of
  justification", Artificial Intelligence 133).
- An undercut attacks an argument's link, not its conclusion (Pollock 1987,
  "Defeasible reasoning", Cognitive Science 11): the argument contributes
  ``strength(argument) * (1 - F(undercutters))``, with ``F`` the probabilistic
  sum above; an undercutter at 0 leaves the link whole, one at 1 cancels it.
  This is the attack-on-an-edge reading of bipolar argumentation with
  recursive attacks (Cayrol, Fandinno, Farinas del Cerro and Lagasquie-Schiex
  2017, "Argumentation frameworks with recursive attacks and evidential
  support"), expressed as an edge weight in DF-QuAD's aggregation.

The grounded extension (Dung 1995, "On the acceptability of arguments and its
application to nonmonotonic reasoning, logic programming and n-person games",
Artificial Intelligence 77) reads ``opposes`` as attack and ignores
``supports``: it is the least fixpoint of "accept what every attacker of which
is attacked by something accepted", i.e. what a sceptical reader must accept.
Following ASPIC+, a premise group's attack is an argument of its own, attacked
wherever one of its members is (an attack on a premise is an attack on every
argument built on it) and by its undercutters; it defeats its target only when
all its members are accepted and no undercutter is. An undercut of a plain
``opposes`` link likewise defeats that link, never the conclusion's other
support: the target stays attacked by its other arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from debatemap.graph.reasons import Argument, arguments_about

TOLERANCE = 1e-12
MAX_ROUNDS = 1000
MAX_DAMPED_ROUNDS = 20000

# Base scores of the "from a perspective" view: a perspective trusts its own
# nodes, discounts the perspectives it mostly argues against, and keeps the
# neutral default for everything else (theses, allies, bystanders).
OWN_BASE = 0.8
RIVAL_BASE = 0.2


@dataclass(frozen=True)
class Fixpoint:
    """DF-QuAD strengths with how they were reached.

    ``converged`` is False only when neither the plain nor the damped
    iteration settled within its round limit; ``strength`` is then the last
    damped state.
    """

    strength: dict[str, float]
    rounds: int
    damped: bool
    converged: bool


def probabilistic_sum(values: list[float]) -> float:
    """DF-QuAD's aggregation: ``1 - prod(1 - v)``; 0 for no values.

    >>> probabilistic_sum([0.5, 0.5])
    0.75
    """
    remaining = 1.0
    for value in values:
        remaining *= 1.0 - value
    return 1.0 - remaining


def combine(base: float, attack: float, support: float) -> float:
    """DF-QuAD's combination of a base score with aggregated attack and support.

    >>> combine(0.5, 0.0, 0.5)
    0.75
    >>> combine(0.5, 0.5, 0.0)
    0.25
    """
    if attack >= support:
        return base - base * (attack - support)
    return base + (1.0 - base) * (support - attack)


def _check_score(value: float, what: str) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{what} must be between 0 and 1, got {value!r}")
    return float(value)


def base_scores(
    graph: nx.DiGraph,
    base: float = 0.5,
    base_by_perspective: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Each node's base score: its perspective's entry in ``base_by_perspective``, else ``base``."""
    default = _check_score(base, "base")
    by_perspective = {
        p: _check_score(v, f"base score of {p!r}") for p, v in (base_by_perspective or {}).items()
    }
    scores = {}
    for ident in sorted(graph.nodes):
        perspective = graph.nodes[ident].get("perspective")
        scores[ident] = by_perspective.get(perspective, default) if perspective else default
    return scores


def _relation_lists(graph: nx.DiGraph) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    attackers: dict[str, list[str]] = {ident: [] for ident in graph.nodes}
    supporters: dict[str, list[str]] = {ident: [] for ident in graph.nodes}
    for a, b, relation in sorted(graph.edges(data="relation")):
        (attackers if relation == "opposes" else supporters)[b].append(a)
    return attackers, supporters


# Per target, what argues about it: plain ids on a map with no premise group and no undercut
# (the common case, and the cheapest), else :class:`~debatemap.graph.reasons.Argument` records.
Arguments = Mapping[str, Sequence[str | Argument]]


def _arguments(graph: nx.DiGraph) -> tuple[Arguments, Arguments]:
    if graph.graph.get("groups") or graph.graph.get("undercuts"):
        return arguments_about(graph)
    return _relation_lists(graph)


def _value(argument: str | Argument, state: Mapping[str, float]) -> float:
    """What one argument brings to its target: its weakest member, weakened by its undercutters."""
    if isinstance(argument, str):
        return state[argument]
    members = argument.members
    value = state[members[0]] if len(members) == 1 else min(state[m] for m in members)
    for undercutter in argument.undercutters:
        value *= 1.0 - state[undercutter]
    return value


def _strength_of(
    n: str,
    bases: Mapping[str, float],
    state: Mapping[str, float],
    attacks: Arguments,
    supports: Arguments,
) -> float:
    return combine(
        bases[n],
        probabilistic_sum([_value(a, state) for a in attacks[n]]),
        probabilistic_sum([_value(s, state) for s in supports[n]]),
    )


def _dependencies(graph: nx.DiGraph, *by_target: Arguments) -> nx.DiGraph:
    """``graph`` plus an edge from each undercutter to the target of the link it attacks:
    a claim's strength needs its undercutters' first. ``graph`` itself when nothing undercuts."""
    if not graph.graph.get("undercuts"):
        return graph
    needs = nx.DiGraph(graph)
    for arguments in by_target:
        for target, found in arguments.items():
            for argument in found:
                if not isinstance(argument, str):
                    needs.add_edges_from((undercutter, target) for undercutter in argument.undercutters)
    return needs


def _leaves_first(
    needs: nx.DiGraph,
    bases: Mapping[str, float],
    attacks: Arguments,
    supports: Arguments,
) -> Fixpoint | None:
    """DF-QuAD on an acyclic graph: each node once, after everything that argues about it;
    ``None`` when ``needs`` has a cycle.

    Kahn's algorithm on the graph's own dicts: a node's strength depends only on the
    strengths of what argues about it, so any order that puts those first gives the same
    floats (networkx's lexicographic sort, and the acyclicity test before it, were 0.15 s
    of a 10,000-node build)."""
    pred, succ = needs._pred, needs._succ
    waiting = {n: len(arguing) for n, arguing in pred.items()}
    ready = [n for n, count in waiting.items() if count == 0]
    state: dict[str, float] = {}
    level: dict[str, int] = {}
    for n in ready:  # grows while it is walked: a node joins once all it depends on is done
        state[n] = _strength_of(n, bases, state, attacks, supports)
        level[n] = 1 + max([level[a] for a in pred[n]], default=0)
        for target in succ[n]:
            waiting[target] -= 1
            if not waiting[target]:
                ready.append(target)
    if len(state) < len(pred):  # what is left waits on a cycle
        return None
    # The round-by-round iteration settles after about one round per level of the longest chain.
    rounds = max(level.values(), default=0)
    return Fixpoint({n: state[n] for n in sorted(state)}, rounds, False, True)


def dfquad_fixpoint(graph: nx.DiGraph, bases: Mapping[str, float]) -> Fixpoint:
    """Iterate the DF-QuAD update from ``bases`` to its fixpoint (see the module doc)."""
    attacks, supports = _arguments(graph)
    once = _leaves_first(_dependencies(graph, attacks, supports), bases, attacks, supports)
    return once if once is not None else _iterated(graph, bases, attacks, supports)


def _iterated(
    graph: nx.DiGraph, bases: Mapping[str, float], attacks: Arguments, supports: Arguments
) -> Fixpoint:
    """The update round by round, all nodes at once (a cyclic graph has no leaves-first order)."""
    order = sorted(graph.nodes)

    def update(state: dict[str, float]) -> dict[str, float]:
        return {n: _strength_of(n, bases, state, attacks, supports) for n in order}

    for damped, limit in ((False, MAX_ROUNDS), (True, MAX_DAMPED_ROUNDS)):
        state = {n: bases[n] for n in order}
        for rounds in range(1, limit + 1):
            step = update(state)
            if damped:
                step = {n: (state[n] + step[n]) / 2.0 for n in order}
            change = max((abs(step[n] - state[n]) for n in order), default=0.0)
            state = step
            if change <= TOLERANCE:
                return Fixpoint(state, rounds, damped, True)
    return Fixpoint(state, MAX_DAMPED_ROUNDS, True, False)


def dfquad_strength(
    graph: nx.DiGraph,
    base: float = 0.5,
    base_by_perspective: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """DF-QuAD strength of every node, in [0, 1], keyed by id in id order.

    Parameters
    ----------
    graph
        The map's graph (:func:`debatemap.graph.build_graph`).
    base
        Base score of every node whose perspective has no entry in
        ``base_by_perspective`` (theses have no perspective).
    base_by_perspective
        Base score per perspective id, e.g. from :func:`perspective_view`.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from(["t", "pro", "con"])
    >>> g.add_edge("pro", "t", relation="supports")
    >>> g.add_edge("con", "t", relation="opposes")
    >>> dfquad_strength(g)["t"]
    0.5
    """
    return dfquad_fixpoint(graph, base_scores(graph, base, base_by_perspective)).strength


def rival_perspectives(graph: nx.DiGraph, perspective: str) -> set[str]:
    """Perspectives whose nodes ``perspective``'s nodes oppose more often than they support."""
    balance: dict[str, int] = {}
    for a, b, relation in graph.edges(data="relation"):
        pa, pb = graph.nodes[a].get("perspective"), graph.nodes[b].get("perspective")
        if pa == perspective and pb and pb != perspective:
            balance[pb] = balance.get(pb, 0) + (1 if relation == "opposes" else -1)
    return {p for p, net in balance.items() if net > 0}


def perspective_view(
    graph: nx.DiGraph,
    perspective: str,
    own: float = OWN_BASE,
    rival: float = RIVAL_BASE,
) -> dict[str, float]:
    """Base scores per perspective for the map as ``perspective`` sees it.

    Its own nodes start at ``own``, nodes of its rivals
    (:func:`rival_perspectives`) at ``rival``; pass the result as
    ``base_by_perspective``, everything else keeps the neutral ``base``.
    """
    view = {p: _check_score(rival, "rival") for p in rival_perspectives(graph, perspective)}
    view[perspective] = _check_score(own, "own")
    return dict(sorted(view.items()))


def _attack_framework(graph: nx.DiGraph) -> dict[str, list[str]]:
    """Each argument's attackers, for the grounded semantics (ASPIC+-style; see the module doc).

    A claim is an argument. A plain ``opposes`` link is its member's attack, unless
    something undercuts it: then the link is an argument of its own, as is every
    premise group that opposes. Such an inference argument attacks its target and is
    attacked by whatever attacks one of its members and by its undercutters. Their
    names hold a space, which no id (a slug) can.
    """
    attacks, _ = arguments_about(graph)
    attackers: dict[str, list[str]] = {ident: [] for ident in sorted(graph.nodes)}
    inferences: dict[str, list[str]] = {}
    for target, found in attacks.items():
        for argument in found:
            name = _attacking(argument, target)
            if name == argument.members[0]:  # a plain attack: the claim itself attacks
                attackers[target].append(name)
                continue
            against = [
                _attacking(attack, member) for member in argument.members for attack in attacks[member]
            ]
            inferences[name] = against + list(argument.undercutters)
            attackers[target].append(name)
    for name, against in inferences.items():
        attackers[name] = against
    return attackers


def _attacking(argument: Argument, target: str) -> str:
    """The name under which ``argument`` attacks ``target`` in :func:`_attack_framework`."""
    if argument.group is None and not argument.undercutters:
        return argument.members[0]
    return f"(inference {argument.group or argument.members[0]} -> {target})"


def grounded_labelling(graph: nx.DiGraph) -> dict[str, str]:
    """Grounded labelling over ``opposes``: each id -> ``"in"``, ``"out"`` or ``"undec"``.

    ``in`` is the grounded extension, ``out`` what it attacks, ``undec`` the
    rest (e.g. both sides of an unresolved mutual attack). Premise groups and
    undercuts enter as inference arguments (:func:`_attack_framework`); only
    the map's own nodes are labelled in the result.

    The usual fixpoint sweep labels one more claim per pass on a chain of
    rebuttals (quadratic); this is the worklist form, O(nodes + attacks): a
    claim is ``in`` once every attacker is ``out``, and ``out`` once one
    attacker is ``in``.
    """
    if graph.graph.get("groups") or graph.graph.get("undercuts"):
        attackers = _attack_framework(graph)
    else:
        attackers, _ = _relation_lists(graph)
    label = {ident: "undec" for ident in sorted(attackers)}
    targets: dict[str, list[str]] = {ident: [] for ident in label}
    for ident in label:
        for attacker in attackers[ident]:
            targets[attacker].append(ident)
    standing = {ident: len(attackers[ident]) for ident in label}  # attackers not yet out
    accepted = [ident for ident in label if standing[ident] == 0]
    while accepted:
        ident = accepted.pop()
        if label[ident] != "undec":
            continue
        label[ident] = "in"
        for target in targets[ident]:
            if label[target] != "undec":
                continue
            label[target] = "out"
            for next_target in targets[target]:
                standing[next_target] -= 1
                if standing[next_target] == 0 and label[next_target] == "undec":
                    accepted.append(next_target)
    return {ident: label[ident] for ident in sorted(graph.nodes)}


def grounded_extension(graph: nx.DiGraph) -> set[str]:
    """The Dung grounded extension with ``opposes`` edges as attacks.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_edge("b", "a", relation="opposes")
    >>> g.add_edge("c", "b", relation="opposes")
    >>> sorted(grounded_extension(g))
    ['a', 'c']
    """
    return {ident for ident, value in grounded_labelling(graph).items() if value == "in"}
