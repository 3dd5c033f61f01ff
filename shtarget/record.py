"""`shtarget record`, `sources add` and `sources pin`: validate a new figure, source or pin against the data,
splice it into the file's text (see edit.py) and validate the result again before anything is written.

Pure: text in, text out. Locking and the atomic write are the CLI's, through store.py.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from shtarget.assess import assess
from shtarget.check import CheckOptions, check_dataset
from shtarget.edit import EditError, add_source, pin_source, put_actual
from shtarget.fileformat import SOURCE_KINDS, YEAR_RANGE
from shtarget.load import LoadResult, load_text
from shtarget.model import (
    Actual,
    Dataset,
    Finding,
    Kind,
    Quantity,
    Series,
    Severity,
    Span,
    Target,
    iter_citations,
    period_text,
    slot_of,
)
from shtarget.provenance import QuoteMatch, SourceProblem, SourceText, check_path, load_source_text, sha256_of
from shtarget.quantity import QuantityError, format_quantity, parse_quantity
from shtarget.reasons import explain
from shtarget.safe import visible
from shtarget.scalars import Entry, Style

# A command-line argument that was not UTF-8 reaches Python with its bytes as lone surrogates.
_SURROGATE = re.compile("[\ud800-\udfff]")
# A milestone's VALUE, in the words `status` prints in either language.
DONE_WORDS = {
    "done": True, "true": True, "yes": True, "完成": True, "已完成": True,
    "not-done": False, "false": False, "no": False, "未完成": False,
}  # fmt: skip


@dataclass(frozen=True)
class RecordRequest:
    figure_id: str
    year: int
    value: str
    source: str
    quote: str | None = None
    note: str | None = None
    replace: bool = False
    months: int | None = None  # a part-year figure: the first N months of `year`
    scope: str | None = None
    breaks: bool = False
    lang: str = "en"  # of the summary line

    @property
    def slot(self) -> tuple[int, int]:
        return slot_of(self.year, self.months)


@dataclass(frozen=True)
class Change:
    """A validated edit: the new text, what it does to the figure's status, and the warnings `check` would
    give that the file did not have before (e.g. a quote that does not state the number)."""

    old_text: str
    new_text: str
    summary: str
    warnings: tuple[Finding, ...] = ()

    def diff(self, name: str) -> str:
        return "".join(
            difflib.unified_diff(
                self.old_text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
        )


def record_actual(text: str, path: Path, display: str, request: RecordRequest, as_of: int) -> Change | list[Finding]:
    here = Span(display, 1, 1)
    arguments = {
        "TARGET_ID": request.figure_id,
        "VALUE": request.value,
        "--source": request.source,
        "--quote": request.quote,
        "--note": request.note,
        "--scope": request.scope,
    }
    problems = not_utf8(arguments.items(), here)
    if problems:
        return problems
    before = load_text(text, path, display)
    if before.dataset is None or before.errors:
        return list(before.errors) or [Finding("unreadable", Severity.ERROR, "cannot read the file", here)]
    dataset = before.dataset
    figure = _figure(dataset, request.figure_id)
    if figure is None:
        targets_key = section_span(text, display, "targets")
        return [_problem("unknown-target", _unknown_figure(dataset, request.figure_id), targets_key)]
    where = f"{figure.id} actual {period_text(request.year, request.months)}"
    _, done = _read_value(figure, request, where, problems)
    if request.months is not None and not 1 <= request.months <= 11:
        message = f"{where}: --months is the number of months covered, 1 to 11, got {request.months}"
        problems.append(_problem("bad-months", message, figure.span, figure.id))
    elif request.months is not None and figure_is_milestone(figure):
        message = f"{where}: a milestone is done or not; it has no part-year figure"
        problems.append(_problem("unexpected-field", message, figure.span, figure.id))
    _check_year(dataset, figure, request.year, where, problems)
    _check_source(dataset, figure, request, where, problems, section_span(text, display, "sources"))
    existing = next((a for a in figure.actuals if a.slot == request.slot), None)
    if existing is not None and not request.replace:
        shown = _describe(figure, existing)
        message = f"{where}: {existing.period} is already recorded as {shown}; use --replace to overwrite it"
        problems.append(_problem("duplicate-year", message, existing.span, figure.id))
    elif existing is not None:
        problems += _kept_on_replace(existing, request, where, figure.id)
    if problems:
        return problems
    entries = [Entry("year", request.year)]
    if request.months is not None:
        entries.append(Entry("months", request.months))
    if figure_is_milestone(figure):
        entries.append(Entry("done", bool(done)))
    elif is_real_growth(figure):
        entries.append(Entry("rate", str(real_rate(request.value)), Style.QUANTITY))
    else:
        entries.append(Entry("value", request.value.strip(), Style.QUANTITY))
    entries.append(Entry("source", request.source, Style.WORD))
    if request.quote is not None:
        entries.append(Entry("quote", request.quote))
    if request.note is not None:
        entries.append(Entry("note", request.note))
    if request.scope is not None:
        entries.append(Entry("scope", request.scope))
    if request.breaks:
        entries.append(Entry("break", True))
    edited = put_actual(text, figure.id, request.slot, entries)
    if isinstance(edited, EditError):
        return [_problem("cannot-edit", edited.message, figure.span, figure.id)]
    after = _revalidate(before, edited, path, display, as_of)
    if isinstance(after, list):
        return after
    dataset_after, warnings = after
    if request.year > as_of:
        message = f"{where}: {request.year} is after the current year {as_of}; a figure for a year not yet over"
        future = Finding("future-year", Severity.WARNING, message + " is unusual (a typo?)", figure.span, figure.id)
        warnings += (future,)
    summary = _status_change(dataset, dataset_after, figure.id, request.slot, as_of, request.lang)
    return Change(text, edited, summary, warnings)


def section_span(text: str, display: str, section: str) -> Span:
    """Where a top-level section's key is written (`targets:`), for a finding about the section as a whole:
    an id it does not hold. The file's top when the key is not plain at the start of a line ({targets: …})."""
    found = re.search(rf"^\ufeff?{section}[ \t]*:", text, re.MULTILINE)
    return Span(display, text.count("\n", 0, found.start()) + 1, 1) if found is not None else Span(display, 1, 1)


def _kept_on_replace(existing: Actual, request: RecordRequest, where: str, figure_id: str) -> list[Finding]:
    """`--replace` rewrites the figure's lines: what it carries that the request does not say again would be
    lost without a word (a break's link, an accepted warning, a scope, a note). Refused, naming them."""
    lost = [
        name
        for name, kept in (
            ("break", existing.breaks and not request.breaks),
            ("scope", existing.scope is not None and request.scope is None),
            ("note", existing.note is not None and request.note is None),
            ("link", existing.link is not None),
            ("accept", existing.citation is not None and existing.citation.accept is not None),
        )
        if kept
    ]
    if not lost:
        return []
    message = (
        f"{where}: --replace would drop the figure's {', '.join(lost)}; give --break, --scope or --note again,"
        " or edit the file (a link or an accept) by hand"
    )
    return [_problem("cannot-edit", message, existing.span, figure_id)]


def not_utf8(arguments: Iterable[tuple[str, str | None]], span: Span) -> list[Finding]:
    """Arguments that were not UTF-8 on the command line (Python keeps their bytes as lone surrogates, which
    no file can hold): one finding each, naming the argument and the first such byte."""
    problems = []
    for name, value in arguments:
        bad = _SURROGATE.search(value or "")
        if bad is not None:
            code = ord(bad.group())
            byte = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
            message = f"{name} is not valid UTF-8 text ({byte}); give it in UTF-8"
            problems.append(Finding("not-utf8", Severity.ERROR, message, span))
    return problems


def _unknown_figure(dataset: Dataset, figure_id: str) -> str:
    ids = [figure.id for figure in dataset.figures]
    close = difflib.get_close_matches(figure_id, ids, n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"unknown target or series '{visible(figure_id)}'{hint}"


def figure_is_milestone(figure: Target | Series) -> bool:
    return isinstance(figure, Target) and figure.kind is Kind.MILESTONE


def is_real_growth(figure: Target | Series) -> bool:
    """A growth target at comparable prices: its actuals are the published yearly rates."""
    return isinstance(figure, Target) and figure.kind is Kind.GROWTH and figure.basis == "real"


def real_rate(text: str) -> float | None:
    """A year's rate as `record` takes it: 5.4, +5.4, 5.4%, -0.2% (percent, the sign optional)."""
    cleaned = text.strip().removesuffix("%").removesuffix("％").strip()
    try:
        rate = float(cleaned)
    except ValueError:
        return None
    return rate if math.isfinite(rate) else None


def _figure(dataset: Dataset, figure_id: str) -> Target | Series | None:
    return next((figure for figure in dataset.figures if figure.id == figure_id), None)


def _read_value(
    figure: Target | Series, request: RecordRequest, where: str, problems: list[Finding]
) -> tuple[Quantity | None, bool | None]:
    if figure_is_milestone(figure):
        done = DONE_WORDS.get(request.value.strip().lower())
        if done is None:
            message = f"{where}: a milestone records done or not-done, got '{request.value}'"
            problems.append(_problem("bad-quantity", message, figure.span, figure.id))
        return None, done
    if is_real_growth(figure):
        if real_rate(request.value) is None:
            message = f"{where}: a growth target at comparable prices records the year's rate in percent, e.g. 5.4"
            problems.append(_problem("bad-quantity", f"{message}, got '{request.value}'", figure.span, figure.id))
        return None, None
    parsed = parse_quantity(request.value, figure.unit)
    if isinstance(parsed, QuantityError):
        problems.append(_problem(parsed.code, f"{where}: {parsed.message}", figure.span, figure.id))
        return None, None
    return parsed, None


def _check_year(dataset: Dataset, figure: Target | Series, year: int, where: str, problems: list[Finding]) -> None:
    low, high = YEAR_RANGE
    if isinstance(figure, Target):
        plan = dataset.plans[figure.plan]
        if plan.period is not None:
            starts = [plan.period[0] - 1] + ([figure.baseline.year] if figure.baseline else [])
            low, high = min(starts), plan.period[1]
    if not low <= year <= high:
        message = f"{where}: year {year} is outside {low}–{high}, the years this figure's plan covers"
        problems.append(_problem("year-out-of-range", message, figure.span, figure.id))


def _check_source(
    dataset: Dataset,
    figure: Target | Series,
    request: RecordRequest,
    where: str,
    problems: list[Finding],
    sources_key: Span,
) -> None:
    """A source that exists (else the finding points at `sources:`, where it would be added) and, for a file,
    a quote found in it (the findings point at the source, whose file it is)."""
    source = dataset.sources.get(request.source)
    if source is None:
        close = difflib.get_close_matches(request.source, list(dataset.sources), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(
            _problem("unknown-source", f"{where}: unknown source '{request.source}'{hint}", sources_key, figure.id)
        )
        return
    if source.path is None:
        return
    if not request.quote:
        message = f"{where}: source '{source.id}' is a file, so a --quote from it is required"
        problems.append(_problem("missing-quote", message, source.span, figure.id))
        return
    resolved = check_path(dataset.root, source.path)
    if isinstance(resolved, SourceProblem):
        problems.append(_problem(resolved.code, f"sources.{source.id}: {resolved.message}", source.span))
        return
    try:
        found = load_source_text(resolved).find(request.quote)
    except OSError as exc:
        message = f"sources.{source.id}: cannot read {source.path}: {exc.strerror or exc}"
        problems.append(_problem("source-unreadable", message, source.span))
        return
    if not isinstance(found, QuoteMatch):
        message = f"{where}: quote not found in {source.path}"
        if found.closest_line is not None:
            message += f"; closest passage (line {found.closest_line}): «{found.closest_passage}»"
        problems.append(_problem("quote-not-found", message, source.span, figure.id))


def _revalidate(
    old: str | LoadResult, new: str, path: Path, display: str, as_of: int
) -> tuple[Dataset, tuple[Finding, ...]] | list[Finding]:
    """The edited text must load cleanly and add no error that the original did not have; the warnings it
    adds (check's rules, run on the whole file) come back with the new dataset. `old` may be the original's
    text or, when the caller has loaded it already, its load result (a large file then loads once less)."""
    result = load_text(new, path, display)
    if result.dataset is None or result.errors:
        return list(result.errors) or [_problem("cannot-edit", "the edit would break the file", Span(display, 1, 1))]
    before = load_text(old, path, display) if isinstance(old, str) else old
    known = {(f.code, f.message) for f in _all_findings(before, as_of)}
    added = [f for f in _all_findings(result, as_of) if (f.code, f.message) not in known]
    errors = [f for f in added if f.severity is Severity.ERROR]
    return errors or (result.dataset, tuple(f for f in added if f.severity is not Severity.ERROR))


def _all_findings(result: LoadResult, as_of: int) -> tuple[Finding, ...]:
    if result.dataset is None:
        return result.findings
    return result.findings + check_dataset(result.dataset, CheckOptions(as_of))


def _status_change(
    before: Dataset, after: Dataset, figure_id: str, slot: tuple[int, int], as_of: int, lang: str = "en"
) -> str:
    """What `record` says it did, in `lang`: the figure written, and the target's status before and after."""
    from shtarget.render.messages import message
    from shtarget.render.words import status_word

    old_figure, new_figure = _figure(before, figure_id), _figure(after, figure_id)
    recorded = next((a for a in new_figure.actuals if a.slot == slot), None) if new_figure else None
    year, months = slot[0], (slot[1] if slot[1] != 12 else None)
    period = period_text(year, months) if lang == "en" else (f"{year}年1—{months}月" if months else f"{year}年")
    shown = _describe(new_figure, recorded, lang) if new_figure is not None and recorded is not None else "?"
    line = message("recorded", lang, figure=figure_id, period=period, value=shown)
    if isinstance(old_figure, Target) and isinstance(new_figure, Target):
        old_status = assess(old_figure, as_of, before.settings).status
        new_assessment = assess(new_figure, as_of, after.settings)
        was, now = status_word(old_status, lang), status_word(new_assessment.status, lang)
        change = f"{was} → {now}" if old_status != new_assessment.status else was
        why = explain(new_assessment.reason, lang, new_figure.unit)
        line += message("status-change", lang, year=as_of, change=change, why=why)
    return line


def _describe(figure: Target | Series | None, actual: Actual, lang: str = "en") -> str:
    source = actual.citation.source if actual.citation else "?"
    if actual.value is None:
        done = ("done" if actual.done else "not done") if lang == "en" else ("已完成" if actual.done else "未完成")
        return f"{done} ({source})"
    unit = figure.unit if figure is not None else ""
    return f"{format_quantity(actual.value.value, unit, 'zh', actual.value.qualifier)} ({source})"


def _problem(code: str, message: str, span: Span, target: str | None = None) -> Finding:
    return Finding(code, Severity.ERROR, message, span, target)


# --- sources add ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRequest:
    source_id: str
    title: str
    path: str | None = None
    url: str | None = None
    kind: str | None = None
    lang: str = "en"  # of the summary line


def add_source_entry(text: str, path: Path, display: str, request: SourceRequest) -> Change | list[Finding]:
    here = section_span(text, display, "sources")  # where the new source would go
    arguments = {
        "ID": request.source_id,
        "--title": request.title,
        "--path": request.path,
        "--url": request.url,
        "--kind": request.kind,
    }
    problems = not_utf8(arguments.items(), here)
    if problems:
        return problems
    before = load_text(text, path, display)
    if before.dataset is None or before.errors:
        return list(before.errors) or [_problem("unreadable", "cannot read the file", here)]
    dataset = before.dataset
    if request.source_id in dataset.sources:
        existing = dataset.sources[request.source_id]
        return [_problem("duplicate-key", f"sources.{request.source_id}: already defined", existing.span)]
    if request.kind is not None and request.kind not in SOURCE_KINDS:
        return [_problem("bad-enum", f"--kind: expected one of {', '.join(SOURCE_KINDS)}", here)]
    entries: list[Entry] = []
    if request.path is not None:
        resolved = check_path(dataset.root, request.path)
        if isinstance(resolved, SourceProblem):
            return [_problem(resolved.code, f"sources.{request.source_id}: {resolved.message}", here)]
        relative = resolved.relative_to(dataset.root.resolve()).as_posix()
        try:
            digest = sha256_of(resolved)
        except OSError as exc:
            return [_problem("source-unreadable", f"cannot read {request.path}: {exc.strerror or exc}", here)]
        entries += [Entry("path", relative), Entry("sha256", digest)]
    else:
        url = request.url or ""
        problem = url_problem(url)
        if problem is not None:
            return [_problem("bad-source", f"--url: {problem}", here)]
        entries.append(Entry("url", url))
    entries.append(Entry("title", request.title))
    if request.kind is not None:
        entries.append(Entry("kind", request.kind, Style.WORD))
    edited = add_source(text, request.source_id, entries)
    if isinstance(edited, EditError):
        return [_problem("cannot-edit", edited.message, here)]
    result = load_text(edited, path, display)
    if result.dataset is None or result.errors:
        return list(result.errors)
    return Change(text, edited, _say("source-added", request.lang, id=request.source_id))


# Inside a URL these end it or start markup where it is shown (a report, a terminal): whitespace of any
# script, controls, and the characters RFC 3986 leaves out because they delimit URLs in text.
_NOT_IN_URL = re.compile('[\\s\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff<>"`\\\\]')


def url_problem(url: str) -> str | None:
    """Why `url` is not a public web address shtarget should keep, or None: http(s), a host, nothing that
    would end or break it where it is shown."""
    from urllib.parse import urlsplit

    bad = _NOT_IN_URL.search(url)
    if bad is not None:
        return f"'{visible(url)}' holds {visible(repr(bad.group()))}, which a URL cannot contain (percent-encode it)"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"'{visible(url)}' is not a URL ({exc})"
    if not url.startswith(("http://", "https://")) or not parts.hostname:  # the loader's rule: lower case
        return f"'{visible(url)}' is not an http(s) URL with a host, e.g. https://example.org/bulletin-2025"
    return None


# --- sources pin ------------------------------------------------------------------------------------------


def pin_source_entry(text: str, path: Path, display: str, source_id: str, lang: str = "en") -> Change | list[Finding]:
    """Re-pin a file source to its file's sha256 as it is now. Each quote citing the source that the file no
    longer holds comes back as a warning (`quote-not-found`), so `--strict` can refuse; already pinned to
    that hash, the change is empty."""
    here = section_span(text, display, "sources")
    problems = not_utf8([("ID", source_id)], here)
    if problems:
        return problems
    before = load_text(text, path, display)
    if before.dataset is None or before.errors:
        return list(before.errors) or [_problem("unreadable", "cannot read the file", here)]
    dataset = before.dataset
    source = dataset.sources.get(source_id)
    if source is None:
        close = difflib.get_close_matches(source_id, list(dataset.sources), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return [_problem("unknown-source", f"unknown source '{visible(source_id)}'{hint}", here)]
    if source.path is None:
        message = f"sources.{source_id} is a URL source; only a file source (path:) has a sha256 to pin"
        return [_problem("bad-source", message, source.span)]
    resolved = check_path(dataset.root, source.path)
    if isinstance(resolved, SourceProblem):
        return [_problem(resolved.code, f"sources.{source_id}: {resolved.message}", source.span)]
    try:
        digest = sha256_of(resolved)
        source_text = load_source_text(resolved)
    except OSError as exc:
        return [_problem("source-unreadable", f"sources.{source_id}: cannot read {source.path}: {exc}", source.span)]
    old = source.sha256 or "none"
    if source.sha256 == digest:
        return Change(text, text, _say("already-pinned", lang, id=source_id, path=source.path, digest=digest))
    edited = pin_source(text, source_id, digest)
    if isinstance(edited, EditError):
        return [_problem("cannot-edit", edited.message, source.span)]
    after = load_text(edited, path, display)
    if after.dataset is None or after.errors or after.dataset.sources[source_id].sha256 != digest:
        return list(after.errors) or [_problem("cannot-edit", "the edit would not pin the file", source.span)]
    missing = tuple(_quotes_missing(dataset, source_id, source_text))
    lost = _say("quotes-lost", lang, count=len(missing), s="s" * (len(missing) != 1)) if missing else ""
    summary = _say("pinned", lang, id=source_id, path=source.path, old=old, new=digest) + lost
    return Change(text, edited, summary, missing)


def _quotes_missing(dataset: Dataset, source_id: str, source_text: SourceText) -> Iterable[Finding]:
    """A warning for each quote of a figure citing `source_id` that its file does not hold."""
    source_path = dataset.sources[source_id].path
    for figure in dataset.figures:
        for field_name, citation in iter_citations(figure):
            if citation.source != source_id or not citation.quote:
                continue
            found = source_text.find(citation.quote)
            if isinstance(found, QuoteMatch):
                continue
            message = f"{figure.id} {field_name}: quote not found in {source_path} as it is now"
            if found.closest_line is not None:
                message += f"; closest passage (line {found.closest_line}): «{found.closest_passage}»"
            span = citation.quote_span or citation.span
            yield Finding("quote-not-found", Severity.WARNING, message, span, figure.id)


def _say(key: str, lang: str, **values: object) -> str:
    from shtarget.render.messages import message

    return message(key, lang, **values)
