"""`shtarget report`: the report as GitHub-flavoured Markdown, with Mermaid charts.

The content comes from `report_doc.build`; this module only writes it out. Every run of text passes through
`safe.visible` and is escaped for Markdown, so data can never start a line, close a table cell, open a
link or emphasis, or become HTML. The only HTML written is the `<a id="…"></a>` anchor in a heading, made
from an id the loader has checked to be `[a-z0-9-]+` (or one of the report's own `_section` anchors).
"""

from __future__ import annotations

import html
import math
import re

from shtarget.render.report_doc import (
    Block,
    Bullets,
    Chart,
    Document,
    Inline,
    Paragraph,
    Quote,
    ReportContext,
    Run,
    Section,
    Table,
    build,
)
from shtarget.render.report_text import number, words_for
from shtarget.safe import visible

__all__ = ["ReportContext", "mermaid_chart", "render", "to_markdown"]

_SPECIALS = re.compile(r"([\\`*_\[\]#|~!$])")
_LINE_START = re.compile(r"(\d{1,9})([.)])|([-+=])")
_WHITESPACE = re.compile(r"\s+")
# Text with none of the characters `_escape` or `safe.visible` change, and no run of spaces.
_PLAIN = re.compile(
    r"(?:[^\\`*_\[\]#|~!$&<>\s\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]| (?! ))*\Z"
)
_ANCHOR = re.compile(r"_?[a-z0-9-]+\Z")
_CODE_SAFE = re.compile(r"[\w .,:=+\-*/()…]+\Z")
# Mermaid labels are quoted strings with their own entity syntax (#38;): words, digits and plain punctuation stay.
_MERMAID_SAFE = re.compile(r"[\w .,'()%/+\-–—·、，。（）≥≤≈]")


def render(context: ReportContext) -> str:
    return to_markdown(build(context))


def to_markdown(document: Document) -> str:
    parts = [f"# {_escape(document.title)}\n"]
    parts += [_line_start(_inline(line)) + "\n" for line in document.header]
    parts += (_block(block) for block in document.blocks)
    return "\n".join(parts)


def _escape(value: str) -> str:
    """Text as inert inline Markdown: visible controls, one line, no HTML, no emphasis, links or table breaks."""
    if _PLAIN.match(value):
        return value  # most text has nothing to escape
    flat = _WHITESPACE.sub(" ", visible(value))
    return _SPECIALS.sub(r"\\\1", html.escape(flat, quote=False))


def _line_start(markdown: str) -> str:
    """Escape what would make a line a list item or a setext underline ("1. ", "- ", "=")."""
    match = _LINE_START.match(markdown)
    if match is None:
        return markdown
    if match[1]:
        return f"{match[1]}\\{markdown[len(match[1]) :]}"
    return "\\" + markdown


def _href(href: str) -> str:
    """A checked link target made safe inside `(...)`."""
    return href.replace("\\", "%5C").replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _code(value: str) -> str:
    shown = visible(value)
    return f"`{shown}`" if _CODE_SAFE.match(shown) else _escape(shown)


def _run(run: Run) -> str:
    if run.code:
        shown = _code(run.text)
    else:
        shown = _escape(run.text)
        if run.status is not None:
            shown = f"{_mark(run.status)} {shown}"
        if run.strong and shown.strip():
            # Emphasis must hug its text: spaces go outside the markers.
            lead, trail = shown[: len(shown) - len(shown.lstrip())], shown[len(shown.rstrip()) :]
            shown = f"{lead}**{shown.strip()}**{trail}"
    if run.href is not None:
        return f"[{shown}]({_href(run.href)})"
    return shown


def _inline(runs: Inline) -> str:
    return "".join(_run(run) for run in runs)


def _mark(status: str) -> str:
    from shtarget.render.words import STATUS_MARKS

    return STATUS_MARKS.get(status, "•")


def _block(block: Block) -> str:
    if isinstance(block, Section):
        anchor = f'<a id="{block.anchor}"></a>' if block.anchor and _ANCHOR.match(block.anchor) else ""
        aside = f" · {_code(block.aside)}" if block.aside else ""
        heading = f"{'#' * block.level} {anchor}{_inline(block.title)}{aside}\n"
        return "\n".join([heading, *(_block(inner) for inner in block.blocks)])
    if isinstance(block, Paragraph):
        body = _line_start(_inline(block.runs))
        return (f"*{body}*" if block.small else body) + "\n"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Quote):
        return f"> {_line_start(_escape(block.text))}\n>\n> — {_inline(block.attribution)}\n"
    if isinstance(block, Bullets):
        return "\n".join(f"- {_line_start(_inline(item))}" for item in block.items) + "\n"
    return mermaid_chart(block)


def _table(table: Table) -> str:
    marks = {"l": "---", "r": "---:"}
    align = [marks.get(table.align[i], "---") if i < len(table.align) else "---" for i in range(len(table.headers))]
    lines = ["| " + " | ".join(_escape(header) for header in table.headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_inline(cell) for cell in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


# --- charts -----------------------------------------------------------------------------------------------


def mermaid_chart(chart: Chart) -> str:
    """An `xychart-beta` of the recorded full-year figures as bars, the target as the last bar ("target 2025"),
    and a line: the path to the target while the goal lies ahead, else the goal's level.

    Mermaid's xychart has no missing values (a bar of 0 would read as a recorded zero), so only the years
    with a figure are on its axis, from the path's start (or the baseline's year); the path is drawn at those
    years. The target's own bar makes a single figure a figure beside its goal, and the y-axis spans the
    baseline, the figures and the goal. Part-year figures, and figures before the start, are in the table
    below the chart."""
    path = dict(chart.path)
    start = chart.start
    bars = [bar for bar in chart.bars if bar.months is None and (start is None or bar.year >= start)]
    if not bars:
        return ""
    words = words_for(chart.lang)
    categories = [str(bar.year) for bar in bars]
    values = [bar.value for bar in bars]
    category = ""
    if chart.target is not None:
        category = words["chart_category"].format(year=chart.target[0])
        categories.append(f'"{_mermaid_text(category)}"')
        values.append(chart.target[1])
    line: list[float] = []
    if path:
        end = max(path)
        line = [path.get(bar.year, path[end]) for bar in bars]
        if chart.target is not None:
            line.append(chart.target[1])
    elif chart.goal_line is not None:
        line = [chart.goal_line] * len(categories)
    drawn = values + line
    low, high = min(0.0, *drawn), max(0.0, *drawn)
    lines = [
        "```mermaid",
        "xychart-beta",
        f'    title "{_mermaid_text(chart.title)}"',
        f"    x-axis [{', '.join(categories)}]",
        f'    y-axis "{_mermaid_text(chart.unit)}" {_plain(_round_down(low))} --> {_plain(_round_up(high))}',
        f"    bar [{', '.join(_plain(value) for value in values)}]",
    ]
    if line:
        lines.append(f"    line [{', '.join(_plain(value) for value in line)}]")
    lines.append("```")
    last = words["chart_caption_last"].format(category=category) if category else ""
    if path or chart.goal_line is None:
        caption = words["chart_caption_md"].format(goal=chart.goal, last=last)
    else:
        reached = words["chart_caption_reached"] if chart.met else words["chart_caption_kept"]
        caption = words["chart_caption_md_met"].format(goal=chart.goal, last=last, reached=reached)
    return "\n".join(lines) + f"\n\n*{_escape(caption)}*\n"


def _mermaid_text(value: str) -> str:
    """Text for a quoted Mermaid string, escaped rather than stripped: words, digits and plain punctuation as
    they are, every other character as Mermaid's entity code (`&` → `#38;`, `"` → `#34;`), which Mermaid
    turns back into the character as text, never markup."""
    shown = " ".join(visible(value).split())[:100] or "-"
    return "".join(char if _MERMAID_SAFE.match(char) else f"#{ord(char)};" for char in shown)


def _round_up(top: float) -> float:
    """A round number a little above the highest value."""
    if top <= 0:
        return 1.0 if top == 0 else -_round_down(-top)
    step = 10.0 ** (math.floor(math.log10(top)) - 1)
    return float(math.ceil(round(top * 1.1 / step, 9)) * step)  # 100 × 1.1 is 110.00000000000001


def _round_down(bottom: float) -> float:
    if bottom >= 0:
        return 0.0
    return -_round_up(-bottom)


def _plain(value: float) -> str:
    return number(value, "zh", 2)
