"""Text laid out for a terminal of a given width, never splitting a figure, a year, an id or a status word.

A cell is a run of atoms. An atom is unbreakable (a figure, a year, an id, one English word or one Chinese
character of a name); lines break only between atoms. Widths are display columns as a terminal counts them
(a CJK character takes two). Every text from data passes through `safe.visible` when its atom is made, so
it is measured as it will be shown. Used by the terminal renderers (status, list, status --years, sources).
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rich.cells import cell_len

from shtarget.safe import visible

Piece = tuple[str, str]  # text and a Rich style ("" for none)
Line = tuple[Piece, ...]

ELLIPSIS = "…"
HARD_BREAK = "\n"  # as an atom's glue: the atom always starts a new line

# Chinese punctuation that may not start a line; it stays with the character before it.
_CLOSING = frozenset("，。、；：？！）》」』】〉”’·…%")
# Punctuation that may not end a line; it stays with the character after it.
_OPENING = frozenset("（《「『【〈“‘")


class Atom(NamedTuple):
    """An unbreakable run of styled text, and what separates it from the atom before it on the same line
    (spaces, or `HARD_BREAK`). Made by `Atom.of`, which measures it once: layouts try several widths on
    thousands of rows."""

    pieces: tuple[Piece, ...]
    glue: str
    text: str
    width: int

    @classmethod
    def of(cls, pieces: tuple[Piece, ...], glue: str = " ") -> Atom:
        text = "".join(piece for piece, _ in pieces)
        return cls(pieces, glue, text, cell_len(text))


Cell = tuple[Atom, ...]


@functools.lru_cache(maxsize=1024)
def width(text: str) -> int:
    """Display columns `text` takes in a terminal."""
    return cell_len(text)


def line_width(line: Line) -> int:
    return sum(cell_len(text) for text, _ in line)


def atom(text: str, style: str = "", glue: str = " ") -> Atom:
    """One unbreakable atom; `text` comes from data or words of ours, shown visibly either way."""
    return Atom.of(((visible(text), style),), glue)


def styled_atom(pieces: Sequence[Piece], glue: str = " ") -> Atom:
    return Atom.of(tuple((visible(text), style) for text, style in pieces), glue)


def cell(*texts: str, style: str = "") -> Cell:
    """Atoms joined by spaces: a figure and its year ("24.8%", "(2023)") may wrap between them, never inside."""
    return tuple(atom(text, style) for text in texts if text)


def group(content: Cell, room: int) -> Cell:
    """`content` as one atom when it fits in `room` (so it is never broken), else left as it is."""
    if len(content) < 2 or single_width(content) > room or any(item.glue == HARD_BREAK for item in content[1:]):
        return content
    pieces: list[Piece] = list(content[0].pieces)
    for item in content[1:]:
        pieces += [(item.glue, ""), *item.pieces]
    return (Atom.of(tuple(pieces), content[0].glue),)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def words(text: str, style: str = "", first_glue: str = " ") -> Cell:
    """Flowing text: English breaks at spaces, Chinese between characters (closing punctuation stays with
    the character before it, opening punctuation with the one after it, numbers and Latin words stay whole)."""
    atoms: list[Atom] = []
    word = ""
    glue = first_glue

    def flush() -> None:
        nonlocal word, glue
        if word:
            atoms.append(Atom.of(((word, style),), glue))
            word, glue = "", ""

    for char in visible(text):
        if char.isspace():
            flush()
            glue = " " if atoms else first_glue
        elif char in _CLOSING and glue == "" and (word or atoms):
            if word:
                word += char
            else:
                last = atoms[-1]
                atoms[-1] = Atom.of(((last.text + char, style),), last.glue)
        elif char in _OPENING:
            if word and not _only_opening(word):
                flush()
            word += char
        elif _wide(char):
            opening = word if _only_opening(word) else ""
            if not opening:
                flush()
            atoms.append(Atom.of(((opening + char, style),), glue))
            word, glue = "", ""
        else:
            word += char
    flush()
    return tuple(atoms)


def _only_opening(text: str) -> bool:
    return bool(text) and all(char in _OPENING for char in text)


def phrases(text: str, room: int, style: str = "", separator: str = " — ") -> Cell:
    """A title that breaks at its separators (" — "): each phrase, its dash at its end, is kept on one line
    where it fits in `room`; a longer phrase breaks like `words`."""
    parts = text.split(separator)
    content: list[Atom] = []
    for index, part in enumerate(parts):
        dash = separator.strip() if index < len(parts) - 1 else ""
        content += group(words(f"{part} {dash}" if dash else part, style), room)
    return tuple(content)


def single_width(content: Cell) -> int:
    """The width of `content` on as few lines as it allows (hard breaks still break)."""
    widest = current = 0
    for index, item in enumerate(content):
        if index == 0 or item.glue == HARD_BREAK:
            current = item.width
        else:
            current += len(item.glue) + item.width  # glue is spaces: one column each
        widest = max(widest, current)
    return widest


@functools.lru_cache(maxsize=4096)
def min_width(content: Cell, max_lines: int) -> int:
    """The narrowest width at which `content` takes at most `max_lines` lines. Cached: a table tries
    several layouts, and most cells are the same in each."""
    if not content:
        return 0
    low, high = max(item.width for item in content), single_width(content)
    if _line_count(content, low) <= max_lines:
        return low
    while low < high:  # a binary search: wrapping is monotone in the width
        middle = (low + high) // 2
        if _line_count(content, middle) <= max_lines:
            high = middle
        else:
            low = middle + 1
    return high


def _line_count(content: Cell, room: int) -> int:
    """How many lines `wrap(content, room)` makes, where no atom is wider than `room`: the same greedy
    breaks, counted without building the lines."""
    lines = used = 0
    for item in content:
        if lines and item.glue != HARD_BREAK and used + len(item.glue) + item.width <= room:
            used += len(item.glue) + item.width
        else:
            lines += 1
            used = item.width
    return lines


def _shape(content: Cell, room: int, indent: int) -> tuple[int, Atom | None]:
    """How many lines `wrap(content, room, indent=indent)` makes, and the atom standing alone on the last
    one (None when it shares that line): the greedy breaks again, counted without building the lines."""
    lines = used = 0
    alone: Atom | None = None
    for item in content:
        if lines and item.glue != HARD_BREAK and used + len(item.glue) + item.width <= room:
            used += len(item.glue) + item.width
            alone = None
        else:
            lines += 1
            used = (indent if lines > 1 and indent < room else 0) + item.width
            alone = item
    return lines, alone


def _is_orphan(item: Atom | None) -> bool:
    """A single character (with the punctuation that stays with it) left alone on a last line."""
    return item is not None and len(item.text.strip().rstrip("".join(_CLOSING))) == 1


def orphaned(content: Cell, room: int, max_lines: int, indent: int = 0) -> bool:
    """Whether `content`, wrapped into `room` whole (in at most `max_lines` lines), ends in a line holding
    one character alone."""
    lines, alone = _shape(content, room, indent)
    return 1 < lines <= max_lines and _is_orphan(alone)


def wrap_without_orphan(content: Cell, room: int, max_lines: int, indent: int = 0) -> list[Line]:
    """`wrap`, but where the last line would hold one character alone, the lines break a little earlier
    (as many lines, each at most `room` wide) so that it has company."""
    if orphaned(content, room, max_lines, indent):
        lines, _ = _shape(content, room, indent)
        widest = max(item.width for item in content)
        for narrower in range(room - 1, max(widest, indent + 1, room - 8) - 1, -1):
            count, alone = _shape(content, narrower, indent)
            if count != lines:
                break
            if not _is_orphan(alone):
                return wrap(content, narrower, max_lines, indent)
    return wrap(content, room, max_lines, indent)


def wrap(content: Cell, room: int, max_lines: int | None = None, indent: int = 0) -> list[Line]:
    """`content` in lines of at most `room` columns; continuation lines are indented by `indent`. Beyond
    `max_lines` the last line ends in "…". An atom wider than the room (never a figure, by construction of
    the widths) is cut by characters as a last resort, so no line is ever wider than `room`."""
    room = max(room, 1)
    lines: list[list[Piece]] = []
    current: list[Piece] = []
    used = 0
    for item in content:
        if current and item.glue != HARD_BREAK and used + len(item.glue) + item.width <= room:
            if item.glue:
                current.append((item.glue, ""))
            current.extend(item.pieces)
            used += len(item.glue) + item.width
            continue
        if current or (lines and item.glue == HARD_BREAK):
            lines.append(current)
            current, used = ([(" " * indent, "")], indent) if indent < room else ([], 0)
        if used + item.width <= room:
            current.extend(item.pieces)
            used += item.width
            continue
        if not "".join(text for text, _ in current).strip():
            current, used = [], 0  # an atom too wide for an indented line starts at the margin
        for text, style in item.pieces:  # the last resort: fold by characters, each line's part one piece
            chunk = ""
            for char in text:
                char_width = width(char)
                if used + char_width > room and used > 0:
                    lines.append([*current, (chunk, style)] if chunk else current)
                    current, used, chunk = [], 0, ""
                chunk += char
                used += char_width
            if chunk:
                current.append((chunk, style))
    if current:
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], room)
    return [_merged(line) for line in lines]


def _with_ellipsis(line: list[Piece], room: int) -> list[Piece]:
    """`line` shortened to leave room for "…", which then ends it. Words go whole (English is cut at a
    space); only a word alone on its line is cut inside."""
    style = line[-1][1] if line else ""
    pieces = list(line)
    while pieces and line_width(tuple(pieces)) + 1 > room:
        text, piece_style = pieces.pop()
        alone = not "".join(piece for piece, _ in pieces).strip()
        if alone and len(text) > 1 and text.strip():  # a word wider than the line: keep what fits of it,
            while text and line_width((*pieces, (text, piece_style))) + 1 > room:
                text = text[:-1]
            if "-" in text.strip("-"):  # up to a hyphen where it has one
                text = text[: text.rindex("-") + 1]
            if text:
                pieces.append((text, piece_style))
    while pieces and not pieces[-1][0].strip():
        pieces.pop()
    return [*pieces, (ELLIPSIS, style)]


def _merged(pieces: Iterable[Piece]) -> Line:
    """Adjacent pieces of one style joined (fewer escape codes in colour)."""
    merged: list[Piece] = []
    for text, style in pieces:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        elif text:
            merged.append((text, style))
    return tuple(merged)


# --- tables ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A table column. At most one column of a table is `flexible`: it takes the room the others leave,
    wraps to at most `max_lines` (then "…") and never goes below `least` columns."""

    header: str
    align: str = "left"
    max_lines: int = 1
    flexible: bool = False
    least: int = 0
    widen: bool = True  # False: its cells may as well wrap (the rows take two lines anyway); widen it last


@dataclass(frozen=True)
class Fit:
    """Column widths, and whether the flexible column got enough room for most of its cells to fit whole."""

    widths: list[int]
    comfortable: bool


def fit(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], room: int, gap: int = 2, indent: int = 2
) -> Fit | None:
    """Column widths that fit `room`, or None when the columns cannot fit even at their narrowest.

    A fixed column is never narrower than its widest atom or its header, nor narrower than lets each of its
    cells fit in `max_lines`. Room to spare goes first to the flexible column, up to the width at which three
    in four of its cells fit whole, then to the fixed columns (so fewer of their cells wrap), then to the
    flexible column again, up to what its longest cell needs, and last to fixed columns that need not widen.
    Then, where a cell of the flexible column (wrapped with continuation lines indented by `indent`) would
    end in one character alone, the flexible column moves to the nearest width without such orphans, taking
    the cells it needs from the room left over and from fixed columns wider than their narrowest."""
    least: list[int] = []
    most: list[int] = []
    comfortable = 0
    for index, column in enumerate(columns):
        cells = [row[index] for row in rows]
        header = width(column.header)
        natural = max([header, *(single_width(content) for content in cells)])
        if column.flexible:
            least.append(max(header, column.least))
            needs = sorted(min_width(content, column.max_lines) for content in cells)
            comfortable = max(least[-1], needs[(len(needs) * 3) // 4] if needs else 0)
        elif column.max_lines == 1:
            least.append(natural)
        else:
            least.append(max([header, *(min_width(content, column.max_lines) for content in cells)]))
        most.append(max(natural, least[-1]))
    spare = room - sum(least) - gap * (len(columns) - 1)
    if spare < 0:
        return None
    widths = list(least)

    def grow(index: int, limit: int) -> None:
        nonlocal spare
        grant = max(0, min(spare, limit - widths[index]))
        widths[index] += grant
        spare -= grant

    flexible = [index for index, column in enumerate(columns) if column.flexible]
    # The order room is given in: the flexible column's first share, the fixed columns, the rest.
    fixed = [index for index, column in enumerate(columns) if not column.flexible and column.widen]
    fixed += [index for index, column in enumerate(columns) if not column.flexible and not column.widen]
    for index in flexible:
        grow(index, min(most[index], comfortable))
    for index in fixed:
        if columns[index].widen:
            grow(index, most[index])
    for index in flexible:
        grow(index, most[index])
    for index in fixed:
        if not columns[index].widen:
            grow(index, most[index])
    comfortable_fit = all(widths[index] >= min(most[index], comfortable) for index in flexible)
    for index in flexible:
        if columns[index].max_lines > 1:
            available = spare + sum(widths[other] - least[other] for other in fixed)
            cells = [row[index] for row in rows]
            high = min(widths[index] + available, max(most[index], widths[index]))
            wanted = _without_orphans(cells, widths[index], least[index], high, columns[index], indent)
            change, widths[index] = wanted - widths[index], wanted
            spare -= change  # what the room left over cannot give, the fixed columns give, last widened first
            for other in reversed(fixed):
                if spare >= 0:
                    break
                taken = min(-spare, widths[other] - least[other])
                widths[other] -= taken
                spare += taken
            for other in fixed:  # a narrower flexible column leaves room the fixed columns may take back
                grow(other, most[other])
    return Fit(widths, comfortable_fit)


def _without_orphans(cells: Sequence[Cell], start: int, low: int, high: int, column: Column, indent: int) -> int:
    """The width nearest `start` (wider first), between `low` and `high` and at most 8 cells away, at which no
    cell ends in one character alone and no more cells are cut than at `start`; else `start`."""

    def cut_orphans(room: int, stop_at_orphan: bool) -> tuple[int, int]:
        cut = orphans = 0
        for content in cells:
            lines, alone = _shape(content, room, indent)
            if lines > column.max_lines:
                cut += 1
            elif lines > 1 and _is_orphan(alone):
                orphans += 1
                if stop_at_orphan:
                    break
        return cut, orphans

    cut, orphans = cut_orphans(start, stop_at_orphan=True)
    if not orphans:
        return start
    cut, _ = cut_orphans(start, stop_at_orphan=False)
    for distance in range(1, 9):
        for candidate in (start + distance, start - distance):
            if low <= candidate <= high:
                candidate_cut, candidate_orphans = cut_orphans(candidate, stop_at_orphan=True)
                if not candidate_orphans and candidate_cut <= cut:
                    return candidate
    return start


def table_lines(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int],
    gap: int = 2,
    header_style: str = "bold",
    continuation_indent: int = 2,
) -> list[Line]:
    """The header and every row, each cell wrapped into its width and aligned; no trailing spaces."""
    lines = header_lines(columns, widths, gap, header_style)
    for row in rows:
        lines += row_lines(columns, row, widths, gap, continuation_indent)
    return lines


def header_lines(columns: Sequence[Column], widths: Sequence[int], gap: int = 2, style: str = "bold") -> list[Line]:
    """A table's header and the rule under it."""
    header_cells = [((column.header, style),) for column in columns]
    rule = ((("─" * (sum(widths) + gap * (len(widths) - 1))), "dim"),)
    return [_join_row(header_cells, columns, widths, gap), rule]


def row_lines(
    columns: Sequence[Column], row: Sequence[Cell], widths: Sequence[int], gap: int = 2, continuation_indent: int = 2
) -> list[Line]:
    """One row, each cell wrapped into its width (the flexible column without one-character orphans)."""
    wrapped = []
    for column, content, room in zip(columns, row, widths, strict=True):
        if column.flexible:
            wrapped.append(wrap_without_orphan(content, room, column.max_lines, continuation_indent))
        else:
            wrapped.append(wrap(content, room, column.max_lines))
    height = max((len(cell_lines) for cell_lines in wrapped), default=1)
    lines = []
    for line_index in range(max(height, 1)):
        parts = [cell_lines[line_index] if line_index < len(cell_lines) else () for cell_lines in wrapped]
        lines.append(_join_row(parts, columns, widths, gap))
    return lines


def _join_row(parts: Sequence[Line], columns: Sequence[Column], widths: Sequence[int], gap: int) -> Line:
    pieces: list[Piece] = []
    for index, (part, column, room) in enumerate(zip(parts, columns, widths, strict=True)):
        padding = " " * max(0, room - line_width(part))
        if index:
            pieces.append((" " * gap, ""))
        if column.align == "right":
            pieces.append((padding, ""))
            pieces.extend(part)
        else:
            pieces.extend(part)
            pieces.append((padding, ""))
    return rstrip(tuple(pieces))


def rstrip(line: Line) -> Line:
    """`line` without trailing spaces."""
    pieces = list(line)
    while pieces:
        text, style = pieces[-1]
        stripped = text.rstrip(" ")
        if stripped:
            pieces[-1] = (stripped, style)
            break
        pieces.pop()
    return _merged(pieces)


def flow(content: Cell, room: int, indent: int = 0, max_lines: int | None = None) -> list[Line]:
    """Running text (a title, a legend) wrapped to `room`, without trailing spaces."""
    return [rstrip(line) for line in wrap(content, room, max_lines, indent)]


def to_text(lines: Iterable[Line], color: bool) -> str:
    """The lines as one string: plain, or with the styles as terminal colours."""
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(
        file=out, width=10_000, force_terminal=True, color_system="standard", highlight=False, emoji=False, markup=False
    )
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or None)
        console.print(text, soft_wrap=True)
    return out.getvalue()
