"""The texts of a map's sources, and verifying quotes against them.

A map keeps its source texts in ``DIR/sources/`` (``--sources-dir`` overrides
that); ``sources.yaml``'s ``file:`` names a file there. A source may be only
part of its file: ``lines: "12-80"`` (or ``"33-"``, to the end) keeps those
lines, and ``start:`` / ``end:`` keep the text from the first ``start`` to the
first ``end`` after it, both included. So an article and the comment thread
under it, scraped into one file, are two sources that accept only their own
quotes.

Quotes are verified wherever a text is present. A source whose text is not
there leaves its quotes unverified; :class:`QuoteReport` counts them and says
why, and ``require`` (``check --require-sources``) makes that an error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from debatemap import rules
from debatemap.model import DebateMap, Node, Position, Problem, Source
from debatemap.rules.constraints import file_name_problem, line_range
from debatemap.store.records import SOURCE_TEXTS
from debatemap.store.sourcetext import read_source_text
from debatemap.validation.quotes import MIN_SCORE, Passage, find_passages, fold, quote_span


@dataclass(frozen=True)
class SourceText:
    """The part of a file that is one source's text: ``text`` starts on line ``first_line``."""

    source: str
    path: Path
    text: str
    first_line: int = 1
    _folded: list[str] = field(default_factory=list, compare=False, repr=False)

    @property
    def folded(self) -> str:
        """The text folded as quotes are compared (computed once)."""
        if not self._folded:
            self._folded.append(fold(self.text))
        return self._folded[0]

    def has(self, quote: str) -> bool:
        return self.span(quote) is not None

    def span(self, quote: str) -> tuple[int, int] | None:
        """Where ``quote`` is in the folded text (see :func:`~debatemap.validation.quotes.quote_span`)."""
        return quote_span(quote, self.folded)


@dataclass(frozen=True)
class Unavailable:
    """Why a source has no text to verify against; ``missing`` when it is simply not there
    (no ``file:``, no such file): a reason to count, an error only when texts are required.
    ``problem`` is ``None`` when the records already report it (a bad file name, DM037)."""

    reason: str
    problem: Problem | None
    missing: bool


@dataclass
class QuoteReport:
    """How many quotes were verified, and the ones that could not be, with why."""

    verified: int = 0
    unverified: int = 0
    reasons: dict[str, int] = field(default_factory=dict)  # reason -> quotes it left unverified
    recorded: int = 0  # of the unverified, those the map's quote record vouches for (record.py)

    def summary(self) -> str:
        """One line for a person: ``12 quotes verified; 40 not verified: ...``."""
        done = f"{self.verified} quote{'s' * (self.verified != 1)} verified"
        if not self.unverified:
            return done
        why = ", ".join(f"{reason} ({count})" for reason, count in sorted(self.reasons.items()))
        missed = f"{self.unverified} quote{'s' * (self.unverified != 1)} not verified: {why}"
        if self.recorded:
            missed += f"; {self.recorded} of them verified earlier, as quotes.lock.json records"
        return f"{done}, {missed}" if self.verified else missed

    def as_dict(self) -> dict[str, object]:
        return {
            "verified": self.verified,
            "unverified": self.unverified,
            "reasons": dict(self.reasons),
            "recorded": self.recorded,
        }


def sources_folder(root: str | os.PathLike[str], sources_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the map at ``root`` keeps its source texts: ``sources_dir``, else ``root/sources``."""
    return Path(sources_dir) if sources_dir is not None else Path(root) / SOURCE_TEXTS


def load_text(source: Source, folder: Path) -> SourceText | Unavailable:
    """The text of ``source`` from ``folder``, cut to its ``lines``/``start``/``end``."""
    where = source.positions.get("file", source.position)
    if not source.file:
        return _unavailable(where, f"source '{source.id}' names no text file", True,
                            "add file: <name of its text file in the sources folder>")  # fmt: skip
    if file_name_problem(source.file) is not None:  # reported where it is written, as DM037
        return Unavailable("a file name that is not a plain name", None, False)
    path = folder / source.file
    if not path.exists() and not path.is_symlink():
        return _unavailable(where, f"source text '{path}' of '{source.id}' is missing", True,
                            f"put the text in {folder}/, or give --sources-dir")  # fmt: skip
    text, why = read_source_text(folder, source.file)  # regular files inside the folder, capped
    if text is None:
        return _unavailable(where, why or f"cannot read source text {path}", False)
    text = text.replace("\r\n", "\n")
    return _part(source, path, text)


def _unavailable(where: Position, message: str, missing: bool, hint: str | None = None) -> Unavailable:
    reason = "no text file named" if "names no text file" in message else (
        "text file missing" if missing else "text file unreadable")  # fmt: skip
    return Unavailable(reason, rules.SOURCE_TEXT_MISSING.at(where, message, hint), missing)


def _part(source: Source, path: Path, text: str) -> SourceText | Unavailable:
    first_line, begin, stop = 1, 0, len(text)
    span = line_range(source.lines) if source.lines else None
    if span is not None:
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        count = len(starts) - (1 if text.endswith("\n") else 0)
        first, last = span
        if first > count or (last is not None and last > count):
            where = source.positions.get("lines", source.position)
            message = (
                f"source '{source.id}': lines '{source.lines}' go beyond the {count} lines of '{path.name}'"
            )
            return _bad_part(where, message, "correct the range")
        first_line, begin = first, starts[first - 1]
        stop = starts[last] if last is not None and last < len(starts) else len(text)
    if source.start:
        found = text.find(source.start, begin, stop)
        if found < 0:
            return _marker_missing(source, "start", path)
        first_line += text.count("\n", begin, found)
        begin = found
    if source.end:
        found = text.find(source.end, begin, stop)
        if found < 0:
            return _marker_missing(source, "end", path)
        stop = found + len(source.end)
    return SourceText(source.id, path, text[begin:stop], first_line)


def _marker_missing(source: Source, key: str, path: Path) -> Unavailable:
    where = source.positions.get(key, source.position)
    message = f"source '{source.id}': {key} text not found in '{path.name}'"
    if key == "end":
        message += " after its start"
    return _bad_part(where, message, "copy it exactly from the text file")


def _bad_part(where: Position, message: str, hint: str) -> Unavailable:
    return Unavailable(
        "its part of the text not found", rules.BAD_SOURCE_PART.at(where, message, hint), False
    )


def load_texts(debate: DebateMap, folder: Path, wanted: Iterable[str] | None = None
               ) -> dict[str, SourceText | Unavailable]:  # fmt: skip
    """The texts of the sources in ``wanted`` (default: every source), by source id."""
    ids = debate.sources if wanted is None else [i for i in wanted if i in debate.sources]
    return {ident: load_text(debate.sources[ident], folder) for ident in ids}


def source_text(
    root: str | os.PathLike[str],
    debate: DebateMap,
    source_id: str,
    sources_dir: str | os.PathLike[str] | None = None,
) -> str | None:
    """The text of source ``source_id`` of the map at ``root`` (its part, if it has
    ``lines``/``start``/``end``), or ``None`` when it has none that can be read."""
    found = source_part(root, debate, source_id, sources_dir)
    return found.text if isinstance(found, SourceText) else None


def source_part(
    root: str | os.PathLike[str],
    debate: DebateMap,
    source_id: str,
    sources_dir: str | os.PathLike[str] | None = None,
) -> SourceText | Unavailable | None:
    """Like :func:`source_text`, keeping where the part starts, or why there is none;
    ``None`` when the map has no such source."""
    source = debate.sources.get(source_id)
    return None if source is None else load_text(source, sources_folder(root, sources_dir))


def verify(
    nodes: Iterable[Node],
    texts: Mapping[str, SourceText | Unavailable],
    report: QuoteReport | None = None,
) -> list[Problem]:
    """DM025 for each quote of ``nodes`` not in its source's text, with the closest
    passages as the hint, and DM042 (a warning) for quotes of one source that overlap.
    Quotes whose source has no text are counted in ``report``."""
    nodes = list(nodes)
    problems: list[Problem] = []
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for node in nodes:
        if not node.quote or not node.source or node.source not in texts:
            continue
        text = texts[node.source]
        if isinstance(text, Unavailable):
            if report is not None:
                report.unverified += 1
                report.reasons[text.reason] = report.reasons.get(text.reason, 0) + 1
            continue
        if report is not None:
            report.verified += 1
        span = text.span(node.quote)
        if span is not None:
            spans.setdefault(node.source, []).append((*span, node.id))
            continue
        message = f"quote not found in the text of source '{node.source}'"
        hint = closest_hint(node.quote, text)
        problems.append(rules.QUOTE_NOT_FOUND.at(node.where("quote"), message, hint))
    return problems + overlaps({n.id: n for n in nodes}, spans)


def overlaps(nodes: Mapping[str, Node], spans: Mapping[str, list[tuple[int, int, str]]]) -> list[Problem]:
    """DM042: quotes of one source that share words (one passage, one node). O(n log n)."""
    problems: list[Problem] = []
    for source in sorted(spans):
        furthest: tuple[int, str] | None = None
        for start, end, ident in sorted(spans[source]):
            if furthest is not None and start < furthest[0]:
                problems.append(
                    rules.OVERLAPPING_QUOTES.at(
                        nodes[ident].where("quote"),
                        f"the quote of '{ident}' overlaps the quote of '{furthest[1]}' in source '{source}'",
                        "one claim from one passage is one node: merge them, or quote distinct sentences",
                    )
                )
            if furthest is None or end > furthest[0]:
                furthest = (end, ident)
    return problems


def text_problems(texts: Mapping[str, SourceText | Unavailable], require: bool) -> list[Problem]:
    """The problems of the texts themselves: unreadable ones always, missing ones if ``require``."""
    return [
        t.problem
        for t in texts.values()
        if isinstance(t, Unavailable) and t.problem is not None and (require or not t.missing)
    ]


def suggest_quote(
    text: SourceText, words: str, limit: int = 3, min_score: float = MIN_SCORE
) -> list[Passage]:
    """The passages of ``text`` closest to ``words`` (what a person meant to quote), with
    line numbers of the file. For ``add``/``edit`` to offer when a quote is not found."""
    return find_passages(text.text, words, limit, first_line=text.first_line, min_score=min_score)


def closest_hint(quote: str, text: SourceText, limit: int = 2) -> str | None:
    """A one-line hint naming the closest passages (``line N: "..."``), or ``None``
    when the text has no sentence at all."""
    found = suggest_quote(text, quote, limit, min_score=0)
    if not found:
        return None
    shown = "; ".join(f'line {p.line}: "{_short(p.one_line())}"' for p in found)
    return f"closest passage{'s' * (len(found) > 1)}: {shown}"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote_problems(
    root: str | os.PathLike[str],
    debate: DebateMap,
    nodes: Iterable[Node],
    sources_dir: str | os.PathLike[str] | None = None,
    *,
    warn_unverified: bool = False,
) -> list[Problem]:
    """DM025 for each quote of ``nodes`` (new or changed ones) not found in its source's
    text, where that text is present. What ``add``, ``import`` and ``edit`` refuse with:
    only the texts the nodes cite are read. With ``warn_unverified``, also a DM026
    warning at each quote whose source has no text to verify it against, so that the
    person adding it hears at once, not at the next ``check``."""
    nodes = list(nodes)
    wanted = {node.source for node in nodes if node.source and node.quote}
    folder = sources_folder(root, sources_dir)
    texts = load_texts(debate, folder, wanted)
    found = verify(nodes, texts)
    if warn_unverified:
        found += unverified(nodes, texts, folder)
    return found


def unverified(
    nodes: Iterable[Node], texts: Mapping[str, SourceText | Unavailable], folder: Path
) -> list[Problem]:
    """A DM026 warning at each quote of ``nodes`` whose source's text cannot be had."""
    found = []
    for node in nodes:
        text = texts.get(node.source or "") if node.quote else None
        if isinstance(text, Unavailable):
            message = f"the quote cannot be verified: source '{node.source}' has {text.reason}"
            hint = (f"put its text in {folder}/ (debatemap add-source ID --from FILE extracts one), "
                    "then debatemap check")  # fmt: skip
            found.append(rules.SOURCE_TEXT_MISSING.warning_at(node.where("quote"), message, hint))
    return found
