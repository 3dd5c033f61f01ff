"""`shtarget diff` as text for a terminal, Markdown for a pull-request comment, or JSON. Text from the data
is shown through `safe.visible` (and escaped for Markdown), so it cannot act on a terminal or a page."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType

from shtarget.diff import ActualChange, DatasetDiff
from shtarget.model import Status
from shtarget.render.markdown import escape, table
from shtarget.render.words import status_word
from shtarget.safe import json_safe, visible

WORDS = MappingProxyType(
    {
        "en": {
            "nothing": "no changes to actuals, sources or statuses (as of {year})",
            "source": "source",
            "regression": "regression",
            "none": "(none)",
            "heading": "shtarget: what this change does (as of {year})",
            "no-change": "No actuals, sources or statuses change.",
            "statuses": "**Status changes** ({count}, {worse} worse)",
            "actuals": "**Actuals** ({count})",
            "sources": "**Sources** ({count})",
            "worse": "⚠️ worse",
            "status-columns": ("target", "before", "after", "regression"),
            "actual-columns": ("target", "year", "change", "before", "after"),
            "source-columns": ("source", "change", "before", "after"),
            "added": "added", "changed": "changed", "removed": "removed",
        },
        "zh": {
            "nothing": "数值、来源和状态均无变化（截至{year}年）",
            "source": "来源",
            "regression": "变差",
            "none": "（无）",
            "heading": "shtarget：此次修改的影响（截至{year}年）",
            "no-change": "数值、来源和状态均无变化。",
            "statuses": "**状态变化**（{count} 项，其中 {worse} 项变差）",
            "actuals": "**数值**（{count} 项）",
            "sources": "**来源**（{count} 项）",
            "worse": "⚠️ 变差",
            "status-columns": ("目标", "修改前", "修改后", "变差"),
            "actual-columns": ("目标", "年份", "变化", "修改前", "修改后"),
            "source-columns": ("来源", "变化", "修改前", "修改后"),
            "added": "新增", "changed": "修改", "removed": "删除",
        },
    }
)  # fmt: skip


def _words(lang: str) -> Mapping[str, object]:
    return WORDS["en" if lang == "en" else "zh"]


def _period(change: ActualChange, lang: str) -> str:
    if lang == "en":
        return change.period
    return f"{change.year}年1—{change.months}月" if change.months else f"{change.year}年"


def _empty(diff: DatasetDiff) -> bool:
    return not diff.actuals and not diff.statuses and not diff.sources


def render_text(diff: DatasetDiff, lang: str = "en") -> str:
    words = _words(lang)
    if _empty(diff):
        return f"{str(words['nothing']).format(year=diff.as_of)}\n"
    lines = []
    for change in diff.actuals:
        arrow = f"{change.before or '—'} → {change.after or '—'}"
        lines.append(f"{change.target} {_period(change, lang)}: {words[change.change.value]} {arrow}")
    for source in diff.sources:
        arrow = f"{source.before or '—'} → {source.after or '—'}"
        lines.append(f"{words['source']} {source.source}: {words[source.change.value]} {arrow}")
    for status in diff.statuses:
        flag = f"  ({words['regression']})" if status.regression else ""
        before, after = _status(status.before, lang), _status(status.after, lang)
        lines.append(f"{status.target}: {before} → {after}{flag}")
    return "".join(visible(line) + "\n" for line in lines)


def render_markdown(diff: DatasetDiff, lang: str = "en") -> str:
    """The pull-request comment: status words as the dashboard writes them, in the chosen language."""
    words = _words(lang)
    parts = [f"### {str(words['heading']).format(year=diff.as_of)}\n"]
    if _empty(diff):
        parts.append(f"{words['no-change']}\n")
        return "\n".join(parts)
    if diff.statuses:
        status_rows = [
            (_code(s.target), _status(s.before, lang), _status(s.after, lang), str(words["worse"]) * s.regression)
            for s in diff.statuses
        ]
        count, worse = len(diff.statuses), len(diff.regressions)
        parts.append(f"{str(words['statuses']).format(count=count, worse=worse)}\n")
        parts.append(table(_columns(words, "status-columns"), status_rows))
    if diff.actuals:
        actual_rows = [
            (_code(a.target), _period(a, lang), str(words[a.change.value]), _text(a.before), _text(a.after))
            for a in diff.actuals
        ]
        parts.append(f"{str(words['actuals']).format(count=len(diff.actuals))}\n")
        parts.append(table(_columns(words, "actual-columns"), actual_rows, "lrl"))
    if diff.sources:
        source_rows = [
            (_code(s.source), str(words[s.change.value]), _text(s.before), _text(s.after)) for s in diff.sources
        ]
        parts.append(f"{str(words['sources']).format(count=len(diff.sources))}\n")
        parts.append(table(_columns(words, "source-columns"), source_rows))
    return "\n".join(parts)


def _columns(words: Mapping[str, object], key: str) -> tuple[str, ...]:
    columns = words[key]
    assert isinstance(columns, tuple)
    return columns


def _code(identifier: str) -> str:
    """An id as inline code (ids are [a-z0-9-], validated on load; escaped all the same)."""
    return f"`{escape(visible(identifier)).replace('`', '')}`"


def _text(value: str | None) -> str:
    return escape(visible(value or "—"))


def render_json(diff: DatasetDiff, lang: str = "en") -> str:
    document = {
        "as_of": diff.as_of,
        "actuals": [
            {
                "target": a.target,
                "year": a.year,
                "months": a.months,
                "change": a.change.value,
                "before": a.before,
                "after": a.after,
            }
            for a in diff.actuals
        ],
        "sources": [
            {"source": s.source, "change": s.change.value, "before": s.before, "after": s.after} for s in diff.sources
        ],
        "statuses": [
            {
                "target": s.target,
                "before": s.before.value if s.before else None,
                "after": s.after.value if s.after else None,
                "regression": s.regression,
            }
            for s in diff.statuses
        ],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def _status(status: Status | None, lang: str) -> str:
    return str(_words(lang)["none"]) if status is None else status_word(status, lang)


DIFF_FORMATS: Mapping[str, Callable[[DatasetDiff, str], str]] = MappingProxyType(
    {"text": render_text, "markdown": render_markdown, "json": render_json}
)
