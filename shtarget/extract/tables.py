"""Main-indicator tables (指标 | 单位 | 2020年 | 2025年 | 年均[累计] | 属性), as tab, pipe or space separated
text or an HTML table: the header says which column is which; each row with a figure in its target (or
average) column is one draft. Brackets mark five-year totals, footnote marks are dropped."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from shtarget.extract.document import Line, Row, one_line
from shtarget.extract.lexicon import GROWTH_NAME, NUMBER, SUFFIXES
from shtarget.extract.naming import growth_unit
from shtarget.extract.records import Baseline, Draft, Figure, Goal
from shtarget.model import Kind, Op, Quantity
from shtarget.provenance import simplified
from shtarget.quantity import parse_quantity

_FOOTNOTE = re.compile(r"[①-⑳⑴-⒇¹²³⁴⁵⁶⁷⁸⁹⁰*※#]+|\[\d+\]|[(（]注\d*[)）]|注\d+$")


@dataclass(frozen=True)
class _Roles:
    name: int
    unit: int | None
    base: int | None
    base_year: int | None
    target: int | None
    target_year: int | None
    average: int | None
    attribute: int | None


MARKDOWN_RULE = re.compile(r"\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-{2,}:?\s*\|?")


def split_cells(text: str) -> list[str]:
    stripped = text.strip(" \u3000")
    if "\t" in stripped:
        return [cell.strip(" \u3000") for cell in stripped.strip("\t").split("\t")] if stripped.strip("\t") else []
    if stripped.count("|") >= 2:
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        return [] if all(re.fullmatch(r":?-{2,}:?|", cell) for cell in cells) else cells
    return [cell for cell in re.split(r"\s{2,}|\u3000+", stripped) if cell]


def header_roles(cells: Sequence[str], period: tuple[int, int]) -> _Roles | None:
    """Which column is which, from a header row such as 指标 | 单位 | 2020年 | 2025年 | 年均[累计] | 属性."""
    name = unit = base = target = average = attribute = None
    base_year = target_year = None
    for index, raw in enumerate(cells):
        cell = raw.replace(" ", "")
        year = re.search(r"((?:19|20|21)\d{2})年?", cell)
        if "指标" in cell and "属性" not in cell and name is None and len(cell) <= 12:
            name = index
        elif cell in ("单位", "计量单位"):
            unit = index
        elif "属性" in cell or "性质" in cell:
            attribute = index
        elif "年均" in cell or "累计" in cell:
            average = index
        elif "基期" in cell or "现状" in cell or (year and int(year[1]) < period[0] and "目标" not in cell):
            base, base_year = index, int(year[1]) if year else None
        elif "目标" in cell or (year and int(year[1]) >= period[0]):
            target, target_year = index, int(year[1]) if year else None
    if name is None or (target is None and average is None):
        return None
    return _Roles(name, unit, base, base_year, target, target_year, average, attribute)


@dataclass(frozen=True)
class _CellFigure:
    figure: Figure
    op: Op
    cumulative: bool


_CELL_OPS = (
    (">=", Op.AT_LEAST), ("≥", Op.AT_LEAST), (">", Op.ABOVE), ("<=", Op.AT_MOST), ("≤", Op.AT_MOST),
    ("<", Op.BELOW), ("不低于", Op.AT_LEAST), ("超过", Op.ABOVE), ("约", Op.ABOUT), ("力争", Op.AT_LEAST),
)  # fmt: skip


def _cell_figure(cell: str, unit: str) -> _CellFigure | None:
    text = cell.strip()
    cumulative = bool(re.match(r"^[\[【〔]", text))
    text = text.strip("[]【】〔〕 ")
    match = re.search(rf"({NUMBER})(?:\s*[-~—–]\s*{NUMBER})?([万亿千]*)", text)
    if not match or re.search(r"[\u4e00-\u9fff]{4,}", text[: match.start()]):
        return None
    op = Op.AT_LEAST
    head = text[: match.start()].strip()
    for prefix, prefix_op in _CELL_OPS:
        if head.endswith(prefix):
            op = prefix_op
            break
    tail = text[match.end() :]
    for suffix, suffix_op in SUFFIXES.items():
        if tail.startswith(suffix):
            op = suffix_op
    number = match[1].replace(",", "")
    value = _scaled(number, match[2], unit) if match[2] else float(number)
    return _CellFigure(Figure(value, number + (match[2] or "")), op, cumulative)


def _scaled(number: str, magnitude: str, unit: str) -> float:
    parsed = parse_quantity(number + magnitude, unit or "1")  # with no unit, a bare magnitude still multiplies
    return parsed.value if isinstance(parsed, Quantity) else float(number)


def text_table(lines: Sequence[Line], index: int, period: tuple[int, int]) -> tuple[list[Row], int]:
    """The rows of a text table starting at line `index`, and how many lines it takes."""
    cells = split_cells(lines[index].folded)
    if len(cells) < 3 or header_roles(tuple(cells), period) is None:
        return [], 0
    rows = []
    taken = 0
    for line in itertools.islice(lines, index, None):  # no copy of the rest for every header
        if MARKDOWN_RULE.fullmatch(line.folded.strip()):
            taken += 1
            continue
        folded_cells = split_cells(line.folded)
        if len(folded_cells) < 3:
            break
        clean_cells = split_cells(line.clean)
        if len(clean_cells) != len(folded_cells):
            break
        rows.append(Row(line.number, tuple(clean_cells), tuple(folded_cells), (line.number,) * len(clean_cells)))
        taken += 1
    return rows, taken


def table_drafts(rows: Sequence[Row], period: tuple[int, int], fallback: tuple[int, str]) -> list[Draft]:
    """One draft per row of a main-indicator table whose first row is its header."""
    roles = header_roles(rows[0].folded, period)
    if roles is None:
        return []
    drafts = []
    width = len(rows[0].cells)
    for row in rows[1:]:
        pad = width - len(row.cells)
        if pad < 0:
            continue
        cells = ("",) * pad + row.cells
        folded = ("",) * pad + row.folded
        lines = (row.line,) * pad + row.lines
        draft = _table_row(roles, cells, folded, lines, period, fallback)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _table_row(
    roles: _Roles,
    cells: tuple[str, ...],
    folded: tuple[str, ...],
    lines: tuple[int, ...],
    period: tuple[int, int],
    fallback: tuple[int, str],
) -> Draft | None:
    name_cell = folded[roles.name]
    name = _FOOTNOTE.sub("", name_cell).strip()
    if not name or not re.search(r"[\u4e00-\u9fff]", name):
        return None
    unit = folded[roles.unit].strip() if roles.unit is not None else ""
    in_name = re.search(r"[(（]([^()（）]{1,8})[)）]$", name)
    if in_name and (not unit or unit in ("—", "-")):
        unit, name = in_name[1], name[: in_name.start()]
    unit = "" if unit in ("—", "-", "/") else unit
    reasons: list[str] = []
    notes: list[str] = []
    kind = Kind.LEVEL
    value: Figure | None = None
    rate: float | None = None
    op = Op.AT_LEAST
    year = roles.target_year or fallback[0]
    if roles.target_year is None:
        reasons.append(f"no year in the table header: {year} ({fallback[1]})")
    target_cell = _cell_figure(folded[roles.target], unit) if roles.target is not None else None
    average_cell = _cell_figure(folded[roles.average], unit) if roles.average is not None else None
    if target_cell is not None:
        value, op = target_cell.figure, target_cell.op
        if target_cell.cumulative:
            notes.append("cumulative over the plan period ([ ])")
    elif average_cell is not None:
        if average_cell.cumulative:
            value, op = average_cell.figure, average_cell.op
            notes.append("cumulative over the plan period ([ ])")
        elif GROWTH_NAME.search(name) and unit in ("%", ""):
            kind, rate, op = Kind.GROWTH, average_cell.figure.value, average_cell.op
            unit, unit_reason = growth_unit(name)
            reasons.append(unit_reason)
        else:
            value, op = average_cell.figure, average_cell.op
            notes.append("a yearly figure (年均 column): recorded against the final year")
    else:
        return None
    if not unit and kind is not Kind.GROWTH:
        return None
    baseline = None
    if roles.base is not None:
        base = _cell_figure(folded[roles.base], unit)
        if base is not None and not base.cumulative and kind is Kind.LEVEL:
            baseline = Baseline(roles.base_year or period[0] - 1, base.figure, None, None)
    if roles.attribute is not None and folded[roles.attribute].strip():
        notes.append(simplified(unicodedata.normalize("NFKC", cells[roles.attribute]).strip()))
    first = roles.name
    quote = " ".join(cell for cell in cells[first:] if cell.strip())
    if baseline is not None:
        baseline = replace(baseline, quote=quote, line=lines[first])
    elif kind is Kind.GROWTH:
        baseline = Baseline(roles.base_year or period[0] - 1)
    return Draft(
        name=simplified(name),
        unit=unit,
        kind=kind,
        target=Goal(year, op, value, rate),
        quote=one_line(quote),
        line=lines[first],
        column=0,
        confidence=round(0.95 - 0.1 * len(reasons), 2),
        reasons=tuple(reasons),
        baseline=baseline,
        note="; ".join(notes) or None,
    )


def html_tables(rows: Sequence[Row], period: tuple[int, int]) -> Iterator[list[Row]]:
    """An HTML page's table rows grouped into indicator tables, each from a header row to the next one."""
    for start in range(len(rows)):
        if header_roles(rows[start].folded, period) is not None:
            end = start + 1
            while end < len(rows) and header_roles(rows[end].folded, period) is None:
                end += 1
            yield list(rows[start:end])
