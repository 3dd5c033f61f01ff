"""A minimal HTML/SVG element tree and its serialiser, for the self-contained HTML report.

Text is only ever a text node or an attribute value, and both are always escaped (`& < > " '`) after
`safe.visible`: there is no way to put raw markup from data into the tree. Tag and attribute names come from
the code; they are still checked against `[a-z][a-z0-9-]*` (and `on…` event attributes are refused), so a
mistake fails loudly instead of writing markup. Inside `<svg>` an element without children is written
`<x ... />` (foreign elements may self-close in HTML), so every inline SVG is also well-formed XML; an empty
HTML element gets its end tag (`<td></td>`), a void one none (`<meta ...>`).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from shtarget.safe import visible

# Text with nothing for `html.escape` or `safe.visible` to change (most of a page): written as it is.
_SAFE_TEXT = re.compile(r"[^&<>\"'\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]*\Z")
_NAME = re.compile(r"[a-z][a-z0-9-]*(:[a-z]+)?\Z", re.IGNORECASE)
_VOID = frozenset({"meta", "br", "hr", "img", "link", "col", "wbr"})
# Elements after whose end tag a line break keeps the page source readable.
_BLOCK = frozenset(
    {"head", "body", "main", "header", "nav", "section", "h1", "h2", "h3", "h4", "p", "table", "thead", "tbody"}
    | {"tr", "ul", "li", "blockquote", "figure", "svg", "div", "title", "meta", "style", "g"}
)


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    children: tuple[Element | str, ...] = ()


Child = Element | str | None


def el(tag: str, attrs: Mapping[str, str | float | None] | None = None, *children: Child) -> Element:
    """An element; None attributes and children are left out, numbers are written compactly."""
    pairs = tuple((name, _attr_value(value)) for name, value in (attrs or {}).items() if value is not None)
    return Element(tag, pairs, tuple(child for child in children if child is not None))


def _attr_value(value: str | float) -> str:
    if isinstance(value, str):
        return value
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def serialize(node: Element | str) -> str:
    parts: list[str] = []
    _write(node, parts, in_svg=False)
    return "".join(parts)


def _write(node: Element | str, parts: list[str], in_svg: bool) -> None:
    if isinstance(node, str):
        parts.append(_escape(node))
        return
    _check_name(node.tag)
    parts.append("<" + node.tag)
    for name, value in node.attrs:
        _check_name(name, attribute=True)
        parts.append(f' {name}="{_escape(value)}"')
    in_svg = in_svg or node.tag == "svg"
    if not node.children and (in_svg or node.tag in _VOID):
        parts.append(" />" if in_svg else ">")
    else:
        parts.append(">")
        for child in node.children:
            _write(child, parts, in_svg)
        parts.append(f"</{node.tag}>")
    if node.tag in _BLOCK:
        parts.append("\n")


def _escape(text: str) -> str:
    return text if _SAFE_TEXT.match(text) else html.escape(visible(text), quote=True)


@functools.lru_cache(maxsize=256)  # a page repeats a few dozen names hundreds of thousands of times
def _check_name(name: str, attribute: bool = False) -> None:
    if not _NAME.match(name):
        raise ValueError(f"bad element or attribute name {name!r}")
    if attribute and name.lower().startswith("on"):
        raise ValueError(f"event attribute {name!r} refused")
