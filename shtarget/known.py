"""`--known-at DATE`: the data as it stood on a date, from the publication dates of its sources.

An actual counts when its source was `published` on or before DATE; dates of different precision (YYYY,
YYYY-MM, YYYY-MM-DD) are compared at the coarser one, so a source of "2024" counts at 2024-03. The plan's own
figures (baselines, goals, evidence) always count. An actual whose source gives no `published` is left out and
counted, so the caller can say so. A figure revised later keeps only its latest value in the data: this is the
data filtered by date, not a record of past vintages.
"""

from __future__ import annotations

from typing import NamedTuple

from shtarget.fileformat import is_date
from shtarget.model import Actual, Dataset


class KnownAt(NamedTuple):
    dataset: Dataset
    later: int  # actuals left out because their source was published after the date
    undated: int  # actuals left out because their source has no publication date


def date_problem(date: str) -> str | None:
    """Why `date` is not a date `--known-at` takes, or None."""
    if is_date(date):
        return None
    return f"--known-at: expected YYYY, YYYY-MM or YYYY-MM-DD, got '{date}'"


def published_by(published: str, date: str) -> bool:
    """Whether a publication date lies on or before `date`, compared at the coarser of the two precisions."""
    common = min(len(published), len(date))
    return published[:common] <= date[:common]


def known_at(dataset: Dataset, date: str) -> KnownAt:
    later = undated = 0

    def known(actual: Actual) -> bool:
        nonlocal later, undated
        source_id = actual.citation.source if actual.citation is not None else None
        source = dataset.sources.get(source_id) if source_id is not None else None
        if source is None or source.published is None:
            undated += 1
            return False
        if not published_by(source.published, date):
            later += 1
            return False
        return True

    targets = tuple(target._replace(actuals=tuple(filter(known, target.actuals))) for target in dataset.targets)
    series = tuple(item._replace(actuals=tuple(filter(known, item.actuals))) for item in dataset.series)
    return KnownAt(dataset._replace(targets=targets, series=series), later, undated)


def left_out_note(result: KnownAt, date: str, lang: str) -> str | None:
    """What `--known-at` left out, in words, or None when it left out nothing."""
    if not result.later and not result.undated:
        return None
    if lang == "en":
        parts = []
        if result.later:
            parts.append(f"{result.later} figure{'s' if result.later != 1 else ''} published after {date}")
        if result.undated:
            parts.append(f"{result.undated} figure{'s' if result.undated != 1 else ''} without a publication date")
        return f"--known-at {date}: {' and '.join(parts)} left out"
    parts = []
    if result.later:
        parts.append(f"{result.later}个数字发布于{date}之后")
    if result.undated:
        parts.append(f"{result.undated}个数字没有发布日期")
    return f"--known-at {date}：{'，'.join(parts)}，未计入"
