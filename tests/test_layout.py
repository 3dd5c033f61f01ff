"""The layout's shortcuts agree with the plain algorithm they stand for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shtarget.render.layout import (
    HARD_BREAK,
    Atom,
    Cell,
    Line,
    _line_count,
    _shape,
    flow,
    line_width,
    min_width,
    orphaned,
    phrases,
    single_width,
    words,
    wrap,
    wrap_without_orphan,
)

_texts = st.text(alphabet="ab中文9.%", min_size=1, max_size=6)
_atoms = st.builds(
    Atom.of, st.tuples(st.tuples(_texts, st.sampled_from(["", "dim"]))), st.sampled_from(["", " ", "  ", HARD_BREAK])
)
_cells = st.lists(_atoms, min_size=1, max_size=12).map(tuple)


@settings(max_examples=300, deadline=None)
@given(_cells, st.integers(min_value=0, max_value=30))
def test_line_count_is_the_number_of_wrapped_lines(content: Cell, extra: int) -> None:
    room = max(item.width for item in content) + extra
    assert _line_count(content, room) == len(wrap(content, room))


@settings(max_examples=300, deadline=None)
@given(_cells, st.integers(min_value=1, max_value=3))
def test_min_width_is_the_narrowest_that_fits(content: Cell, max_lines: int) -> None:
    widest_atom = max(item.width for item in content)
    fitting = [room for room in range(widest_atom, single_width(content) + 1) if len(wrap(content, room)) <= max_lines]
    assert min_width(content, max_lines) == (fitting[0] if fitting else single_width(content))


def test_an_atom_is_measured_in_terminal_columns() -> None:
    made = Atom.of((("中文", "bold"), ("ab", "")), "  ")
    assert (made.text, made.width, made.glue) == ("中文ab", 6, "  ")
    assert made._replace(glue=" ").width == 6


@settings(max_examples=300, deadline=None)
@given(_cells, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=4))
def test_shape_counts_the_lines_wrap_makes_with_an_indent(content: Cell, extra: int, indent: int) -> None:
    room = max(item.width for item in content) + indent + extra
    lines, alone = _shape(content, room, indent)
    wrapped = wrap(content, room, indent=indent)
    assert lines == len(wrapped)
    last = "".join(text for text, _ in wrapped[-1]).strip()
    assert alone is None or last == alone.text.strip()


@settings(max_examples=300, deadline=None)
@given(_cells, st.integers(min_value=0, max_value=30), st.integers(min_value=1, max_value=3))
def test_wrapping_without_orphans_keeps_the_lines_and_the_width(content: Cell, extra: int, max_lines: int) -> None:
    room = max(item.width for item in content) + 2 + extra
    plain = wrap(content, room, max_lines, 2)
    balanced = wrap_without_orphan(content, room, max_lines, 2)
    assert len(balanced) == len(plain)
    assert all(line_width(line) <= room for line in balanced)
    if len(wrap(content, room, None, 2)) <= max_lines:  # nothing cut: the same text, broken elsewhere

        def text(lines: list[Line]) -> str:
            return "".join(piece for line in lines for piece, _ in line).replace(" ", "")

        assert text(balanced) == text(plain)


def test_a_last_character_alone_gets_company() -> None:
    name = words("集成电路产业规模实现翻一番")
    assert [len(line) for line in wrap(name, 24, 2)] and orphaned(name, 24, 2)
    lines = ["".join(text for text, _ in line).strip() for line in wrap_without_orphan(name, 24, 2)]
    assert lines == ["集成电路产业规模实现翻", "一番"]


def test_english_is_cut_at_a_space_and_a_lone_word_at_a_hyphen() -> None:
    name = words("A group of leading firms with 10-billion-yuan sales and 100-billion-yuan market value")
    (first, second) = ["".join(text for text, _ in line) for line in wrap(name, 44, 2, 2)]
    assert first == "A group of leading firms with"
    assert second == "  10-billion-yuan sales and…"
    (alone,) = ["".join(text for text, _ in line) for line in wrap(words("Internet-of-things projects"), 16, 1)]
    assert alone == "Internet-of-…"


def test_a_title_breaks_at_its_dashes() -> None:
    title = phrases(
        "Shanghai strategic emerging and pioneer industries — 14th and 15th Five-Year Plan targets — as of 2026", 80
    )
    assert ["".join(text for text, _ in line) for line in flow(title, 80)] == [
        "Shanghai strategic emerging and pioneer industries —",
        "14th and 15th Five-Year Plan targets — as of 2026",
    ]
