"""`shtarget list` and `shtarget sources list`: what the data set holds, one line per target or source.

The target list has the columns id, name, plan, kind, unit and target year; when the width is short (or most
names would be cut) the plan, then the unit, then the kind column is dropped, and names are cut with "…" to
keep one line each.
Narrower still, each target takes two lines (id and year, then the name).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shtarget.fileformat import SCHEMA_VERSION
from shtarget.model import Dataset, Series, Target, iter_citations
from shtarget.quantity import reading_scale

if TYPE_CHECKING:
    from shtarget.render.layout import Atom, Cell, Column, Line


@dataclass(frozen=True)
class Listing:
    dataset: Dataset
    plan: str | None = None  # only this plan's targets (and no series)
    lang: str = "zh"
    color: bool = False
    width: int = 100


KIND_WORDS = {
    "zh": {"level": "水平", "growth": "增速", "increase": "提升", "milestone": "里程碑", "series": "背景数据"},
    "en": {"level": "level", "growth": "growth", "increase": "increase", "milestone": "milestone", "series": "series"},
}
HEADERS = {
    "zh": {"id": "编号", "name": "指标", "plan": "规划", "kind": "类型", "unit": "单位", "year": "目标年"},
    "en": {"id": "ID", "name": "Name", "plan": "Plan", "kind": "Kind", "unit": "Unit", "year": "Year"},
}
TITLE_LINES = 8  # a source's title and location, whole unless absurdly long
SOURCE_KINDS = {"zh": {"official": "官方", "press": "媒体", "repost": "转载"}, "en": {}}
SOURCE_HEADERS = {
    "zh": {"id": "编号", "kind": "类型", "published": "发布", "cited": "引用", "title": "标题 / 位置"},
    "en": {"id": "ID", "kind": "Kind", "published": "Published", "cited": "Cited", "title": "Title / where"},
}
# Columns kept as the width shrinks, widest first: the plan goes first, then the unit, then the kind.
LIST_LAYOUTS = (
    ("id", "name", "plan", "kind", "unit", "year"),
    ("id", "name", "kind", "unit", "year"),
    ("id", "name", "kind", "year"),
    ("id", "name", "year"),
)


def _figures(listing: Listing) -> list[Target | Series]:
    dataset = listing.dataset
    targets: list[Target | Series] = [t for t in dataset.targets if listing.plan is None or t.plan == listing.plan]
    return targets + ([] if listing.plan is not None else list(dataset.series))


def _kind(figure: Target | Series) -> str:
    return "series" if isinstance(figure, Series) else figure.kind.value


def render_json(listing: Listing) -> str:
    from shtarget.render.json_format import dumps_lines

    records: dict[str, list[dict[str, Any]]] = {"targets": [], "series": []}
    for figure in _figures(listing):
        record = {"id": figure.id, "name": figure.name, "name_en": figure.name_en, "unit": figure.unit}
        if isinstance(figure, Target):
            records["targets"].append(
                {**record, "plan": figure.plan, "kind": figure.kind.value, "target_year": figure.goal.year}
            )
        else:
            records["series"].append(record)
    return dumps_lines({"schema": SCHEMA_VERSION, **records})


def render_table(listing: Listing) -> str:
    from shtarget.render.layout import atom, cell, fit, table_lines, to_text, words

    lang = "en" if listing.lang == "en" else "zh"
    figures = _figures(listing)
    headers = HEADERS[lang]
    lines: list[Line] = [*_title(listing.dataset.display_title(lang), listing.width), ()]
    if not figures:
        return to_text([*lines, ((("no targets" if lang == "en" else "没有目标"), ""),)], listing.color)
    cells: dict[str, list[Cell]] = {
        "id": [(atom(figure.id, "dim"),) for figure in figures],
        "name": [words(figure.display_name(lang)) for figure in figures],
        "plan": [cell(figure.plan) if isinstance(figure, Target) else cell("—") for figure in figures],
        "kind": [cell(KIND_WORDS[lang][_kind(figure)]) for figure in figures],
        "unit": [cell(_unit(figure.unit, lang)) for figure in figures],
        "year": [cell(str(figure.goal.year)) if isinstance(figure, Target) else cell("—") for figure in figures],
    }
    # The first layout in which most names fit whole; failing that, the narrowest one that fits at all.
    chosen = None
    for keys in LIST_LAYOUTS:
        columns = [_list_column(key, headers[key]) for key in keys]
        rows = [[cells[key][index] for key in keys] for index in range(len(figures))]
        fitted = fit(columns, rows, listing.width)
        if fitted is not None:
            chosen = (columns, rows, fitted.widths)
            if fitted.comfortable:
                break
    if chosen is None:
        return to_text([*lines, *_compact(figures, lang, listing.width)], listing.color)
    return to_text([*lines, *table_lines(*chosen)], listing.color)


def _list_column(key: str, header: str) -> Column:
    from shtarget.render.layout import Column

    if key == "name":
        return Column(header, flexible=True, least=12)
    return Column(header, align="right" if key == "year" else "left")


def _unit(unit: str, lang: str) -> str:
    if not unit:
        return "—"
    return reading_scale(unit, lang)[1] or unit


def _title(title: str, room: int) -> list[Line]:
    from shtarget.render.layout import flow, phrases

    return flow(phrases(title, room, "bold"), room)


def _compact(figures: list[Target | Series], lang: str, room: int) -> list[Line]:
    """Too narrow for columns: the id and year on one line, the name on the next."""
    from shtarget.render.layout import atom, flow, rstrip, words

    lines: list[Line] = []
    for figure in figures:
        year = str(figure.goal.year) if isinstance(figure, Target) else "—"
        lines += flow((atom(figure.id, "dim"), atom(year, glue="  ")), room)
        lines += [rstrip((("  ", ""), *line)) for line in flow(words(figure.display_name(lang)), room - 2, max_lines=1)]
    return lines


# --- sources --------------------------------------------------------------------------------------------


def citation_counts(dataset: Dataset) -> Counter[str]:
    """How many figures (baselines, evidence, actuals) cite each source."""
    counts: Counter[str] = Counter()
    for figure in dataset.figures:
        for _, citation in iter_citations(figure):
            if citation.source:
                counts[citation.source] += 1
    return counts


def render_sources_json(listing: Listing) -> str:
    from shtarget.render.json_format import dumps_lines

    counts = citation_counts(listing.dataset)
    sources = [
        {
            "id": source.id,
            "kind": source.kind,
            "title": source.title,
            "path": source.path,
            "url": source.url,
            "sha256": source.sha256,
            "published": source.published,
            "cited": counts[source.id],
        }
        for source in listing.dataset.sources.values()
    ]
    return dumps_lines({"schema": SCHEMA_VERSION, "sources": sources})


def render_sources_table(listing: Listing) -> str:
    """A row per source. Its file or URL stays on one line (a terminal then sees the whole link): under the
    title where the column holds it, the title column widened for it where the width allows, else on a line
    of its own, as far left as it needs; only a URL wider than the whole screen is folded."""
    from shtarget.render.layout import HARD_BREAK, Column, atom, cell, fit, header_lines, row_lines, to_text, words

    lang = "en" if listing.lang == "en" else "zh"
    headers = SOURCE_HEADERS[lang]
    counts = citation_counts(listing.dataset)
    sources = list(listing.dataset.sources.values())
    room = listing.width
    lines: list[Line] = [*_title(listing.dataset.display_title(lang), room), ()]
    if not sources:
        return to_text([*lines, ((("no sources" if lang == "en" else "没有来源"), ""),)], listing.color)
    rows = []
    places = []
    for source in sources:
        places.append(atom(source.path or source.url or "—", "dim", glue=HARD_BREAK))
        rows.append(
            [
                (atom(source.id, "dim"),),
                cell(SOURCE_KINDS[lang].get(source.kind or "", source.kind or "—")),
                cell(source.published or "—"),
                cell(str(counts[source.id])),
                words(source.title or "—"),
            ]
        )
    longest_place = max(place.width for place in places)
    fitted = None
    for least in (max(20, longest_place), 20):  # the title folds to leave every URL whole in its column
        columns = [
            Column(headers["id"]),
            Column(headers["kind"]),
            Column(headers["published"]),
            Column(headers["cited"], align="right"),
            Column(headers["title"], max_lines=TITLE_LINES, flexible=True, least=least),
        ]
        with_places = [[*row[:4], (*row[4], place)] for row, place in zip(rows, places, strict=True)]
        fitted = fit(columns, with_places, room, indent=0)
        if fitted is not None:
            break
    if fitted is None:  # ids too long for the width: one block per source
        for row, place in zip(rows, places, strict=True):
            lines += _source_block(row, place, room)
        return to_text(lines, listing.color)
    widths = fitted.widths
    title_start = sum(widths[:-1]) + 2 * (len(widths) - 1)
    lines += header_lines(columns, widths)
    for row, place in zip(rows, places, strict=True):
        if place.width <= widths[-1]:
            lines += row_lines(columns, [*row[:4], (*row[4], place)], widths, 2, 0)
        else:
            lines += row_lines(columns, row, widths, 2, 0)
            lines += _place_line(place, min(title_start, room - place.width), room)
    return to_text(lines, listing.color)


def _source_block(row: list[Cell], place: Atom, room: int) -> list[Line]:
    from shtarget.render.layout import flow, rstrip

    id_cell, kind_cell, published_cell, cited_cell, title_cell = row
    lines: list[Line] = flow((*id_cell, *kind_cell, *published_cell, *cited_cell), room)
    lines += [rstrip((("  ", ""), *line)) for line in flow(title_cell, room - 2, max_lines=TITLE_LINES)]
    return lines + _place_line(place, min(2, room - place.width), room)


def _place_line(place: Atom, start: int, room: int) -> list[Line]:
    """A file or URL on a line of its own from column `start` (at the margin if it must), whole unless it is
    wider than the screen."""
    from shtarget.render.layout import flow

    if place.width > room:
        return flow((place,), room)
    return [((" " * max(0, start), ""), *place.pieces)]
