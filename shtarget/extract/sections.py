"""Where a line stands in the plan: its headings (篇/章/节, 一、, (一), short title lines) as a stack of sections,
each knowing whether it looks back (发展基础, 主要成就…) or sets goals (目标, 指标), its topic, and the target
year it names, which clauses inherit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shtarget.extract.lexicon import BACKGROUND, GOALS, HEADING, NUMBERING, QUANTITY
from shtarget.extract.periods import YearCue, explicit_year


@dataclass
class Section:
    level: int
    title: str
    background: bool
    goals: bool
    topic: str
    year: YearCue | None = None


class Sections:
    """The headings above the line being read, outermost first."""

    def __init__(self, period: tuple[int, int], is_plan: bool) -> None:
        self.period = period
        self.is_plan = is_plan
        self.stack: list[Section] = []

    def enter(self, level: int, title: str, line: int) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        topic = NUMBERING.sub("", title)
        self.stack.append(
            Section(level, title, bool(BACKGROUND.search(title)), bool(GOALS.search(title)), topic.strip(" :。"))
        )
        cue = explicit_year(title, line, self.period, self.is_plan)
        if cue is not None:
            self.stack[-1].year = cue

    @property
    def current(self) -> Section | None:
        return self.stack[-1] if self.stack else None

    def in_background(self) -> bool:
        for section in reversed(self.stack):
            if section.goals and not section.background:
                return False
            if section.background:
                return True
        return False

    def year(self) -> YearCue | None:
        for section in reversed(self.stack):
            if section.year is not None:
                return section.year
        return None

    def topic(self) -> str | None:
        return self.stack[-1].topic if self.stack else None


def heading_level(text: str) -> int | None:
    for pattern, level in HEADING:
        if pattern.match(text):
            return level
    return None


def is_short_heading(text: str) -> bool:
    """A standalone short line with no sentence in it ("发展目标:", "船舶海工")."""
    body = text.rstrip(":：。")
    return 2 <= len(body) <= 16 and not re.search(r"[,，;；。!?]", body) and not QUANTITY.search(body)
