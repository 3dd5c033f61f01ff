"""`shtarget record` and `shtarget sources add`: validate a new figure or source against the data, splice it
into the file's text (see edit.py) and validate the result again before anything is written.

Pure: text in, text out. Locking and the atomic write are the CLI's, through store.py.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from shtarget.assess import assess
from shtarget.check import CheckOptions, check_dataset
from shtarget.edit import EditError, Entry, add_source, put_actual
from shtarget.load import SOURCE_KINDS, YEAR_RANGE, LoadResult, load_text
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
)
from shtarget.provenance import QuoteMatch, SourceProblem, check_path, load_source_text, sha256_of
from shtarget.quantity import QuantityError, format_quantity, parse_quantity
from shtarget.reasons import explain

DONE_WORDS = {"done": True, "true": True, "yes": True, "not-done": False, "false": False, "no": False}


@dataclass(frozen=True)
class RecordRequest:
    figure_id: str
    year: int
    value: str
    source: str
    quote: str | None = None
    note: str | None = None
    replace: bool = False


@dataclass(frozen=True)
class Change:
    """A validated edit: the new text, and what it does to the figure's status."""

    old_text: str
    new_text: str
    summary: str

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
    before = load_text(text, path, display)
    if before.dataset is None or before.errors:
        return list(before.errors) or [
            Finding("unreadable", Severity.ERROR, "cannot read the file", Span(display, 1, 1))
        ]
    dataset = before.dataset
    figure = _figure(dataset, request.figure_id)
    if figure is None:
        return [_problem("unknown-target", f"unknown target or series '{request.figure_id}'", Span(display, 1, 1))]
    where = f"{figure.id} actual {request.year}"
    problems: list[Finding] = []
    value, done = _read_value(figure, request, where, problems)
    _check_year(dataset, figure, request.year, where, problems)
    _check_source(dataset, figure, request, where, problems)
    existing = next((a for a in figure.actuals if a.year == request.year), None)
    if existing is not None and not request.replace:
        shown = _describe(figure, existing)
        message = f"{where}: {request.year} is already recorded as {shown}; use --replace to overwrite it"
        problems.append(_problem("duplicate-year", message, existing.span, figure.id))
    if problems:
        return problems
    entries = [Entry("year", request.year)]
    if figure_is_milestone(figure):
        entries.append(Entry("done", bool(done)))
    else:
        entries.append(Entry("value", request.value.strip()))
    entries.append(Entry("source", request.source, raw=True))
    if request.quote is not None:
        entries.append(Entry("quote", request.quote))
    if request.note is not None:
        entries.append(Entry("note", request.note))
    edited = put_actual(text, figure.id, request.year, entries)
    if isinstance(edited, EditError):
        return [_problem("cannot-edit", edited.message, figure.span, figure.id)]
    after = _revalidate(text, edited, path, display, as_of)
    if isinstance(after, list):
        return after
    return Change(text, edited, _status_change(dataset, after, figure.id, request.year, as_of, value))


def figure_is_milestone(figure: Target | Series) -> bool:
    return isinstance(figure, Target) and figure.kind is Kind.MILESTONE


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
    dataset: Dataset, figure: Target | Series, request: RecordRequest, where: str, problems: list[Finding]
) -> None:
    source = dataset.sources.get(request.source)
    if source is None:
        close = difflib.get_close_matches(request.source, list(dataset.sources), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(
            _problem("unknown-source", f"{where}: unknown source '{request.source}'{hint}", figure.span, figure.id)
        )
        return
    if source.path is None:
        return
    if not request.quote:
        message = f"{where}: source '{source.id}' is a file, so a --quote from it is required"
        problems.append(_problem("missing-quote", message, figure.span, figure.id))
        return
    resolved = check_path(dataset.root, source.path)
    if isinstance(resolved, SourceProblem):
        problems.append(_problem(resolved.code, f"sources.{source.id}: {resolved.message}", source.span))
        return
    found = load_source_text(resolved).find(request.quote)
    if not isinstance(found, QuoteMatch):
        message = f"{where}: quote not found in {source.path}"
        if found.closest_line is not None:
            message += f"; closest passage (line {found.closest_line}): «{found.closest_passage}»"
        problems.append(_problem("quote-not-found", message, figure.span, figure.id))


def _revalidate(old: str, new: str, path: Path, display: str, as_of: int) -> Dataset | list[Finding]:
    """The edited text must load cleanly and add no finding that the original did not have."""
    result = load_text(new, path, display)
    if result.dataset is None or result.errors:
        return list(result.errors) or [_problem("cannot-edit", "the edit would break the file", Span(display, 1, 1))]
    before = load_text(old, path, display)
    known = {(f.code, f.message) for f in _all_findings(before, as_of)}
    added = [
        f for f in _all_findings(result, as_of) if (f.code, f.message) not in known and f.severity is Severity.ERROR
    ]
    return added or result.dataset


def _all_findings(result: LoadResult, as_of: int) -> tuple[Finding, ...]:
    if result.dataset is None:
        return result.findings
    return result.findings + check_dataset(result.dataset, CheckOptions(as_of))


def _status_change(
    before: Dataset, after: Dataset, figure_id: str, year: int, as_of: int, value: Quantity | None
) -> str:
    old_figure, new_figure = _figure(before, figure_id), _figure(after, figure_id)
    recorded = next((a for a in new_figure.actuals if a.year == year), None) if new_figure else None
    shown = _describe(new_figure, recorded) if new_figure is not None and recorded is not None else "?"
    if isinstance(old_figure, Target) and isinstance(new_figure, Target):
        old_status = assess(old_figure, as_of, before.settings).status
        new_assessment = assess(new_figure, as_of, after.settings)
        arrow = f"{old_status} → {new_assessment.status}" if old_status != new_assessment.status else f"{old_status}"
        return f"{figure_id} {year}: {shown}; status as of {as_of}: {arrow} ({explain(new_assessment.reason)})"
    return f"{figure_id} {year}: {shown}"


def _describe(figure: Target | Series | None, actual: Actual) -> str:
    source = actual.citation.source if actual.citation else "?"
    if actual.value is None:
        return f"{'done' if actual.done else 'not done'} ({source})"
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


def add_source_entry(text: str, path: Path, display: str, request: SourceRequest) -> Change | list[Finding]:
    before = load_text(text, path, display)
    if before.dataset is None or before.errors:
        return list(before.errors) or [_problem("unreadable", "cannot read the file", Span(display, 1, 1))]
    dataset = before.dataset
    here = Span(display, 1, 1)
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
        entries += [Entry("path", relative), Entry("sha256", sha256_of(resolved))]
    else:
        entries.append(Entry("url", request.url or ""))
    entries.append(Entry("title", request.title))
    if request.kind is not None:
        entries.append(Entry("kind", request.kind, raw=True))
    edited = add_source(text, request.source_id, entries)
    if isinstance(edited, EditError):
        return [_problem("cannot-edit", edited.message, here)]
    result = load_text(edited, path, display)
    if result.dataset is None or result.errors:
        return list(result.errors)
    return Change(text, edited, f"added source '{request.source_id}'")
