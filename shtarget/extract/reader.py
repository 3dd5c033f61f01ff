"""Reading a prepared document from top to bottom: headings open sections, indicator tables go to tables.py,
every other line is prose for clauses.py. What it gathers: the drafts in reading order and the past facts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shtarget.extract.clauses import ClauseReader, Notice
from shtarget.extract.document import Document, Line
from shtarget.extract.periods import plan_period
from shtarget.extract.records import Draft, ExtractOptions, Fact
from shtarget.extract.sections import Sections, heading_level, is_short_heading
from shtarget.extract.tables import html_tables, table_drafts, text_table


@dataclass(frozen=True)
class Reading:
    drafts: list[Draft]
    facts: list[Fact]
    period: tuple[int, int]
    notices: list[Notice]


def read(document: Document, options: ExtractOptions) -> Reading:
    period = plan_period("\n".join(line.clean for line in document.lines[:60]), options.year_default)
    sections = Sections(period, document.is_plan)
    prose = ClauseReader(period, document.is_plan, options, sections)
    drafts = prose.drafts
    lines = document.lines
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.number in document.table_lines:
            index += 1
            continue
        table, taken = text_table(lines, index, period)
        if table:
            drafts += table_drafts(table, period, options.year_default)
            index += taken
            continue
        _line(line, sections, prose)
        index += 1
    for rows in html_tables(document.html_rows, period):
        drafts += table_drafts(rows, period, options.year_default)
    return Reading(drafts, prose.facts, period, prose.notices)


def _line(line: Line, sections: Sections, prose: ClauseReader) -> None:
    stripped = line.folded.strip(" \t\u3000")
    if not stripped:
        return
    heading = heading_level(stripped)
    if heading is not None:
        sections.enter(heading, re.split(r"[。:]", stripped, maxsplit=1)[0], line.number)
        if len(stripped) <= 40:
            return
    elif is_short_heading(stripped):
        sections.enter(3, stripped, line.number)
        return
    prose.paragraph(line)
