"""The one parser, PyYAML (its C loader where installed): a file → plain data for the builder in build.py.

Mappings become dicts with text keys, lists lists, scalars str, int, float, bool, None or a date. PyYAML reads
YAML 1.1 through the node graph, which keeps every node's line and column: `Located.span` walks the graph to
the node a path names, so positions cost nothing until a finding needs one.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import yaml

from shtarget.model import Finding, Severity, Span


class Invalid:
    """Stands for a scalar PyYAML could not construct: reported once by the parser, skipped by the builder."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<invalid>"


INVALID = Invalid()
MAX_FLOW_DEPTH = 100
_NO_KEYS: dict[str, tuple[yaml.Node, yaml.Node]] = {}
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
# No sign, base prefix, underscore or sexagesimal colon, and short: a huge integer goes the constructor's way.
_PLAIN_DECIMAL = re.compile(r"(?:0|[1-9][0-9]{0,17})\Z")
_MERGE = "tag:yaml.org,2002:merge"
_NULL = "tag:yaml.org,2002:null"


class Located:
    """Plain data read by PyYAML, the YAML-level findings, and each mapping's and list's node for positions."""

    def __init__(self, data: Any, root: yaml.Node, display: str, converted: _Converter) -> None:
        self.data = data
        self.root = root
        self.display = display
        self.findings = converted.findings
        self.nodes = converted.nodes
        self.keys = converted.keys

    def span(self, owner: object, key: str | int | None = None, at_key: bool = False) -> Span:
        """The position of `owner` (a mapping or list of `data`), of its entry `key`, or of that key itself."""
        if type(key) is str:  # the common case first: a mapping's entry, found through the converter's index
            pair = self.keys.get(id(owner), _NO_KEYS).get(key)
            if pair is not None:
                mark = (pair[0] if at_key else pair[1]).start_mark
                return Span(self.display, mark.line + 1, mark.column + 1)
        node = self.nodes.get(id(owner), self.root)
        if isinstance(key, int) and isinstance(node, yaml.SequenceNode) and 0 <= key < len(node.value):
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
    return Located(data, root, display, converter)


class _Converter:
    """Node graph → plain data. An anchored node is converted once and shared, so aliases never multiply
    the work (a few aliases of aliases would otherwise expand to billions of values)."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.findings: list[Finding] = []
        self.done: dict[int, Any] = {}  # id(node) → its plain value
        self.nodes: dict[int, yaml.Node] = {}  # id(plain mapping or list) → its node
        self.keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}  # id(mapping) → key → its nodes
        self.constructor = yaml.constructor.SafeConstructor()

    def error(self, code: str, node: yaml.Node, message: str) -> None:
        self.findings.append(Finding(code, Severity.ERROR, message, _node_span(node, self.display)))

    def convert(self, node: yaml.Node) -> Any:
        if node.__class__ is yaml.ScalarNode:
            tag = node.tag
            if tag == _STR:
                return node.value  # most scalars: skip the constructor's generic dispatch
            if tag == _INT and _PLAIN_DECIMAL.match(node.value):
                return int(node.value)  # years and counts, read as the constructor reads plain decimals
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
        pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        self.done[id(node)] = entries
        self.nodes[id(entries)] = node
        self.keys[id(entries)] = pairs
        previous: tuple[str, yaml.Node] | None = None
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.error("unsupported-yaml", key_node, "merge keys (<<) are not supported")
                continue
            if previous is not None and _decimal_comma(previous[1], key_node, value_node):
                self.decimal_comma(previous, key_node, entries)
                continue
            key = key_node.value if key_node.__class__ is yaml.ScalarNode and key_node.tag == _STR else None
            if key is None:
                self.error("wrong-type", key_node, "keys must be strings")
                continue
            if key in entries:
                first = next(k for k, _ in node.value if _key_text(k) == key)
                line = first.start_mark.line + 1
                self.error("duplicate-key", key_node, f"duplicate key '{key}' (first at line {line})")
                continue
            pairs[key] = (key_node, value_node)
            plain = value_node.__class__ is yaml.ScalarNode and value_node.tag == _STR
            entries[key] = value_node.value if plain else self.convert(value_node)
            previous = (key, value_node)
        return entries

    def decimal_comma(self, previous: tuple[str, yaml.Node], tail: yaml.Node, entries: dict[str, Any]) -> None:
        """`{value: 18,9}` read as `value: 18` and a key `9`: one finding at the value, which is then left out
        (a flow mapping's `26,000` is cut alike)."""
        key, value_node = previous
        whole = f"{value_node.value},{tail.value}"
        why = f"inside {{…}} the comma ends the value and '{tail.value}' becomes a key"
        if len(tail.value) - len(tail.value.lstrip("0123456789")) == 3:  # a thousands separator, as in 26,000
            message = f"{key}: '{whole}' is cut at its comma ({why}); write {whole.replace(',', '')} or quote it"
        else:
            decimal = whole.replace(",", ".")
            message = f"{key}: '{whole}' has a decimal comma, which is not read ({why}); write {decimal}"
        self.error("bad-quantity", value_node, message)
        entries[key] = INVALID

    def scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError as exc:
            self.error("wrong-type", node, first_line(exc))
            return INVALID
        except (ValueError, OverflowError) as exc:  # a date such as 2026-13-01
            self.error("wrong-type", node, f"cannot read '{node.value[:40]}': {exc}")
            return INVALID


def _decimal_comma(value: yaml.Node, key: yaml.Node, key_value: yaml.Node) -> bool:
    """Whether `key` is the rest of a number written with a decimal comma in a flow mapping: `18,9` is the
    plain value 18, a comma, and a plain key `9` with no value, right after it on the same line."""
    return (
        key.__class__ is yaml.ScalarNode  # the rare case first: a key that starts with a digit
        and key.value[:1].isdigit()
        and isinstance(value, yaml.ScalarNode)
        and isinstance(key_value, yaml.ScalarNode)
        and not value.style
        and not key.style
        and value.value[-1:].isdigit()
        and key_value.value == ""
        and key_value.tag == _NULL
        and key.start_mark.line == value.end_mark.line
        and key.start_mark.column == value.end_mark.column + 1
    )


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
