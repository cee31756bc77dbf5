"""Discussion questions for the brief: varied, neutral, and only about what the brief shows.

Each kind of question is asked at most once, so the list never reads like a
form: the kinds are taken in turn (a contested claim, common ground, an
objection nobody has answered, the thesis's own question, ...), each about the
next claim that fits it. A question about definitions is asked only when the
brief has some.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from debatemap.render.handout.model import MAX_QUESTIONS, Claim, perspectives_phrase

# Each takes the claim's title (t), its supporters' (sup) and its opposers' (opp) perspectives.
CLASH = (
    "“{t}” is argued for from the {sup} and against from the {opp}. What evidence would settle it?",
    "If “{t}” is right, what follows for law and policy? And if it is wrong?",
    "Doubts about “{t}” come from the {opp}. What would it take to answer them?",
    "Which single reason for “{t}”, and which single reason against it, would you put to a jury, "
    "and why those?",
)
AGREE = (
    "The {sup} agree that “{t}”. Why might people who disagree elsewhere agree here, "
    "and does the agreement hold up?",
    "Could a policy be built on “{t}”, which the {sup} all accept? What would it leave unresolved?",
)
QUESTION = (
    "{q} Set out the strongest case on each side before giving your own answer.",
    "On “{q}”, which voices are missing from this brief, and what might they add?",
    "What would have to be true for the answer to “{q}” to be yes, and what for it to be no?",
)
WEAKEST = "Which argument in this brief did you find weakest, and how could its own side make it stronger?"
ORDER = (
    "clash0", "agree0", "question0", "clash1", "definitions", "clash2", "agree1", "question1", "weakest",
    "clash3", "question2",
)  # fmt: skip
DEFINITIONS = (
    "Which of the definitions at the start of this brief does most to decide these questions, "
    "and would the debate change if it were drawn differently?"
)


def discussion_questions(
    clashes: Sequence[Claim],
    agreements: Sequence[Claim],
    questions: Sequence[str],
    has_definitions: bool,
) -> tuple[str, ...]:
    """Up to eight questions, each from a different template, kinds taken in turn.

    A small map may give fewer than five: a template is never used twice.
    """
    pools: dict[str, list[Callable[[], str]]] = {}
    for i, template in enumerate(CLASH):
        pools[f"clash{i}"] = [_ask(template, c) for c in clashes[i :: len(CLASH)]]
    for i, template in enumerate(AGREE):
        pools[f"agree{i}"] = [_ask(template, c) for c in agreements[i :: len(AGREE)]]
    for i, template in enumerate(QUESTION):
        pools[f"question{i}"] = [_question(template, q) for q in (questions[i:] or questions[:1])]
    pools["definitions"] = [lambda: DEFINITIONS] if has_definitions else []
    pools["weakest"] = [lambda: WEAKEST] if clashes or agreements or questions else []
    result = [pools[kind][0]() for kind in ORDER if pools[kind]]
    return tuple(result[:MAX_QUESTIONS])


def _ask(template: str, claim: Claim) -> Callable[[], str]:
    return lambda: template.format(
        t=claim.title.rstrip("."),
        sup=perspectives_phrase(claim.supporters),
        opp=perspectives_phrase(claim.opposers),
    )


def _question(template: str, question: str) -> Callable[[], str]:
    return lambda: template.format(q=question)
