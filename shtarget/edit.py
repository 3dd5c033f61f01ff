"""Text edits to a targets file that leave everything else byte-identical: comments, blank lines, key order,
quoting, line endings.

PyYAML cannot write comments back, so nothing is re-serialised: the YAML is composed only to learn where
things are (1-based lines are the loader's, columns count characters), and new lines are spliced into the
original text there. Every edit is re-loaded and validated by the caller before it is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from shtarget.model import slot_of
from shtarget.scalars import Entry, Style, block_mapping, double_quoted, flow_mapping, scalar

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# YAML also breaks lines at these; the splice works on \n-separated lines, so such files are refused.
_OTHER_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_ANCHOR = re.compile(r"(?:!\S*\s+)*&([^\s,\[\]{}]+)")  # a node's properties (tags, an anchor) at its start


@dataclass(frozen=True)
class EditError:
    message: str


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


# --- shared nodes (anchors and aliases) --------------------------------------------------------------------
#
# PyYAML gives an alias the very node its anchor names, with the anchor's position: an edit "to" an alias
# would land in the anchored original and change every entry that shares it. So nothing shared is edited.


def _anchor(doc: _Text, node: yaml.Node) -> str | None:
    """The anchor a node's text starts with (`&a [...]`), which is also where every alias of it points."""
    mark = node.start_mark
    found = _ANCHOR.match(doc.content(mark.line)[mark.column :])
    return found.group(1) if found is not None else None


def _before(node: yaml.Node, mark: yaml.Mark) -> bool:
    return (node.start_mark.line, node.start_mark.column) < (mark.line, mark.column)


def _shared(doc: _Text, node: yaml.Node, what: str, after: yaml.Mark | None) -> EditError | None:
    """Refuse `node` when it is an anchor or an alias. `after` is where the node's own text must start (its
    key's end); an alias starts earlier, at the anchor it repeats."""
    name = _anchor(doc, node)
    if after is not None and _before(node, after):
        line = node.start_mark.line + 1
        return EditError(
            f"{what} is an alias (*{name or '?'}) of what is anchored at line {line}; shtarget does not"
            " edit YAML that other entries share: write it out in full instead of the alias"
        )
    if name is not None:
        return EditError(
            f"{what} carries an anchor (&{name}) that other entries may share; shtarget does not edit shared"
            " YAML: remove the anchor (writing out in full any alias of it)"
        )
    return None


def _shared_inside(doc: _Text, node: yaml.Node, what: str, after: yaml.Mark | None) -> EditError | None:
    """`_shared` for `node` and everything in it (an item that is rewritten must not lose an anchor)."""
    problem = _shared(doc, node, what, after)
    if problem is not None:
        return problem
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            problem = _shared_inside(doc, value, f"{what}.{getattr(key, 'value', '?')}", key.end_mark)
            if problem is not None:
                return problem
    elif isinstance(node, yaml.SequenceNode):
        previous = node.start_mark
        for index, item in enumerate(node.value):
            problem = _shared_inside(doc, item, f"{what}[{index}]", previous)
            if problem is not None:
                return problem
            previous = item.end_mark
    return None


def _shared_items(doc: _Text, items: Sequence[yaml.Node], start: yaml.Mark, what: str) -> EditError | None:
    """The items of a list, each as shared or not (shtarget places new items by their positions)."""
    previous = start
    for index, item in enumerate(items):
        problem = _shared(doc, item, f"{what}[{index}]", previous)
        if problem is not None:
            return problem
        previous = item.end_mark
    return None


# --- record: actuals ----------------------------------------------------------------------------------------


def _figure_node(doc: _Text, root: yaml.MappingNode, figure_id: str) -> yaml.MappingNode | EditError | None:
    for section in ("targets", "series"):
        found = _value(root, section)
        if found is None or not isinstance(found[1], yaml.SequenceNode):
            continue
        key, figures = found
        previous = figures.start_mark
        for index, item in enumerate(figures.value):
            if isinstance(item, yaml.MappingNode):
                ident = _value(item, "id")
                if ident is not None and isinstance(ident[1], yaml.ScalarNode) and ident[1].value == figure_id:
                    where = f"{section}[{index}] ({figure_id})"
                    return _shared(doc, figures, section, key.end_mark) or _shared(doc, item, where, previous) or item
            previous = item.end_mark
    return None


def _slot_of(item: yaml.Node) -> tuple[int, int] | None:
    """An actual's identity as the loader keys it, (year, months), 12 months for a full-year figure."""
    if not isinstance(item, yaml.MappingNode):
        return None
    year, months = _int_value(item, "year"), _int_value(item, "months")
    return None if year is None else slot_of(year, months)


def _int_value(item: yaml.MappingNode, key: str) -> int | None:
    found = _value(item, key)
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        return None
    try:
        return int(found[1].value)
    except ValueError:
        return None


def put_actual(text: str, figure_id: str, slot: tuple[int, int], entries: Sequence[Entry]) -> str | EditError:
    """Insert the actual for `slot`, (year, months), in order, or, if there is one, rewrite just its lines."""
    root = compose(text)
    if isinstance(root, EditError):
        return root
    doc = _Text(text)
    figure = _figure_node(doc, root, figure_id)
    if figure is None:
        return EditError(f"no target or series '{figure_id}' in the file")
    if isinstance(figure, EditError):
        return figure
    found = _value(figure, "actuals")
    if found is None:
        _add_actuals_key(doc, figure, entries)
        return doc.render()
    key_node, actuals = found
    what = f"{figure_id} actuals"
    if isinstance(actuals, yaml.ScalarNode) and actuals.tag == "tag:yaml.org,2002:null":
        return _fill_null_actuals(doc, key_node, actuals, entries)
    if not isinstance(actuals, yaml.SequenceNode):
        return EditError(f"'{figure_id}' actuals is not a list")
    items = list(actuals.value)
    problem = _shared(doc, actuals, what, key_node.end_mark) or _shared_items(doc, items, actuals.start_mark, what)
    if problem is not None:
        return problem
    existing = next((item for item in items if _slot_of(item) == slot), None)
    if existing is not None:
        problem = _shared_inside(doc, existing, f"{what}[{items.index(existing)}]", None)
        if problem is not None:
            return problem
    if actuals.flow_style:
        _put_in_flow_sequence(doc, actuals, existing, slot, entries)
    else:
        _put_in_block_sequence(doc, items, existing, slot, entries)
    return doc.render()


def _fill_null_actuals(
    doc: _Text, key_node: yaml.Node, actuals: yaml.ScalarNode, entries: Sequence[Entry]
) -> str | EditError:
    """`actuals:` left empty gets a block list below it; `actuals: null` (or `~`) becomes a flow list."""
    start, end = actuals.start_mark, actuals.end_mark
    if (start.line, start.column) != (end.line, end.column):
        doc.replace_span(start, end, f"[{flow_mapping(entries)}]")
        return doc.render()
    indent = key_node.start_mark.column + 2
    doc.insert_lines(key_node.start_mark.line + 1, [" " * indent + "- " + flow_mapping(entries)])
    return doc.render()


def _put_in_block_sequence(
    doc: _Text, items: list[yaml.Node], existing: yaml.Node | None, slot: tuple[int, int], entries: Sequence[Entry]
) -> None:
    later = _first_after(items, slot)
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
    doc: _Text, actuals: yaml.SequenceNode, existing: yaml.Node | None, slot: tuple[int, int], entries: Sequence[Entry]
) -> None:
    """In year order, in the list's own layout: one item per line (`[` and `]` on lines of their own, a
    trailing comma or not) gets a new line; a list on one line gets the item inline."""
    snippet = flow_mapping(entries)
    items = list(actuals.value)
    if existing is not None:
        doc.replace_span(existing.start_mark, existing.end_mark, snippet)
        return
    if not items:
        close = actuals.end_mark  # just after "]"
        doc.insert_at(close.line, close.column - 1, snippet)
        return
    later = _first_after(items, slot)
    if later is not None:
        start = later.start_mark
        if _alone_on_line(doc, actuals, later):
            doc.insert_lines(start.line, [" " * start.column + snippet + ","])
        else:
            doc.insert_at(start.line, start.column, snippet + ", ")
        return
    last = items[-1]
    end = last.end_mark
    if _alone_on_line(doc, actuals, last) and actuals.end_mark.line > end.line:
        has_comma = doc.content(end.line)[end.column :].lstrip().startswith(",")
        if not has_comma:
            doc.insert_at(end.line, end.column, ",")
        doc.insert_lines(end.line + 1, [" " * last.start_mark.column + snippet + ("," if has_comma else "")])
    else:
        doc.insert_at(end.line, end.column, ", " + snippet)


def _first_after(items: Sequence[yaml.Node], slot: tuple[int, int]) -> yaml.Node | None:
    return next((item for item in items if (_slot_of(item) or (0, 0)) > slot), None)


def _alone_on_line(doc: _Text, sequence: yaml.Node, item: yaml.Node) -> bool:
    """Whether `item` starts its own line inside a flow list that opened on an earlier line."""
    start = item.start_mark
    return start.line > sequence.start_mark.line and not doc.content(start.line)[: start.column].strip()


def _add_actuals_key(doc: _Text, figure: yaml.MappingNode, entries: Sequence[Entry]) -> None:
    if figure.flow_style:
        end = figure.value[-1][1].end_mark  # after the last value, so a trailing comma stays valid
        doc.insert_at(end.line, end.column, f", actuals: [{flow_mapping(entries)}]")
        return
    indent = figure.value[0][0].start_mark.column
    lines = [" " * indent + "actuals:", " " * (indent + 2) + "- " + flow_mapping(entries)]
    doc.insert_lines(_last_line(figure) + 1, lines)


# --- sources add --------------------------------------------------------------------------------------------


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
    key_node, mapping = found
    doc = _Text(text)
    if not isinstance(mapping, yaml.MappingNode):
        return EditError(f"'{section}' is not a mapping")
    problem = _shared(doc, mapping, section, key_node.end_mark)
    if problem is not None:
        return problem
    if _value(mapping, key) is not None:
        return EditError(f"{what} '{key}' already exists")
    entry = f"{scalar(key, Style.WORD)}: "
    if mapping.flow_style:
        if mapping.value:
            end = mapping.value[-1][1].end_mark
            doc.insert_at(end.line, end.column, f", {entry}{flow_mapping(entries)}")
        else:
            close = mapping.end_mark
            doc.insert_at(close.line, close.column - 1, f"{entry}{flow_mapping(entries)}")
        return doc.render()
    if not mapping.value:
        return EditError(f"'{section}' is empty")
    last_key, last_value = mapping.value[-1]
    problem = _shared(doc, last_value, f"{section}.{getattr(last_key, 'value', '?')}", last_key.end_mark)
    if problem is not None:
        return problem
    indent = last_key.start_mark.column
    if isinstance(last_value, yaml.MappingNode) and last_value.flow_style:
        lines = [" " * indent + entry + flow_mapping(entries)]
    else:
        lines = [" " * indent + entry.rstrip(), *block_mapping(entries, indent + 2, "")]
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


# --- sources pin --------------------------------------------------------------------------------------------

_HEX_DIGEST = re.compile(r"[0-9a-f]{64}\Z")
_NUMBER_LIKE = re.compile(r"[0-9]+(?:e[0-9]+)?\Z")  # all digits (an integer), or a YAML 1.2 float such as 12e34


def pin_source(text: str, source_id: str, digest: str) -> str | EditError:
    """Set the `sha256` of source `source_id` to `digest`: only that scalar's characters change, in its own
    quoting; a file source with no pin gets one after its `path`."""
    if not _HEX_DIGEST.match(digest):
        return EditError(f"'{digest}' is not a sha256 digest")
    root = compose(text)
    if isinstance(root, EditError):
        return root
    found = _value(root, "sources")
    sources_key, sources = found or (None, None)
    if sources_key is None or not isinstance(sources, yaml.MappingNode):
        return EditError("the file has no 'sources:' mapping")
    entry = _value(sources, source_id)
    key_node, source = entry or (None, None)
    if key_node is None or not isinstance(source, yaml.MappingNode):
        return EditError(f"no source '{source_id}' in the file")
    doc = _Text(text)
    what = f"sources.{source_id}"
    problem = _shared(doc, sources, "sources", sources_key.end_mark) or _shared_inside(
        doc, source, what, key_node.end_mark
    )
    if problem is not None:
        return problem
    pinned = _value(source, "sha256")
    if pinned is not None:
        old = pinned[1]
        doc.replace_span(old.start_mark, old.end_mark, _digest_scalar(digest, getattr(old, "style", None)))
        return doc.render()
    path = _value(source, "path")
    if path is None:
        return EditError(f"{what} has no 'path'; only a file source is pinned")
    path_key, path_value = path
    if source.flow_style:
        end = path_value.end_mark
        doc.insert_at(end.line, end.column, f", sha256: {double_quoted(digest)}")
    else:
        indent = path_key.start_mark.column
        doc.insert_lines(_last_line(path_value) + 1, [" " * indent + f"sha256: {double_quoted(digest)}"])
    return doc.render()


def _digest_scalar(digest: str, style: str | None) -> str:
    """The digest in the quoting the old one had; plain only where every YAML reader takes it as text."""
    if style == "'":
        return f"'{digest}'"
    if not style and not _NUMBER_LIKE.match(digest):
        return digest
    return double_quoted(digest)


# --- review: a draft actual accepted (its `draft` key removed) or dropped (the actual deleted) -----------------


def _actual_item(
    doc: _Text, root: yaml.MappingNode, figure_id: str, slot: tuple[int, int]
) -> tuple[yaml.SequenceNode, list[yaml.Node], yaml.Node] | EditError:
    """The actuals list of a figure and its item for `slot`, refusing shared YAML as `put_actual` does."""
    figure = _figure_node(doc, root, figure_id)
    if figure is None:
        return EditError(f"no target or series '{figure_id}' in the file")
    if isinstance(figure, EditError):
        return figure
    found = _value(figure, "actuals")
    if found is None or not isinstance(found[1], yaml.SequenceNode):
        return EditError(f"'{figure_id}' has no list of actuals")
    key_node, actuals = found
    assert isinstance(actuals, yaml.SequenceNode)
    items = list(actuals.value)
    what = f"{figure_id} actuals"
    problem = _shared(doc, actuals, what, key_node.end_mark) or _shared_items(doc, items, actuals.start_mark, what)
    if problem is not None:
        return problem
    item = next((item for item in items if _slot_of(item) == slot), None)
    if item is None:
        return EditError(
            f"'{figure_id}' has no actual for {slot[0]}" + (f" ({slot[1]} months)" if slot[1] != 12 else "")
        )
    problem = _shared_inside(doc, item, f"{what}[{items.index(item)}]", None)
    if problem is not None:
        return problem
    return actuals, items, item


def _delete_span(doc: _Text, start: yaml.Mark, end: yaml.Mark) -> None:
    """Delete the characters from `start` to `end`; a line left holding only spaces goes too."""
    head = doc.lines[start.line][: start.column]
    tail = doc.lines[end.line][end.column :]
    joined = head + tail
    if not joined.removesuffix("\r").strip():
        del doc.lines[start.line : end.line + 1]
    else:
        doc.lines[start.line : end.line + 1] = [joined]


def remove_actual_key(text: str, figure_id: str, slot: tuple[int, int], key: str) -> str | EditError:
    """Remove `key` (e.g. `draft`) from the actual for `slot`, keeping every other byte."""
    root = compose(text)
    if isinstance(root, EditError):
        return root
    doc = _Text(text)
    located = _actual_item(doc, root, figure_id, slot)
    if isinstance(located, EditError):
        return located
    item = located[2]
    if not isinstance(item, yaml.MappingNode):
        return EditError(f"the actual of '{figure_id}' is not a mapping")
    pairs = item.value
    index = next((i for i, (k, _) in enumerate(pairs) if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if index is None:
        return text
    key_node, value_node = pairs[index]
    if len(pairs) == 1:
        return EditError(f"the actual of '{figure_id}' holds nothing but '{key}'")
    if item.flow_style or index == 0:
        if index > 0:  # ", draft: true" after the value before it
            _delete_span(doc, pairs[index - 1][1].end_mark, value_node.end_mark)
        else:  # "draft: true, " before the next key (or "- draft: true" and the next key on its line)
            _delete_span(doc, key_node.start_mark, pairs[1][0].start_mark)
    else:  # a block mapping: the key's own lines
        del doc.lines[key_node.start_mark.line : _last_line(value_node) + 1]
    return doc.render()


def delete_actual(text: str, figure_id: str, slot: tuple[int, int]) -> str | EditError:
    """Delete the actual for `slot`: its lines in a block list, the item and one comma in a flow list."""
    root = compose(text)
    if isinstance(root, EditError):
        return root
    doc = _Text(text)
    located = _actual_item(doc, root, figure_id, slot)
    if isinstance(located, EditError):
        return located
    actuals, items, item = located
    index = items.index(item)
    if actuals.flow_style:
        if index + 1 < len(items):
            _delete_span(doc, item.start_mark, items[index + 1].start_mark)
        elif index > 0:
            _delete_span(doc, items[index - 1].end_mark, item.end_mark)
        else:
            _delete_span(doc, item.start_mark, item.end_mark)
    else:
        del doc.lines[item.start_mark.line : _last_line(item) + 1]
    return doc.render()
