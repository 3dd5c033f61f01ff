"""Text edits to a targets file that leave everything else byte-identical: comments, blank lines, key order,
quoting, line endings.

PyYAML cannot write comments back, so nothing is re-serialised: the YAML is composed only to learn where
things are (1-based lines are the loader's, columns count characters), and new lines are spliced into the
original text there. Every edit is re-loaded and validated by the caller before it is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# YAML also breaks lines at these; the splice works on \n-separated lines, so such files are refused.
_OTHER_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")


@dataclass(frozen=True)
class EditError:
    message: str


@dataclass(frozen=True)
class Entry:
    """One `key: value` to write, in order. `raw` values are written as they are (numbers, true/false)."""

    key: str
    value: str | int | float | bool
    raw: bool = False


class _Text:
    """The file as lines split on \\n (each keeps a trailing \\r in CRLF files)."""

    def __init__(self, text: str) -> None:
        self.bom = text.startswith("\ufeff")
        self.lines = (text[1:] if self.bom else text).split("\n")
        self.crlf = sum(line.endswith("\r") for line in self.lines) > len(self.lines) // 2

    def body(self) -> str:
        return "\n".join(self.lines)

    def render(self) -> str:
        return ("\ufeff" if self.bom else "") + self.body()

    def content(self, line: int) -> str:
        """Line `line` (0-based) without its \\r."""
        return self.lines[line].removesuffix("\r")

    def insert_lines(self, at: int, new: Sequence[str]) -> None:
        ending = "\r" if self.crlf else ""
        self.lines[at:at] = [line + ending for line in new]

    def replace_lines(self, first: int, last: int, new: Sequence[str]) -> None:
        ending = "\r" if self.crlf else ""
        self.lines[first : last + 1] = [line + ending for line in new]

    def insert_at(self, line: int, column: int, snippet: str) -> None:
        text = self.lines[line]
        self.lines[line] = text[:column] + snippet + text[column:]

    def replace_span(self, start: yaml.Mark, end: yaml.Mark, snippet: str) -> None:
        """Replace the characters from `start` to `end` (may span lines) with a one-line snippet."""
        head = self.lines[start.line][: start.column]
        tail = self.lines[end.line][end.column :]
        self.lines[start.line : end.line + 1] = [head + snippet + tail]


def scalar(value: str | int | float | bool, raw: bool = False) -> str:
    """A YAML scalar: numbers and booleans bare, text double-quoted (JSON escapes are valid YAML)."""
    if raw or isinstance(value, bool | int | float):
        return json.dumps(value) if isinstance(value, bool) else str(value)
    if _PLAIN_NUMBER.match(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_mapping(entries: Sequence[Entry]) -> str:
    return "{" + ", ".join(f"{e.key}: {scalar(e.value, e.raw)}" for e in entries) + "}"


def block_mapping(entries: Sequence[Entry], indent: int, first_prefix: str) -> list[str]:
    """`first_prefix` starts the first line (e.g. "- "); later lines are indented to line up with it."""
    lines = []
    for index, e in enumerate(entries):
        lead = first_prefix if index == 0 else " " * len(first_prefix)
        lines.append(" " * indent + lead + f"{e.key}: {scalar(e.value, e.raw)}")
    return lines


def compose(text: str) -> yaml.MappingNode | EditError:
    if _OTHER_BREAKS.search(text):
        return EditError("the file uses line breaks other than LF or CRLF; shtarget will not edit it")
    try:
        node = yaml.compose(text.removeprefix("\ufeff"), Loader=_Loader)
    except yaml.YAMLError as exc:
        return EditError(f"cannot parse the file: {exc}")
    if not isinstance(node, yaml.MappingNode):
        return EditError("the file is not a mapping")
    return node


def _value(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _last_line(node: yaml.Node) -> int:
    """The 0-based line a node's content ends on. A block collection's end mark sits on the next token, often
    on a later line, so its last line is that of its last descendant instead."""
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        children = [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else node.value
        return max(_last_line(child) for child in children)
    end = node.end_mark
    return end.line if end.column > 0 or end.line == node.start_mark.line else end.line - 1


def _dash_column(text: _Text, item: yaml.Node) -> int:
    line = text.content(item.start_mark.line)
    dash = line.rfind("-", 0, item.start_mark.column)
    return dash if dash >= 0 else item.start_mark.column


def _figure_node(root: yaml.MappingNode, figure_id: str) -> yaml.MappingNode | None:
    for section in ("targets", "series"):
        found = _value(root, section)
        if found is None or not isinstance(found[1], yaml.SequenceNode):
            continue
        for item in found[1].value:
            if isinstance(item, yaml.MappingNode):
                ident = _value(item, "id")
                if ident is not None and isinstance(ident[1], yaml.ScalarNode) and ident[1].value == figure_id:
                    return item
    return None


def _year_of(item: yaml.Node) -> int | None:
    if not isinstance(item, yaml.MappingNode):
        return None
    found = _value(item, "year")
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        return None
    try:
        return int(found[1].value)
    except ValueError:
        return None


def put_actual(text: str, figure_id: str, year: int, entries: Sequence[Entry]) -> str | EditError:
    """Insert the actual for `year` (in year order) or, if there is one, rewrite just its lines."""
    root = compose(text)
    if isinstance(root, EditError):
        return root
    figure = _figure_node(root, figure_id)
    if figure is None:
        return EditError(f"no target or series '{figure_id}' in the file")
    doc = _Text(text)
    found = _value(figure, "actuals")
    if found is None:
        _add_actuals_key(doc, figure, entries)
        return doc.render()
    key_node, actuals = found
    if isinstance(actuals, yaml.ScalarNode):  # `actuals:` left empty (null)
        indent = key_node.start_mark.column + 2
        doc.insert_lines(key_node.start_mark.line + 1, [" " * indent + "- " + flow_mapping(entries)])
        return doc.render()
    if not isinstance(actuals, yaml.SequenceNode):
        return EditError(f"'{figure_id}' actuals is not a list")
    items = list(actuals.value)
    existing = next((item for item in items if _year_of(item) == year), None)
    if actuals.flow_style:
        _put_in_flow_sequence(doc, actuals, existing, entries)
    else:
        _put_in_block_sequence(doc, items, existing, year, entries)
    return doc.render()


def _put_in_block_sequence(
    doc: _Text, items: list[yaml.Node], existing: yaml.Node | None, year: int, entries: Sequence[Entry]
) -> None:
    later = next((item for item in items if (_year_of(item) or 0) > year), None)
    neighbour = existing or later or items[-1]
    dash = _dash_column(doc, neighbour)
    flow = isinstance(neighbour, yaml.MappingNode) and neighbour.flow_style
    lines = [" " * dash + "- " + flow_mapping(entries)] if flow else block_mapping(entries, dash, "- ")
    if existing is not None:
        doc.replace_lines(existing.start_mark.line, _last_line(existing), lines)
    elif later is not None:
        doc.insert_lines(later.start_mark.line, lines)
    else:
        doc.insert_lines(_last_line(items[-1]) + 1, lines)


def _put_in_flow_sequence(
    doc: _Text, actuals: yaml.SequenceNode, existing: yaml.Node | None, entries: Sequence[Entry]
) -> None:
    snippet = flow_mapping(entries)
    if existing is not None:
        doc.replace_span(existing.start_mark, existing.end_mark, snippet)
        return
    close = actuals.end_mark  # just after "]"
    doc.insert_at(close.line, close.column - 1, (", " if actuals.value else "") + snippet)


def _add_actuals_key(doc: _Text, figure: yaml.MappingNode, entries: Sequence[Entry]) -> None:
    if figure.flow_style:
        close = figure.end_mark
        doc.insert_at(close.line, close.column - 1, f", actuals: [{flow_mapping(entries)}]")
        return
    indent = figure.value[0][0].start_mark.column
    lines = [" " * indent + "actuals:", " " * (indent + 2) + "- " + flow_mapping(entries)]
    doc.insert_lines(_last_line(figure) + 1, lines)


def add_source(text: str, source_id: str, entries: Sequence[Entry]) -> str | EditError:
    """Add `source_id` at the end of `sources:`, in the style of the entry before it."""
    return _add_entry(text, "sources", "source", source_id, entries)


def add_plan(text: str, plan_id: str, entries: Sequence[Entry]) -> str | EditError:
    """Add `plan_id` at the end of `plans:`, in the style of the entry before it."""
    return _add_entry(text, "plans", "plan", plan_id, entries)


def _add_entry(text: str, section: str, what: str, key: str, entries: Sequence[Entry]) -> str | EditError:
    root = compose(text)
    if isinstance(root, EditError):
        return root
    found = _value(root, section)
    if found is None:
        return EditError(f"the file has no '{section}:' section")
    mapping = found[1]
    doc = _Text(text)
    if not isinstance(mapping, yaml.MappingNode):
        return EditError(f"'{section}' is not a mapping")
    if _value(mapping, key) is not None:
        return EditError(f"{what} '{key}' already exists")
    if mapping.flow_style:
        close = mapping.end_mark
        prefix = ", " if mapping.value else ""
        doc.insert_at(close.line, close.column - 1, f"{prefix}{key}: {flow_mapping(entries)}")
        return doc.render()
    if not mapping.value:
        return EditError(f"'{section}' is empty")
    last_key, last_value = mapping.value[-1]
    indent = last_key.start_mark.column
    if isinstance(last_value, yaml.MappingNode) and last_value.flow_style:
        lines = [" " * indent + f"{key}: {flow_mapping(entries)}"]
    else:
        lines = [" " * indent + f"{key}:", *block_mapping(entries, indent + 2, "")]
    doc.insert_lines(_last_line(last_value) + 1, lines)
    return doc.render()


def append_targets(text: str, blocks: Sequence[Sequence[str]]) -> str | EditError:
    """Add targets after the last item of `targets:`, each given as lines starting at column 0 ("- id: …",
    comments allowed), indented like the items already there and separated from them by a blank line when
    they are."""
    root = compose(text)
    if isinstance(root, EditError):
        return root
    found = _value(root, "targets")
    if found is None:
        return EditError("the file has no 'targets:' section")
    key_node, targets = found
    if isinstance(targets, yaml.ScalarNode) and targets.value == "" and targets.tag.endswith(":null"):
        targets = yaml.SequenceNode("tag:yaml.org,2002:seq", [], key_node.start_mark, key_node.end_mark)
    if not isinstance(targets, yaml.SequenceNode):
        return EditError("'targets' is not a list")
    if targets.flow_style:
        return EditError("'targets' is a flow list ([...]); write it as a block list to add targets")
    doc = _Text(text)
    if targets.value:
        last = targets.value[-1]
        dash = _dash_column(doc, last)
        at = _last_line(last) + 1
        spaced = len(targets.value) > 1 and not doc.content(_last_line(targets.value[-2]) + 1).strip()
    else:
        dash, at, spaced = key_node.start_mark.column + 2, key_node.start_mark.line + 1, False
    lines: list[str] = []
    for block in blocks:
        if spaced or lines:
            lines.append("")
        lines += [" " * dash + line for line in block]
    doc.insert_lines(at, lines)
    return doc.render()
