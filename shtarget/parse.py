"""Two YAML parsers, one result: plain data (dicts, lists, scalars) for the one builder in build.py.

PyYAML is the reference. It reads YAML 1.1 through the node graph, which keeps every node's line and column:
`Located.span(path)` walks the graph to the node a path names, so positions cost nothing until a finding
needs one. yaml-rs (optional, Rust) parses large files about twenty times faster but reads YAML 1.2 and
keeps no positions, so it is used only when `trusted_by_yaml_rs` shows both parsers must read the file the
same way; the builder then reports nothing itself: any finding sends the file back through PyYAML.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import yaml

from shtarget.model import Finding, Severity, Span

MAX_FLOW_DEPTH = 100
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class Invalid:
    """Stands for a scalar that could not be constructed; the parser has reported it already."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<invalid>"


INVALID = Invalid()


class Located:
    """Plain data read by PyYAML, the YAML-level findings, and each mapping's and list's node for positions."""

    def __init__(
        self, data: Any, root: yaml.Node, display: str, findings: list[Finding], nodes: dict[int, yaml.Node]
    ) -> None:
        self.data = data
        self.root = root
        self.display = display
        self.findings = findings
        self.nodes = nodes

    def span(self, owner: object, key: str | int | None = None, at_key: bool = False) -> Span:
        """The position of `owner` (a mapping or list of `data`), of its entry `key`, or of that key itself."""
        node = self.nodes.get(id(owner), self.root)
        if isinstance(key, str) and isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if _key_text(key_node) == key:
                    return _node_span(key_node if at_key else value_node, self.display)
        elif isinstance(key, int) and isinstance(node, yaml.SequenceNode) and 0 <= key < len(node.value):
            return _node_span(node.value[key], self.display)
        return _node_span(node, self.display)


def read_located(text: str, display: str) -> Located | Finding:
    """Parse with PyYAML into plain data; a file that is not YAML at all is one finding."""
    if _flow_depth(text) > MAX_FLOW_DEPTH:
        # libyaml's composer recurses in C and would crash the process on input like "[[[[...".
        return Finding(
            "too-deep", Severity.ERROR, f"YAML nested deeper than {MAX_FLOW_DEPTH} levels", Span(display, 1, 1)
        )
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span(display, mark.line + 1, mark.column + 1) if mark else Span(display, 1, 1)
        problem = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        return Finding("yaml-syntax", Severity.ERROR, problem, span)
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        return Finding("yaml-syntax", Severity.ERROR, first_line(exc), _reader_span(exc, text, display))
    except RecursionError:
        return Finding("too-deep", Severity.ERROR, "YAML nested too deeply", Span(display, 1, 1))
    if root is None:
        return Finding("empty-file", Severity.ERROR, "file has no content", Span(display, 1, 1))
    converter = _Converter(display)
    try:
        data = converter.convert(root)
    except RecursionError:
        return Finding("too-deep", Severity.ERROR, "YAML nested too deeply", Span(display, 1, 1))
    return Located(data, root, display, converter.findings, converter.nodes)


class _Converter:
    """Node graph → plain data. An anchored node is converted once and shared, so aliases never multiply
    the work (a few aliases of aliases would otherwise expand to billions of values)."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.findings: list[Finding] = []
        self.done: dict[int, Any] = {}  # id(node) → its plain value
        self.nodes: dict[int, yaml.Node] = {}  # id(plain mapping or list) → its node
        self.constructor = yaml.constructor.SafeConstructor()

    def error(self, code: str, node: yaml.Node, message: str) -> None:
        self.findings.append(Finding(code, Severity.ERROR, message, _node_span(node, self.display)))

    def convert(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value  # most scalars: skip the constructor's generic dispatch
            return self.scalar(node)
        known = self.done.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self.done[id(node)] = items
            self.nodes[id(items)] = node
            items.extend(self.convert(item) for item in node.value)
            return items
        entries: dict[str, Any] = {}
        self.done[id(node)] = entries
        self.nodes[id(entries)] = node
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.error("unsupported-yaml", key_node, "merge keys (<<) are not supported")
                continue
            key = _key_text(key_node)
            if key is None:
                self.error("wrong-type", key_node, "keys must be strings")
                continue
            if key in entries:
                first = next(k for k, _ in node.value if _key_text(k) == key)
                line = first.start_mark.line + 1
                self.error("duplicate-key", key_node, f"duplicate key '{key}' (first at line {line})")
                continue
            entries[key] = self.convert(value_node)
        return entries

    def scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError as exc:
            self.error("wrong-type", node, first_line(exc))
            return INVALID
        except (ValueError, OverflowError) as exc:  # a date such as 2026-13-01
            self.error("wrong-type", node, f"cannot read '{node.value[:40]}': {exc}")
            return INVALID


def _key_text(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
        return str(node.value)
    return None


def _node_span(node: yaml.Node, display: str) -> Span:
    return Span(display, node.start_mark.line + 1, node.start_mark.column + 1)


def _flow_depth(text: str) -> int:
    """The deepest nesting of flow brackets, over-estimated (brackets inside quotes count too)."""
    brackets = _NOT_BRACKETS.sub("", text)
    if len(brackets) <= MAX_FLOW_DEPTH:
        return len(brackets)
    steps = (1 if char in "[{" else -1 for char in brackets)
    return max(itertools.accumulate(steps), default=0)


def first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _reader_span(exc: yaml.YAMLError, text: str, display: str) -> Span:
    """Where PyYAML's reader stopped (a control character, say): its position counts characters of `text`."""
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        line_start = text.rfind("\n", 0, position) + 1
        return Span(display, text.count("\n", 0, position) + 1, position - line_start + 1)
    return Span(display, 1, 1)


# --- yaml-rs ------------------------------------------------------------------------------------------

# Where the two YAML versions could read one scalar as different numbers. The builder type-checks every
# value it reads, so a number yaml-rs finds where text belongs (a name, an id, a pin, 017 or 1e3 anywhere but
# a numeric field) is refused there and the file goes to PyYAML. What remains is the numeric fields: there
# yaml-rs's number is taken, so its text must be one both versions read alike: written canonically (optional
# sign, digits without a leading zero, optionally a dot and digits), quoted, or holding a character no number
# has (7328亿元). 017, 0o17, 1e3, 2.0e4, 1_000, 1:30, -.5 and _2025 are not. A numeric field is found by its
# key, so a key that is quoted ("year": …) or complex (? year) leaves the file to PyYAML. Over-matching
# (myyear:, a key inside quoted text) costs only a fallback to PyYAML, never a wrong reading.
_CANONICAL = rb"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"
_NUMERIC_FIELD_NOT_ALIKE = re.compile(
    rb"(?:year|value|rate|tolerance|schema|on_track|at_risk|months)[ \t]*:"
    rb"(?![ \t]*(?:[\"']|" + _CANONICAL + rb"[ \t]*(?:[,}\]#\r\n]|\Z)|[^\s,\]}#]*[\x80-\xff]))"
)
_PERIOD_NOT_ALIKE = re.compile(
    rb"period[ \t]*:(?![ \t]*\[[ \t]*" + _CANONICAL + rb"[ \t]*,[ \t]*" + _CANONICAL + rb"[ \t]*\])"
)
_QUOTED_KEY = re.compile(rb"[\"'][ \t]*:")  # two patterns: a pattern with alternatives is slower than both
_COMPLEX_KEY = re.compile(rb"\?[ \t]")
# Anchors and aliases (yaml-rs expands every alias: a few levels of them exhaust memory), tags, merge keys,
# and document markers: all left to PyYAML.
_ANCHOR_OR_ALIAS = re.compile(rb"[\s\[{,:?][&*][^\s\[\]{},]")
_TAG = re.compile(rb"[\s\[{,:?\-]!")
# A scalar that starts with an indicator: ':x' and '?x' (text to YAML 1.2, refused by PyYAML in flow
# context), '>' or '|' not heading a block scalar, '%', '@' and '`' (yaml-rs reads all of these as text).
# The pattern starts at the indicator, which the regex engine skips to far faster than to a space.
_INDICATOR_START = re.compile(
    rb"[:?|>%@`](?<=[\s\[{,][:?|>%@`])"
    rb"(?:(?<=[:?])[^\s]|(?<=[|>])(?![-+0-9]*[ \t]*(?:#|\r?\n|\Z))|(?<=[%@`]))"
)
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
    several documents, characters PyYAML refuses). Only then may yaml-rs see the text at all."""
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
    body = b"\n" + raw
    if b"\\/" in body or _QUOTED_KEY.search(body) or _COMPLEX_KEY.search(body) or _INDICATOR_START.search(body):
        return False
    return not _NUMERIC_FIELD_NOT_ALIKE.search(body) and not _PERIOD_NOT_ALIKE.search(body)


def read_yaml_rs(text: str) -> Any | None:
    """Plain data from yaml-rs, or None when it is not installed or cannot parse the text."""
    try:
        import yaml_rs
    except ImportError:
        return None
    try:
        return yaml_rs.loads(text)
    except Exception:  # any parse problem is reported, with its position, by PyYAML
        return None


_RESOLVER = yaml.resolver.Resolver()
_YAML11_FIRST = frozenset(char for char in yaml.resolver.Resolver.yaml_implicit_resolvers if char)


def typed_in_yaml11(value: str) -> bool:
    """Whether PyYAML would read `value`, written plain, as something other than text (yes, 1:30, 2021)."""
    if not value or value[0] not in _YAML11_FIRST or not value.isascii():  # every YAML 1.1 typed scalar is ASCII
        return False
    resolved = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(resolved != _STR)
