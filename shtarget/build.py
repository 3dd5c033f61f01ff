"""The one builder: PyYAML's plain data (parse.py) → the model, every field read through the format's table.

Every problem becomes a `Finding` at its line and column and building goes on, so one run reports them all;
what could not be read is left out (a target with errors is dropped). Which fields a section has, their types,
choices and ranges come from fileformat.py; the rules that tie fields together are written here, once.
"""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shtarget import relations
from shtarget.fileformat import (
    ID_PATTERN,
    SCHEMA_VERSION,
    SECTIONS,
    SHA256_PATTERN,
    URL_PATTERN,
    YEAR_RANGE,
    Field,
    Section,
    Type,
    is_date,
)
from shtarget.model import (
    Accept,
    Actual,
    Baseline,
    Citation,
    Dataset,
    Finding,
    Goal,
    Kind,
    Link,
    Op,
    Plan,
    Quantity,
    Relation,
    Series,
    Settings,
    Severity,
    Source,
    Span,
    Target,
)
from shtarget.parse import INVALID
from shtarget.quantity import QuantityError, parse_quantity

if TYPE_CHECKING:
    from shtarget.parse import Located

_NESTED = frozenset({Type.SECTION, Type.LIST, Type.TABLE})
FILE, SETTINGS, SOURCE, PLAN, TARGET, BASELINE, GOAL, EVIDENCE, ACTUAL, LINK, ACCEPT, SERIES, RELATION = (
    SECTIONS[name]
    for name in (
        "file", "settings", "source", "plan", "target", "baseline", "goal", "evidence", "actual", "link", "accept",
        "series", "relation",
    )
)  # fmt: skip

Fields = dict[str, Any]


def build(data: Any, path: Path, display: str, located: Located) -> tuple[Dataset | None, list[Finding]]:
    """The dataset and every finding."""
    builder = _Builder(display, located)
    return builder.dataset(data, path), builder.findings


class _Builder:
    """`where` labels ("sei-gdp-share baseline.value") name the field in messages."""

    def __init__(self, display: str, located: Located) -> None:
        self.located = located
        self.findings: list[Finding] = list(located.findings)
        self.sources: dict[str, Source] = {}
        self.quantities: dict[tuple[type, object, str], Quantity | QuantityError] = {}
        self.sections: dict[int, Section] = {}  # id(mapping) → the section it was read as

    # --- reporting -------------------------------------------------------------------------------------

    def span(self, owner: object, key: str | int | None = None, at_key: bool = False) -> Span:
        return self.located.span(owner, key, at_key)

    def report(
        self,
        severity: Severity,
        code: str,
        owner: object,
        key: str | int | None,
        message: str,
        target: str | None = None,
        at_key: bool = False,
    ) -> None:
        self.findings.append(Finding(code, severity, message, self.span(owner, key, at_key), target))

    def error(self, code: str, owner: object, key: str | int | None, message: str, target: str | None = None) -> None:
        self.report(Severity.ERROR, code, owner, key, message, target)

    def key_error(self, code: str, owner: object, key: str, message: str, target: str | None = None) -> None:
        self.report(Severity.ERROR, code, owner, key, message, target, at_key=True)

    # --- generic access --------------------------------------------------------------------------------

    def mapping(
        self, owner: object, key: str | int | None, value: Any, where: str, section: Section | None,
        target: str | None = None,
    ) -> Fields | None:  # fmt: skip
        """The entries of a mapping, reporting keys the section does not have (with a did-you-mean); None
        entries count as absent. With no section, any key is taken (ids of sources and plans)."""
        if type(value) is not dict:
            self.error("wrong-type", owner, key, f"{where}: expected a mapping, got {_kind_of(value)}", target)
            return None
        allowed = section.names if section is not None else None
        if allowed is not None and not allowed.issuperset(value):
            for name in value:
                if name not in allowed:
                    hint = _closest(name, allowed)
                    suggestion = f" (did you mean '{hint}'?)" if hint else ""
                    self.key_error("unknown-field", value, name, f"{where}: unknown field '{name}'{suggestion}", target)
        return value  # callers read only the allowed names; the same object keeps its position

    def sequence(
        self, owner: object, key: str | int | None, value: Any, where: str, target: str | None = None
    ) -> list[Any] | None:
        if type(value) is not list:
            self.error("wrong-type", owner, key, f"{where}: expected a list, got {_kind_of(value)}", target)
            return None
        return value

    def scalar(self, owner: object, key: str | int, value: Any, where: str, target: str | None) -> bool:
        """Whether `value` is a usable scalar; reports a mapping or list given where one value belongs."""
        if value is INVALID:  # reported by the parser already
            return False
        if type(value) in (dict, list):
            message = f"{where}: expected a single value, got {_kind_of(value)}"
            self.error("wrong-type", owner, key, message, target)
            return False
        return True

    def wrong_type(
        self, owner: object, key: str | int, where: str, expected: str, value: Any, target: str | None
    ) -> None:
        self.error("wrong-type", owner, key, f"{where}: expected {expected}, got {_describe(value)}", target)

    def text(self, owner: Any, key: str | int, where: str, target: str | None = None) -> str | None:
        value = owner[key]
        if type(value) is str:
            if not value.strip():
                self.error("empty-value", owner, key, f"{where}: must not be empty", target)
                return None
            return value
        if self.scalar(owner, key, value, where, target):
            self.wrong_type(owner, key, where, "text", value, target)
        return None

    def date_text(self, fields: Fields, key: str, where: str) -> str | None:
        """A date as YYYY, YYYY-MM or YYYY-MM-DD. Written plain, a full date is a date to YAML and a year an
        integer; quoted, either is text: all are read alike."""
        value = fields.get(key)
        if isinstance(value, datetime.date):
            text: str | None = value.isoformat()
        elif type(value) is int:
            text = str(value)
        else:
            text = self.optional_text(fields, key, where)
        if text is not None and not is_date(text):
            message = f"{where}.{key}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{text}'"
            self.error("bad-date", fields, key, message)
            return None
        return text

    def optional_text(self, fields: Fields, key: str, where: str, target: str | None = None) -> str | None:
        if fields.get(key) is None:
            return None
        return self.text(fields, key, f"{where}.{key}" if where else key, target)

    def flag(self, fields: Fields, key: str, where: str, target: str | None = None) -> bool | None:
        value = fields.get(key)
        if value is None or type(value) is bool:
            return value
        if self.scalar(fields, key, value, f"{where}.{key}", target):
            self.wrong_type(fields, key, f"{where}.{key}", "true or false", value, target)
        return None

    def number(self, owner: Fields, key: str, where: str, target: str | None = None) -> float | None:
        value = owner[key]
        if type(value) not in (int, float):
            if self.scalar(owner, key, value, where, target):
                self.wrong_type(owner, key, where, "a number", value, target)
            return None
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            number = float("inf")
        if number != number or number in (float("inf"), float("-inf")):
            self.error("non-finite", owner, key, f"{where}: must be a finite number, got {_short(value)}", target)
            return None
        return number

    def year(self, owner: Any, key: str | int, where: str, target: str | None = None) -> int | None:
        value = owner[key]
        if type(value) is not int:
            if self.scalar(owner, key, value, where, target):
                self.wrong_type(owner, key, where, "a year (integer)", value, target)
            return None
        if not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            message = f"{where}: year {_short(value)} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}"
            self.error("year-out-of-range", owner, key, message, target)
            return None
        return value

    def identifier(self, owner: Fields, key: str, where: str, target: str | None = None) -> str | None:
        value = self.text(owner, key, where, target)
        if value is not None and not ID_PATTERN.match(value):
            self.error("bad-id", owner, key, f"{where}: id '{value}' must match [a-z0-9-]+", target)
            return None
        return value

    def required(self, fields: Fields, names: tuple[str, ...], where: str, target: str | None = None) -> bool:
        if all(fields.get(name) is not None for name in names):
            return True
        missing = [name for name in names if fields.get(name) is None]
        for name in missing:
            self.error("missing-field", fields, None, f"{where}: missing required field '{name}'", target)
        return not missing

    def quantity(self, owner: Fields, key: str, where: str, target: str | None, unit: str) -> Quantity | None:
        raw = owner[key]
        cache_key = (type(raw), raw, unit) if type(raw) in (str, int, float) else None
        parsed = self.quantities.get(cache_key) if cache_key is not None else None
        if parsed is None:
            if not self.scalar(owner, key, raw, where, target):
                return None
            parsed = parse_quantity(raw, unit)
            if cache_key is not None:
                self.quantities[cache_key] = parsed
        if isinstance(parsed, QuantityError):
            self.error(parsed.code, owner, key, f"{where}: {parsed.message}", target)
            return None
        return parsed

    def source_ref(self, fields: Fields, key: str, where: str, target: str | None = None) -> str | None:
        source_id = self.text(fields, key, where, target)
        if source_id is not None and source_id not in self.sources:
            hint = _closest(source_id, self.sources)
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            self.error("unknown-source", fields, key, f"{where}: unknown source '{source_id}'{suggestion}", target)
            return None
        return source_id

    def read(self, fields: Fields, where: str, target: str | None, name: str, unit: str = "") -> Any:
        """Field `name` of the mapping `fields` (whose section `where` names), read as the format's table
        says: its type, choices and range. None when it is absent or null, or wrong (then reported)."""
        if fields.get(name) is None:
            return None
        return self.read_field(fields, self.spec(fields).get(name), where, target, unit)

    def read_all(
        self, fields: Fields, where: str, target: str | None, unit: str = "", skip: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """Every scalar field present in `fields`, each read as `read` reads it (nested sections and lists are
        the caller's, as are the names in `skip`). Only the keys present are visited: most are absent."""
        section = self.spec(fields)
        return {
            name: self.read_field(fields, spec, where, target, unit)
            for name, raw in fields.items()
            if raw is not None and name not in skip
            and (spec := section.by_name.get(name)) is not None and spec.type not in _NESTED
        }  # fmt: skip

    def read_field(self, fields: Fields, spec: Field, where: str, target: str | None, unit: str = "") -> Any:
        name = spec.name
        label = f"{where}.{name}" if where else name
        kind = spec.type
        if kind is Type.TEXT:
            return self.text(fields, name, label, target)
        if kind is Type.ID:
            return self.identifier(fields, name, label, target)
        if kind is Type.SOURCE:
            return self.source_ref(fields, name, label, target)
        if kind is Type.YEAR:
            return self.year(fields, name, label, target)
        if kind is Type.QUANTITY:
            return self.quantity(fields, name, label, target, unit)
        if kind is Type.FLAG:
            return self.flag(fields, name, where, target)
        if kind is Type.DATE:
            return self.date_text(fields, name, where)
        if kind in (Type.NUMBER, Type.INTEGER):
            return self.bounded_number(fields, spec, label, target)
        if kind is Type.CHOICE:
            return self.one_of(fields, spec, label, target)
        if kind is Type.URL:
            url = self.text(fields, name, label, target)
            if url is not None and not URL_PATTERN.match(url):
                message = f"{label}: expected an http(s) URL without spaces or control characters"
                self.error("bad-source", fields, name, message, target)
                return None
            return url
        if kind is Type.SHA256:
            digest = self.text(fields, name, label, target)
            if digest is not None and not SHA256_PATTERN.match(digest):
                self.error("bad-sha256", fields, name, f"{label}: expected 64 lowercase hex digits", target)
                return None
            return digest
        if kind is Type.PERIOD:
            return self.period(fields, label)
        if kind is Type.TEXTS:
            return self.texts(fields, name, label, target)
        raise AssertionError(f"{spec.type} is read by its section")  # SECTION, LIST and TABLE

    def spec(self, fields: Fields) -> Section:
        """The section a mapping was read as (see `section`)."""
        return self.sections[id(fields)]

    def section(
        self, owner: object, key: str | int | None, value: Any, where: str, section: Section, target: str | None = None
    ) -> Fields | None:
        """A mapping read as `section`: unknown keys and missing required fields reported."""
        fields = self.mapping(owner, key, value, where, section, target)
        if fields is not None:
            self.sections[id(fields)] = section
        return fields

    def bounded_number(self, fields: Fields, spec: Field, where: str, target: str | None) -> float | int | None:
        value = fields[spec.name]
        if spec.type is Type.INTEGER and type(value) is not int:
            if self.scalar(fields, spec.name, value, where, target):
                self.error(
                    spec.range_code,
                    fields,
                    spec.name,
                    f"{where}: expected {_expected(spec)}, got {_describe(value)}",
                    target,
                )
            return None
        number = self.number(fields, spec.name, where, target)
        if number is None:
            return None
        low, high = spec.minimum, spec.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            self.error(
                spec.range_code, fields, spec.name, f"{where}: expected {_expected(spec)}, got {number:g}", target
            )
            return None
        return value if spec.type is Type.INTEGER else number

    def one_of(self, fields: Fields, spec: Field, where: str, target: str | None) -> str | None:
        value = self.text(fields, spec.name, where, target)
        if value is not None and value not in spec.choices:
            allowed = ", ".join(f"'{choice}'" for choice in spec.choices)
            hint = _closest(value, spec.choices)
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            self.error(
                "bad-enum", fields, spec.name, f"{where}: expected one of {allowed}, got '{value}'{suggestion}", target
            )
            return None
        return value

    # --- the document ----------------------------------------------------------------------------------

    def dataset(self, data: Any, path: Path) -> Dataset | None:
        top = self.section(None, None, data, "top level", FILE)
        if top is None:
            return None
        self.required(top, FILE.required, "top level")
        schema = self.read(top, "", None, "schema")
        if schema is not None and schema != SCHEMA_VERSION:
            message = f"schema: unknown version {schema} (this shtarget reads {SCHEMA_VERSION})"
            self.error("unknown-schema", top, "schema", message)
        title = self.read(top, "", None, "title") or ""
        title_en = self.read(top, "", None, "title_en")
        settings = self.settings(top["settings"]) if top.get("settings") is not None else Settings()
        if top.get("sources") is not None:
            self.read_sources(top, top["sources"])
        plans = self.plans(top, top["plans"]) if top.get("plans") is not None else {}
        targets = self.targets(top, top["targets"], plans) if top.get("targets") is not None else []
        series = self.all_series(top, top["series"], targets) if top.get("series") is not None else []
        figures = {t.id: t.unit for t in targets if t.kind is not Kind.MILESTONE} | {s.id: s.unit for s in series}
        found_relations = self.relations(top, top["relations"], figures) if top.get("relations") is not None else []
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
            relations=tuple(found_relations),
            title_en=title_en,
        )

    def settings(self, value: Any) -> Settings:
        entries = self.section(None, "settings", value, "settings", SETTINGS)
        if not entries:
            return Settings()
        defaults = Settings()
        chosen: dict[str, float] = {}
        for spec in SETTINGS.fields:
            number = self.read(entries, "settings", None, spec.name)
            chosen[spec.name] = getattr(defaults, spec.name) if number is None else number
        settings = Settings(**chosen)
        if settings.at_risk > settings.on_track:
            self.error("bad-setting", entries, None, "settings: at_risk must not exceed on_track")
        return settings

    def keyed(self, top: Fields, name: str, value: Any) -> Fields:
        """A mapping of ids (sources, plans): each id checked."""
        entries = self.mapping(top, name, value, name, None) or {}
        for entry_id in entries:
            if type(entry_id) is str and not ID_PATTERN.match(entry_id):
                message = f"{name}.{entry_id}: id '{entry_id}' must match [a-z0-9-]+"
                self.key_error("bad-id", entries, entry_id, message)
        return entries

    def read_sources(self, top: Fields, value: Any) -> None:
        entries = self.keyed(top, "sources", value)
        for source_id, raw in entries.items():
            where = f"sources.{source_id}"
            fields = self.section(entries, source_id, raw, where, SOURCE)
            if fields is None:
                continue
            got = self.read_all(fields, where, None)
            path, url, sha256 = got.get("path"), got.get("url"), got.get("sha256")
            if (fields.get("path") is None) == (fields.get("url") is None):
                message = f"{where}: give exactly one of 'path' (a file in the repository) or 'url'"
                self.error("bad-source", fields, None, message)
            if sha256 is not None and fields.get("path") is None:
                message = f"{where}.sha256: only file sources ('path') can be pinned"
                self.error("bad-source", fields, "sha256", message)
            span = self.span(entries, source_id, at_key=True)
            self.sources[source_id] = Source(
                source_id, span, got.get("title"), path, url, sha256, got.get("kind"), got.get("published"),
                got.get("retrieved"),
            )  # fmt: skip

    def plans(self, top: Fields, value: Any) -> dict[str, Plan]:
        plans: dict[str, Plan] = {}
        entries = self.keyed(top, "plans", value)
        for plan_id, raw in entries.items():
            where = f"plans.{plan_id}"
            fields = self.section(entries, plan_id, raw, where, PLAN)
            if fields is None:
                continue
            self.required(fields, PLAN.required, where)
            name, name_en, period, source = (
                self.read(fields, where, None, key) for key in ("name", "name_en", "period", "source")
            )
            span = self.span(entries, plan_id, at_key=True)
            plans[plan_id] = Plan(plan_id, name or plan_id, span, name_en, period, source)
        return plans

    def texts(self, fields: Fields, key: str, where: str, target: str | None) -> tuple[str, ...] | None:
        items = self.sequence(fields, key, fields[key], where, target)
        if items is None:
            return None
        if not items:
            self.error("empty-value", fields, key, f"{where}: must not be empty", target)
            return None
        texts = [self.text(items, index, f"{where}[{index}]", target) for index in range(len(items))]
        return None if any(text is None for text in texts) else tuple(text for text in texts if text is not None)

    def period(self, fields: Fields, where: str) -> tuple[int, int] | None:
        items = self.sequence(fields, "period", fields["period"], where)
        if items is None:
            return None
        if len(items) != 2:
            self.error("bad-period", fields, "period", f"{where}: expected [first year, last year]")
            return None
        first, last = (self.year(items, index, where) for index in (0, 1))
        if first is None or last is None:
            return None
        if first > last:
            self.error("bad-period", fields, "period", f"{where}: first year {first} is after last year {last}")
            return None
        return first, last

    # --- targets ---------------------------------------------------------------------------------------

    def targets(self, top: Fields, value: Any, plans: dict[str, Plan]) -> list[Target]:
        targets: list[Target] = []
        first_seen: dict[str, Span] = {}
        items = self.sequence(top, "targets", value, "targets") or []
        for index, item in enumerate(items):
            target = self.target(items, index, item, plans)
            if target is None:
                continue
            if target.id in first_seen:
                message = f"{target.id}: duplicate target id (first at line {first_seen[target.id].line})"
                self.error("duplicate-id", items, index, message, target.id)
                continue
            first_seen[target.id] = target.span
            targets.append(target)
        return targets

    def target(self, items: list[Any], index: int, item: Any, plans: dict[str, Plan]) -> Target | None:
        fields = self.section(items, index, item, f"targets[{index}]", TARGET)
        if fields is None:
            return None
        target_id = self.read(fields, f"targets[{index}]", None, "id")
        label = target_id or f"targets[{index}]"
        complete = self.required(fields, TARGET.required, label, target_id)
        kind_name = self.read(fields, label, target_id, "kind")
        kind = Kind(kind_name) if kind_name is not None else Kind.LEVEL
        if kind is not Kind.MILESTONE:
            complete = self.required(fields, ("unit",), label, target_id) and complete
        unit = self.read(fields, label, target_id, "unit") or ""
        plan_id = self.read(fields, label, target_id, "plan")
        if plan_id is not None and plan_id not in plans:
            hint = _closest(plan_id, plans)
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            self.error("unknown-plan", fields, "plan", f"{label} plan: unknown plan '{plan_id}'{suggestion}", target_id)
            plan_id = None
        name = self.read(fields, label, target_id, "name")
        baseline = self.baseline(fields, label, target_id, unit) if fields.get("baseline") is not None else None
        goal = self.goal(fields, label, target_id, kind, unit) if fields.get("target") is not None else None
        evidence = self.evidence(fields, label, target_id) if fields.get("evidence") is not None else ()
        got = self.read_all(fields, label, target_id, unit, frozenset({"id", "kind", "unit", "plan", "name"}))
        if got.get("basis") == "real" and kind is not Kind.GROWTH:
            message = f"{label}.basis: only a growth target is measured at comparable prices"
            self.error("bad-enum", fields, "basis", message, target_id)
        real = got.get("basis") == "real" and kind is Kind.GROWTH
        actuals: tuple[Actual, ...] = ()
        if fields.get("actuals") is not None:  # an emptied `actuals:` is null
            actuals = self.actuals(fields, label, target_id, kind, unit, real)
        if target_id is None or plan_id is None or name is None or goal is None or not complete:
            return None
        target = Target(
            id=target_id,
            plan=plan_id,
            name=name,
            unit=unit,
            kind=kind,
            goal=goal,
            span=self.span(fields),
            name_en=got.get("name_en"),
            baseline=baseline,
            evidence=evidence,
            actuals=actuals,
            note=got.get("note"),
            flow=bool(got.get("flow")),
            scope=got.get("scope"),
            draft=bool(got.get("draft")),
            terms=got.get("terms") or (),
            nature=got.get("nature"),
            aspirational=bool(got.get("aspirational")),
            basis=got.get("basis"),
            unit_en=got.get("unit_en"),
        )
        self.check_years(target, plans[plan_id], fields)
        return target

    def citation(self, fields: Fields, where: str, target: str | None, got: dict[str, Any]) -> Citation | None:
        """The `source`/`quote` pair of a figure (`got`: its fields as `read_all` read them); file sources
        must be quoted."""
        if fields.get("source") is None:
            self.error("missing-source", fields, None, f"{where}: missing 'source' (every figure needs one)", target)
            return None
        source_id, quote = got.get("source"), got.get("quote")
        source = self.sources.get(source_id) if source_id else None
        if source is not None and source.path is not None and quote is None:
            message = f"{where}: source '{source_id}' is a file, so a 'quote' from it is required"
            self.error("missing-quote", fields, None, message, target)
        quote_span = self.span(fields, "quote") if "quote" in fields else None
        accept = self.accept(fields, where, target) if fields.get("accept") is not None else None
        return Citation(source_id, quote, self.span(fields, "source"), quote_span, accept)

    def accept(self, owner: Fields, where: str, target: str | None) -> Accept | None:
        label = f"{where}.accept"
        fields = self.section(owner, "accept", owner["accept"], label, ACCEPT, target)
        if fields is None or not self.required(fields, ACCEPT.required, label, target):
            return None
        codes, reason = self.read(fields, label, target, "codes"), self.read(fields, label, target, "reason")
        if codes is None or reason is None:
            return None
        return Accept(frozenset(codes), reason, self.span(fields))

    def baseline(self, owner: Fields, label: str, target: str | None, unit: str) -> Baseline | None:
        where = f"{label} baseline"
        fields = self.section(owner, "baseline", owner["baseline"], where, BASELINE, target)
        if fields is None or not self.required(fields, BASELINE.required, where, target):
            return None
        got = self.read_all(fields, where, target, unit)
        year, value = got.get("year"), got.get("value")
        has_value = fields.get("value") is not None
        citation = self.citation(fields, where, target, got) if has_value or "source" in fields else None
        return None if year is None else Baseline(year, value, citation, self.span(fields), got.get("note"))

    def goal(self, owner: Fields, label: str, target: str | None, kind: Kind, unit: str) -> Goal | None:
        where = f"{label} target"
        fields = self.section(owner, "target", owner["target"], where, GOAL, target)
        if fields is None or not self.required(fields, GOAL.required, where, target):
            return None
        year = self.read(fields, where, target, "year")
        op_text = self.read(fields, where, target, "op")
        op = Op(op_text) if op_text is not None else None
        value = rate = None
        needs = {Kind.LEVEL: "value", Kind.GROWTH: "rate"}.get(kind)
        for name in ("value", "rate"):
            if name in fields and name != needs:
                self.key_error(
                    "unexpected-field", fields, name, f"{where}.{name}: not used by a '{kind}' target", target
                )
        if needs and not self.required(fields, (needs,), where, target):
            return None
        if kind is Kind.LEVEL:
            value = self.read(fields, where, target, "value", unit)
            if value is None:
                return None
        elif kind is Kind.GROWTH:
            rate = self.read(fields, where, target, "rate")
            if rate is None:
                return None
        elif kind is Kind.INCREASE and op not in (None, Op.ABOVE, Op.AT_LEAST):
            self.error("bad-enum", fields, "op", f"{where}.op: an 'increase' target takes '>' or '>='", target)
            return None
        elif kind is Kind.MILESTONE and op is not None:
            self.key_error("unexpected-field", fields, "op", f"{where}.op: not used by a 'milestone' target", target)
        default_op = Op.ABOVE if kind is Kind.INCREASE else Op.AT_LEAST
        return None if year is None else Goal(year, op or default_op, self.span(fields), value, rate)

    def evidence(self, owner: Fields, label: str, target: str | None) -> tuple[Citation, ...]:
        items = self.sequence(owner, "evidence", owner["evidence"], f"{label} evidence", target)
        if items is None:
            return ()
        if not items:
            message = f"{label} evidence: at least one quote is required"
            self.error("missing-evidence", owner, "evidence", message, target)
        cited = []
        for index, item in enumerate(items):
            where = f"{label} evidence[{index}]"
            fields = self.section(items, index, item, where, EVIDENCE, target)
            if fields is None:
                continue
            citation = self.citation(fields, where, target, self.read_all(fields, where, target))
            if citation is not None:
                cited.append(citation)
        return tuple(cited)

    def actuals(
        self, owner: Fields, label: str, target: str | None, kind: Kind, unit: str, real: bool = False
    ) -> tuple[Actual, ...]:
        items = self.sequence(owner, "actuals", owner["actuals"], f"{label} actuals", target) or []
        built = [self.actual(items, index, item, label, target, kind, unit, real) for index, item in enumerate(items)]
        found = [actual for actual in built if actual is not None]
        if len({actual.slot for actual in found}) != len(found):
            found = self.distinct_actuals(items, built, label, target)  # a figure recorded twice
        unordered = any(later.slot < earlier.slot for earlier, later in itertools.pairwise(found))
        if unordered:
            found.sort(key=lambda actual: actual.slot)
        return tuple(found)

    def distinct_actuals(
        self, items: list[Any], built: list[Actual | None], label: str, target: str | None
    ) -> list[Actual]:
        """The actuals that were built, each (year, months) once: a repeat is reported and dropped."""
        found: list[Actual] = []
        first_seen: dict[tuple[int, int], int] = {}
        for index, (item, actual) in enumerate(zip(items, built, strict=True)):
            if actual is None:
                continue
            if actual.slot in first_seen:
                first = first_seen[actual.slot]
                message = f"{label} actuals[{index}].year: {actual.period} is already recorded (actuals[{first}])"
                self.error("duplicate-year", item, "year", message, target)
                continue
            first_seen[actual.slot] = index
            found.append(actual)
        return found

    def actual(
        self, items: list[Any], index: int, item: Any, label: str, target: str | None, kind: Kind, unit: str,
        real: bool = False,
    ) -> Actual | None:  # fmt: skip
        """An actual through every rule, each problem reported at its position."""
        where = f"{label} actuals[{index}]"
        fields = self.section(items, index, item, where, ACTUAL, target)
        if fields is None or not self.required(fields, ACTUAL.required, where, target):
            return None
        skip = frozenset({"value", "months"}) if kind is Kind.MILESTONE else frozenset({"done"})
        got = self.read_all(fields, where, target, unit, skip)
        year = got.get("year")
        value = done = None
        if kind is Kind.MILESTONE:
            if "value" in fields:
                message = f"{where}.value: a milestone records 'done', not a value"
                self.key_error("unexpected-field", fields, "value", message, target)
            if "months" in fields:
                message = f"{where}.months: a milestone is done or not; it has no part-year figure"
                self.key_error("unexpected-field", fields, "months", message, target)
            if self.required(fields, ("done",), where, target):
                done = got.get("done")
        else:
            if "done" in fields:
                self.key_error(
                    "unexpected-field", fields, "done", f"{where}.done: only milestones record 'done'", target
                )
            if "rate" in fields and not real:
                message = f"{where}.rate: only a growth target with basis: real records yearly rates"
                self.key_error("unexpected-field", fields, "rate", message, target)
            if real and "value" in fields:  # a level at current prices would judge real growth by inflation
                message = (
                    f"{where}.value: a growth target at comparable prices records the published yearly rate"
                    " (rate: 5.4 for 增长5.4%), not a level"
                )
                self.key_error("unexpected-field", fields, "value", message, target)
            elif real:
                self.required(fields, ("rate",), where, target)
            elif self.required(fields, ("value",), where, target):
                value = got.get("value")
        citation = self.citation(fields, where, target, got)
        rate = got.get("rate") if real else None
        if year is None or (value is None and done is None and rate is None):
            return None
        note, months, scope, breaks = got.get("note"), got.get("months"), got.get("scope"), got.get("break")
        link = self.link(fields, where, target, unit) if fields.get("link") is not None else None
        return Actual(
            year, self.span(fields), citation, value, done, note, months, scope, bool(breaks), link,
            bool(got.get("draft")), rate,
        )  # fmt: skip

    def link(self, owner: Fields, where: str, target: str | None, unit: str) -> Link | None:
        """A break's `link`: the same year's figure on the old basis."""
        label = f"{where}.link"
        fields = self.section(owner, "link", owner["link"], label, LINK, target)
        if fields is None or not self.required(fields, LINK.required, label, target):
            return None
        got = self.read_all(fields, label, target, unit)
        citation = self.citation(fields, label, target, got)
        if not owner.get("break"):
            message = f"{label}: a link joins a new statistical basis to the old one; add break: true"
            self.key_error("unexpected-field", owner, "link", message, target)
        value = got.get("value")
        return None if value is None else Link(value, citation, self.span(fields))

    # --- context series and relations ------------------------------------------------------------------

    def all_series(self, top: Fields, value: Any, targets: list[Target]) -> list[Series]:
        taken = {target.id: target.span for target in targets}
        found: list[Series] = []
        items = self.sequence(top, "series", value, "series") or []
        for index, item in enumerate(items):
            fields = self.section(items, index, item, f"series[{index}]", SERIES)
            if fields is None:
                continue
            series_id = self.read(fields, f"series[{index}]", None, "id")
            label = series_id or f"series[{index}]"
            complete = self.required(fields, SERIES.required, label, series_id)
            unit, name, name_en, note, terms = (
                self.read(fields, label, series_id, key) for key in ("unit", "name", "name_en", "note", "terms")
            )
            actuals: tuple[Actual, ...] = ()
            if fields.get("actuals") is not None:
                actuals = self.actuals(fields, label, series_id, Kind.LEVEL, unit or "")
            if not complete or series_id is None or name is None:
                continue
            if series_id in taken:
                message = f"{series_id}: id already used (line {taken[series_id].line}); series and targets share ids"
                self.error("duplicate-id", items, index, message, series_id)
                continue
            taken[series_id] = self.span(fields)
            found.append(Series(series_id, name, unit or "", self.span(fields), name_en, actuals, note, terms or ()))
        return found

    def relations(self, top: Fields, value: Any, figures: dict[str, str]) -> list[Relation]:
        found: list[Relation] = []
        items = self.sequence(top, "relations", value, "relations") or []
        for index, item in enumerate(items):
            fields = self.section(items, index, item, f"relations[{index}]", RELATION)
            if fields is None:
                continue
            relation_id = self.read(fields, f"relations[{index}]", None, "id")
            label = relation_id or f"relations[{index}]"
            if not self.required(fields, RELATION.required, label):
                continue
            holds, tolerance, note = (self.read(fields, label, None, key) for key in ("holds", "tolerance", "note"))
            sides = self.relation_sides(fields, label, holds, figures) if holds else None
            if relation_id is None or sides is None or tolerance is None:
                continue
            found.append(Relation(relation_id, sides[0], sides[1], tolerance, self.span(fields), note))
        return found

    def relation_sides(self, fields: Fields, label: str, holds: str, figures: dict[str, str]) -> tuple[str, str] | None:
        """Both sides of `left = right`, each parsed and naming only known figures."""
        sides = holds.split("=")
        if len(sides) != 2:
            message = f"{label} holds: expected one '=' between two expressions, got '{holds}'"
            self.error("bad-relation", fields, "holds", message)
            return None
        ok = True
        for side in sides:
            parsed = relations.parse(side.strip())
            if isinstance(parsed, relations.ExpressionError):
                self.error("bad-relation", fields, "holds", f"{label} holds: {parsed.message}")
                ok = False
                continue
            for unknown in sorted(relations.names(parsed) - figures.keys()):
                hint = _closest(unknown, figures)
                suggestion = f" (did you mean '{hint}'?)" if hint else ""
                self.error("bad-relation", fields, "holds", f"{label} holds: unknown figure '{unknown}'{suggestion}")
                ok = False
        return (sides[0].strip(), sides[1].strip()) if ok else None

    def check_years(self, target: Target, plan: Plan, fields: Fields) -> None:
        goal_node = fields["target"]
        baseline = target.baseline
        if baseline is not None and target.goal.year < baseline.year:
            message = f"{target.id} target.year: {target.goal.year} is before the baseline year {baseline.year}"
            self.error("target-before-baseline", goal_node, None, message, target.id)
        if baseline is not None and baseline.year == target.goal.year and target.kind is not Kind.MILESTONE:
            # No figure could ever fall after the baseline and by the goal's year: the status would be no-data forever.
            kind = "growth target" if target.kind is Kind.GROWTH else "target"
            message = f"{target.id} target.year: a {kind} needs years after its baseline ({baseline.year})"
            self.error("target-before-baseline", goal_node, None, message, target.id)
        if plan.period is not None and not plan.period[0] <= target.goal.year <= plan.period[1]:
            first, last = plan.period
            message = f"{target.id} target.year: {target.goal.year} lies outside plan '{plan.id}' period {first}–{last}"
            self.error("period-mismatch", goal_node, None, message, target.id)


def _expected(spec: Field) -> str:
    """What a bounded number must be, for a message: "an integer from 1 to 11", "a number of at least 0"."""
    noun = "an integer" if spec.type is Type.INTEGER else "a number"
    if spec.minimum is not None and spec.maximum is not None:
        return f"{noun} from {spec.minimum:g} to {spec.maximum:g}"
    if spec.minimum is not None:
        return f"{noun} of at least {spec.minimum:g}"
    return noun


def _kind_of(value: Any) -> str:
    if type(value) is dict:
        return "a mapping"
    if type(value) is list:
        return "a list"
    if value is None:
        return "nothing (null)"
    return f"'{_short(value)}'"


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()}; quote it if you meant text)"
    if isinstance(value, str):
        return f"text '{_short(value)}'"
    return f"{type(value).__name__} {_short(value)}"


def _short(value: object, limit: int = 40) -> str:
    """A value for a message: long numbers and texts are cut, so one finding stays one readable line."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**limit:
        return f"an integer of {len(str(abs(value)))} digits"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _closest(word: str, choices: object) -> str | None:
    import difflib  # only when there is a finding to suggest a fix for

    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)  # type: ignore[call-overload]
    return matches[0] if matches else None
