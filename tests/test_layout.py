"""The layout's shortcuts agree with the plain algorithm they stand for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shtarget.render.layout import HARD_BREAK, Atom, Cell, _line_count, min_width, single_width, wrap

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
