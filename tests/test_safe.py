from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shtarget.safe import csv_cell, has_unsafe, visible

ATTACK = "\x1b[2J\x1b]8;;https://evil/\x1b\\x\x1b]8;;\x1b\\\x1b]52;c;ZWNo\x07"


def test_terminal_escapes_are_shown_not_obeyed() -> None:
    shown = visible(ATTACK)
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown.startswith("\\x1b[2J")


def test_line_breaks_and_bidi_are_escaped() -> None:
    assert visible("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert visible("x\u2028y\u2029z\x85") == "x\\u2028y\\u2029z\\x85"
    assert visible("\u202egnp.exe") == "\\u202egnp.exe"


def test_ordinary_text_is_unchanged() -> None:
    for text in ("战略性新兴产业增加值", "超4800亿元", "Strategic emerging industries", "全角　空格", "≥ 20%"):
        assert visible(text) == text
        assert not has_unsafe(text)


def test_csv_cells_never_start_a_formula() -> None:
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("+1") == "'+1"
    assert csv_cell("-5") == "'-5"
    assert csv_cell("@SUM") == "'@SUM"
    assert csv_cell("\tx") == "\\tx"  # escaped first, so no tab reaches the cell
    assert csv_cell("7328亿元") == "7328亿元"


@given(st.text())
def test_no_control_character_survives(text: str) -> None:
    shown = visible(text)
    assert not has_unsafe(shown)
    assert all(ord(char) >= 0x20 and not 0x7F <= ord(char) <= 0x9F for char in shown)
