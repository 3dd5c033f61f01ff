"""The rules `shtarget check` runs after loading, each producing `Finding`s with a stable code.

Structural rules live in the loader (they need the YAML nodes); this module adds provenance (files, pins,
quotes), sanity (numbers in quotes, titles, unused sources) and the status gate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from shtarget.assess import assess_dataset
from shtarget.load import DEFAULT_MAX_BYTES, LoadResult, load_file
from shtarget.model import (
    Accept,
    Actual,
    Citation,
    Dataset,
    Finding,
    Kind,
    Qualifier,
    Quantity,
    Series,
    Severity,
    Source,
    Span,
    Status,
    Target,
    iter_citations,
)
from shtarget.provenance import QuoteMatch, SourceText, check_path, load_source_text, sha256_of
from shtarget.quantity import (
    format_exact,
    format_number,
    fractional_count,
    is_count,
    multiple_stated,
    parse_unit,
    part_year_stated,
    quantities_in,
    quote_states,
    states,
)
from shtarget.reasons import explain
from shtarget.relations import evaluate_relations


@dataclass(frozen=True)
class CheckOptions:
    as_of: int
    fail_on: frozenset[Status] = field(default_factory=frozenset)
    complete: bool = True  # False when loading dropped targets; rules that need the whole picture then wait


def check_dataset(dataset: Dataset, options: CheckOptions) -> tuple[Finding, ...]:
    texts, findings = _check_sources(dataset)
    findings += list(_check_quotes(dataset, texts))
    findings += list(_check_numbers(dataset))
    findings += list(_check_counts(dataset))
    findings += list(_check_reviews(dataset))
    findings += list(_check_scope_changes(dataset))
    findings += list(_check_accepts(dataset))
    findings += list(_check_relations(dataset))
    if options.complete:
        findings += list(_check_unused_sources(dataset))
        findings += list(_gate(dataset, options))
    return _mark_accepted(dataset, findings)


def _mark_accepted(dataset: Dataset, findings: list[Finding]) -> tuple[Finding, ...]:
    """Warnings a figure's `accept` names carry its reason. A warning belongs to a figure when it is located
    in it (its source, quote or mapping); a goal's evidence is one figure, whichever quote carries `accept`."""
    owned: dict[tuple[str, Span], Accept] = {}
    for figure in dataset.figures:
        parts: list[tuple[tuple[Span, ...], tuple[Citation, ...]]] = []
        if isinstance(figure, Target):
            if figure.baseline is not None and figure.baseline.citation is not None:
                parts.append(((figure.baseline.span,), (figure.baseline.citation,)))
            parts.append(((), figure.evidence))
        parts += [((actual.span,), (actual.citation,)) for actual in figure.actuals if actual.citation is not None]
        for spans, citations in parts:
            accept = next((citation.accept for citation in citations if citation.accept is not None), None)
            if accept is None:
                continue
            for span in (*spans, *(s for c in citations for s in (c.span, c.quote_span) if s is not None)):
                owned[(figure.id, span)] = accept
    marked = []
    for finding in findings:
        accept = owned.get((finding.target or "", finding.span))
        if finding.severity is Severity.WARNING and accept is not None and finding.code in accept.codes:
            finding = finding._replace(accepted=accept.reason)
        marked.append(finding)
    return tuple(marked)


def check_file(path: Path, display: str, options: CheckOptions, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Load and check a file: every finding, each with its line and column."""
    result = load_file(path, display, max_bytes=max_bytes)
    if not result.readable or result.dataset is None:
        return result
    complete = replace(options, complete=not result.errors)
    findings = result.findings + check_dataset(result.dataset, complete)
    return LoadResult(result.dataset, sort_findings(findings))


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.span.path, f.span.line, f.span.col, f.code)))


def locate_quotes(dataset: Dataset) -> dict[tuple[str, str], int]:
    """(target id, field) → the line its quote starts on, for links like seeds/F#L75; misses are left out."""
    texts, _ = _check_sources(dataset)
    lines = {}
    for target in dataset.figures:
        for field_name, citation in iter_citations(target):
            text = texts.get(citation.source or "")
            if text is not None and citation.quote:
                match = text.find(citation.quote)
                if isinstance(match, QuoteMatch):
                    lines[(target.id, field_name)] = match.line
    return lines


def _check_sources(dataset: Dataset) -> tuple[dict[str, SourceText], list[Finding]]:
    """Every file source resolves inside the repository and matches its pin; returns the readable texts."""
    texts: dict[str, SourceText] = {}
    findings: list[Finding] = []
    for source in dataset.sources.values():
        if source.url is not None and not source.title:
            findings.append(
                _warning("source-without-title", f"sources.{source.id}: external source has no title", source)
            )
        if source.path is None:
            continue
        resolved = check_path(dataset.root, source.path)
        if not isinstance(resolved, Path):
            findings.append(
                Finding(resolved.code, Severity.ERROR, f"sources.{source.id}: {resolved.message}", source.span)
            )
            continue
        try:
            if source.sha256 is not None and (actual := sha256_of(resolved)) != source.sha256:
                message = (
                    f"sources.{source.id}: {source.path} has sha256 {actual}, pinned {source.sha256}"
                    f" (after a deliberate edit of the file, `shtarget sources pin {source.id}` re-pins it)"
                )
                findings.append(Finding("sha256-mismatch", Severity.ERROR, message, source.span))
            texts[source.id] = load_source_text(resolved)
        except OSError as exc:
            message = f"sources.{source.id}: cannot read {source.path}: {exc.strerror or exc}"
            findings.append(Finding("source-unreadable", Severity.ERROR, message, source.span))
    return texts, findings


def _check_quotes(dataset: Dataset, texts: dict[str, SourceText]) -> Iterator[Finding]:
    for target in dataset.figures:
        for field_name, citation in iter_citations(target):
            text = texts.get(citation.source or "")
            if text is None or not citation.quote:
                continue
            found = text.find(citation.quote)
            if isinstance(found, QuoteMatch):
                continue
            path = dataset.sources[citation.source or ""].path
            message = f"{target.id} {field_name}: quote not found in {path}"
            if found.closest_line is not None:
                message += f"; closest passage (line {found.closest_line}): «{found.closest_passage}»"
            yield Finding("quote-not-found", Severity.ERROR, message, _quote_span(citation), target.id)


def _check_numbers(dataset: Dataset) -> Iterator[Finding]:
    """A quote backing a figure should state it as a quantity: its number, magnitude and qualifier, and the
    part of the year it covers. Zero is exempt: a running total starts at 0 unwritten."""
    for target in dataset.targets:
        baseline = target.baseline
        if baseline is not None and baseline.value is not None and baseline.citation is not None:
            yield from _figure_in_quote(target, "baseline", baseline.citation, baseline.value)
        yield from _goal_in_evidence(target)
    for figure in dataset.figures:
        for actual in figure.actuals:
            if actual.value is not None and actual.citation is not None:
                yield from _figure_in_quote(figure, f"actual {actual.year}", actual.citation, actual.value)
                yield from _part_year_in_quote(figure, actual, actual.citation)


def _figure_in_quote(
    figure: Target | Series, field_name: str, citation: Citation, value: Quantity
) -> Iterator[Finding]:
    if not citation.quote or value.value == 0:
        return
    where, span = f"{figure.id} {field_name}", _quote_span(citation)
    said = [stated for stated in quantities_in(citation.quote) if states(stated, value.value, figure.unit)]
    if not said:
        slip = _magnitude_slip(figure, where, [citation.quote], value, figure.unit, span)
        message = f"{where}: quote does not state the value {value.value:g} {figure.unit}"
        yield slip or Finding("number-not-in-quote", Severity.WARNING, message, span, figure.id)
        return
    if any(stated.qualifier in (value.qualifier, None) for stated in said):
        return  # as recorded, or the quote's own words contradict each other and settle nothing
    stated = said[0]
    if value.qualifier is Qualifier.EXACT:
        message = (
            f"{where}: the quote says «{stated.text}» ({stated.qualifier}) but the value {value.text!r} is exact;"
            f" record it as the quote does, '{stated.text}'"
        )
        yield Finding("qualifier-dropped", Severity.WARNING, message, span, figure.id)
    else:
        message = f"{where}: the value {value.text!r} is {value.qualifier} but the quote says «{stated.text}»"
        message += f" ({stated.qualifier})" if stated.qualifier is not Qualifier.EXACT else ", exactly"
        yield Finding("qualifier-mismatch", Severity.WARNING, message, span, figure.id)


def _magnitude_slip(
    figure: Target | Series, where: str, quotes: list[str], value: Quantity, unit: str, span: Span
) -> Finding | None:
    """The digits of `value` stated at another magnitude (2.5 家 against 突破2.5万家, 3.2亿元 against 3.2万亿元):
    an error, where digits found nowhere are only a warning, since the figure is then surely wrong. Only a
    quantity written with its magnitude or unit counts: a bare "01" in a date or "1-11月" says no magnitude."""
    written = {Decimal(repr(value.value))} | {stated.number for stated in quantities_in(value.text)[:1]}
    for quote in quotes:
        for stated in quantities_in(quote):
            converted = stated.in_unit(unit)
            if stated.number in written and converted is not None and (stated.magnitude or stated.unit):
                message = (
                    f"{where}: the value {value.text!r} ({format_exact(value.value, unit, 'zh')}) is a magnitude"
                    f" away from the quote's «{stated.text}» ({format_exact(float(converted), unit, 'zh')})"
                )
                return Finding("magnitude-mismatch", Severity.ERROR, message, span, figure.id)
    return None


def _part_year_in_quote(figure: Target | Series, actual: Actual, citation: Citation) -> Iterator[Finding]:
    """A quote about the first months of a year backs a part-year figure, which says so with `months`."""
    periods = part_year_stated(citation.quote or "")
    if not periods or any(months == actual.months for _, months in periods):
        return
    phrase, months = periods[0]
    where = f"{figure.id} actual {actual.year}"
    if actual.months is None:
        message = f"{where}: the quote speaks of {phrase} ({months} months); add months: {months}"
    else:
        message = f"{where}: the quote speaks of {phrase} ({months} months), but months is {actual.months}"
    yield Finding("part-year-quote", Severity.WARNING, message, _quote_span(citation), figure.id)


def _goal_in_evidence(target: Target) -> Iterator[Finding]:
    goal = target.goal
    if target.kind is Kind.LEVEL and goal.value is not None:
        value, unit = goal.value, target.unit
    elif target.kind is Kind.GROWTH and goal.rate is not None:
        value, unit = Quantity(goal.rate, Qualifier.EXACT, f"{goal.rate:g}%"), "%"
    else:
        return
    quotes = [citation.quote for citation in target.evidence if citation.quote]
    if target.kind is Kind.LEVEL and _states_a_multiple_of_the_base(target, quotes):
        return
    if quotes and value.value != 0 and not any(quote_states(quote, value.value, unit) for quote in quotes):
        where, span = f"{target.id} evidence", _quote_span(target.evidence[0])
        message = f"{where}: no quote states the target {value.value:g} {unit}"
        slip = _magnitude_slip(target, where, quotes, value, unit, span)
        yield slip or Finding("number-not-in-quote", Severity.WARNING, message, span, target.id)


def _check_counts(dataset: Dataset) -> Iterator[Finding]:
    """A count of firms, items or projects is whole: 2.5 家 is a slip for 2.5万家."""
    for figure in dataset.figures:
        if not is_count(figure.unit, figure.name):
            continue
        values: list[tuple[str, Quantity | None, Span]] = []
        if isinstance(figure, Target):
            if figure.baseline is not None:
                values.append(("baseline", figure.baseline.value, figure.baseline.span))
            values.append(("target", figure.goal.value, figure.goal.span))
        values += [(f"actual {actual.year}", actual.value, actual.span) for actual in figure.actuals]
        for field_name, value, span in values:
            if value is not None and fractional_count(value.value, figure.unit, figure.name):
                message = (
                    f"{figure.id} {field_name}: {value.text!r} is {format_exact(value.value, figure.unit, 'zh')},"
                    f" not a whole number of {parse_unit(figure.unit).base}; a magnitude may be missing (2.5万)"
                )
                yield Finding("fractional-count", Severity.ERROR, message, span, figure.id)


def _check_reviews(dataset: Dataset) -> Iterator[Finding]:
    """Targets and actuals still marked as drafts, and figures measured on another statistical scope than their
    target."""
    for figure in dataset.figures:
        for actual in figure.actuals:
            if actual.draft:
                months = f" --months {actual.months}" if actual.months else ""
                message = (
                    f"{figure.id} actual {actual.period}: proposed by `shtarget scan`, not assessed until reviewed;"
                    f" check it against its quote, then `shtarget review accept {figure.id} {actual.year}{months}`"
                    " (or `drop`)"
                )
                yield Finding("draft-actual", Severity.WARNING, message, actual.span, figure.id)
    for target in dataset.targets:
        if target.draft:
            message = f"{target.id}: drafted by `shtarget extract`; review it, then remove `draft: true`"
            yield Finding("draft-target", Severity.WARNING, message, target.span, target.id)
        if target.scope is None:
            continue
        for actual in target.actuals:
            if actual.scope is not None and actual.scope != target.scope:
                message = (
                    f"{target.id} actual {actual.year}: scope '{actual.scope}' differs from the target's"
                    f" '{target.scope}'; the figures may not be comparable"
                )
                yield Finding("scope-mismatch", Severity.WARNING, message, actual.span, target.id)


# The warnings about one figure that a person may review and accept on it. Errors never; nor a draft's warning,
# which only a review ends (`shtarget review`).
ACCEPTABLE = frozenset(
    {"number-not-in-quote", "qualifier-dropped", "qualifier-mismatch", "part-year-quote", "scope-mismatch",
     "scope-mixed"}
)  # fmt: skip


def _check_accepts(dataset: Dataset) -> Iterator[Finding]:
    """An `accept` names warnings a figure can carry: a misspelt code, an error or a draft's warning would
    otherwise accept nothing without a word, or hide what must not be hidden."""
    import difflib

    for figure in dataset.figures:
        for _, citation in iter_citations(figure):
            accept = citation.accept
            if accept is None:
                continue
            for code in sorted(accept.codes - ACCEPTABLE):
                close = difflib.get_close_matches(code, sorted(ACCEPTABLE), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                message = (
                    f"{figure.id} accept.codes: '{code}' is not a warning a figure can accept{hint}; one of "
                    + ", ".join(sorted(ACCEPTABLE))
                )
                yield Finding("bad-accept", Severity.ERROR, message, accept.span, figure.id)


def _check_scope_changes(dataset: Dataset) -> Iterator[Finding]:
    """A target with no scope of its own whose figures change scope, unmarked: a change of statistical basis
    (assess treats it as a `break`), reported at the figure whose scope changes."""
    for target in dataset.targets:
        if target.scope is not None:
            continue  # `scope-mismatch` reports figures off the target's own scope
        scope = None
        for actual in sorted(target.actuals, key=lambda a: (a.year, a.months or 12)):
            if actual.scope is not None and scope is not None and actual.scope != scope and not actual.breaks:
                message = (
                    f"{target.id} actual {actual.year}: scope '{actual.scope}' after '{scope}'; a change of"
                    " statistical basis, so growth does not span it (mark it `break: true`, with a `link` if one is"
                    " published)"
                )
                yield Finding("scope-mixed", Severity.WARNING, message, actual.span, target.id)
            scope = actual.scope or scope


def _states_a_multiple_of_the_base(target: Target, quotes: list[str]) -> bool:
    """ "翻一番" states twice the baseline: a target of exactly that multiple is stated by the quote."""
    baseline, goal = target.baseline, target.goal.value
    if baseline is None or baseline.value is None or goal is None:
        return False
    for quote in quotes:
        factor = multiple_stated(quote)
        if factor is not None and math.isclose(goal.value, factor * baseline.value.value, rel_tol=1e-9):
            return True
    return False


def _check_relations(dataset: Dataset) -> Iterator[Finding]:
    for result in evaluate_relations(dataset):
        relation = result.relation
        if result.error is not None:
            message = f"{relation.id} {result.year}: cannot evaluate ({result.error})"
            yield Finding("relation-undefined", Severity.WARNING, message, relation.span)
        elif not result.holds and result.left is not None and result.right is not None:
            off = abs(result.left - result.right)
            left, right = format_number(result.left, "en"), format_number(result.right, "en")
            message = (
                f"{relation.id} {result.year}: {relation.left} = {left} but {relation.right} = {right}"
                f" (off by {format_number(off, 'en')}, tolerance {relation.tolerance:g})"
            )
            yield Finding("relation-violated", Severity.WARNING, message, relation.span)


def _check_unused_sources(dataset: Dataset) -> Iterator[Finding]:
    used = {plan.source for plan in dataset.plans.values()}
    used |= {citation.source for figure in dataset.figures for _, citation in iter_citations(figure)}
    for source in dataset.sources.values():
        if source.id not in used:
            yield _warning("unused-source", f"sources.{source.id}: no plan or figure cites this source", source)


def _gate(dataset: Dataset, options: CheckOptions) -> Iterator[Finding]:
    if not options.fail_on:
        return
    for assessment in assess_dataset(dataset, options.as_of):
        if assessment.status in options.fail_on:
            target = assessment.target
            reason = explain(assessment.reason, "en", target.unit)
            message = (
                f"{target.id}: status {assessment.status} as of {options.as_of}: {reason}"  # never nested brackets
            )
            yield Finding("status-gate", Severity.ERROR, message, target.span, target.id)


def _quote_span(citation: Citation) -> Span:
    return citation.quote_span or citation.span


def _warning(code: str, message: str, source: Source) -> Finding:
    return Finding(code, Severity.WARNING, message, source.span)
