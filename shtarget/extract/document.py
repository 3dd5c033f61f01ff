"""The document as lines: HTML tags, scripts and entities removed (line numbers kept, an HTML table's rows
kept apart for tables.py), and each line folded to a canonical form of the same length (full-width forms
narrowed, traditional script simplified), so patterns are written once in simplified characters while quotes are
cut from the original text at the same positions."""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, overload

from shtarget.provenance import simplified


class Line(NamedTuple):
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


class Lines(Sequence[Line]):
    """The lines, kept as two lists of strings and made into `Line`s when read: millions of small objects
    alive at once would make each garbage collection longer the larger the page (superlinear)."""

    def __init__(self, clean: list[str]) -> None:
        self.clean = clean
        self.folded = [fold(line) for line in clean]

    def __len__(self) -> int:
        return len(self.clean)

    @overload
    def __getitem__(self, index: int) -> Line: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Line]: ...
    def __getitem__(self, index: int | slice) -> Line | Sequence[Line]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return Line(index + 1, self.clean[index], self.folded[index])


@dataclass(frozen=True)
class Document:
    lines: Lines
    html_rows: tuple[Row, ...]  # rows of HTML tables, which the prose reader skips
    table_lines: frozenset[int]
    is_plan: bool


_HTML_HINT = re.compile(r"<(?:html|body|p|div|br|table|tr|td|span|h[1-6])\b", re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|tr|td|th|h[1-6]|table|thead|tbody|section|article|ul|ol|dd|dt)\b[^>]*>", re.IGNORECASE
)
_ANY_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")  # as provenance.py: "<5.5 … >42" is text
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_URLISH = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_PLAN_WORDS = re.compile(r"规划|纲要|计划|方案|行动|意见|目标|政府工作报告")


@dataclass(frozen=True)
class _Element:
    """What `<name …>(.*?)</name>` would match: one opening tag paired with the first closing tag after it."""

    start: int
    content_start: int
    content_end: int
    end: int


@dataclass(frozen=True)
class _Kind:
    opening: re.Pattern[str]  # its group 1, if any, names the element, which its closing tag must repeat
    closing: re.Pattern[str]
    to_bracket: bool  # the opening tag runs on to the next ">" (`<tr\b[^>]*>`), else it ends with the name


_SCRIPT = _Kind(re.compile(r"<(script|style)\b", re.I), re.compile(r"</(script|style)\s*>", re.I), False)
_TABLE = _Kind(re.compile(r"<table\b", re.I), re.compile(r"</table\s*>", re.I), False)
_TR = _Kind(re.compile(r"<tr\b", re.I), re.compile(r"</tr\s*>", re.I), True)
_TD = _Kind(re.compile(r"<t[dh]\b", re.I), re.compile(r"</t[dh]\s*>", re.I), True)


def _elements(text: str, kind: _Kind, pos: int = 0, endpos: int | None = None) -> list[_Element]:
    """The elements of `kind` in text[pos:endpos], left to right as a lazy regex finds them, in one pass: a
    regex would look for the closing tag afresh from every unclosed opening one (quadratic in those)."""
    end = len(text) if endpos is None else endpos
    closings: dict[str, list[re.Match[str]]] = {}
    for match in kind.closing.finditer(text, pos, end):
        closings.setdefault(_name(match), []).append(match)
    next_closing = dict.fromkeys(closings, 0)
    found: list[_Element] = []
    consumed = pos
    bracket = -1  # the last ">" found: tags between share it
    for opening in kind.opening.finditer(text, pos, end):
        if opening.start() < consumed:
            continue
        content_start = opening.end()
        if kind.to_bracket:
            if bracket < content_start:
                bracket = text.find(">", content_start, end)
                if bracket < 0:
                    break  # no ">" after this: no later tag ends either
            content_start = bracket + 1
        name = _name(opening)
        candidates = closings.get(name, [])
        index = next_closing.get(name, 0)
        while index < len(candidates) and candidates[index].start() < content_start:
            index += 1
        next_closing[name] = index
        if index == len(candidates):
            continue  # unclosed: its text stays, as a regex would leave it
        closing = candidates[index]
        found.append(_Element(opening.start(), content_start, closing.start(), closing.end()))
        consumed = closing.end()
    return found


def _name(match: re.Match[str]) -> str:
    return match.group(1).lower() if match.re.groups else ""


def _keep_newlines(text: str, start: int, end: int) -> str:
    return "\n" * text.count("\n", start, end)


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each (non-overlapping, ordered) span replaced by the newlines it held."""
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], _keep_newlines(text, start, end)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _tabs_for_block_tags(text: str) -> str:
    """Each block tag (`<p …>`, `</div>`…) as a tab and the newlines it held. Only the text up to the last ">"
    is searched: past it no tag can end, and a search there would scan to the end from every "<p" (quadratic)."""
    end = text.rfind(">") + 1
    return _BLOCK_TAG.sub(lambda tag: "\t" + _keep_newlines(text, tag.start(), tag.end()), text[:end]) + text[end:]


def prepare(text: str) -> Document:
    text = text.removeprefix("\ufeff")
    rows: list[Row] = []
    table_lines: set[int] = set()
    if _HTML_HINT.search(text):
        text = _without(text, [(e.start, e.end) for e in _elements(text, _SCRIPT)])
        rows, table_lines = _html_rows(text)
        text = _tabs_for_block_tags(text)
        text = _ANY_TAG.sub(lambda tag: _keep_newlines(tag.string, tag.start(), tag.end()), text)
        text = _ENTITY.sub(lambda entity: html.unescape(entity.group()), text)
    lines = Lines([raw.removesuffix("\r") for raw in text.split("\n")])
    return Document(lines, tuple(rows), frozenset(table_lines), bool(_PLAN_WORDS.search(_head(lines.folded))))


def _head(folded: list[str], size: int = 300) -> str:
    """The first `size` characters of the text's non-blank lines, run together."""
    pieces, length = [], 0
    for line in folded:
        if line.strip():
            pieces.append(line)
            length += len(line)
            if length >= size:
                break
    return "".join(pieces)[:size]


def _html_rows(text: str) -> tuple[list[Row], set[int]]:
    newlines = [match.start() for match in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect_left(newlines, offset) + 1

    rows: list[Row] = []
    covered: set[int] = set()
    for table in _elements(text, _TABLE):
        covered.update(range(line_of(table.start), line_of(table.end) + 1))
        for row in _elements(text, _TR, table.start, table.end):
            cells, lines = [], []
            for cell in _elements(text, _TD, row.content_start, row.content_end):
                content = html.unescape(_ANY_TAG.sub("", text[cell.content_start : cell.content_end]))
                cells.append(" ".join(content.split()))
                lines.append(line_of(cell.content_start))
            if cells:
                rows.append(Row(lines[0], tuple(cells), tuple(fold(c) for c in cells), tuple(lines)))
    return rows, covered


def _narrow(char: str) -> str:
    """A full-width or half-width form as its plain character ("％" → "%", "１" → "1"); anything else as is, so
    footnote marks like ① stay marks (and so does "￣", whose plain form is two characters)."""
    if char == "\u3000":
        return " "
    plain = unicodedata.normalize("NFKC", char)
    if unicodedata.decomposition(char).startswith(("<wide>", "<narrow>")) and len(plain) == 1:
        return plain
    return char


# Those forms are U+3000 and the Halfwidth and Fullwidth Forms block (tests/test_extract_bounded.py checks this
# against all of Unicode): one table, so a line is narrowed in one pass rather than a call per character.
_NARROW = {code: _narrow(chr(code)) for code in (0x3000, *range(0xFF00, 0xFFF0)) if _narrow(chr(code)) != chr(code)}


def fold(text: str) -> str:
    """Full-width forms narrowed and traditional script simplified, character by character: the result has
    exactly one character for each of `text`'s, so positions carry over."""
    narrowed = text.translate(_NARROW)
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
