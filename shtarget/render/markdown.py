"""Markdown building blocks shared by every Markdown output: escaping and tables."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

# Characters that could start Markdown syntax inside a table cell or a line of text; with the brackets
# escaped, parentheses can never form a link.
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]#|~])")


def escape(text: object) -> str:
    """Data as inert inline Markdown: no HTML, no emphasis or links, no table breaks, one line."""
    flat = " ".join(str(text).split())
    return _INLINE_SPECIALS.sub(r"\\\1", html.escape(flat, quote=False))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """A GFM table; `align` is one character per column: l, r or c (default l). Cells must be escaped already."""
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    alignment = [marks[align[i]] if i < len(align) else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(alignment) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
