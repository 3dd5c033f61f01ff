"""What a change to the data did: actuals (of targets and context series) and sources added, changed or
removed, and each target whose status moved. An actual is known by its identity, (year, months): a new
part-year figure beside a full-year one is an addition, and a change of scope or basis is a change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shtarget.assess import assess_dataset
from shtarget.model import Actual, Dataset, Source, Status, period_text

# Best first. A move down this ranking is a regression. no-data and awaiting-data say nothing about
# performance and have no rank, so moving between them and a ranked status is not a regression by rank...
STATUS_RANK = {
    Status.ACHIEVED: 0,
    Status.ON_TRACK: 1,
    Status.AT_RISK: 2,
    Status.OFF_TRACK: 3,
    Status.MOVING_AWAY: 4,
    Status.MISSED: 5,
}
# ...but a target that ends up missed (or inconclusive: its final figure cannot show it was met) has
# failed, whatever it was before (awaiting-data → missed is how most targets fail: the final figure
# arrives after the deadline).
FAILED = frozenset({Status.MISSED, Status.INCONCLUSIVE})


class Change(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True)
class ActualChange:
    target: str  # a target or series id
    year: int
    change: Change
    before: str | None
    after: str | None
    months: int | None = None  # a part-year figure: the first N months of `year`

    @property
    def period(self) -> str:
        return period_text(self.year, self.months)


@dataclass(frozen=True)
class StatusChange:
    target: str
    before: Status | None  # None: the target is new
    after: Status | None  # None: the target was removed

    @property
    def regression(self) -> bool:
        if self.before is None or self.after is None or self.before == self.after:
            return False
        if self.after in FAILED:
            return True
        before, after = STATUS_RANK.get(self.before), STATUS_RANK.get(self.after)
        return before is not None and after is not None and after > before


@dataclass(frozen=True)
class SourceChange:
    source: str
    change: Change
    before: str | None
    after: str | None


@dataclass(frozen=True)
class DatasetDiff:
    as_of: int
    actuals: tuple[ActualChange, ...]
    statuses: tuple[StatusChange, ...]
    sources: tuple[SourceChange, ...] = ()

    @property
    def regressions(self) -> tuple[StatusChange, ...]:
        return tuple(change for change in self.statuses if change.regression)


def diff_datasets(base: Dataset, head: Dataset, as_of: int) -> DatasetDiff:
    base_figures = {figure.id: figure for figure in base.figures}
    head_figures = {figure.id: figure for figure in head.figures}
    order = list(head_figures) + [figure_id for figure_id in base_figures if figure_id not in head_figures]
    actual_changes: list[ActualChange] = []
    for figure_id in order:
        before = {a.slot: a for a in base_figures[figure_id].actuals} if figure_id in base_figures else {}
        after = {a.slot: a for a in head_figures[figure_id].actuals} if figure_id in head_figures else {}
        for slot in sorted(before.keys() | after.keys()):
            old, new = before.get(slot), after.get(slot)
            year, months = slot[0], (slot[1] if slot[1] != 12 else None)
            if old is None:
                change = ActualChange(figure_id, year, Change.ADDED, None, describe(new), months)
            elif new is None:
                change = ActualChange(figure_id, year, Change.REMOVED, describe(old), None, months)
            elif _comparable(old) != _comparable(new):
                change = ActualChange(figure_id, year, Change.CHANGED, describe(old), describe(new), months)
            else:
                continue
            actual_changes.append(change)
    base_status = {a.target.id: a.status for a in assess_dataset(base, as_of)}
    head_status = {a.target.id: a.status for a in assess_dataset(head, as_of)}
    status_changes = tuple(
        StatusChange(target_id, base_status.get(target_id), head_status.get(target_id))
        for target_id in order
        if (target_id in base_status or target_id in head_status)
        and base_status.get(target_id) != head_status.get(target_id)
    )
    return DatasetDiff(as_of, tuple(actual_changes), status_changes, _source_changes(base, head))


def _source_changes(base: Dataset, head: Dataset) -> tuple[SourceChange, ...]:
    """Sources registered, dropped, or whose document (path, URL, pin, title or kind) changed."""
    changes = []
    for source_id in [*head.sources, *(s for s in base.sources if s not in head.sources)]:
        old, new = base.sources.get(source_id), head.sources.get(source_id)
        if old is None and new is not None:
            changes.append(SourceChange(source_id, Change.ADDED, None, describe_source(new)))
        elif new is None and old is not None:
            changes.append(SourceChange(source_id, Change.REMOVED, describe_source(old), None))
        elif old is not None and new is not None and _source_key(old) != _source_key(new):
            changes.append(SourceChange(source_id, Change.CHANGED, describe_source(old), describe_source(new)))
    return tuple(changes)


def describe_source(source: Source) -> str:
    """A source in a few words: its title and where the document is."""
    where = source.path or source.url or "?"
    return f"{source.title} ({where})" if source.title else where


def _source_key(source: Source) -> tuple[object, ...]:
    return source.title, source.path, source.url, source.sha256, source.kind


def describe(actual: Actual | None) -> str | None:
    """An actual in a few characters: its value as written (or done / not done), its source, and its scope
    and a change of basis where it has them."""
    if actual is None:
        return None
    done = "done" if actual.done else "not done"
    shown = actual.value.text if actual.value is not None else done
    source = actual.citation.source if actual.citation is not None else None
    details = [part for part in (source, actual.scope and f"scope {actual.scope}", actual.breaks and "break") if part]
    return f"{shown} ({'; '.join(details)})" if details else shown


def _comparable(actual: Actual) -> tuple[object, ...]:
    citation = actual.citation
    value = (actual.value.value, actual.value.qualifier) if actual.value is not None else None
    quoted = (citation.source, citation.quote) if citation else None
    return value, actual.done, quoted, actual.scope, actual.breaks
