"""yaml-rs, the fast parser, and when it may stand in for PyYAML (parse.py).

yaml-rs (optional, Rust) parses about twenty times faster than PyYAML, and importing it costs a fraction of
PyYAML's import, but it reads YAML 1.2 and keeps no positions. So a file goes to it only when
`trusted_by_yaml_rs` shows both parsers must read it the same way, and the builder then reports nothing
itself: any finding sends the file back through PyYAML, which locates it. Nothing here imports PyYAML, so
a run that yaml-rs serves never pays for it.
"""

from __future__ import annotations

import re
from typing import Any

# Where the two YAML versions could read one scalar as different numbers. The builder type-checks every
# value it reads, so a number yaml-rs finds where text belongs (a name, an id, a pin, 017 or 1e3 anywhere but
# a numeric field) is refused there and the file goes to PyYAML. What remains is the numeric fields: there
# yaml-rs's number is taken, so its text must be one both versions read alike: written canonically (optional
# sign, digits without a leading zero, optionally a dot and digits), a null both read (null, ~), quoted, or
# holding a character no number has (7328亿元, 23.8%). 017, 0o17, 1e3, 2.0e4, 1_000, 1:30, -.5 and _2025 are
# not. A numeric field is found by its key, so a key that is quoted ("year": …) or complex (? year) leaves
# the file to PyYAML. Over-matching (myyear:, a key inside quoted text) costs only a fallback to PyYAML,
# never a wrong reading.
_CANONICAL = rb"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"
_NUMERIC_FIELD_NOT_ALIKE = re.compile(
    rb"(?:year|value|rate|tolerance|schema|on_track|at_risk|months)[ \t]*:"
    rb"(?![ \t]*(?:[\"']|(?:" + _CANONICAL + rb"|null|Null|NULL|~)[ \t]*(?:[,}\]#\r\n]|\Z)|[^\s,\]}#]*[\x80-\xff%]))"
)
_PERIOD_NOT_ALIKE = re.compile(
    rb"period[ \t]*:(?![ \t]*\[[ \t]*" + _CANONICAL + rb"[ \t]*,[ \t]*" + _CANONICAL + rb"[ \t]*\])"
)
_QUOTED_KEY = re.compile(rb"[\"'][ \t]*:")  # two patterns: a pattern with alternatives is slower than both
# "?" ends a plain scalar inside a flow collection in YAML 1.1 (PyYAML refuses {title: 是否?}) but not in 1.2,
# and it marks a complex key in both; which of these a "?" is cannot be told without parsing. So a "?" is
# trusted only on a line whose value is quoted whole (`  title: "是否? (报道)"`): inside quotes it is text
# to both parsers, in flow or block context alike.
_QUOTED_LINE = re.compile(
    rb"[ \t]*(?:-[ \t]+)*(?:[A-Za-z_][A-Za-z0-9_-]*:[ \t]+)?"
    rb"(?:\"(?:[^\"\\\n]|\\[^\n])*\"|'(?:[^'\n]|'')*')[ \t]*(?:#[^\n]*)?\r?"
)
# Anchors and aliases (yaml-rs expands every alias: a few levels of them exhaust memory), tags, merge keys,
# and document markers: all left to PyYAML. Patterns start at their rarest character and look behind from
# there: the regex engine skips to a single character far faster than to one of a class.
_ANCHOR_OR_ALIAS = re.compile(rb"[&*](?<=[\s\[{,:?][&*])[^\s\[\]{},]")
_TAG = re.compile(rb"!(?<=[\s\[{,:?\-]!)")
# A scalar that starts with an indicator: ':x' and '?x' (text to YAML 1.2, refused by PyYAML in flow
# context), '>' or '|' not heading a block scalar, '%', '@' and '`' (yaml-rs reads all of these as text).
# The pattern starts at the indicator, which the regex engine skips to far faster than to a space.
_INDICATOR_START = re.compile(
    rb"[:?|>%@`](?<=[\s\[{,][:?|>%@`])"
    rb"(?:(?<=[:?])[^\s]|(?<=[|>])(?![-+0-9]*[ \t]*(?:#|\r?\n|\Z))|(?<=[%@`]))"
)
_COMMENT_LINE = re.compile(rb"\n[ \t]*#[^\n]*")
_DOCUMENT_MARKER = re.compile(rb"\n(?:---|\.\.\.)")
# Characters PyYAML's reader refuses anywhere in a stream (yaml-rs accepts some): C0 controls but tab and
# line breaks, DEL, C1 controls, U+FFFE/U+FFFF; and the line breaks of YAML 1.1 that 1.2 reads as text (NEL,
# U+2028, U+2029). Each is a fast scan of its own (one pattern with alternatives costs ten times as much).
_CONTROL_BYTES = bytes(code for code in range(0x20) if code not in (0x09, 0x0A, 0x0D)) + b"\x7f"
_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")
_UNICODE_LINE_BREAK = re.compile(rb"\xe2\x80[\xa8\xa9]")
_NONCHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")


def _printable_for_pyyaml(body: bytes) -> bool:
    if len(body.translate(None, _CONTROL_BYTES)) != len(body):
        return False
    if b"\t" in body:  # YAML forbids tabs in indentation; yaml-rs lets some through
        return False
    return not (_C1_CONTROL.search(body) or _UNICODE_LINE_BREAK.search(body) or _NONCHARACTER.search(body))


def trusted_by_yaml_rs(raw: bytes) -> bool:
    """Whether yaml-rs must read `raw` exactly as PyYAML does, as far as numbers, structure and features go.
    Text values are checked one by one by the builder (`typed_in_yaml11`): yaml-rs cannot say if a value
    was quoted, so text that a plain YAML 1.1 scalar would type (yes, ~, 2021-05-01) is not trusted."""
    return safe_for_yaml_rs(raw) and scalars_read_alike(raw)


def safe_for_yaml_rs(raw: bytes) -> bool:
    """The quick half: no feature yaml-rs reads differently or dangerously (aliases, tags, merge keys,
    several documents, characters PyYAML refuses)."""
    body = b"\n" + raw  # so the first line starts after a line break like every other
    if b"<<" in body or body.startswith((b"\n---", b"\n...")) or _DOCUMENT_MARKER.search(body):
        return False
    if (b"&" in body or b"*" in body) and _ANCHOR_OR_ALIAS.search(body):
        return False
    if b"!" in body and _TAG.search(body):
        return False
    return _printable_for_pyyaml(body)


def scalars_read_alike(raw: bytes) -> bool:
    """The slow half: every numeric field reads alike, no scalar starts with an indicator, no escape only
    YAML 1.2 knows (\\/). It can run while yaml-rs parses, since yaml-rs releases the interpreter's lock."""
    if b"\\/" in raw:
        return False
    body = b"\n" + raw
    if b"#" in body:
        # A line whose first character past the indent is "#" is a comment to both parsers, or text inside
        # a block or quoted scalar (the same text to both: the one escape they read differently was refused
        # above); either way nothing on it can make them differ, and comments are where "?", "`" and
        # "value:" turn up.
        body = _COMMENT_LINE.sub(b"\n", body)
    if _QUOTED_KEY.search(body) or _INDICATOR_START.search(body) or not _question_marks_quoted(body):
        return False
    return not _NUMERIC_FIELD_NOT_ALIKE.search(body) and not _PERIOD_NOT_ALIKE.search(body)


def _question_marks_quoted(body: bytes) -> bool:
    """Whether every "?" in `body` stands on a line whose value is quoted whole (see `_QUOTED_LINE`)."""
    found = body.find(b"?")
    while found != -1:
        start = body.rfind(b"\n", 0, found) + 1
        end = body.find(b"\n", found)
        end = len(body) if end == -1 else end
        if not _QUOTED_LINE.fullmatch(body, start, end):
            return False
        found = body.find(b"?", end)
    return True


def read_yaml_rs(document: bytes) -> Any | None:
    """Plain data from yaml-rs, or None when it is not installed, or the bytes are not UTF-8 or not YAML.
    yaml-rs is told to expand no alias at all (it would expand every one: a few levels of them exhaust
    memory), so it may parse a file while `safe_for_yaml_rs` is still looking at it."""
    try:
        import yaml_rs
    except ImportError:
        return None
    try:
        no_aliases = yaml_rs.AliasLimits(max_total_replayed_events=0)
        return yaml_rs.load(document, encoder_errors="strict", alias_limits=no_aliases)
    except Exception:  # any problem is reported, with its position, by PyYAML
        return None


# YAML 1.1 reads these plain scalars as booleans or as merge and value keys; yaml-rs reads them as text (`y`
# and `n` are booleans in the 1.1 type list though PyYAML keeps them text: counting them costs only a
# fallback). Words both read alike are left out: yaml-rs hands over true, ~ or null as a boolean or None, so
# when it hands over the text, the text was quoted, and PyYAML reads it as text too.
_YAML11_WORDS = frozenset(
    ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "<<", "="]
)
# Numbers and dates of YAML 1.1, over-matched: its ints (0b101, 0x1F, 017, 1_000, 1:30), floats (1.5,
# .5, 2.0e+4, 190:20:30.15), infinities and not-a-numbers, and anything that starts like a timestamp. A text
# value that merely looks like one is sent to PyYAML.
_YAML11_NUMBER_OR_TIMESTAMP = re.compile(
    r"[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-9_]*)*(?:\.[0-9_.]*)?(?:[eE][-+]?[0-9]+)?"
    r"|[0-9_]*\.[0-9_.]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?",
    re.DOTALL,
)


def typed_in_yaml11(value: str) -> bool:
    """Whether PyYAML could read `value`, written plain, as something other than text (yes, 1:30, 2021):
    yaml-rs cannot say whether a value was quoted, so such text is not taken from it. Errs towards True."""
    value = value.removesuffix("\n")  # PyYAML's patterns end in "$", which lets one line break through
    if value in _YAML11_WORDS:
        return True
    if not value.isascii():  # every YAML 1.1 typed scalar is ASCII
        return False
    return _YAML11_NUMBER_OR_TIMESTAMP.fullmatch(value) is not None
