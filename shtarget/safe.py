"""The one sanitiser for text that leaves shtarget: data and arguments are shown, never obeyed.

A name, note, quote or argument may carry terminal escapes (ESC [2J clears the screen, OSC 52 writes the
clipboard), line breaks that forge output lines (`::add-mask::` under GitHub Actions), or bidi controls that
reorder what a reader sees. `visible` turns every such character into a visible escape, so it is printed as
text; every renderer passes strings from data or argv through it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

# C0 controls (line breaks and tabs included), DEL, C1 controls, bidi marks, embeddings, overrides and
# isolates, and the Unicode line and paragraph separators. All of them are characters `str.isprintable`
# refuses (Cc, Cf, Zl, Zp), so printable text is passed over without the pattern, which is compiled only
# when text needs it (most runs never do).
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Spreadsheets run a cell that starts with one of these as a formula (OWASP's CSV injection list).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_char(char: str, named: Mapping[str, str]) -> str:
    """One character as a backslash escape: its short name if `named` has one, else \\xHH or \\uHHHH (a form
    both a reader and YAML's double-quoted scalars take)."""
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group(), _NAMED)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def visible(text: str) -> str:
    """`text` with every control, bidi and line-separator character written as a visible escape."""
    if text.isprintable():
        return text
    return _compiled(_UNSAFE).sub(_escape, text)


def csv_cell(text: str) -> str:
    """A text cell for CSV: visible, and with a leading `'` where a spreadsheet would read a formula."""
    shown = visible(text)
    return "'" + shown if shown.startswith(_FORMULA_PREFIXES) else shown


# What `json.dumps(..., ensure_ascii=False)` leaves raw (it escapes only C0): DEL, C1, bidi and separators.
_RAW_IN_JSON = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def json_safe(document: str) -> str:
    """A JSON document with every character `visible` would escape written as a \\u escape: the same data
    for a parser, nothing a terminal acts on for a person. (Such characters only occur inside strings.)"""
    if document.replace("\n", "").isprintable():  # its line breaks are layout; any in a string is escaped
        return document
    return _compiled(_RAW_IN_JSON).sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def has_unsafe(text: str) -> bool:
    """Whether `text` holds a character `visible` would escape (used by validation on write)."""
    return not text.isprintable() and _compiled(_UNSAFE).search(text) is not None
