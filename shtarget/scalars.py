"""YAML scalars written so that they read back as exactly the value given, in YAML 1.1 and 1.2 alike: the one
emitter for every text shtarget writes into a targets file (`record`, `sources add`, `extract`'s drafts)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import yaml

from shtarget.safe import escape_char

# Written escaped inside double quotes: what YAML cannot hold raw (C0 and C1 controls, DEL, surrogates,
# U+FFFE/U+FFFF), what it would read as a line break (U+0085, U+2028, U+2029), a byte-order mark, and the
# bidi controls that make a line read differently from what it holds.
_ESCAPED = re.compile(
    '["\\\\\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]'
)
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}
_DECIMAL = re.compile(r"([-+]?)(\d+)((?:\.\d+)?)\Z", re.ASCII)
_WORD = re.compile(r"[a-z][a-z0-9_-]*\Z")
_RESOLVER = yaml.resolver.Resolver()


class Style(Enum):
    """How a value is written. Every form reads back, in YAML 1.1 and 1.2 alike, as exactly the value given."""

    TEXT = "text"  # always double-quoted, escaped where needed
    WORD = "word"  # an id or keyword: plain when it cannot be read as anything but this text
    QUANTITY = "quantity"  # a plain decimal number when the text is one (0123 -> 123), else quoted text
    RAW = "raw"  # YAML the program built itself (null, a flow list of years); never text from a user


@dataclass(frozen=True)
class Entry:
    """One `key: value` to write, in order. Integers and booleans are written as they are."""

    key: str
    value: str | int | bool
    style: Style = Style.TEXT


def scalar(value: str | int | bool, style: Style = Style.TEXT) -> str:
    """A YAML scalar that reads back as exactly `value`. Text must be valid Unicode (no lone surrogates)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if style is Style.RAW:
        return value
    if style is Style.QUANTITY:
        number = canonical_decimal(value)
        if number is not None:
            return number
    elif style is Style.WORD and _WORD.match(value) and _resolves_to_text(value):
        return value
    return double_quoted(value)


def canonical_decimal(text: str) -> str | None:
    """A plain decimal number in the one form every YAML reader takes as decimal: `0123` (octal 83 in YAML
    1.1) becomes `123`, `+5` becomes `5`, `-0` becomes `0`. None when `text` is not a plain decimal."""
    match = _DECIMAL.match(text.strip())
    if match is None:
        return None
    sign, whole, fraction = match.groups()
    whole = whole.lstrip("0") or "0"
    negative = sign == "-" and (whole != "0" or fraction.strip(".0") != "")
    return ("-" if negative else "") + whole + fraction


def double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, escaping only what must be (see `_ESCAPED`)."""
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group(), _SHORT_ESCAPES)


def _resolves_to_text(word: str) -> bool:
    """Whether YAML 1.1 reads the plain scalar `word` as a string (not `on`, `yes`, `null`, ...)."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, word, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == "tag:yaml.org,2002:str")


def flow_mapping(entries: Sequence[Entry]) -> str:
    return "{" + ", ".join(f"{e.key}: {scalar(e.value, e.style)}" for e in entries) + "}"


def block_mapping(entries: Sequence[Entry], indent: int, first_prefix: str) -> list[str]:
    """`first_prefix` starts the first line (e.g. "- "); later lines are indented to line up with it."""
    lines = []
    for index, e in enumerate(entries):
        lead = first_prefix if index == 0 else " " * len(first_prefix)
        lines.append(" " * indent + lead + f"{e.key}: {scalar(e.value, e.style)}")
    return lines
