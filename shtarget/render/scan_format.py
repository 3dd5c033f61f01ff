"""`shtarget scan` and `shtarget review` output: a table for people, JSON for tools; the words of both in
Chinese and English."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from shtarget.model import Actual, Qualifier, Series, Target
from shtarget.quantity import format_figure
from shtarget.render.labels import months_text
from shtarget.safe import json_safe, visible
from shtarget.scan import Proposal, ScanResult, Unmatched

WORDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "zh": MappingProxyType(
            {
                "id": "编号",
                "year": "年份",
                "value": "数值",
                "months": "月份",
                "quote": "原文",
                "line": "行",
                "state": "状态",
                "new": "新",
                "same": "已记录",
                "conflict": "冲突：已记{recorded}",
                "summary": "{file}：{count}个数字可记录（新{new}，已记录{same}，冲突{conflict}）",
                "none": "{file}：没有可记录的数字",
                "left": "；{count}个数字未提出（--verbose 列出原因）",
                "unmatched": "未提出：",
                "goal": "目标或预计，不是实际值",
                "growth-rate": "增速；数据记录的是水平值",
                "change": "变化量（增加、个百分点），不是水平值",
                "untracked": "没有目标或序列对应此指标",
                "unit": "{id}：单位不能换算为{detail}",
                "new-entries": "{id}：当年新增数，不是总量",
                "single-month": "{id}：单月数据",
                "no-year": "{id}：文中没有年份（用 --year 指定）",
                "year-out-of-range": "{id}：{year}年不在其规划覆盖的{low}—{high}年内",
                "repeated": "{id}：同一时期在第{detail}行已有另一个数字",
                "source": "来源",
                "no-drafts": "{file}：没有待审核的实际值",
                "drafts": "{count}个待审核的实际值（接受：shtarget review accept 编号 年份；删除：drop）",
            }
        ),
        "en": MappingProxyType(
            {
                "id": "ID",
                "year": "Year",
                "value": "Value",
                "months": "Months",
                "quote": "Quote",
                "line": "Line",
                "state": "State",
                "new": "new",
                "same": "same",
                "conflict": "conflict: recorded {recorded}",
                "summary": "{file}: {count} figures to record ({new} new, {same} same, {conflict} conflict)",
                "none": "{file}: no figures for the data's targets or series",
                "left": "; {count} figures not proposed (--verbose lists why)",
                "unmatched": "Not proposed:",
                "goal": "a goal or an estimate, not an actual",
                "growth-rate": "a growth rate; the data tracks levels",
                "change": "a change (an increase, percentage points), not a level",
                "untracked": "no target or series names this indicator",
                "unit": "{id}: its unit does not convert to {detail}",
                "new-entries": "{id}: a year's new entries, not the total",
                "single-month": "{id}: one month's figure",
                "no-year": "{id}: the text gives no year (give --year)",
                "year-out-of-range": "{id}: {year} is outside {low}–{high}, the years its plan covers",
                "repeated": "{id}: another figure for the same period is stated earlier (line {detail})",
                "source": "Source",
                "no-drafts": "{file}: no draft actuals to review",
                "drafts": "{count} draft actuals (to accept: shtarget review accept ID YEAR; to delete: drop)",
            }
        ),
    }
)
_QUALIFIER_JSON = {Qualifier.EXACT: "exact", Qualifier.OVER: "over", Qualifier.ABOUT: "about", Qualifier.UNDER: "under"}


def word(key: str, lang: str) -> str:
    return WORDS["en" if lang == "en" else "zh"][key]


def reason_text(item: Unmatched, lang: str) -> str:
    """Why a quantity was not proposed, in words."""
    year, low, high = [*(item.detail or "").split("|"), "", "", ""][:3]
    return word(item.reason, lang).format(
        id=item.figure_id or "", detail=item.detail or "", year=year, low=low, high=high
    )


@dataclass(frozen=True)
class ScanReport:
    file: str
    result: ScanResult
    lang: str = "zh"
    verbose: bool = False
    width: int = 100


# --- scan ---------------------------------------------------------------------------------------------------


def render_json(report: ScanReport) -> str:
    """`{"schema": 1, "file", "proposals": […], "unmatched": […]}` (README: shtarget scan)."""
    document = {
        "schema": 1,
        "file": report.file,
        "year": report.result.year,
        "proposals": [_proposal_record(proposal) for proposal in report.result.proposals],
        "unmatched": [
            {
                "quote": item.quote,
                "line": item.line,
                "reason": item.reason,
                "text": item.text,
                "id": item.figure_id,
                "message": reason_text(item, report.lang),
            }
            for item in report.result.unmatched
        ],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def _proposal_record(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.figure_id,
        "year": proposal.year,
        "value": proposal.value,
        "qualifier": _QUALIFIER_JSON[proposal.qualifier],
        "months": proposal.months,
        "quote": proposal.quote,
        "line": proposal.line,
        "recorded": proposal.recorded_value,
        "state": proposal.state,
        "unit": proposal.unit,
        "text": proposal.text,
    }


def render_table(report: ScanReport) -> str:
    """One row per proposal: id, year, value, months, the quote cut to the width, line, and its state."""
    lang, result = report.lang, report.result
    headers = [word(key, lang) for key in ("id", "year", "value", "months", "line", "state", "quote")]
    rows = [
        [
            proposal.figure_id,
            str(proposal.year),
            format_figure(proposal.value, proposal.unit, lang, proposal.qualifier),
            months_text(proposal.months, lang) if proposal.months else "",
            str(proposal.line),
            _state(proposal, lang),
            proposal.quote,
        ]
        for proposal in result.proposals
    ]
    lines = _table(headers, rows, report.width) if rows else []
    counts = {state: sum(p.state == state for p in result.proposals) for state in ("new", "same", "conflict")}
    file = visible(report.file)
    summary = (
        word("summary", lang).format(file=file, count=len(result.proposals), **counts)
        if result.proposals
        else word("none", lang).format(file=file)
    )
    if result.unmatched and not report.verbose:
        summary += word("left", lang).format(count=len(result.unmatched))
    lines += ["", summary] if lines else [summary]
    if report.verbose and result.unmatched:
        lines += ["", word("unmatched", lang)]
        for item in result.unmatched:
            text = f"  {item.line}: {visible(item.text)} — {visible(reason_text(item, lang))}"
            lines.append(_cut(text, report.width))
            lines.append(_cut(f"      «{visible(item.quote)}»", report.width))
    return "\n".join(lines) + "\n"


def _state(proposal: Proposal, lang: str) -> str:
    if proposal.state != "conflict" or proposal.recorded_value is None:
        return word(proposal.state, lang)
    recorded = proposal.recorded
    qualifier = recorded.value.qualifier if recorded is not None and recorded.value is not None else Qualifier.EXACT
    shown = format_figure(proposal.recorded_value, proposal.unit, lang, qualifier)
    return word("conflict", lang).format(recorded=shown)


# --- review -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftListing:
    file: str
    drafts: tuple[tuple[Target | Series, Actual], ...]
    lang: str = "zh"
    width: int = 100


def render_drafts_json(listing: DraftListing) -> str:
    """`{"schema": 1, "drafts": [{"id", "year", "months", "value", "qualifier", "source", "quote"}]}`."""
    drafts = []
    for figure, actual in listing.drafts:
        quantity = actual.value
        drafts.append(
            {
                "id": figure.id,
                "year": actual.year,
                "months": actual.months,
                "value": quantity.value if quantity is not None else None,
                "qualifier": _QUALIFIER_JSON[quantity.qualifier] if quantity is not None else None,
                "source": actual.citation.source if actual.citation else None,
                "quote": actual.citation.quote if actual.citation else None,
            }
        )
    document = {"schema": 1, "file": listing.file, "drafts": drafts}
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def render_drafts_table(listing: DraftListing) -> str:
    lang = listing.lang
    if not listing.drafts:
        return word("no-drafts", lang).format(file=visible(listing.file)) + "\n"
    headers = [word(key, lang) for key in ("id", "year", "value", "months", "source", "quote")]
    rows = []
    for figure, actual in listing.drafts:
        quantity = actual.value
        shown = format_figure(quantity.value, figure.unit, lang, quantity.qualifier) if quantity else "?"
        rows.append(
            [
                figure.id,
                str(actual.year),
                shown,
                months_text(actual.months, lang) if actual.months else "",
                actual.citation.source or "" if actual.citation else "",
                actual.citation.quote or "" if actual.citation else "",
            ]
        )
    lines = _table(headers, rows, listing.width)
    lines += ["", word("drafts", lang).format(count=len(listing.drafts))]
    return "\n".join(lines) + "\n"


# --- a plain table, its last column cut to the width ----------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _cut(text: str, room: int) -> str:
    """`text` cut with … to at most `room` display columns."""
    if _width(text) <= room:
        return text
    kept, used = [], 0
    for char in text:
        step = _width(char)
        if used + step > room - 1:
            break
        kept.append(char)
        used += step
    return "".join(kept) + "…"


_QUOTE_ROOM = 24  # narrower than this, the quote takes a line of its own under its row


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """Columns padded to their widest cell, the last (a quote) cut to what is left of `width`; when too little
    is left, the quote goes on an indented line of its own."""
    cells = [[visible(cell) for cell in row] for row in rows]
    fixed = len(headers) - 1
    widths = [max(_width(row[i]) for row in [list(headers), *cells]) for i in range(fixed)]
    room = width - sum(widths) - 2 * fixed
    below = room < _QUOTE_ROOM

    def line(row: Sequence[str]) -> list[str]:
        padded = "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:fixed]))
        if below:
            return [padded.rstrip(), _cut(f"    «{row[fixed]}»", width)]
        return [f"{padded}  {_cut(row[fixed], room)}".rstrip()]

    rule = "─" * (width if below else sum(widths) + 2 * fixed + room)
    return [*line(headers)[:1], rule, *(text for row in cells for text in line(row))]


SCAN_FORMATS: Mapping[str, Callable[[ScanReport], str]] = MappingProxyType({"table": render_table, "json": render_json})
