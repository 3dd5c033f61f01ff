"""The one builder: plain data from either parser (parse.py) → the model, every rule written once.

With PyYAML's data (`located` given) every problem becomes a `Finding` at its line and column and building
goes on, so one run reports them all; what could not be read is left out (a target with errors is dropped).
With yaml-rs's data there are no positions: the first problem raises `Untrusted` and the caller reads the
file again through PyYAML, which reports it. The same goes for text a plain YAML 1.1 scalar would type.
"""

from __future__ import annotations

import datetime
import itertools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from shtarget import relations
from shtarget.model import (
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
from shtarget.plain import INVALID
from shtarget.quantity import QuantityError, parse_quantity
from shtarget.trust import typed_in_yaml11

if TYPE_CHECKING:
    from shtarget.parse import Located

SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"[a-z0-9-]+\Z")
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}\Z")
DATE_PATTERN = re.compile(r"[12][0-9]{3}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?\Z")
URL_PATTERN = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f]+\Z")
YEAR_RANGE = (1900, 2200)
_FIRST_YEAR, _LAST_YEAR = YEAR_RANGE
SOURCE_KINDS = ("official", "press", "repost")

TOP_FIELDS = frozenset(
    {"schema", "title", "title_en", "settings", "sources", "plans", "targets", "series", "relations"}
)
SETTINGS_FIELDS = ("on_track", "at_risk", "tolerance")
SOURCE_FIELDS = frozenset({"path", "url", "sha256", "title", "kind", "published"})
PLAN_FIELDS = frozenset({"name", "name_en", "period", "source"})
TARGET_FIELDS = frozenset(
    {
        "id", "plan", "name", "name_en", "unit", "kind", "baseline", "target", "evidence", "actuals", "note",
        "flow", "scope", "draft",
    }
)  # fmt: skip
BASELINE_FIELDS = frozenset({"year", "value", "source", "quote", "note"})
GOAL_FIELDS = frozenset({"year", "value", "rate", "op"})
EVIDENCE_FIELDS = frozenset({"source", "quote", "note"})
ACTUAL_FIELDS = frozenset({"year", "value", "done", "source", "quote", "note", "months", "scope", "break", "link"})
LINK_FIELDS = frozenset({"value", "source", "quote", "note"})
SERIES_FIELDS = frozenset({"id", "name", "name_en", "unit", "note", "actuals"})
RELATION_FIELDS = frozenset({"id", "holds", "tolerance", "note"})
_PLAIN_ACTUAL_FIELDS = frozenset({"year", "value", "source", "quote"})

_EnumT = TypeVar("_EnumT", Kind, Op)
Fields = dict[str, Any]


class Untrusted(Exception):
    """yaml-rs's reading cannot be used as it is; read the file through PyYAML."""


def build(data: Any, path: Path, display: str, located: Located | None) -> tuple[Dataset | None, list[Finding]]:
    """The dataset and every finding; on yaml-rs data (`located` None) raises `Untrusted` at the first problem."""
    builder = _Builder(display, located)
    return builder.dataset(data, path), builder.findings


class _Builder:
    """`where` labels ("sei-gdp-share baseline.value") name the field in messages."""

    def __init__(self, display: str, located: Located | None) -> None:
        self.located = located
        self.findings: list[Finding] = list(located.findings) if located is not None else []
        self.sources: dict[str, Source] = {}
        self.nowhere = Span(display, 0, 0)
        self.quantities: dict[tuple[type, object, str], Quantity | QuantityError] = {}
        self.plain_texts: set[str] = set()

    # --- reporting -------------------------------------------------------------------------------------

    def span(self, owner: object, key: str | int | None = None, at_key: bool = False) -> Span:
        return self.located.span(owner, key, at_key) if self.located is not None else self.nowhere

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
        if self.located is None:
            raise Untrusted(code)
        self.findings.append(Finding(code, severity, message, self.span(owner, key, at_key), target))

    def error(self, code: str, owner: object, key: str | int | None, message: str, target: str | None = None) -> None:
        self.report(Severity.ERROR, code, owner, key, message, target)

    def key_error(self, code: str, owner: object, key: str, message: str, target: str | None = None) -> None:
        self.report(Severity.ERROR, code, owner, key, message, target, at_key=True)

    # --- generic access --------------------------------------------------------------------------------

    def mapping(
        self, owner: object, key: str | int | None, value: Any, where: str, allowed: frozenset[str] | None,
        target: str | None = None,
    ) -> Fields | None:  # fmt: skip
        """The entries of a mapping, reporting unknown keys (if `allowed`); None entries count as absent."""
        if type(value) is not dict:
            self.error("wrong-type", owner, key, f"{where}: expected a mapping, got {_kind_of(value)}", target)
            return None
        fast_and_unusual = self.located is None and (allowed is None or not allowed.issuperset(value))
        if fast_and_unusual and any(type(name) is not str for name in value):  # yaml-rs keeps 1, null, [a]
            raise Untrusted("key")
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
        if value is INVALID:
            if self.located is None:
                raise Untrusted("invalid")
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

    def text(self, owner: Fields, key: str, where: str, target: str | None = None) -> str | None:
        value = owner[key]
        if type(value) is str:
            if not value.strip():
                self.error("empty-value", owner, key, f"{where}: must not be empty", target)
                return None
            if self.located is None and typed_in_yaml11(value):
                raise Untrusted("yaml-1.1 text")
            return value
        if self.scalar(owner, key, value, where, target):
            self.wrong_type(owner, key, where, "text", value, target)
        return None

    def date_text(self, fields: Fields, key: str, where: str) -> str | None:
        """A date as YYYY, YYYY-MM or YYYY-MM-DD text. A full date written plain is a date to YAML 1.1, and
        quoted it is text; either way its ISO text is the same, so yaml-rs's text is taken when it names a
        day that exists (YAML 1.1 refuses 2026-02-30 written plain)."""
        value = fields.get(key)
        if isinstance(value, datetime.date):
            text: str | None = value.isoformat()
        elif self.located is None and type(value) is str and _calendar_day(value):
            text = value
        else:
            text = self.optional_text(fields, key, where)
        if text is not None and not DATE_PATTERN.match(text):
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
        missing = [name for name in names if fields.get(name) is None]
        for name in missing:
            self.error("missing-field", fields, None, f"{where}: missing required field '{name}'", target)
        return not missing

    def choice(self, fields: Fields, key: str, where: str, target: str | None, choices: type[_EnumT]) -> _EnumT | None:
        if fields.get(key) is None:
            return None
        value = self.text(fields, key, f"{where}.{key}", target)
        if value is None:
            return None
        try:
            return choices(value)
        except ValueError:
            allowed = ", ".join(f"'{choice.value}'" for choice in choices)
            self.error("bad-enum", fields, key, f"{where}.{key}: expected one of {allowed}, got '{value}'", target)
            return None

    def quantity(self, owner: Fields, key: str, where: str, target: str | None, unit: str) -> Quantity | None:
        raw = owner[key]
        cache_key = (type(raw), raw, unit) if type(raw) in (str, int, float) else None
        parsed = self.quantities.get(cache_key) if cache_key is not None else None
        if parsed is None:
            if type(raw) is str and self.located is None and typed_in_yaml11(raw):
                raise Untrusted("yaml-1.1 text")
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

    # --- the document ----------------------------------------------------------------------------------

    def dataset(self, data: Any, path: Path) -> Dataset | None:
        top = self.mapping(None, None, data, "top level", TOP_FIELDS)
        if top is None:
            return None
        self.required(top, ("schema", "title", "sources", "plans", "targets"), "top level")
        if top.get("schema") is not None:
            schema = self.number(top, "schema", "schema")
            if schema is not None and schema != SCHEMA_VERSION:
                message = f"schema: unknown version {schema:g} (this shtarget reads {SCHEMA_VERSION})"
                self.error("unknown-schema", top, "schema", message)
        title = self.optional_text(top, "title", "") or ""
        title_en = self.optional_text(top, "title_en", "")
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
            located=self.located is not None,
            title_en=title_en,
        )

    def settings(self, value: Any) -> Settings:
        entries = self.mapping(None, "settings", value, "settings", frozenset(SETTINGS_FIELDS))
        if not entries:
            return Settings()
        defaults = Settings()
        chosen: dict[str, float] = {}
        for name in SETTINGS_FIELDS:
            number = self.number(entries, name, f"settings.{name}") if entries.get(name) is not None else None
            if number is not None and not 0 <= number <= 1:
                message = f"settings.{name}: must lie between 0 and 1, got {number:g}"
                self.error("bad-setting", entries, name, message)
                number = None
            chosen[name] = getattr(defaults, name) if number is None else number
        settings = Settings(**chosen)
        if settings.at_risk > settings.on_track:
            self.error("bad-setting", entries, None, "settings: at_risk must not exceed on_track")
        return settings

    def read_sources(self, top: Fields, value: Any) -> None:
        entries = self.mapping(top, "sources", value, "sources", None)
        for source_id, raw in (entries or {}).items():
            where = f"sources.{source_id}"
            if not ID_PATTERN.match(source_id):
                self.key_error("bad-id", entries, source_id, f"{where}: id '{source_id}' must match [a-z0-9-]+")
            elif self.located is None and typed_in_yaml11(source_id):
                raise Untrusted("yaml-1.1 key")
            fields = self.mapping(entries, source_id, raw, where, SOURCE_FIELDS)
            if fields is None:
                continue
            path = self.optional_text(fields, "path", where)
            url = self.optional_text(fields, "url", where)
            if (path is None) == (url is None):
                message = f"{where}: give exactly one of 'path' (a file in the repository) or 'url'"
                self.error("bad-source", fields, None, message)
            if url is not None and not URL_PATTERN.match(url):
                message = f"{where}.url: expected an http(s) URL without spaces or control characters"
                self.error("bad-source", fields, "url", message)
            sha256 = self.optional_text(fields, "sha256", where)
            if sha256 is not None and not SHA256_PATTERN.match(sha256):
                self.error("bad-sha256", fields, "sha256", f"{where}.sha256: expected 64 lowercase hex digits")
                sha256 = None
            if sha256 is not None and path is None:
                message = f"{where}.sha256: only file sources ('path') can be pinned"
                self.error("bad-source", fields, "sha256", message)
            kind = self.optional_text(fields, "kind", where)
            if kind is not None and kind not in SOURCE_KINDS:
                message = f"{where}.kind: expected one of {', '.join(SOURCE_KINDS)}, got '{kind}'"
                self.error("bad-enum", fields, "kind", message)
            published = self.date_text(fields, "published", where)
            title = self.optional_text(fields, "title", where)
            span = self.span(entries, source_id, at_key=True)
            self.sources[source_id] = Source(source_id, span, title, path, url, sha256, kind, published)

    def plans(self, top: Fields, value: Any) -> dict[str, Plan]:
        plans: dict[str, Plan] = {}
        entries = self.mapping(top, "plans", value, "plans", None)
        for plan_id, raw in (entries or {}).items():
            where = f"plans.{plan_id}"
            if not ID_PATTERN.match(plan_id):
                self.key_error("bad-id", entries, plan_id, f"{where}: id '{plan_id}' must match [a-z0-9-]+")
            elif self.located is None and typed_in_yaml11(plan_id):
                raise Untrusted("yaml-1.1 key")
            fields = self.mapping(entries, plan_id, raw, where, PLAN_FIELDS)
            if fields is None:
                continue
            self.required(fields, ("name",), where)
            name = self.optional_text(fields, "name", where) or plan_id
            source = self.source_ref(fields, "source", f"{where}.source") if fields.get("source") is not None else None
            period = self.period(fields, f"{where}.period") if fields.get("period") is not None else None
            name_en = self.optional_text(fields, "name_en", where)
            span = self.span(entries, plan_id, at_key=True)
            plans[plan_id] = Plan(plan_id, name, span, name_en, period, source)
        return plans

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
        fields = self.mapping(items, index, item, f"targets[{index}]", TARGET_FIELDS)
        if fields is None:
            return None
        target_id = self.identifier(fields, "id", f"targets[{index}].id") if fields.get("id") is not None else None
        label = target_id or f"targets[{index}]"
        complete = self.required(fields, ("id", "plan", "name", "target", "evidence"), label, target_id)
        kind = self.choice(fields, "kind", label, target_id, Kind) or Kind.LEVEL
        if kind is not Kind.MILESTONE:
            complete = self.required(fields, ("unit",), label, target_id) and complete
        unit = self.optional_text(fields, "unit", label, target_id) or ""
        plan_id = self.optional_text(fields, "plan", label, target_id)
        if plan_id is not None and plan_id not in plans:
            hint = _closest(plan_id, plans)
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            self.error("unknown-plan", fields, "plan", f"{label} plan: unknown plan '{plan_id}'{suggestion}", target_id)
            plan_id = None
        name = self.optional_text(fields, "name", label, target_id)
        baseline = self.baseline(fields, label, target_id, unit) if fields.get("baseline") is not None else None
        goal = self.goal(fields, label, target_id, kind, unit) if fields.get("target") is not None else None
        evidence = self.evidence(fields, label, target_id) if fields.get("evidence") is not None else ()
        actuals: tuple[Actual, ...] = ()
        if fields.get("actuals") is not None:  # an emptied `actuals:` is null
            actuals = self.actuals(fields, label, target_id, kind, unit)
        flow = self.flag(fields, "flow", label, target_id)
        draft = self.flag(fields, "draft", label, target_id)
        scope = self.optional_text(fields, "scope", label, target_id)
        name_en = self.optional_text(fields, "name_en", label, target_id)
        note = self.optional_text(fields, "note", label, target_id)
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
            name_en=name_en,
            baseline=baseline,
            evidence=evidence,
            actuals=actuals,
            note=note,
            flow=bool(flow),
            scope=scope,
            draft=bool(draft),
        )
        self.check_years(target, plans[plan_id], fields)
        return target

    def citation(self, fields: Fields, where: str, target: str | None) -> Citation | None:
        """The `source`/`quote` pair of a figure; file sources must be quoted."""
        if fields.get("source") is None:
            self.error("missing-source", fields, None, f"{where}: missing 'source' (every figure needs one)", target)
            return None
        source_id = self.source_ref(fields, "source", f"{where}.source", target)
        quote = self.optional_text(fields, "quote", where, target)
        source = self.sources.get(source_id) if source_id else None
        if source is not None and source.path is not None and quote is None:
            message = f"{where}: source '{source_id}' is a file, so a 'quote' from it is required"
            self.error("missing-quote", fields, None, message, target)
        quote_span = self.span(fields, "quote") if "quote" in fields else None
        return Citation(source_id, quote, self.span(fields, "source"), quote_span)

    def baseline(self, owner: Fields, label: str, target: str | None, unit: str) -> Baseline | None:
        where = f"{label} baseline"
        fields = self.mapping(owner, "baseline", owner["baseline"], where, BASELINE_FIELDS, target)
        if fields is None or not self.required(fields, ("year",), where, target):
            return None
        year = self.year(fields, "year", f"{where}.year", target)
        has_value = fields.get("value") is not None
        value = self.quantity(fields, "value", f"{where}.value", target, unit) if has_value else None
        citation = self.citation(fields, where, target) if has_value or "source" in fields else None
        note = self.optional_text(fields, "note", where, target)
        return None if year is None else Baseline(year, value, citation, self.span(fields), note)

    def goal(self, owner: Fields, label: str, target: str | None, kind: Kind, unit: str) -> Goal | None:
        where = f"{label} target"
        fields = self.mapping(owner, "target", owner["target"], where, GOAL_FIELDS, target)
        if fields is None or not self.required(fields, ("year",), where, target):
            return None
        year = self.year(fields, "year", f"{where}.year", target)
        op = self.choice(fields, "op", where, target, Op)
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
            value = self.quantity(fields, "value", f"{where}.value", target, unit)
            if value is None:
                return None
        elif kind is Kind.GROWTH:
            rate = self.number(fields, "rate", f"{where}.rate", target)
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
            fields = self.mapping(items, index, item, where, EVIDENCE_FIELDS, target)
            if fields is None:
                continue
            citation = self.citation(fields, where, target)
            self.optional_text(fields, "note", where, target)
            if citation is not None:
                cited.append(citation)
        return tuple(cited)

    def actuals(self, owner: Fields, label: str, target: str | None, kind: Kind, unit: str) -> tuple[Actual, ...]:
        items = self.sequence(owner, "actuals", owner["actuals"], f"{label} actuals", target) or []
        built = [self.actual(items, index, item, label, target, kind, unit) for index, item in enumerate(items)]
        found = [actual for actual in built if actual is not None]
        if len({(actual.year, actual.months) for actual in found}) != len(found):
            found = self.distinct_actuals(items, built, label, target)  # a year recorded twice
        unordered = any(later.year < earlier.year for earlier, later in itertools.pairwise(found))
        if unordered or any(actual.months for actual in found):
            found.sort(key=lambda actual: (actual.year, actual.months or 12))
        return tuple(found)

    def distinct_actuals(
        self, items: list[Any], built: list[Actual | None], label: str, target: str | None
    ) -> list[Actual]:
        """The actuals that were built, each year (or part of a year) once: a repeat is reported and dropped."""
        found: list[Actual] = []
        first_seen: dict[tuple[int, int | None], int] = {}
        for index, (item, actual) in enumerate(zip(items, built, strict=True)):
            if actual is None:
                continue
            slot = (actual.year, actual.months)
            if slot in first_seen:
                period = f"{actual.year} (first {actual.months} months)" if actual.months else str(actual.year)
                message = f"{label} actuals[{index}].year: {period} is already recorded (actuals[{first_seen[slot]}])"
                self.error("duplicate-year", item, "year", message, target)
                continue
            first_seen[slot] = index
            found.append(actual)
        return found

    def actual(
        self, items: list[Any], index: int, item: Any, label: str, target: str | None, kind: Kind, unit: str
    ) -> Actual | None:
        if kind is not Kind.MILESTONE and type(item) is dict:
            plain = self.plain_actual(item, unit)
            if plain is not None:
                return plain
        return self.checked_actual(items, index, item, label, target, kind, unit)

    def plain_actual(self, item: Fields, unit: str) -> Actual | None:
        """The usual actual, `{year, value, source, quote}` with nothing to report, built without the labels
        and lookups of `checked_actual` (a large file holds a hundred thousand). Anything else, including
        anything `checked_actual` would report, gives None and goes the checked way."""
        if not _PLAIN_ACTUAL_FIELDS.issuperset(item):
            return None
        get = item.get
        year, raw, source_id, quote = get("year"), get("value"), get("source"), get("quote")
        if type(year) is not int or not _FIRST_YEAR <= year <= _LAST_YEAR or type(source_id) is not str:
            return None
        source = self.sources.get(source_id)
        if source is None:
            return None
        if quote is None:
            if source.path is not None or "quote" in item:
                return None
        elif type(quote) is not str or (quote not in self.plain_texts and not self.plain_text(quote)):
            return None
        if type(raw) not in (str, int, float):
            return None
        quantity = self.quantities.get((type(raw), raw, unit))
        if quantity is None:
            if type(raw) is str and not self.plain_text(raw):
                return None
            quantity = self.quantities[(type(raw), raw, unit)] = parse_quantity(raw, unit)
        if not isinstance(quantity, Quantity):
            return None
        if self.located is None:
            nowhere = self.nowhere
            citation = Citation(source_id, quote, nowhere, None if quote is None else nowhere)
            return Actual(year, nowhere, citation, quantity)
        quote_span = None if quote is None else self.span(item, "quote")
        return Actual(
            year, self.span(item), Citation(source_id, quote, self.span(item, "source"), quote_span), quantity
        )

    def plain_text(self, text: str) -> bool:
        """Text that is not blank and, read by yaml-rs, would be text to PyYAML too (remembered: figures repeat)."""
        if text in self.plain_texts:
            return True
        if not text.strip() or (self.located is None and typed_in_yaml11(text)):
            return False
        self.plain_texts.add(text)
        return True

    def checked_actual(
        self, items: list[Any], index: int, item: Any, label: str, target: str | None, kind: Kind, unit: str
    ) -> Actual | None:
        """An actual through every rule, each problem reported at its position."""
        where = f"{label} actuals[{index}]"
        fields = self.mapping(items, index, item, where, ACTUAL_FIELDS, target)
        if fields is None or not self.required(fields, ("year",), where, target):
            return None
        year = self.year(fields, "year", f"{where}.year", target)
        value = done = None
        if kind is Kind.MILESTONE:
            if "value" in fields:
                message = f"{where}.value: a milestone records 'done', not a value"
                self.key_error("unexpected-field", fields, "value", message, target)
            if self.required(fields, ("done",), where, target):
                done = self.flag(fields, "done", where, target)
        else:
            if "done" in fields:
                self.key_error(
                    "unexpected-field", fields, "done", f"{where}.done: only milestones record 'done'", target
                )
            if self.required(fields, ("value",), where, target):
                value = self.quantity(fields, "value", f"{where}.value", target, unit)
        citation = self.citation(fields, where, target)
        note = self.optional_text(fields, "note", where, target) if "note" in fields else None
        months = scope = link = None
        breaks = False
        if not _PLAIN_ACTUAL_FIELDS.issuperset(fields):  # the optional extras, rare in large files
            months = self.months(fields, where, target, kind)
            scope = self.optional_text(fields, "scope", where, target)
            breaks = bool(self.flag(fields, "break", where, target))
            link = self.link(fields, where, target, unit) if fields.get("link") is not None else None
        if year is None or (value is None and done is None):
            return None
        return Actual(year, self.span(fields), citation, value, done, note, months, scope, breaks, link)

    def link(self, owner: Fields, label: str, target: str | None, unit: str) -> Link | None:
        """A break's `link`: the same year's figure on the old basis, `{value, source, quote, note}`."""
        where = f"{label}.link"
        fields = self.mapping(owner, "link", owner["link"], where, LINK_FIELDS, target)
        if fields is None or not self.required(fields, ("value",), where, target):
            return None
        value = self.quantity(fields, "value", f"{where}.value", target, unit)
        citation = self.citation(fields, where, target)
        self.optional_text(fields, "note", where, target)
        return None if value is None else Link(value, citation, self.span(fields))

    def months(self, fields: Fields, where: str, target: str | None, kind: Kind) -> int | None:
        if fields.get("months") is None:
            return None
        value = fields["months"]
        if kind is Kind.MILESTONE:
            message = f"{where}.months: a milestone is done or not; it has no part-year figure"
            self.key_error("unexpected-field", fields, "months", message, target)
            return None
        if type(value) is not int or not 1 <= value <= 11:
            if self.scalar(fields, "months", value, f"{where}.months", target):
                message = f"{where}.months: expected the number of months covered, 1 to 11, got {_describe(value)}"
                self.error("bad-months", fields, "months", message, target)
            return None
        return value

    # --- context series and relations ------------------------------------------------------------------

    def all_series(self, top: Fields, value: Any, targets: list[Target]) -> list[Series]:
        taken = {target.id: target.span for target in targets}
        found: list[Series] = []
        items = self.sequence(top, "series", value, "series") or []
        for index, item in enumerate(items):
            fields = self.mapping(items, index, item, f"series[{index}]", SERIES_FIELDS)
            if fields is None:
                continue
            series_id = self.identifier(fields, "id", f"series[{index}].id") if fields.get("id") is not None else None
            label = series_id or f"series[{index}]"
            complete = self.required(fields, ("id", "name", "unit"), label, series_id)
            unit = self.optional_text(fields, "unit", label, series_id) or ""
            name = self.optional_text(fields, "name", label, series_id)
            actuals: tuple[Actual, ...] = ()
            if fields.get("actuals") is not None:
                actuals = self.actuals(fields, label, series_id, Kind.LEVEL, unit)
            name_en = self.optional_text(fields, "name_en", label, series_id)
            note = self.optional_text(fields, "note", label, series_id)
            if not complete or series_id is None or name is None:
                continue
            if series_id in taken:
                message = f"{series_id}: id already used (line {taken[series_id].line}); series and targets share ids"
                self.error("duplicate-id", items, index, message, series_id)
                continue
            taken[series_id] = self.span(fields)
            found.append(Series(series_id, name, unit, self.span(fields), name_en, actuals, note))
        return found

    def relations(self, top: Fields, value: Any, figures: dict[str, str]) -> list[Relation]:
        found: list[Relation] = []
        items = self.sequence(top, "relations", value, "relations") or []
        for index, item in enumerate(items):
            fields = self.mapping(items, index, item, f"relations[{index}]", RELATION_FIELDS)
            if fields is None:
                continue
            relation_id = (
                self.identifier(fields, "id", f"relations[{index}].id") if fields.get("id") is not None else None
            )
            label = relation_id or f"relations[{index}]"
            if not self.required(fields, ("id", "holds", "tolerance"), label):
                continue
            holds = self.text(fields, "holds", f"{label} holds")
            tolerance = self.number(fields, "tolerance", f"{label} tolerance")
            if tolerance is not None and tolerance < 0:
                self.error("bad-relation", fields, "tolerance", f"{label} tolerance: must not be negative")
                tolerance = None
            sides = self.relation_sides(fields, label, holds, figures) if holds else None
            note = self.optional_text(fields, "note", label)
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
        if baseline is not None and baseline.year == target.goal.year and target.kind is Kind.GROWTH:
            message = f"{target.id} target.year: a growth target needs years after its baseline"
            self.error("target-before-baseline", goal_node, None, message, target.id)
        if plan.period is not None and not plan.period[0] <= target.goal.year <= plan.period[1]:
            first, last = plan.period
            message = f"{target.id} target.year: {target.goal.year} lies outside plan '{plan.id}' period {first}–{last}"
            self.error("period-mismatch", goal_node, None, message, target.id)


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


def _calendar_day(text: str) -> bool:
    """Whether `text` is YYYY-MM-DD naming a day that exists."""
    if len(text) != 10 or not DATE_PATTERN.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
