"""The registry of problem rules, ruff-style: each code once, with its meaning.

A rule is an object, a module constant named after what it finds
(``MISSING_TARGET``, ``QUOTE_NOT_FOUND``, ...). Code that reports a problem names
the rule and says what and where: ``rules.MISSING_TARGET.at(where, message, hint)``;
the code and the default severity come from here, so no call site writes either
(a test fails on a ``"DMxxx"`` literal outside this package).

A code is never reused or renumbered. ``check --select/--ignore`` filter by
code or prefix, ``check --explain CODE`` prints the explanation, and the tables
of codes (README, docs) are generated from :data:`RULES` (a test fails when
they drift).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from debatemap.model import Position, Problem

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """One kind of problem: its stable code, its name and what to do about it."""

    code: str
    name: str
    severity: Severity  # the default; see error_at and warning_at for the exceptions
    summary: str  # one line for the tables of codes
    explanation: str  # what it means and how to fix it, for --explain
    also: str = ""  # when it takes the other severity (error_at, warning_at); "" if never

    def at(self, where: Position, message: str, hint: str | None = None) -> Problem:
        """This rule's problem at ``where``, with the rule's own severity."""
        return Problem(where.path, where.line, where.column, self.severity, self.code, message, hint)

    def error_at(self, where: Position, message: str, hint: str | None = None) -> Problem:
        """This rule's problem as an error whatever its default: a change the editing
        commands refuse (a title too long is a warning in a file, a refusal in ``add``),
        or a warning made strict (``--require-sources``)."""
        return Problem(where.path, where.line, where.column, "error", self.code, message, hint)

    def warning_at(self, where: Position, message: str, hint: str | None = None) -> Problem:
        """This rule's problem as a warning whatever its default: what is only worth a
        look here (a quote whose text is absent, an interrupted change, a lossy import)."""
        return Problem(where.path, where.line, where.column, "warning", self.code, message, hint)

    def reported(self, problem: Problem) -> bool:
        """True when ``problem`` is one of this rule's."""
        return problem.code == self.code


_REGISTERED: list[Rule] = []


def _rule(code: str, name: str, severity: Severity, summary: str, explanation: str, also: str = "") -> Rule:
    rule = Rule(code, name, severity, summary, " ".join(explanation.split()), also)
    _REGISTERED.append(rule)
    return rule


# fmt: off
YAML_SYNTAX = _rule("DM001", "yaml-syntax", "error", "YAML syntax error",
    """The file is not valid YAML. Check indentation (spaces only: YAML refuses a
    tab there), and put text that contains ': ' or ' #' in quotes.""")
NOT_A_MAPPING = _rule("DM002", "not-a-mapping", "error", "file is not a mapping / several documents",
    """A node file holds one YAML mapping (key: value lines); a registry maps
    ids to mappings of fields. A second document ('---') is refused.""")
EMPTY_FILE = _rule("DM003", "empty-file", "error", "empty file",
    "The file holds nothing. Write a node in it, or delete it.")
UNKNOWN_KEY = _rule("DM004", "unknown-key", "error", "unknown key",
    """A key the format does not know, often a typo ('sources' for 'source').
    The hint names the closest known key.""")
MISSING_FIELD = _rule("DM005", "missing-field", "error", "missing required field",
    "id, kind, title and text are always required; theses need a question.")
EMPTY_FIELD = _rule("DM006", "empty-field", "error", "empty or whitespace-only field",
    "A field is present but says nothing. Fill it in or remove the key.")
WRONG_TYPE = _rule("DM007", "wrong-type", "error", "wrong type",
    """A value has the wrong type: text where a list is expected, a number or
    boolean (yes/no/on/off are booleans in YAML) where text is expected, or a
    tagged value its tag cannot build (!!int abc). Quote text values.""")
DUPLICATE_KEY = _rule("DM008", "duplicate-key", "error", "duplicate key in one mapping",
    "YAML would silently keep only the last of two equal keys; remove one.")
NOT_A_SLUG = _rule("DM009", "not-a-slug", "error", "id or tag is not a slug",
    """Ids, perspectives, sources, targets and tags are slugs: lowercase a-z,
    0-9 and single '-' between them, at most 80 characters.""")
ID_NOT_FILE_NAME = _rule("DM010", "id-not-file-name", "error", "id differs from the file name",
    "A node's file is named after its id: rename the file or change the id.")
DUPLICATE_ID = _rule("DM011", "duplicate-id", "error", "id used by two files",
    "Two files claim the same id; every id is unique in the map.")
UNKNOWN_PERSPECTIVE = _rule("DM012", "unknown-perspective", "error", "unknown perspective",
    "The perspective is not in perspectives.yaml; add it or fix the id.")
UNKNOWN_SOURCE = _rule("DM013", "unknown-source", "error", "unknown source",
    "The source is not in sources.yaml; add it or fix the id.")
MISSING_TARGET = _rule("DM014", "missing-target", "error", "supports/opposes/undercuts names a missing node",
    """A link, a premise group's 'to' or 'with', or an undercut's 'from' or 'to'
    names an id no node has; fix the id or remove it.""")
SELF_LINK = _rule("DM015", "self-link", "error", "node supports or opposes itself",
    "A claim cannot be a reason for or against itself.")
SUPPORTS_AND_OPPOSES = _rule("DM016", "supports-and-opposes", "error", "supports and opposes the same target",
    "A claim is either a reason for a target or against it; pick one.")
THESIS_WITHOUT_QUESTION = _rule("DM017", "thesis-without-question", "error", "thesis without a question",
    "Every thesis states the question it answers ('Should ...?').")
UNATTRIBUTED = _rule("DM018", "unattributed", "error",
    "argument/definition without perspective, source or quote",
    """Arguments and definitions say who argues (perspective), where it was
    said (source) and quote it verbatim.""")
ISOLATED_NODE = _rule("DM019", "isolated-node", "warning", "node connected to nothing (warning)",
    "No link starts or ends at this node, so it argues about nothing on the map.")
SUPPORT_CYCLE = _rule("DM020", "support-cycle", "warning",
    "cycle of supports, mutual support included (warning)",
    """Claims that support each other in a circle (A supports B supports A)
    lend each other strength they do not have; break the circle.""")
NOT_UTF8 = _rule("DM021", "not-utf8", "error", "file is not UTF-8",
    "Save the file as UTF-8.")
UNSAFE_TAG = _rule("DM022", "unsafe-tag", "error", "YAML tag that could construct objects",
    "Tags such as !!python/object are refused; write plain values.")
ANCHOR_OR_ALIAS = _rule("DM023", "anchor-or-alias", "error", "anchor or alias",
    "Anchors and aliases (&a, *a) are refused; repeat the value instead.")
FILE_TOO_LARGE = _rule("DM024", "file-too-large", "error", "file over 1 MiB",
    "A node file or registry over 1 MiB is refused; a source text over 10 MiB too.")
QUOTE_NOT_FOUND = _rule("DM025", "quote-not-found", "error", "quote not found in its source",
    """The quote is not in its source's text, or in its part of the text (lines,
    start/end), after folding whitespace and typographic marks. The hint shows the
    closest passages with their line numbers; 'debatemap quote SOURCE WORDS...'
    finds the exact words.""")
SOURCE_TEXT_MISSING = _rule("DM026", "source-text-missing", "error", "source text missing or unreadable",
    """The source's text cannot be read: it is not a regular UTF-8 file of at most
    10 MiB inside the sources folder. A text that is simply absent (no file:, or no
    such file in DIR/sources/ or --sources-dir) leaves its quotes unverified, which
    check counts; it is this error with --require-sources or --sources-dir.""",
    also="a warning at each quote whose text is simply absent, without --require-sources")
UNKNOWN_KIND = _rule("DM027", "unknown-kind", "error", "value not allowed (kind)",
    "kind is one of thesis, argument, definition.")
REGISTRY_MISSING = _rule("DM028", "registry-missing", "error", "perspectives.yaml or sources.yaml missing",
    "A map folder holds both registries; 'debatemap init' creates them.")
DUPLICATE_TARGET = _rule("DM029", "duplicate-target", "warning",
    "target, group or undercut written twice (warning)",
    """The same id appears twice in one supports/opposes list, the same premise
    group is written twice, or one node undercuts the same link twice.""")
UNREADABLE = _rule("DM030", "unreadable", "error", "file or folder cannot be read",
    """A file or folder under the map cannot be read (permissions, not a
    regular file, a dangling link): its nodes would otherwise vanish.""",
    also="a warning for a change that was interrupted and is not finished")
TOO_LONG = _rule("DM031", "too-long", "warning",
    "value longer than `add` accepts, e.g. a title over 200 characters (warning)",
    """A value is longer than the editing commands accept (they refuse it as an
    error). Shorten it: a title is a label; detail goes in text.""",
    also="an error in the editing commands, which refuse the value")
CONTROL_CHARACTER = _rule("DM032", "control-character", "error", "control, bidi or line-separator character",
    """Control and bidi characters can hide or disguise text; raw line separators
    (U+0085, U+2028, U+2029) are line breaks to YAML but not to editors. Remove them.""")
IMPOSSIBLE_CHANGE = _rule("DM033", "impossible-change", "error", "a change that cannot be made (editing)",
    "For example unlinking a link that does not exist, or an entry already there.")
IMPORT_ERROR = _rule("DM034", "import-error", "error", "the file to import cannot be read (import)",
    "The imported file is not valid in its format; the position says where.",
    also="a warning for what an import leaves out")
BAD_COLOUR = _rule("DM035", "bad-colour", "error", "colour is not \"#RRGGBB\"",
    'A perspective\'s colour is six hex digits after "#", in quotes.')
BAD_URL = _rule("DM036", "bad-url", "error", "url is not an http(s) address",
    "A source's url becomes a link: only http:// and https:// addresses.")
BAD_FILE_NAME = _rule("DM037", "bad-file-name", "error", "source file is not a plain file name",
    """A source's file names a file in the sources folder: no path separators,
    no '..', not starting with '.'.""")
FOLDER_TWICE = _rule("DM038", "folder-twice", "warning", "folder reached twice through a symlink (warning)",
    "A symlinked folder leads back into the map; it is read once.")
OUTSIDE_MAP = _rule("DM039", "outside-map", "error", "path leads outside the map folder",
    "A symlinked folder points outside the map; the change is refused.")
DEFINITION_ARGUES = _rule("DM040", "definition-argues", "warning", "definition used as an argument (warning)",
    """A definition opposes a claim, supports a thesis (alone or in a premise group),
    or undercuts a link. A definition says what a word means; if it is a reason for
    or against a claim, make it an argument.""")
REACHES_NO_THESIS = _rule("DM041", "reaches-no-thesis", "warning", "node reaches no thesis (warning)",
    """Following supports/opposes (and premise groups, and the link an undercut
    attacks) from this node never arrives at a thesis, so it
    is outside every question the map asks. Link it to the claim it argues about.""")
OVERLAPPING_QUOTES = _rule("DM042", "overlapping-quotes", "warning",
    "two quotes overlap in one source passage (warning)",
    """Two nodes quote overlapping words of the same source: one claim from one
    passage is one node. Merge them, or quote distinct sentences.""")
BAD_SOURCE_PART = _rule("DM043", "bad-source-part", "error",
    "a source's lines/start/end wrong or not in its text",
    """A source may be part of its file: lines: "12-80" (or "33-" to the end), or
    start:/end: texts that mark where it begins and ends. The range must be
    FIRST-LAST within the file, and the markers must be in the text, the end after
    the start.""")
GROUP_OF_ONE = _rule("DM044", "group-of-one", "error", "premise group with fewer than two members",
    """A premise group ('- to: T' with 'with: [...]') is several claims that are one
    reason only together: it needs the file's own node and at least one other id in
    'with'. A reason on its own is a plain id (supports: [T]).""")
BAD_GROUP_MEMBER = _rule("DM045", "bad-group-member", "error",
    "group member listed twice, or the group's own target",
    """The file's own node is the group's first member: 'with' lists only the others,
    each once, and none of them is the claim the group argues about.""")
REASON_TWICE = _rule("DM046", "reason-twice", "error",
    "claim linked to a target alone and in a group, or twice",
    """A claim is one reason about a target: alone (a plain link), or together with
    others (one premise group), not both and not in two groups. Merge the groups,
    or remove the plain link if the claim is a reason only together with the others.""")
UNDERCUT_WITHOUT_LINK = _rule("DM047", "undercut-without-link", "error",
    "undercut of a link that does not exist",
    """'undercuts: [{from: R, to: T}]' attacks the link from R to T: R must support or
    oppose T, alone or in a premise group. Fix the ids, or link them first.""")
SELF_UNDERCUT = _rule("DM048", "self-undercut", "error", "node undercuts its own link, or a link into itself",
    """An undercut says that a reason does not bear on a claim. A claim cannot say it
    of its own link (it is the reason), of a group it belongs to, or of a link into
    itself; another claim can. Remove the undercut.""")
# DM049 is left free for the premise-group and undercut checks (issue 19).
QUOTE_RECORD_STALE = _rule("DM050", "quote-record-stale", "warning",
    "quote record out of date or unreadable (warning)",
    """quotes.lock.json records which quotes check --record-quotes found in their
    source texts and when, so that copies without the texts can show them as
    verified. It no longer matches the texts present (a quote or a text changed),
    or it is not a record. Run debatemap check --record-quotes with the texts
    present and commit the record. An error under --require-sources.""",
    also="an error under --require-sources")
# fmt: on

RULES: dict[str, Rule] = {rule.code: rule for rule in _REGISTERED}


def matches(code: str, patterns: tuple[str, ...] | list[str]) -> bool:
    """True when ``code`` equals or starts with one of ``patterns`` (``DM02`` selects DM020-DM029)."""
    return any(code.startswith(p.upper()) for p in patterns)


def markdown_table() -> str:
    """The README's table of codes, two codes per row."""
    rules = list(RULES.values())
    half = (len(rules) + 1) // 2
    rows = ["| code | problem | code | problem |", "|---|---|---|---|"]
    for left, right in zip(rules[:half], rules[half:] + [None] * (2 * half - len(rules)), strict=True):
        right_cells = f"{right.code} | {right.summary}" if right else " | "
        rows.append(f"| {left.code} | {left.summary} | {right_cells} |")
    return "\n".join(rows) + "\n"


def table_markdown() -> str:
    """The full table of codes, one rule per row (docs/codes.md): code, name, default
    severity (and when it takes the other), summary, and what it means and how to fix it
    (``--explain``'s text)."""
    rows = [
        "| code | name | severity | problem | what it means and how to fix it |",
        "|---|---|---|---|---|",
    ]
    for rule in RULES.values():
        severity = f"{rule.severity}; {rule.also}" if rule.also else rule.severity
        cells = (rule.code, rule.name, severity, rule.summary, rule.explanation)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"
