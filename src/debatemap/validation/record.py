"""The quote record: which quotes were found in their source texts, and when.

A map's texts may not travel with it (the shipped map quotes other people's
pages, which the repository must not copy). ``check --record-quotes``, run where
the texts are, writes ``quotes.lock.json``: for each source, the SHA-256 of the
text its quotes are checked against (its ``lines``/``start``/``end`` part) and
the date; for each quote, the SHA-256 of the quote as compared (folded), where it
was found in that text, and the date. Anywhere else, a quote whose words still
hash the same reads "verified against FILE on DATE"; a quote changed since, or
moved to another source or part, stops saying so at once.

Writing is explicit (``--record-quotes``), never a side effect of ``check``: a
check is a read that editors, hooks and CI run at will, and a read that wrote
would dirty working trees and give every branch its own conflicting record.
Without the flag, ``check`` compares the record with the texts that are present
and says when it is out of date (DM050).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from debatemap import rules
from debatemap.model import DebateMap, Position, Problem, Source
from debatemap.store.quoterecord import RECORD_FILE, read_record, record_path
from debatemap.validation.quotes import fold
from debatemap.validation.texts import QuoteReport, SourceText, Unavailable, load_texts, sources_folder

ABOUT = (
    "Written by `debatemap check --record-quotes`: each quote below was found in its "
    "source's text (sha256 of the text checked) on the date given. Do not edit by hand."
)


@dataclass(frozen=True)
class QuoteStatus:
    """Whether a quote reads as verified, and the phrase that says so (or why not)."""

    verified: bool
    phrase: str  # "verified against FILE on DATE" / "not verified: ..."


def today() -> str:
    """The date a record is made, UTC; ``SOURCE_DATE_EPOCH`` fixes it for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quote_digest(quote: str) -> str:
    """The hash of a quote as it is compared: folded, so re-typing a curly quote is no change."""
    return digest(fold(quote))


def _part(source: Source) -> dict[str, str]:
    """What of its file a source is: a record of one part says nothing about another."""
    spec = {"lines": source.lines, "start": source.start, "end": source.end}
    return {key: value for key, value in spec.items() if value}


def fresh_record(
    debate: DebateMap,
    texts: Mapping[str, SourceText | Unavailable],
    old: Mapping[str, Any] | None,
    date: str,
) -> dict[str, Any]:
    """The record as it should be now: every quote found in a text that is present,
    dated ``date`` unless the old record already holds the same entry (then its date
    stays, so re-recording an unchanged map changes nothing). Sources whose text is
    absent keep their old entries, and so do their quotes: they were verified once and
    say so only while their words hash the same."""
    old_sources: Mapping[str, Any] = (old or {}).get("sources", {})
    old_quotes: Mapping[str, Any] = (old or {}).get("quotes", {})
    sources: dict[str, Any] = {}
    quotes: dict[str, Any] = {}
    for ident, text in sorted(texts.items()):
        if isinstance(text, Unavailable):
            if ident in old_sources:
                sources[ident] = old_sources[ident]
            continue
        held: dict[str, Any] = {"file": text.path.name, "sha256": digest(text.text)}
        sources[ident] = _dated(held | _part(debate.sources[ident]), old_sources.get(ident), date)
    for node in sorted(debate.nodes.values(), key=lambda n: n.id):
        if not node.quote or not node.source:
            continue
        found = texts.get(node.source)
        if isinstance(found, Unavailable):
            if node.id in old_quotes and old_quotes[node.id].get("source") == node.source:
                quotes[node.id] = old_quotes[node.id]
            continue
        span = found.span(node.quote) if found is not None else None
        if span is None:
            continue
        entry: dict[str, Any] = {"source": node.source, "sha256": quote_digest(node.quote), "at": list(span)}
        quotes[node.id] = _dated(entry, old_quotes.get(node.id), date)
    return {"about": ABOUT, "sources": sources, "quotes": quotes}


def _dated(entry: dict[str, Any], old: Any, date: str) -> dict[str, Any]:
    if isinstance(old, dict) and {k: v for k, v in old.items() if k != "verified"} == entry:
        return {**entry, "verified": old["verified"]}
    return {**entry, "verified": date}


def stale_problems(
    root: str | os.PathLike[str], record: Mapping[str, Any] | None, fresh: Mapping[str, Any], require: bool
) -> list[Problem]:
    """DM050 when the record on disk differs from what the present texts give (a warning;
    an error under ``require``, so CI fails until the record is refreshed). A map with no
    record has nothing out of date."""
    if record is None:
        return []

    def strip(entries: Mapping[str, Any]) -> dict[str, Any]:
        return {k: {f: v for f, v in e.items() if f != "verified"} for k, e in entries.items()}

    changed = [
        section
        for section in ("sources", "quotes")
        if strip(record.get(section, {})) != strip(fresh.get(section, {}))
    ]
    if not changed:
        return []
    quotes_old, quotes_new = strip(record.get("quotes", {})), strip(fresh.get("quotes", {}))
    every = quotes_old.keys() | quotes_new.keys()
    differing = sorted(k for k in every if quotes_old.get(k) != quotes_new.get(k))
    what = f"{len(differing)} quote{'s' * (len(differing) != 1)}" if differing else "source texts"
    shown = f" ({', '.join(differing[:3])}{', ...' if len(differing) > 3 else ''})" if differing else ""
    message = f"{RECORD_FILE} is out of date: {what} changed since it was written{shown}"
    where = Position(str(record_path(root)), 1, 1)
    hint = "run debatemap check --record-quotes with the source texts present, and commit the record"
    if require:
        return [rules.QUOTE_RECORD_STALE.error_at(where, message, hint)]
    return [rules.QUOTE_RECORD_STALE.at(where, message, hint)]


def quote_statuses(
    debate: DebateMap,
    texts: Mapping[str, SourceText | Unavailable],
    record: Mapping[str, Any] | None,
) -> dict[str, QuoteStatus]:
    """For every node with a quote: verified now against a present text, verified earlier
    as the record says (while its words and its source's part are unchanged), or not."""
    sources: Mapping[str, Any] = (record or {}).get("sources", {})
    quotes: Mapping[str, Any] = (record or {}).get("quotes", {})
    # The same words of the same source, recorded under another id: a node renamed (or
    # removed and added again) since the record was written keeps its verification.
    by_words = {(e.get("source"), e.get("sha256")): e for _, e in sorted(quotes.items())}
    statuses: dict[str, QuoteStatus] = {}
    unavailable = QuoteStatus(False, "not verified: source text not available")  # shared: immutable
    for node in debate.nodes.values():
        if not node.quote or not node.source or node.source not in debate.sources:
            continue
        source = debate.sources[node.source]
        text = texts.get(node.source)
        if isinstance(text, SourceText):
            found = text.span(node.quote) is not None
            phrase = f"verified against {text.path.name}" if found else (
                f"not verified: the passage was not found in {text.path.name}")  # fmt: skip
            statuses[node.id] = QuoteStatus(found, phrase)
            continue
        held = sources.get(node.source)
        if not quotes or not isinstance(held, dict):  # no record to go by: no hash needed
            statuses[node.id] = unavailable
            continue
        wanted = quote_digest(node.quote)  # folding and hashing 10,000 quotes costs 0.2 s: once each
        entry = quotes.get(node.id)
        if not isinstance(entry, dict) or entry.get("sha256") != wanted:
            entry = by_words.get((node.source, wanted), entry)
        if not isinstance(entry, dict):
            statuses[node.id] = unavailable
            continue
        same_source = (
            entry.get("source") == node.source
            and held.get("file") == source.file
            and {k: held[k] for k in ("lines", "start", "end") if k in held} == _part(source)
        )
        if not same_source:
            statuses[node.id] = QuoteStatus(False, "not verified: its source changed since it was recorded")
        elif entry.get("sha256") != wanted:
            statuses[node.id] = QuoteStatus(
                False, f"not verified: the quotation changed since it was verified on {entry['verified']}"
            )
        else:
            statuses[node.id] = QuoteStatus(True, f"verified against {held['file']} on {entry['verified']}")
    return statuses


def compare_record(
    root: str | os.PathLike[str],
    debate: DebateMap,
    texts: Mapping[str, SourceText | Unavailable],
    require: bool,
    report: QuoteReport | None = None,
) -> tuple[list[Problem], dict[str, Any]]:
    """What ``check`` does with the record: read it, work out what the present texts
    give (``fresh``, for ``--record-quotes`` to write), and DM050 if they differ."""
    record, problem = read_record(root)
    fresh = fresh_record(debate, texts, record, today())
    problems = [problem] if problem is not None else []
    if report is not None and record is not None:
        report.recorded = recorded_only(debate, texts, record)
    return problems + stale_problems(root, record, fresh, require), fresh


def recorded_only(
    debate: DebateMap, texts: Mapping[str, SourceText | Unavailable], record: Mapping[str, Any] | None
) -> int:
    """How many quotes whose text is absent the record still vouches for."""
    statuses = quote_statuses(debate, texts, record)
    return sum(
        1
        for ident, status in statuses.items()
        if status.verified and isinstance(texts.get(debate.nodes[ident].source or ""), Unavailable)
    )


def map_statuses(
    root: str | os.PathLike[str], debate: DebateMap, sources_dir: str | os.PathLike[str] | None = None
) -> dict[str, QuoteStatus]:
    """The status of every quote of the map at ``root``, for the map page, brief and cards:
    its texts where present (``sources_dir``, else ``root/sources``), else its record."""

    record, _ = read_record(root)
    return quote_statuses(debate, load_texts(debate, sources_folder(root, sources_dir)), record)
