"""What extract returns (`Candidate` and its parts, `ExtractOptions`) and what passes between its stages
(`Draft`, a candidate before ids are given; `Fact`, a past figure kept to offer as a baseline; `Notice`, what the
reading did to the text, such as a clause cut short)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from shtarget.model import Finding, Kind, Op


@dataclass(frozen=True)
class ExtractOptions:
    year_default: int = 2025  # the plan's last year, for targets that state none
    milestones: bool = False  # also propose qualitative goals (kind milestone)


@dataclass(frozen=True)
class Figure:
    """A number as the document writes it: `value` in the candidate's unit, `text` as written ("1萬億元"), and
    `qualified` with the qualifier the text gives it ("超過1.7萬家", "20%以上", "2万多家"), as targets.yaml reads it."""

    value: float
    text: str
    qualified: str | None = None

    @property
    def written(self) -> str:
        return self.qualified or self.text


@dataclass(frozen=True)
class Goal:
    """The target: a level `value`, a growth `rate` (% a year), or neither (increase, milestone)."""

    year: int
    op: Op
    value: Figure | None = None
    rate: float | None = None
    upper: Figure | None = None  # a range's upper bound: "3-4个" → value 3, upper 4
    factor: float | None = None  # a multiple of the base: 翻一番 → 2, 比2020年增长40% → 1.4


@dataclass(frozen=True)
class Baseline:
    """A past figure for the same indicator; `value` None when only the base year is known."""

    year: int
    value: Figure | None = None
    quote: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Candidate:
    """One proposed target. `quote` is the clause (or table row) as written in the file, on 1-based `line`."""

    id: str
    name: str
    unit: str
    kind: Kind
    target: Goal
    quote: str
    line: int
    confidence: float
    reasons: tuple[str, ...] = ()
    baseline: Baseline | None = None
    note: str | None = None


class Extraction(NamedTuple):
    """What `extract` found: the candidates, and findings about the reading itself (a clause cut short)."""

    candidates: tuple[Candidate, ...]
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Draft:
    """A candidate before ids are given: also its column, for file order, and its subject for matching."""

    name: str
    unit: str
    kind: Kind
    target: Goal
    quote: str
    line: int
    column: int
    confidence: float
    reasons: tuple[str, ...] = ()
    baseline: Baseline | None = None
    note: str | None = None


@dataclass(frozen=True)
class Fact:
    """A past figure, kept to offer as a baseline."""

    name: str
    unit: str
    year: int
    value: Figure
    quote: str
    line: int
    subject: str = ""  # what the sentence is about ("全市战略性新兴产业"), for matching names


@dataclass(frozen=True)
class Notice:
    """Something the reader did to the text that its user should know: a position (1-based) and what."""

    code: str
    line: int
    column: int
    message: str
