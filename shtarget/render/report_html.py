"""`shtarget report --format html`: the report as one self-contained HTML page.

The same content as the Markdown report (`report_doc.build`), with charts drawn as inline SVG by
`report_svg`. One file: no script, no web font, no stylesheet or image to fetch; a Content-Security-Policy
that forbids all of them anyway; fonts from a stack of local fonts (CJK included); a print stylesheet for A4.
Links to seed files are relative, so they work when the page sits next to `seeds/`.

The page is built as an element tree (`html_tree`) rather than from a template: every string from the data
is a text node or an attribute value and is escaped on the way out, with no "safe" escape hatch to misuse.
"""

from __future__ import annotations

import re

from shtarget.render.html_tree import Element, el, serialize
from shtarget.render.report_doc import (
    Block,
    Bullets,
    Chart,
    Document,
    Inline,
    Paragraph,
    Quote,
    ReportContext,
    Run,
    Section,
    Table,
    build,
)
from shtarget.render.report_svg import FONT, chart_svg
from shtarget.render.words import STATUS_MARKS

__all__ = ["ReportContext", "render", "to_html"]

_ANCHOR = re.compile(r"_?[a-z0-9-]+\Z")
_LANGS = {"en": "en", "zh": "zh-Hans"}
# Nothing may load or run: styles are inline, images are inline SVG, links are only navigated to.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --rule: #d0d7de; --zebra: #f6f8fa; --head: #eef1f4; --link: #0b5cad; }
html { font-family: FONT; color: var(--ink); line-height: 1.55; font-size: 15px; }
body { margin: 0; background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 36px 64px; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 .6rem; }
h2 { font-size: 1.4rem; border-bottom: 1px solid var(--rule); padding-bottom: .25rem; margin: 2.4rem 0 .9rem; }
h3 { font-size: 1.12rem; margin: 2rem 0 .5rem; }
h2 + section > h3 { margin-top: 1rem; }
.id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono", monospace; font-size: .78rem;
      font-weight: normal; color: var(--muted); margin-left: .6rem; white-space: nowrap; }
header p { margin: .2rem 0; }
.meta { color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
nav { margin-top: .8rem; font-size: .92rem; }
p.small { color: var(--muted); font-size: .9rem; margin-top: -.2rem; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono", monospace; font-size: .86em;
       background: #eff1f3; padding: .05em .3em; border-radius: 3px; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1.1rem; }
table { border-collapse: collapse; font-size: .87rem; }
th, td { border: 1px solid var(--rule); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: var(--head); font-weight: 600; }
tbody tr:nth-child(even) { background: var(--zebra); }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.t-status td:first-child { min-width: 15rem; }
table.t-status td.num { white-space: normal; min-width: 5rem; }
table.t-status td:nth-child(5) { white-space: nowrap; }
table.t-facts td:first-child { min-width: 14rem; }
table.t-actuals td:nth-child(4), table.t-actuals td:nth-child(5) { min-width: 12rem; }
table.t-status td:nth-child(2), table.t-facts td:nth-child(3) { white-space: nowrap; }
table.t-sources td:nth-child(2) { min-width: 14rem; }
table.t-sources td:nth-child(3), table.t-sources td:nth-child(4) { white-space: nowrap; }
table.t-sources td:nth-child(6) { white-space: nowrap; }
table.t-sources td:nth-child(5) { max-width: 16rem; overflow-wrap: anywhere; }
table.t-sources td:nth-child(7) { min-width: 12rem; }
table.t-glossary td:first-child { white-space: nowrap; }
blockquote { margin: .3rem 0 .9rem; padding: .15rem 1rem; border-left: 4px solid var(--rule); }
blockquote p { margin: .3rem 0; }
blockquote footer { font-size: .85rem; color: var(--muted); }
ul { padding-left: 1.4rem; }
li { margin: .2rem 0; }
.status { white-space: nowrap; }
/* One shape per status, so that statuses differ in print and in grey as well as in colour. */
.status::before { margin-right: .3em; display: inline-block; min-width: 1em; text-align: center; }
.st-achieved::before { content: "\\2714"; color: #1a7f37; }
.st-on-track::before { content: "\\25CF"; color: #2da44e; }
.st-at-risk::before { content: "\\25B2"; color: #bf8700; }
.st-off-track::before { content: "\\25BC"; color: #d1600f; }
.st-moving-away::before { content: "\\25C6"; color: #cf222e; }
.st-missed::before { content: "\\2716"; color: #cf222e; }
.st-inconclusive::before { content: "?"; color: #8250df; font-weight: 700; }
.st-awaiting-data::before { content: "\\25D4"; color: #59636e; }
.st-no-data::before { content: "\\25CB"; color: #6e7781; }
.st-not-started::before { content: "\\25A1"; color: #6e7781; }
.overview { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
figure.chart { margin: .6rem 0 1.1rem; flex: 1 1 520px; max-width: 680px; }
svg.chart { display: block; width: 100%; max-width: 680px; height: auto; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  html { font-size: 9pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; }
  h2 { break-before: auto; }
  h2, h3 { break-after: avoid; }
  figure.chart, blockquote, tr, svg { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table.t-status, table.t-actuals, table.t-sources, table.t-relations, table.t-glossary { width: 100%; }
  table.t-status td:first-child { min-width: 0; width: 25%; }
  table.t-status td.num { min-width: 0; }
  table.t-facts td:first-child { min-width: 0; }
  table.t-sources td:nth-child(2) { min-width: 0; width: 24%; }
  table.t-sources td:nth-child(5) { max-width: none; width: 16%; }
  table.t-sources td:nth-child(7) { min-width: 0; width: 26%; }
  svg.chart { max-width: 150mm; }
  tbody tr:nth-child(even) { background: none; }
  th { background: none; }
  nav { display: none; }
}
""".replace("FONT", FONT)


def render(context: ReportContext) -> str:
    return to_html(build(context))


def to_html(document: Document) -> str:
    head = (
        el("meta", {"charset": "utf-8"}),
        el("meta", {"http-equiv": "Content-Security-Policy", "content": _CSP}),
        el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        el("meta", {"name": "generator", "content": "shtarget"}),
        el("title", None, document.title),
    )
    title, as_of, generated, contents = document.title, *document.header
    header = el(
        "header",
        None,
        el("h1", None, title),
        el("p", None, *_inline(as_of)),
        el("p", {"class": "meta"}, *_inline(generated)),
        el("nav", None, *_inline(contents)),
    )
    # The stylesheet is our own constant, the one piece of text written unescaped (CSS is not HTML).
    return "".join(
        [
            f'<!DOCTYPE html>\n<html lang="{_LANGS.get(document.lang, "zh-Hans")}">\n<head>\n',
            *(serialize(node) for node in head),
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
            serialize(header),
            # One block at a time: each is built, written and dropped (see report_doc.Document).
            *(serialize(_block(block)) for block in document.blocks),
            "</main>\n</body>\n</html>\n",
        ]
    )


def _run(run: Run) -> Element | str:
    node: Element | str = run.text
    if run.status is not None and run.status in STATUS_MARKS:
        node = el("span", {"class": f"status st-{run.status}"}, run.text)
    if run.code:
        node = el("code", None, node)
    if run.strong:
        node = el("strong", None, node)
    if run.href is not None:
        external = run.href.startswith(("http://", "https://"))
        node = el("a", {"href": run.href, "rel": "noreferrer" if external else None}, node)
    return node


def _inline(runs: Inline) -> list[Element | str]:
    return [_run(run) for run in runs]


def _block(block: Block) -> Element:
    if isinstance(block, Section):
        anchor = block.anchor if block.anchor and _ANCHOR.match(block.anchor) else None
        heading = el(
            f"h{min(max(block.level, 1), 6)}",
            None,
            *_inline(block.title),
            el("span", {"class": "id"}, block.aside) if block.aside else None,
        )
        kind = "target" if block.aside else None
        return el("section", {"id": anchor, "class": kind}, heading, *_blocks(block.blocks))
    if isinstance(block, Paragraph):
        return el("p", {"class": "small" if block.small else None}, *_inline(block.runs))
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Quote):
        return el("blockquote", None, el("p", None, block.text), el("footer", None, "— ", *_inline(block.attribution)))
    if isinstance(block, Bullets):
        return el("ul", None, *(el("li", None, *_inline(item)) for item in block.items))
    return _chart(block)


def _blocks(blocks: tuple[Block, ...]) -> list[Element]:
    """The blocks of a section; a target's figures and its chart side by side where the page is wide enough."""
    out: list[Element] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Table) and block.name == "facts" and isinstance(following, Chart):
            out.append(el("div", {"class": "overview"}, _block(block), _block(following)))
            index += 2
            continue
        out.append(_block(block))
        index += 1
    return out


def _table(table: Table) -> Element:
    def align(index: int) -> str | None:
        return "num" if index < len(table.align) and table.align[index] == "r" else None

    head = el("thead", None, el("tr", None, *(el("th", {"class": align(i)}, h) for i, h in enumerate(table.headers))))
    rows = (
        el("tr", None, *(el("td", {"class": align(i)}, *_inline(c)) for i, c in enumerate(row))) for row in table.rows
    )
    name = f"t-{table.name}" if table.name else None
    return el("div", {"class": "table-wrap"}, el("table", {"class": name}, head, el("tbody", None, *rows)))


def _chart(chart: Chart) -> Element:
    return el("figure", {"class": "chart"}, chart_svg(chart))
