"""The typed model of a targets file: frozen dataclasses, each carrying where it came from."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True, order=True)
class Span:
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


@dataclass(frozen=True)
class Quantity:
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
    AWAITING_DATA = "awaiting-data"
    NO_DATA = "no-data"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found in the data, with a stable kebab-case code and a position."""

    code: str
    severity: Severity
    message: str
    span: Span
    target: str | None = None

    def __str__(self) -> str:
        return f"{self.span}: {self.severity}[{self.code}] {self.message}"


@dataclass(frozen=True)
class Settings:
    on_track: float = 0.95
    at_risk: float = 0.60
    tolerance: float = 0.05


@dataclass(frozen=True)
class Source:
    id: str
    span: Span
    title: str | None = None
    path: str | None = None
    url: str | None = None
    sha256: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    span: Span
    name_en: str | None = None
    period: tuple[int, int] | None = None
    source: str | None = None


@dataclass(frozen=True)
class Citation:
    """Where a figure comes from: a source id and, for file sources, the exact quote."""

    source: str | None
    quote: str | None
    span: Span
    quote_span: Span | None = None


@dataclass(frozen=True)
class Baseline:
    year: int
    value: Quantity | None
    citation: Citation | None
    span: Span
    note: str | None = None


@dataclass(frozen=True)
class Goal:
    """The `target:` block: a level (`value`) or an average annual growth `rate` in percent."""

    year: int
    op: Op
    span: Span
    value: Quantity | None = None
    rate: float | None = None
    citation: Citation | None = None


@dataclass(frozen=True)
class Actual:
    year: int
    span: Span
    citation: Citation | None
    value: Quantity | None = None
    done: bool | None = None
    note: str | None = None


@dataclass(frozen=True)
class Target:
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

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Series:
    """A context figure with no target of its own (GDP, R&D intensity); same actuals as a target."""

    id: str
    name: str
    unit: str
    span: Span
    name_en: str | None = None
    actuals: tuple[Actual, ...] = ()
    note: str | None = None

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Relation:
    """An identity between figures that should hold, within `tolerance`, in every year they all exist.

    `left` and `right` are expression texts (see `relations.py`), already checked to parse."""

    id: str
    left: str
    right: str
    tolerance: float
    span: Span
    note: str | None = None


@dataclass(frozen=True)
class Dataset:
    """A loaded targets file. `root` is the directory file-source paths are relative to."""

    path: Path
    root: Path
    schema: int
    title: str
    settings: Settings
    sources: Mapping[str, Source] = field(default_factory=dict)
    plans: Mapping[str, Plan] = field(default_factory=dict)
    targets: tuple[Target, ...] = ()
    series: tuple[Series, ...] = ()
    relations: tuple[Relation, ...] = ()
    located: bool = True  # False when read by the fast path: spans are then placeholders (line 0)

    @property
    def figures(self) -> tuple[Target | Series, ...]:
        """Targets and context series: everything that carries actuals."""
        return (*self.targets, *self.series)


@dataclass(frozen=True)
class Figures:
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


@dataclass(frozen=True)
class Reason:
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


@dataclass(frozen=True)
class Assessment:
    """What `assess` concludes about one target as of a year."""

    target: Target
    as_of: int
    status: Status
    reason: Reason
    latest: Actual | None = None
    figures: Figures = field(default_factory=Figures)


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
