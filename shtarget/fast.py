"""The fast path for large files: parse with yaml-rs (Rust) into plain data and build the model directly.

PyYAML's node graph costs about a second per 1,000 targets to build and walk; yaml-rs parses the same file
about twenty times faster. But plain data has no positions, so this path only ever *accepts*: the moment
anything is unusual it returns None and the caller loads the file through load.py, which reports every
problem at its line and column. Accepting exactly what load.py accepts without findings is the contract;
tests compare both paths on every fixture.

yaml-rs reads YAML 1.2 while PyYAML reads YAML 1.1 (`yes`, `on`, `017`, `0o17`, `1e3`, `1_000` differ), so
a file containing such plain scalars, or anchors, tags, merge keys or several documents, goes the slow way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from shtarget import relations
from shtarget.load import (
    ACTUAL_FIELDS,
    BASELINE_FIELDS,
    EVIDENCE_FIELDS,
    GOAL_FIELDS,
    ID_PATTERN,
    PLAN_FIELDS,
    RELATION_FIELDS,
    SCHEMA_VERSION,
    SERIES_FIELDS,
    SETTINGS_FIELDS,
    SHA256_PATTERN,
    SOURCE_FIELDS,
    SOURCE_KINDS,
    TARGET_FIELDS,
    TOP_FIELDS,
    YEAR_RANGE,
)
from shtarget.model import (
    Actual,
    Baseline,
    Citation,
    Dataset,
    Goal,
    Kind,
    Op,
    Plan,
    Quantity,
    Relation,
    Series,
    Settings,
    Source,
    Span,
    Target,
)
from shtarget.quantity import QuantityError, parse_quantity

# Numeric fields whose plain scalar YAML 1.1 and 1.2 read differently: leading zeros (017 is 15 in 1.1, 17 in
# 1.2), 0o octal, exponents without a dot and sign (1e3 is text in 1.1) and signed fractions without a leading
# digit (-.5 is text in 1.1). Each pattern starts with a literal,
# so the regex engine can skip through megabytes quickly; the scan runs on bytes.
_NUMBER = rb"[ \t]*(?:[-+]?(?:0[0-9oO_]|[0-9][0-9_]*(?:\.[0-9_]*)?[eE]|\.[0-9_]+[eE])|[-+]\.[0-9])"
_NUMERIC_FIELDS = tuple(
    re.compile(re.escape(key) + _NUMBER)
    for key in (b"year:", b"value:", b"rate:", b"tolerance:", b"schema:", b"on_track:", b"at_risk:")
)
_PERIOD = re.compile(rb"period:[ \t]*\[([^\]\n]*)")
_PERIOD_ITEM = re.compile(_NUMBER[len(rb"[ \t]*") :])
_TAG = re.compile(rb"(?:^|[\s,\[{:-])!", re.MULTILINE)
_DOCUMENTS = re.compile(rb"^(?:---|\.\.\.)", re.MULTILINE)
_STRING_TAG = "tag:yaml.org,2002:str"


def diverges(raw: bytes) -> bool:
    """Whether the file may read differently under YAML 1.1 (PyYAML) and 1.2 (yaml-rs), or uses features
    (tags, merge keys, several documents) the fast path leaves to PyYAML. Errs on the side of yes."""
    if any(pattern.search(raw) for pattern in _NUMERIC_FIELDS):
        return True
    if any(_PERIOD_ITEM.match(item.strip()) for match in _PERIOD.finditer(raw) for item in match[1].split(b",")):
        return True
    if b"<<" in raw or (b"!" in raw and _TAG.search(raw)):
        return True
    return (b"\n---" in raw or b"\n..." in raw or raw.startswith((b"---", b"..."))) and bool(_DOCUMENTS.search(raw))


_RESOLVER = yaml.resolver.Resolver()
_YAML11_FIRST = frozenset(char for char in yaml.resolver.Resolver.yaml_implicit_resolvers if char)


class _Bail(Exception):
    """Anything the fast path does not accept; the caller falls back to load.py."""


def fast_dataset(raw: bytes, path: Path, display: str) -> Dataset | None:
    """The dataset, if the file is plain, valid and parses identically under YAML 1.1 and 1.2; else None."""
    if diverges(raw):
        return None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    try:
        import yaml_rs
    except ImportError:
        return None
    try:
        data = yaml_rs.loads(text)
    except Exception:  # any parse problem is reported, with its position, by the slow path
        return None
    try:
        return _Builder(display).dataset(data, path)
    except (_Bail, KeyError, TypeError, ValueError, AttributeError):
        return None


def _quantity(raw: object, unit: str) -> Quantity:
    # The cache key carries the type: 1, 1.0 and True are equal as keys but not as values.
    return _cached_quantity(type(raw).__name__, raw, unit)


@lru_cache(maxsize=8192)
def _cached_quantity(kind: str, raw: object, unit: str) -> Quantity:
    parsed = parse_quantity(raw, unit)
    if isinstance(parsed, QuantityError):
        raise _Bail
    return parsed


def _require(condition: bool) -> None:
    if not condition:
        raise _Bail


def _fields(value: Any, allowed: set[str], required: tuple[str, ...] = ()) -> dict[str, Any]:
    _require(type(value) is dict and allowed.issuperset(value) and all(name in value for name in required))
    return value  # type: ignore[no-any-return]


def _text(value: Any) -> str:
    _require(type(value) is str and value.strip() != "" and not _typed_in_yaml11(value))
    return value  # type: ignore[no-any-return]


def _typed_in_yaml11(value: str) -> bool:
    """Whether PyYAML would read `value`, written plain, as something other than text (yes, 1:30, 2021).
    yaml-rs cannot tell us whether it was quoted, so such text is left to the slow path."""
    if value[0] not in _YAML11_FIRST or not value.isascii():  # every YAML 1.1 typed scalar is ASCII
        return False
    resolved = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(resolved != _STRING_TAG)


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _number(value: Any) -> float:
    _require(type(value) in (int, float) and math.isfinite(value))
    return float(value)


def _year(value: Any) -> int:
    _require(type(value) is int and YEAR_RANGE[0] <= value <= YEAR_RANGE[1])
    return value  # type: ignore[no-any-return]


def _identifier(value: Any) -> str:
    text = _text(value)
    _require(ID_PATTERN.match(text) is not None)
    return text


def _choice(value: Any, choices: Callable[[str], Any]) -> Any:
    return None if value is None else choices(_text(value))  # an unknown value raises ValueError


class _Builder:
    def __init__(self, display: str) -> None:
        self.nowhere = Span(display, 0, 0)
        self.sources: dict[str, Source] = {}
        self.quantities: dict[tuple[type, object, str], Quantity] = {}

    def dataset(self, data: Any, path: Path) -> Dataset:
        top = _fields(data, TOP_FIELDS, ("schema", "title", "sources", "plans", "targets"))
        _require(_number(top["schema"]) == SCHEMA_VERSION)
        title = _text(top["title"])
        settings = self.settings(top["settings"]) if "settings" in top else Settings()
        self.read_sources(top["sources"])
        plans = self.plans(top["plans"])
        _require(type(top["targets"]) is list)
        targets = [self.target(item, plans) for item in top["targets"]]
        ids = [target.id for target in targets]
        series = [self.series(item) for item in top["series"]] if "series" in top else []
        ids += [s.id for s in series]
        _require(len(set(ids)) == len(ids))
        figures = {t.id for t in targets if t.kind is not Kind.MILESTONE} | {s.id for s in series}
        relation_list = [self.relation(item, figures) for item in top["relations"]] if "relations" in top else []
        return Dataset(
            path=path,
            root=path.parent,
            schema=SCHEMA_VERSION,
            title=title,
            settings=settings,
            sources=dict(self.sources),
            plans=plans,
            targets=tuple(targets),
            series=tuple(series),
            relations=tuple(relation_list),
            located=False,
        )

    def settings(self, value: Any) -> Settings:
        fields = _fields(value, SETTINGS_FIELDS)
        defaults = Settings()
        chosen = {}
        for name in SETTINGS_FIELDS:
            raw = fields.get(name)
            number = getattr(defaults, name) if raw is None else _number(raw)
            _require(0 <= number <= 1)
            chosen[name] = number
        settings = Settings(**chosen)
        _require(settings.at_risk <= settings.on_track)
        return settings

    def read_sources(self, value: Any) -> None:
        _require(type(value) is dict)
        for source_id, raw in value.items():
            _require(type(source_id) is str and ID_PATTERN.match(source_id) is not None)
            _require(not _typed_in_yaml11(source_id))
            fields = _fields(raw, SOURCE_FIELDS)
            path, url = _optional_text(fields.get("path")), _optional_text(fields.get("url"))
            _require((path is None) != (url is None))
            _require(url is None or re.match(r"https?://", url) is not None)
            sha256 = _optional_text(fields.get("sha256"))
            _require(sha256 is None or (SHA256_PATTERN.match(sha256) is not None and path is not None))
            kind = _optional_text(fields.get("kind"))
            _require(kind is None or kind in SOURCE_KINDS)
            title = _optional_text(fields.get("title"))
            self.sources[source_id] = Source(source_id, self.nowhere, title, path, url, sha256, kind)

    def plans(self, value: Any) -> dict[str, Plan]:
        _require(type(value) is dict)
        plans = {}
        for plan_id, raw in value.items():
            _require(type(plan_id) is str and ID_PATTERN.match(plan_id) is not None)
            _require(not _typed_in_yaml11(plan_id))
            fields = _fields(raw, PLAN_FIELDS, ("name",))
            period = None
            if fields.get("period") is not None:
                years = fields["period"]
                _require(type(years) is list and len(years) == 2)
                first, last = _year(years[0]), _year(years[1])
                _require(first <= last)
                period = (first, last)
            source = None if fields.get("source") is None else self.source_ref(fields["source"])
            name_en = _optional_text(fields.get("name_en"))
            plans[plan_id] = Plan(plan_id, _text(fields["name"]), self.nowhere, name_en, period, source)
        return plans

    def source_ref(self, value: Any) -> str:
        source_id = _text(value)
        _require(source_id in self.sources)
        return source_id

    def citation(self, fields: dict[str, Any]) -> Citation:
        _require("source" in fields and fields["source"] is not None)
        source_id = self.source_ref(fields["source"])
        quote = _optional_text(fields.get("quote"))
        _require(quote is not None or self.sources[source_id].path is None)
        return Citation(source_id, quote, self.nowhere, self.nowhere if "quote" in fields else None)

    def target(self, value: Any, plans: dict[str, Plan]) -> Target:
        fields = _fields(value, TARGET_FIELDS, ("id", "plan", "name", "target", "evidence"))
        target_id = _identifier(fields["id"])
        kind = _choice(fields.get("kind"), Kind) or Kind.LEVEL
        if kind is not Kind.MILESTONE:
            _require("unit" in fields)
        unit = _optional_text(fields.get("unit")) or ""
        plan_id = _text(fields["plan"])
        _require(plan_id in plans)
        baseline = self.baseline(fields["baseline"], kind, unit) if "baseline" in fields else None
        goal = self.goal(fields["target"], kind, unit)
        evidence = fields["evidence"]
        _require(type(evidence) is list and len(evidence) > 0)
        cited = tuple(self.citation(_fields(item, EVIDENCE_FIELDS)) for item in evidence)
        for item in evidence:
            _optional_text(item.get("note"))
        actuals = self.actuals(fields.get("actuals"), kind, unit)
        target = Target(
            id=target_id,
            plan=plan_id,
            name=_text(fields["name"]),
            unit=unit,
            kind=kind,
            goal=goal,
            span=self.nowhere,
            name_en=_optional_text(fields.get("name_en")),
            baseline=baseline,
            evidence=cited,
            actuals=actuals,
            note=_optional_text(fields.get("note")),
        )
        _require(baseline is None or goal.year >= baseline.year)
        _require(not (baseline is not None and baseline.year == goal.year and kind is Kind.GROWTH))
        period = plans[plan_id].period
        _require(period is None or period[0] <= goal.year <= period[1])
        return target

    def baseline(self, value: Any, kind: Kind, unit: str) -> Baseline:
        fields = _fields(value, BASELINE_FIELDS, ("year",))
        year = _year(fields["year"])
        raw = fields.get("value")
        quantity = None if raw is None else _quantity(raw, unit)
        citation = self.citation(fields) if raw is not None or "source" in fields else None
        return Baseline(year, quantity, citation, self.nowhere, _optional_text(fields.get("note")))

    def goal(self, value: Any, kind: Kind, unit: str) -> Goal:
        fields = _fields(value, GOAL_FIELDS, ("year",))
        year = _year(fields["year"])
        op = _choice(fields.get("op"), Op)
        needs = {Kind.LEVEL: "value", Kind.GROWTH: "rate"}.get(kind)
        _require(all(name not in fields or name == needs for name in ("value", "rate")))
        quantity = rate = None
        if kind is Kind.LEVEL:
            _require("value" in fields)
            quantity = _quantity(fields["value"], unit)
        elif kind is Kind.GROWTH:
            _require("rate" in fields)
            rate = _number(fields["rate"])
        elif kind is Kind.INCREASE:
            _require(op in (None, Op.ABOVE, Op.AT_LEAST))
        else:
            _require(op is None)
        default_op = Op.ABOVE if kind is Kind.INCREASE else Op.AT_LEAST
        return Goal(year, op or default_op, self.nowhere, quantity, rate)

    def actuals(self, value: Any, kind: Kind, unit: str) -> tuple[Actual, ...]:
        """The hot loop of a large file, written out: the same checks as `citation`, `_text` and `_quantity`."""
        if value is None:
            return ()
        _require(type(value) is list)
        found: list[Actual] = []
        years: set[int] = set()
        nowhere, milestone, sources = self.nowhere, kind is Kind.MILESTONE, self.sources
        low, high = YEAR_RANGE
        in_order = True
        for raw in value:
            _require(type(raw) is dict and ACTUAL_FIELDS.issuperset(raw))
            year = raw["year"]
            _require(type(year) is int and low <= year <= high and year not in years)
            if found and year < found[-1].year:
                in_order = False
            years.add(year)
            if milestone:
                _require("value" not in raw and type(raw.get("done")) is bool)
                quantity, done = None, raw["done"]
            else:
                _require("done" not in raw)
                number = raw["value"]
                key = (type(number), number, unit)  # 1, 1.0 and True are equal keys but not equal values
                quantity = self.quantities.get(key)
                if quantity is None:
                    quantity = self.quantities[key] = _quantity(number, unit)
                done = None
            source_id, quote, note = raw["source"], raw.get("quote"), raw.get("note")
            _require(type(source_id) is str and source_id in sources)
            if quote is None:
                _require(sources[source_id].path is None)
            else:
                _text(quote)
            if note is not None:
                _text(note)
            citation = Citation(source_id, quote, nowhere, nowhere if "quote" in raw else None)
            found.append(Actual(year, nowhere, citation, quantity, done, note))
        if not in_order:
            found.sort(key=lambda actual: actual.year)
        return tuple(found)

    def series(self, value: Any) -> Series:
        fields = _fields(value, SERIES_FIELDS, ("id", "name", "unit"))
        unit = _text(fields["unit"])
        return Series(
            id=_identifier(fields["id"]),
            name=_text(fields["name"]),
            unit=unit,
            span=self.nowhere,
            name_en=_optional_text(fields.get("name_en")),
            actuals=self.actuals(fields.get("actuals"), Kind.LEVEL, unit),
            note=_optional_text(fields.get("note")),
        )

    def relation(self, value: Any, figures: set[str]) -> Relation:
        fields = _fields(value, RELATION_FIELDS, ("id", "holds", "tolerance"))
        tolerance = _number(fields["tolerance"])
        _require(tolerance >= 0)
        sides = _text(fields["holds"]).split("=")
        _require(len(sides) == 2)
        for side in sides:
            parsed = relations.parse(side.strip())
            _require(not isinstance(parsed, relations.ExpressionError))
            _require(relations.names(parsed) <= figures)  # type: ignore[arg-type]
        left, right = sides[0].strip(), sides[1].strip()
        note = _optional_text(fields.get("note"))
        return Relation(_identifier(fields["id"]), left, right, tolerance, self.nowhere, note)
