"""The format of targets.yaml, stated once: every section, its fields, their types, which are required, their
choices and ranges, and what each means.

The builder (build.py) reads every field through this table, `shtarget schema` derives the JSON Schema from it,
and README's field reference is generated from it (a test keeps README in step). Rules that tie several fields
together (a level target needs a value, a growth target a rate; a source has a path or a URL) are the
builder's, and the schema adds them as conditions.
"""

from __future__ import annotations

import re
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"[a-z0-9-]+\Z")
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}\Z")
DATE_PATTERN = re.compile(r"[12][0-9]{3}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?\Z")
URL_PATTERN = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f]+\Z")
YEAR_RANGE = (1900, 2200)


def is_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, the day one that exists (2024-02-30 is not a date)."""
    if not DATE_PATTERN.match(text):
        return False
    if len(text) == 10:
        import datetime

        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return False
    return True


SOURCE_KINDS = ("official", "press", "repost")
TARGET_KINDS = ("level", "growth", "increase", "milestone")
OPS = (">=", ">", "~", "<=", "<")
NATURES = ("binding", "expected")
BASES = ("nominal", "real")


class Type(StrEnum):
    """What a field holds. SECTION, LIST and TABLE hold other sections (a mapping, a list of mappings, a
    mapping of ids to mappings)."""

    TEXT = "text"
    ID = "id"
    SOURCE = "source id"
    YEAR = "year"
    NUMBER = "number"
    INTEGER = "integer"
    QUANTITY = "quantity"
    FLAG = "true or false"
    DATE = "date"
    URL = "URL"
    SHA256 = "sha256"
    CHOICE = "one of"
    PERIOD = "period"
    TEXTS = "list of texts"
    SECTION = "mapping"
    LIST = "list"
    TABLE = "table"


class Field(NamedTuple):
    name: str
    type: Type
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    section: str | None = None  # the section a SECTION, LIST or TABLE field holds
    range_code: str = "bad-value"  # the finding code for a number outside minimum–maximum
    default: float | str | None = None
    nullable: bool = False  # null is written on purpose (an unknown base value, an emptied list)


class Section(NamedTuple):
    name: str
    description: str
    fields: tuple[Field, ...]
    names: frozenset[str]  # derived from `fields` by `section`, once
    required: tuple[str, ...]
    by_name: MappingProxyType[str, Field]

    def get(self, name: str) -> Field:
        return self.by_name[name]


def section(name: str, description: str, fields: tuple[Field, ...]) -> Section:
    """A section with its field names, required names and index derived from `fields`."""
    names = frozenset(field.name for field in fields)
    required = tuple(field.name for field in fields if field.required)
    return Section(name, description, fields, names, required, MappingProxyType({f.name: f for f in fields}))


_CITATION = (
    Field("source", Type.SOURCE, "the source document, an id under `sources`"),
    Field("quote", Type.TEXT, "the source's own words that carry the figure (required for a file source)"),
    Field("note", Type.TEXT, "a remark kept with the figure"),
    Field("accept", Type.SECTION, "warnings about this figure reviewed and accepted", section="accept"),
)

SECTIONS: MappingProxyType[str, Section] = MappingProxyType(
    {
        entry.name: entry
        for entry in (
            section(
                "file",
                "the top level of targets.yaml",
                (
                    Field("schema", Type.INTEGER, "the format version: 1", True),
                    Field("title", Type.TEXT, "the data set's title", True),
                    Field("title_en", Type.TEXT, "the title in English"),
                    Field("settings", Type.SECTION, "thresholds of the assessment", section="settings"),
                    Field(
                        "sources", Type.TABLE, "the documents figures are quoted from, by id", True, section="source"
                    ),
                    Field("plans", Type.TABLE, "the plans targets belong to, by id", True, section="plan"),
                    Field("targets", Type.LIST, "the targets", True, section="target"),
                    Field("series", Type.LIST, "context figures with no target of their own", section="series"),
                    Field("relations", Type.LIST, "identities between figures", section="relation"),
                ),
            ),
            section(
                "settings",
                "thresholds of the assessment (each between 0 and 1)",
                (
                    Field(
                        "on_track",
                        Type.NUMBER,
                        "trend ratio from which a target is on track",
                        minimum=0,
                        maximum=1,
                        range_code="bad-setting",
                        default=0.95,
                    ),
                    Field(
                        "at_risk",
                        Type.NUMBER,
                        "trend ratio from which a target is at risk (below: off track)",
                        minimum=0,
                        maximum=1,
                        range_code="bad-setting",
                        default=0.60,
                    ),
                    Field(
                        "tolerance",
                        Type.NUMBER,
                        "how far below an `~` (about) goal a figure may stay and meet it",
                        minimum=0,
                        maximum=1,
                        range_code="bad-setting",
                        default=0.05,
                    ),
                ),
            ),
            section(
                "source",
                "a source document: a file in the repository (`path`) or a public `url`, exactly one",
                (
                    Field("path", Type.TEXT, "a file, relative to the directory of targets.yaml"),
                    Field("url", Type.URL, "a public http(s) URL"),
                    Field("sha256", Type.SHA256, "the file's pinned sha256 (file sources only)"),
                    Field("title", Type.TEXT, "the document's title"),
                    Field("kind", Type.CHOICE, "what the document is", choices=SOURCE_KINDS),
                    Field("published", Type.DATE, "when the figure first appeared (the original release): a date"),
                    Field("retrieved", Type.DATE, "when the URL was last read: YYYY, YYYY-MM or YYYY-MM-DD"),
                ),
            ),
            section(
                "plan",
                "a plan",
                (
                    Field("name", Type.TEXT, "the plan's name", True),
                    Field("name_en", Type.TEXT, "the name in English"),
                    Field("period", Type.PERIOD, "the plan's first and last year, [first, last]"),
                    Field("source", Type.SOURCE, "the plan's document, an id under `sources`"),
                ),
            ),
            section(
                "target",
                "a target of a plan",
                (
                    Field("id", Type.ID, "a unique id, [a-z0-9-]+", True),
                    Field("plan", Type.ID, "the plan's id", True),
                    Field("name", Type.TEXT, "the indicator's name", True),
                    Field("name_en", Type.TEXT, "the name in English"),
                    Field("unit", Type.TEXT, "the unit of every figure (required unless a milestone)"),
                    Field("kind", Type.CHOICE, "what kind of goal", choices=TARGET_KINDS, default="level"),
                    Field("baseline", Type.SECTION, "the plan's starting point", section="baseline"),
                    Field("target", Type.SECTION, "the goal", True, section="goal"),
                    Field("evidence", Type.LIST, "quotes stating the goal", True, minimum=1, section="evidence"),
                    Field("actuals", Type.LIST, "the recorded figures", section="actual", nullable=True),
                    Field("note", Type.TEXT, "a remark"),
                    Field("flow", Type.FLAG, "the figure adds up over a year (output, revenue, investment)"),
                    Field("scope", Type.TEXT, "the statistical scope of the goal, e.g. 规模以上"),
                    Field("draft", Type.FLAG, "proposed by `shtarget extract`, not yet reviewed"),
                    Field("terms", Type.TEXTS, "phrases that name the indicator in bulletins (for `shtarget scan`)"),
                    Field("nature", Type.CHOICE, "binding (约束性) or expected (预期性)", choices=NATURES),
                    Field("aspirational", Type.FLAG, "a goal to strive for (力争)"),
                    Field("basis", Type.CHOICE, "growth targets: at current or comparable prices", choices=BASES),
                    Field("unit_en", Type.TEXT, "what a count counts, in English (fields, platforms, firms)"),
                ),
            ),
            section(
                "baseline",
                "the plan's starting point",
                (
                    Field("year", Type.YEAR, "the base year", True),
                    Field(
                        "value", Type.QUANTITY, "the base value (null when the plan names a year only)", nullable=True
                    ),
                    *_CITATION,
                ),
            ),
            section(
                "goal",
                "the goal (the `target:` mapping of a target)",
                (
                    Field("year", Type.YEAR, "the year by which it is to be met", True),
                    Field("value", Type.QUANTITY, "the level to reach (level targets)"),
                    Field("rate", Type.NUMBER, "average annual growth in percent (growth targets)"),
                    Field("op", Type.CHOICE, "how the figure compares with the goal", choices=OPS, default=">="),
                ),
            ),
            section("evidence", "a quote stating the goal", _CITATION),
            section(
                "actual",
                "a recorded figure; its identity is (year, months)",
                (
                    Field("year", Type.YEAR, "the year the figure is for", True),
                    Field("value", Type.QUANTITY, "the figure (every kind but milestones)"),
                    Field("done", Type.FLAG, "whether the milestone was reached (milestones only)"),
                    *_CITATION,
                    Field(
                        "months",
                        Type.INTEGER,
                        "a part-year figure: it covers the first N months of its year",
                        minimum=1,
                        maximum=11,
                        range_code="bad-months",
                    ),
                    Field("scope", Type.TEXT, "the statistical scope of the figure, e.g. 规模以上, 全口径"),
                    Field("break", Type.FLAG, "the statistical basis changed from this figure on"),
                    Field("link", Type.SECTION, "with `break`: the year's figure on the old basis", section="link"),
                    Field("rate", Type.NUMBER, "a real-growth target's published yearly rate, percent (`basis: real`)"),
                    Field("draft", Type.FLAG, "proposed by `shtarget scan`, not yet reviewed (never assessed)"),
                ),
            ),
            section(
                "link",
                "the same year's figure on the old statistical basis, as offices publish it in an overlap year",
                (
                    Field("value", Type.QUANTITY, "the figure on the old basis, in the target's unit", True),
                    *_CITATION[:3],
                ),
            ),
            section(
                "accept",
                "warnings `check` gives about a figure that a person reviewed and accepted (shown, never hidden)",
                (
                    Field("codes", Type.TEXTS, "the warning codes accepted, e.g. [number-not-in-quote]", True),
                    Field("reason", Type.TEXT, "why the warning does not apply", True),
                ),
            ),
            section(
                "series",
                "a context figure with no target of its own",
                (
                    Field("id", Type.ID, "a unique id, shared with targets", True),
                    Field("name", Type.TEXT, "the indicator's name", True),
                    Field("name_en", Type.TEXT, "the name in English"),
                    Field("unit", Type.TEXT, "the unit of every figure", True),
                    Field("note", Type.TEXT, "a remark"),
                    Field("actuals", Type.LIST, "the recorded figures", section="actual", nullable=True),
                    Field("terms", Type.TEXTS, "phrases that name the indicator in bulletins (for `shtarget scan`)"),
                ),
            ),
            section(
                "relation",
                "an identity between figures, e.g. 'share = 100 * value / gdp'",
                (
                    Field("id", Type.ID, "a unique id", True),
                    Field("holds", Type.TEXT, "`left = right`: numbers, ids, + - * / and parentheses", True),
                    Field(
                        "tolerance",
                        Type.NUMBER,
                        "how far the sides may differ",
                        True,
                        minimum=0,
                        range_code="bad-relation",
                    ),
                    Field("note", Type.TEXT, "a remark"),
                ),
            ),
        )
    }
)


def field_reference() -> str:
    """README's field reference: one table per section."""
    lines: list[str] = []
    for section in SECTIONS.values():
        lines += [f"`{section.name}` — {section.description}:", "", "| field | type | required | meaning |"]
        lines.append("|---|---|---|---|")
        for field in section.fields:
            lines.append(
                f"| `{field.name}` | {_type_text(field)} | {'yes' if field.required else ''} | {field.description} |"
            )
        lines.append("")
    return "\n".join(lines)


def _type_text(field: Field) -> str:
    if field.type is Type.CHOICE:
        return "one of " + ", ".join(f"`{choice}`" for choice in field.choices)
    if field.type is Type.LIST and field.minimum:
        return f"list of `{field.section}`, at least {field.minimum:g}"
    if field.type in (Type.SECTION, Type.LIST, Type.TABLE):
        return {Type.SECTION: "`{}`", Type.LIST: "list of `{}`", Type.TABLE: "id → `{}`"}[field.type].format(
            field.section
        )
    if field.minimum is not None and field.maximum is not None:
        return f"{field.type.value}, {field.minimum:g}–{field.maximum:g}"
    if field.minimum is not None:
        return f"{field.type.value}, ≥ {field.minimum:g}"
    return field.type.value
