"""The document as lines: HTML tags, scripts and entities removed (line numbers kept, an HTML table's rows
kept apart for tables.py), and each line folded to a canonical form of the same length (full-width forms
narrowed, traditional script simplified), so patterns are written once in simplified characters while quotes are
cut from the original text at the same positions."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from shtarget.provenance import simplified


@dataclass(frozen=True)
class Line:
    number: int
    clean: str  # tags and entities removed; original script and width
    folded: str  # same length as `clean`: NFKC (one character for one) and simplified script


@dataclass(frozen=True)
class Row:
    """A table row: its cells (clean text), where the first cell starts, and the row's folded cells."""

    line: int
    cells: tuple[str, ...]
    folded: tuple[str, ...]
    lines: tuple[int, ...]  # the line each cell starts on


@dataclass(frozen=True)
class Document:
    lines: tuple[Line, ...]
    html_rows: tuple[Row, ...]  # rows of HTML tables, which the prose reader skips
    table_lines: frozenset[int]
    is_plan: bool


_HTML_HINT = re.compile(r"<(?:html|body|p|div|br|table|tr|td|span|h[1-6])\b", re.IGNORECASE)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|tr|td|th|h[1-6]|table|thead|tbody|section|article|ul|ol|dd|dt)\b[^>]*>", re.IGNORECASE
)
_ANY_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")  # as provenance.py: "<5.5 … >42" is text
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_TR = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.IGNORECASE | re.DOTALL)
_TD = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]\s*>", re.IGNORECASE | re.DOTALL)
_URLISH = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_PLAN_WORDS = re.compile(r"规划|纲要|计划|方案|行动|意见|目标|政府工作报告")


def _keep_newlines(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")


def prepare(text: str) -> Document:
    text = text.removeprefix("\ufeff")
    rows: list[Row] = []
    table_lines: set[int] = set()
    if _HTML_HINT.search(text):
        text = _SCRIPT.sub(_keep_newlines, text)
        rows, table_lines = _html_rows(text)
        text = _BLOCK_TAG.sub(lambda tag: "\t" + _keep_newlines(tag), text)
        text = _ANY_TAG.sub(_keep_newlines, text)
        text = _ENTITY.sub(lambda entity: html.unescape(entity.group()), text)
    lines = tuple(
        Line(number, clean, fold(clean))
        for number, clean in enumerate((raw.removesuffix("\r") for raw in text.split("\n")), start=1)
    )
    head = "".join(line.folded for line in lines if line.folded.strip())[:300]
    return Document(lines, tuple(rows), frozenset(table_lines), bool(_PLAN_WORDS.search(head)))


def _html_rows(text: str) -> tuple[list[Row], set[int]]:
    rows: list[Row] = []
    covered: set[int] = set()
    for table in _TABLE.finditer(text):
        first = text.count("\n", 0, table.start()) + 1
        covered.update(range(first, first + table.group().count("\n") + 1))
        for row in _TR.finditer(table.group()):
            cells, lines = [], []
            for cell in _TD.finditer(row.group(1)):
                content = html.unescape(_ANY_TAG.sub("", cell.group(1)))
                cells.append(" ".join(content.split()))
                offset = table.start() + row.start(1) + cell.start(1)
                lines.append(text.count("\n", 0, offset) + 1)
            if cells:
                rows.append(Row(lines[0], tuple(cells), tuple(fold(c) for c in cells), tuple(lines)))
    return rows, covered


def _narrow(char: str) -> str:
    """A full-width or half-width form as its plain character ("％" → "%", "１" → "1"); anything else as is, so
    footnote marks like ① stay marks."""
    if char == "\u3000":
        return " "
    if unicodedata.decomposition(char).startswith(("<wide>", "<narrow>")):
        return unicodedata.normalize("NFKC", char)
    return char


def fold(text: str) -> str:
    """Full-width forms narrowed and traditional script simplified, character by character: the result has
    exactly one character for each of `text`'s, so positions carry over."""
    narrowed = "".join(_narrow(char) for char in text)
    converted = simplified(narrowed)
    if len(converted) == len(narrowed):
        return converted
    return "".join(c if len(c := simplified(char)) == 1 else char for char in narrowed)


def document_title(text: str) -> str | None:
    """The first line that reads like a title (for registering the file as a source)."""
    for line in prepare(text).lines:
        clean = line.clean.strip(" \t\u3000")
        if len(clean) >= 4 and not _URLISH.match(clean):
            return clean[:120]
    return None


def one_line(text: str) -> str:
    return " ".join(text.split())
