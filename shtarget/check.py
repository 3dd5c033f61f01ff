"""The rules `shtarget check` runs after loading, each producing `Finding`s with a stable code.

Structural rules live in the loader (they need the YAML nodes); this module adds provenance (files, pins,
quotes), sanity (numbers in quotes, titles, unused sources) and the status gate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from shtarget.assess import assess_dataset
from shtarget.load import DEFAULT_MAX_BYTES, LoadResult, load_file
from shtarget.model import (
    Citation,
    Dataset,
    Finding,
    Kind,
    Series,
    Severity,
    Source,
    Span,
    Status,
    Target,
    iter_citations,
)
from shtarget.provenance import QuoteMatch, SourceText, check_path, load_source_text, sha256_of
from shtarget.quantity import format_number, multiple_stated, quote_states
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
    findings += list(_check_reviews(dataset))
    findings += list(_check_scope_changes(dataset))
    findings += list(_check_relations(dataset))
    if options.complete:
        findings += list(_check_unused_sources(dataset))
        findings += list(_gate(dataset, options))
    return tuple(findings)


def check_file(
    path: Path, display: str, options: CheckOptions, fast: bool = True, max_bytes: int = DEFAULT_MAX_BYTES
) -> LoadResult:
    """Load and check a file. A fast-loaded dataset has no positions, so if it has any finding the file is
    loaded again the full way and checked again, and every finding carries its line and column."""
    result = load_file(path, display, fast=fast, max_bytes=max_bytes)
    if not result.readable or result.dataset is None:
        return result
    complete = replace(options, complete=not result.errors)
    findings = result.findings + check_dataset(result.dataset, complete)
    if findings and not result.dataset.located:
        return check_file(path, display, options, fast=False, max_bytes=max_bytes)
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
                message = f"sources.{source.id}: {source.path} has sha256 {actual}, pinned {source.sha256}"
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
    """A quote backing a number should state it. Zero is exempt: a running total starts at 0 unwritten."""
    for target in dataset.targets:
        baseline = target.baseline
        if baseline is not None and baseline.value is not None and baseline.citation is not None:
            yield from _number_in(target, "baseline", baseline.citation, baseline.value.value)
        yield from _goal_in_evidence(target)
    for figure in dataset.figures:
        for actual in figure.actuals:
            if actual.value is not None and actual.citation is not None:
                yield from _number_in(figure, f"actual {actual.year}", actual.citation, actual.value.value)


def _number_in(target: Target | Series, field_name: str, citation: Citation, value: float) -> Iterator[Finding]:
    if citation.quote and value != 0 and not quote_states(citation.quote, value, target.unit):
        message = f"{target.id} {field_name}: quote does not state the value {value:g} {target.unit}"
        yield Finding("number-not-in-quote", Severity.WARNING, message, _quote_span(citation), target.id)


def _goal_in_evidence(target: Target) -> Iterator[Finding]:
    goal = target.goal
    if target.kind is Kind.LEVEL and goal.value is not None:
        number, unit = goal.value.value, target.unit
    elif target.kind is Kind.GROWTH and goal.rate is not None:
        number, unit = goal.rate, "%"
    else:
        return
    quotes = [citation.quote for citation in target.evidence if citation.quote]
    if target.kind is Kind.LEVEL and _states_a_multiple_of_the_base(target, quotes):
        return
    if quotes and number != 0 and not any(quote_states(quote, number, unit) for quote in quotes):
        message = f"{target.id} evidence: no quote states the target {number:g} {unit}"
        yield Finding("number-not-in-quote", Severity.WARNING, message, _quote_span(target.evidence[0]), target.id)


def _check_reviews(dataset: Dataset) -> Iterator[Finding]:
    """Targets still marked as drafts, and figures measured on another statistical scope than their target."""
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
            message = f"{target.id}: status {assessment.status} as of {options.as_of} ({reason})"
            yield Finding("status-gate", Severity.ERROR, message, target.span, target.id)


def _quote_span(citation: Citation) -> Span:
    return citation.quote_span or citation.span


def _warning(code: str, message: str, source: Source) -> Finding:
    return Finding(code, Severity.WARNING, message, source.span)
