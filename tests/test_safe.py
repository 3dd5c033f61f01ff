from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from shtarget import safe
from shtarget.safe import csv_cell, has_unsafe, json_safe, visible

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


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20))
def test_the_printable_shortcut_never_skips_a_character_to_escape(text: str) -> None:
    """`visible` passes printable text over without its pattern: that must never change its answer."""
    assert visible(text) == re.sub(safe._UNSAFE, safe._escape, text)
    assert has_unsafe(text) == (re.search(safe._UNSAFE, text) is not None)


def test_json_keeps_its_layout_and_escapes_what_a_terminal_acts_on() -> None:
    document = '{\n  "a": "x\u2028y\x85z\u202e"\n}'
    assert json_safe(document) == '{\n  "a": "x\\u2028y\\u0085z\\u202e"\n}'
    assert json_safe('{\n  "a": "中文"\n}') == '{\n  "a": "中文"\n}'
