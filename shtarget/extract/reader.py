"""Reading a prepared document from top to bottom: headings open sections, indicator tables go to tables.py,
every other line is prose for clauses.py. What it gathers: the drafts in reading order and the past facts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shtarget.extract.clauses import ClauseReader
from shtarget.extract.document import Document, Line
from shtarget.extract.periods import read_period
from shtarget.extract.records import Draft, ExtractOptions, Fact, Notice
from shtarget.extract.sections import Sections, heading_level, is_short_heading
from shtarget.extract.tables import html_tables, table_drafts, text_table


@dataclass(frozen=True)
class Reading:
    drafts: list[Draft]
    facts: list[Fact]
    period: tuple[int, int]
    notices: list[Notice]


def read(document: Document, options: ExtractOptions) -> Reading:
    stated = read_period("\n".join(document.lines.clean[:60]), options.year_default)
    period = stated.first, stated.last
    # A target that states no year, and whose sentence, paragraph and section state none either, is for the
    # plan's last year when the text gives its period; --year-default is the fallback.
    fallback = (stated.last, "the plan's last year") if stated.stated else (options.year_default, "--year-default")
    sections = Sections(period, document.is_plan)
    prose = ClauseReader(period, document.is_plan, options, sections, fallback)
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
            drafts += table_drafts(table, period, fallback)
            index += taken
            continue
        _line(line, sections, prose)
        index += 1
    for rows in html_tables(document.html_rows, period):
        drafts += table_drafts(rows, period, fallback)
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
