"""The typed model of a targets file: immutable records, each carrying where it came from.

The records are `NamedTuple`s rather than frozen dataclasses: a large file builds hundreds of thousands of
them, and a named tuple is created several times faster (and its class at import time too). They are
immutable (assigning to a field raises) and compared field by field; `_replace` makes a changed copy.
"""

# No `from __future__ import annotations` here: NamedTuple would compile every field's annotation text at
# import time; evaluated annotations cost less, and every class only refers to classes defined above it.
from collections.abc import Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

_NO_ENTRIES: Mapping[str, object] = MappingProxyType({})


class Span(NamedTuple):
    """A 1-based position in a file, printed the way editors jump to it."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class Qualifier(StrEnum):
    """How a figure relates to its number: "2万多" is over 20000, "约3500" is about 3500."""

    EXACT = "exact"
    OVER = "over"
    ABOUT = "about"
    UNDER = "under"


class Quantity(NamedTuple):
    """A number in the unit of its target, with the qualifier and notation it was written in."""

    value: float
    qualifier: Qualifier = Qualifier.EXACT
    text: str = ""


class Kind(StrEnum):
    LEVEL = "level"
    GROWTH = "growth"
    INCREASE = "increase"
    MILESTONE = "milestone"


class Op(StrEnum):
    AT_LEAST = ">="
    ABOVE = ">"
    ABOUT = "~"
    AT_MOST = "<="
    BELOW = "<"


class Status(StrEnum):
    """Target statuses, best first; the order is used to tell a regression from an improvement."""

    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    MOVING_AWAY = "moving-away"
    MISSED = "missed"
    INCONCLUSIVE = "inconclusive"  # the final figure is a bound that neither meets nor misses the target
    AWAITING_DATA = "awaiting-data"
    NO_DATA = "no-data"
    NOT_STARTED = "not-started"  # the target's plan starts after the as-of year


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Finding(NamedTuple):
    """One problem found in the data, with a stable kebab-case code and a position."""

    code: str
    severity: Severity
    message: str
    span: Span
    target: str | None = None
    tally: int = 1  # more than 1 for the `findings-omitted` line that stands for findings not listed
    accepted: str | None = None  # a warning reviewed and accepted in the data: why

    def __str__(self) -> str:  # in English; render/findings.py words it in either language
        reason = f" (accepted: {self.accepted})" if self.accepted is not None else ""
        return f"{self.span}: {self.severity}[{self.code}] {self.message}{reason}"

    @property
    def fails_strict(self) -> bool:
        """Whether `--strict` fails on it: every error, and every warning not accepted."""
        return self.severity is Severity.ERROR or self.accepted is None


class Settings(NamedTuple):
    on_track: float = 0.95
    at_risk: float = 0.60
    tolerance: float = 0.05


class Source(NamedTuple):
    id: str
    span: Span
    title: str | None = None
    path: str | None = None
    url: str | None = None
    sha256: str | None = None
    kind: str | None = None  # official | press | repost
    published: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD: when the figure first appeared
    retrieved: str | None = None  # when a URL was last read


class Plan(NamedTuple):
    id: str
    name: str
    span: Span
    name_en: str | None = None
    period: tuple[int, int] | None = None
    source: str | None = None


class Accept(NamedTuple):
    """Warnings about a figure that a person reviewed and accepted, and why: `check --strict` passes them,
    and every output still shows them, as accepted."""

    codes: frozenset[str]
    reason: str
    span: Span


class Citation(NamedTuple):
    """Where a figure comes from: a source id and, for file sources, the exact quote."""

    source: str | None
    quote: str | None
    span: Span
    quote_span: Span | None = None
    accept: Accept | None = None


class Baseline(NamedTuple):
    year: int
    value: Quantity | None
    citation: Citation | None
    span: Span
    note: str | None = None


class Goal(NamedTuple):
    """The `target:` block: a level (`value`) or an average annual growth `rate` in percent."""

    year: int
    op: Op
    span: Span
    value: Quantity | None = None
    rate: float | None = None
    citation: Citation | None = None


class Link(NamedTuple):
    """The same year's figure on the old statistical basis, given beside the first figure on a new one: growth
    and progress chain through the ratio of the two (old-basis equivalent = new × link / figure)."""

    value: Quantity
    citation: Citation | None
    span: Span


class Actual(NamedTuple):
    """A recorded figure. `months` marks a part-year figure (the first N months of `year`); `breaks` marks
    the first figure on a new statistical basis, which growth and trends never span unless `link` gives the
    same year's figure on the old basis."""

    year: int
    span: Span
    citation: Citation | None
    value: Quantity | None = None
    done: bool | None = None
    note: str | None = None
    months: int | None = None
    scope: str | None = None
    breaks: bool = False
    link: Link | None = None
    draft: bool = False  # proposed by `scan`, not yet reviewed: shown, never assessed
    rate: float | None = None  # a real-growth target's published yearly rate, in percent

    @property
    def full_year(self) -> bool:
        return self.months is None

    @property
    def slot(self) -> tuple[int, int]:
        """The figure's identity within its target: (year, months covered), 12 for the full year."""
        return slot_of(self.year, self.months)

    @property
    def period(self) -> str:
        """The slot in words, for messages: "2025" or "2025 (first 6 months)"."""
        return period_text(self.year, self.months)


def slot_of(year: int, months: int | None) -> tuple[int, int]:
    return (year, months or 12)


def period_text(year: int, months: int | None) -> str:
    return f"{year} (first {months} months)" if months else str(year)


class Target(NamedTuple):
    id: str
    plan: str
    name: str
    unit: str
    kind: Kind
    goal: Goal
    span: Span
    name_en: str | None = None
    baseline: Baseline | None = None
    evidence: tuple[Citation, ...] = ()
    actuals: tuple[Actual, ...] = ()
    note: str | None = None
    flow: bool = False  # the figure adds up over a year (output, revenue): a part-year figure is a lower bound
    scope: str | None = None  # the statistical scope, e.g. 规模以上
    draft: bool = False  # proposed by `extract`, not yet reviewed
    terms: tuple[str, ...] = ()  # phrases naming the indicator in bulletins, for `scan`
    nature: str | None = None  # binding (约束性) or expected (预期性)
    aspirational: bool = False  # a 力争 goal
    basis: str | None = None  # growth targets: nominal (current prices) or real (comparable prices)
    unit_en: str | None = None  # what a count counts, in English (fields, platforms, firms)

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


class Series(NamedTuple):
    """A context figure with no target of its own (GDP, R&D intensity); same actuals as a target."""

    id: str
    name: str
    unit: str
    span: Span
    name_en: str | None = None
    actuals: tuple[Actual, ...] = ()
    note: str | None = None
    terms: tuple[str, ...] = ()  # phrases naming the indicator in bulletins, for `scan`

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


class Relation(NamedTuple):
    """An identity between figures that should hold, within `tolerance`, in every year they all exist.

    `left` and `right` are expression texts (see `relations.py`), already checked to parse."""

    id: str
    left: str
    right: str
    tolerance: float
    span: Span
    note: str | None = None


class Dataset(NamedTuple):
    """A loaded targets file. `root` is the directory file-source paths are relative to."""

    path: Path
    root: Path
    schema: int
    title: str
    settings: Settings
    sources: Mapping[str, Source] = _NO_ENTRIES  # type: ignore[assignment]
    plans: Mapping[str, Plan] = _NO_ENTRIES  # type: ignore[assignment]
    targets: tuple[Target, ...] = ()
    series: tuple[Series, ...] = ()
    relations: tuple[Relation, ...] = ()
    title_en: str | None = None

    def display_title(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def reviewed(self) -> "Dataset":
        """The data without what a tool proposed and nobody reviewed yet: draft targets and draft actuals."""
        targets = tuple(t._replace(actuals=_reviewed(t.actuals)) for t in self.targets if not t.draft)
        series = tuple(s._replace(actuals=_reviewed(s.actuals)) for s in self.series)
        return self._replace(targets=targets, series=series)

    @property
    def figures(self) -> tuple[Target | Series, ...]:
        """Targets and context series: everything that carries actuals."""
        return (*self.targets, *self.series)


class Figures(NamedTuple):
    """The computed numbers for one target; None where a figure cannot be computed. 0.2 means 20%."""

    target_value: float | None = None
    base_year: int | None = None  # what progress and growth are measured from: the baseline, or the
    base_value: float | None = None  # earliest actual when the baseline value is unknown
    progress: float | None = None
    elapsed: float | None = None
    gap: float | None = None
    required_growth: float | None = None
    required_change: float | None = None
    actual_growth: float | None = None
    projected: float | None = None
    ratio: float | None = None
    on_pace: bool | None = None


class Reason(NamedTuple):
    """Why a target has its status: a stable code and the figures behind it (reasons.py words it)."""

    code: str
    year: int | None = None  # the year of the figure that decided
    value: str | None = None  # that figure as written
    base_year: int | None = None
    end_year: int | None = None
    required: float | None = None  # growth rates as fractions
    actual: float | None = None
    ratio: float | None = None
    rate: float | None = None  # a growth target's rate, in percent
    op: str | None = None
    months: int | None = None  # the deciding figure covers only the first `months` months of its year
    scope: str | None = None  # the deciding figure's scope, where it differs from the target's
    exceeded: float | None = None  # how far an "about" goal was passed in its direction, as a fraction of it


class Assessment(NamedTuple):
    """What `assess` concludes about one target as of a year."""

    target: Target
    as_of: int
    status: Status
    reason: Reason
    latest: Actual | None = None
    figures: Figures = Figures()
    trend: Status | None = None  # what the trend rule gives from the latest full-year figures, any deadline
    part_year: Actual | None = None  # the newest part-year figure, when it is newer than `latest`


def iter_citations(figure: Target | Series) -> Iterator[tuple[str, Citation]]:
    """Every citation of a target or series with the field it belongs to, in file order."""
    if isinstance(figure, Target):
        if figure.baseline is not None and figure.baseline.citation is not None:
            yield "baseline", figure.baseline.citation
        for index, citation in enumerate(figure.evidence):
            yield f"evidence[{index}]", citation
    for actual in figure.actuals:
        if actual.citation is not None:
            yield f"actual {actual.year}", actual.citation


def _reviewed(actuals: tuple[Actual, ...]) -> tuple[Actual, ...]:
    return tuple(actual for actual in actuals if not actual.draft)
