"""Read a targets file into the model, walking PyYAML's node graph so every value keeps its line and column.

Nothing here raises on bad input: every problem becomes a `Finding` and loading goes on, so one run reports
all of them. The dataset holds what could be read (a target with errors is left out), so `check` can go on to
verify provenance; commands that compute must refuse a result with errors.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from shtarget import relations
from shtarget.model import (
    Actual,
    Baseline,
    Citation,
    Dataset,
    Finding,
    Goal,
    Kind,
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
from shtarget.quantity import QuantityError, parse_quantity

SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"[a-z0-9-]+\Z")
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}\Z")
YEAR_RANGE = (1900, 2200)
MAX_FLOW_DEPTH = 100
# Below this size a file loads through PyYAML directly: importing and running the fast path would cost more
# than it saves (and the shipped file stays as fast as before).
FAST_PATH_MIN_BYTES = 256 * 1024
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
SOURCE_KINDS = ("official", "press", "repost")

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()
_T = TypeVar("_T")
_EnumT = TypeVar("_EnumT", Kind, Op)

TOP_FIELDS = {"schema", "title", "settings", "sources", "plans", "targets", "series", "relations"}
SETTINGS_FIELDS = {"on_track", "at_risk", "tolerance"}
SOURCE_FIELDS = {"path", "url", "sha256", "title", "kind"}
PLAN_FIELDS = {"name", "name_en", "period", "source"}
TARGET_FIELDS = {"id", "plan", "name", "name_en", "unit", "kind", "baseline", "target", "evidence", "actuals", "note"}
BASELINE_FIELDS = {"year", "value", "source", "quote", "note"}
GOAL_FIELDS = {"year", "value", "rate", "op"}
EVIDENCE_FIELDS = {"source", "quote", "note"}
ACTUAL_FIELDS = {"year", "value", "done", "source", "quote", "note"}
SERIES_FIELDS = {"id", "name", "name_en", "unit", "note", "actuals"}
RELATION_FIELDS = {"id", "holds", "tolerance", "note"}


@dataclass(frozen=True)
class LoadResult:
    """`dataset` is None when the file could not be read or parsed as YAML (then `readable` tells which);
    otherwise it holds everything that loaded, and `errors` says whether it can be trusted."""

    dataset: Dataset | None
    findings: tuple[Finding, ...]
    readable: bool = True

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)


def load_file(path: Path, display: str | None = None, fast: bool = True) -> LoadResult:
    """Load `path`; positions are reported against `display` (default: the path as given).

    With `fast`, a large file is first tried through the fast path (fast.py), which returns a dataset
    without positions (`located` False) or gives way to the full load here when anything needs reporting.
    """
    shown = display if display is not None else str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return LoadResult(
            None, (Finding("unreadable", Severity.ERROR, f"cannot read file: {reason}", Span(shown, 1, 1)),), False
        )
    if fast and len(raw) >= FAST_PATH_MIN_BYTES:
        from shtarget.fast import fast_dataset

        dataset = fast_dataset(raw, path, shown)
        if dataset is not None:
            return LoadResult(dataset, ())
    return load_bytes(raw, path, shown)


def load_bytes(raw: bytes, path: Path, display: str) -> LoadResult:
    text = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = text.count(b"\n", 0, exc.start) + 1
        col = exc.start - (text.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not UTF-8 (byte 0x{text[exc.start]:02x})"
        return LoadResult(None, (Finding("not-utf8", Severity.ERROR, message, Span(display, line, col)),), False)
    return load_text(decoded, path, display)


def load_text(text: str, path: Path, display: str) -> LoadResult:
    text = text.removeprefix("\ufeff")
    reader = _Reader(display)
    if _flow_depth(text) > MAX_FLOW_DEPTH:
        # libyaml's composer recurses in C and would crash the process on input like "[[[[...".
        message = f"YAML nested deeper than {MAX_FLOW_DEPTH} levels"
        return LoadResult(None, (Finding("too-deep", Severity.ERROR, message, Span(display, 1, 1)),))
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span(display, mark.line + 1, mark.column + 1) if mark else Span(display, 1, 1)
        problem = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        return LoadResult(None, (Finding("yaml-syntax", Severity.ERROR, problem, span),))
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        return LoadResult(None, (Finding("yaml-syntax", Severity.ERROR, _first_line(exc), _reader_span(exc, display)),))
    except RecursionError:
        return LoadResult(None, (Finding("too-deep", Severity.ERROR, "YAML nested too deeply", Span(display, 1, 1)),))
    if root is None:
        return LoadResult(None, (Finding("empty-file", Severity.ERROR, "file has no content", Span(display, 1, 1)),))
    dataset = reader.dataset(root, path)
    return LoadResult(dataset, tuple(reader.findings))


def _flow_depth(text: str) -> int:
    """The deepest nesting of flow brackets, over-estimated (brackets inside quotes count too)."""
    brackets = _NOT_BRACKETS.sub("", text)
    if len(brackets) <= MAX_FLOW_DEPTH:
        return len(brackets)
    steps = (1 if char in "[{" else -1 for char in brackets)
    return max(itertools.accumulate(steps), default=0)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _reader_span(exc: yaml.YAMLError, display: str) -> Span:
    position = getattr(exc, "position", None)
    text = getattr(exc, "buffer", None) or getattr(exc, "name", None)
    if isinstance(position, int) and isinstance(text, str):
        return Span(display, text.count("\n", 0, position) + 1, position - text.rfind("\n", 0, position))
    return Span(display, 1, 1)


@dataclass
class _Reader:
    """Walks the node graph; `where` labels ("sei-gdp-share baseline.value") name the field in messages."""

    display: str
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)

    # --- reporting -------------------------------------------------------------------------------------

    def span(self, node: yaml.Node) -> Span:
        return Span(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, code: str, node: yaml.Node, message: str, target: str | None = None) -> None:
        self.findings.append(Finding(code, Severity.ERROR, message, self.span(node), target))

    def warn(self, code: str, node: yaml.Node, message: str, target: str | None = None) -> None:
        self.findings.append(Finding(code, Severity.WARNING, message, self.span(node), target))

    # --- generic node access ---------------------------------------------------------------------------

    def mapping(
        self, node: yaml.Node, where: str, allowed: set[str] | None, target: str | None = None
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """The entries of a mapping by key, reporting duplicate, non-string and (if `allowed`) unknown keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error("wrong-type", node, f"{where}: expected a mapping, got {_node_kind(node)}", target)
            return None
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error("unsupported-yaml", key_node, f"{where}: merge keys (<<) are not supported", target)
                continue
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
                self.error("wrong-type", key_node, f"{where}: keys must be strings", target)
                continue
            if key in entries:
                first = self.span(entries[key][0])
                self.error(
                    "duplicate-key", key_node, f"{where}: duplicate key '{key}' (first at line {first.line})", target
                )
                continue
            if allowed is not None and key not in allowed:
                hint = _closest(key, allowed)
                suggestion = f" (did you mean '{hint}'?)" if hint else ""
                self.error("unknown-field", key_node, f"{where}: unknown field '{key}'{suggestion}", target)
                continue
            entries[key] = (key_node, value_node)
        return entries

    def sequence(self, node: yaml.Node, where: str, target: str | None = None) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.error("wrong-type", node, f"{where}: expected a list, got {_node_kind(node)}", target)
            return None
        return list(node.value)

    def scalar(self, node: yaml.Node, where: str, target: str | None = None) -> tuple[bool, Any]:
        """(True, value) for a scalar node, constructed with YAML's safe types; (False, None) otherwise."""
        if not isinstance(node, yaml.ScalarNode):
            self.error("wrong-type", node, f"{where}: expected a single value, got {_node_kind(node)}", target)
            return False, None
        try:
            if node.tag == "tag:yaml.org,2002:str":
                return True, node.value  # most scalars: skip the constructor's generic dispatch
            return True, _constructor.construct_object(node)
        except yaml.YAMLError as exc:
            self.error("wrong-type", node, f"{where}: {_first_line(exc)}", target)
            return False, None

    def typed(
        self, node: yaml.Node, where: str, check: Callable[[Any], bool], expected: str, target: str | None = None
    ) -> Any:
        ok, value = self.scalar(node, where, target)
        if not ok:
            return None
        if not check(value):
            self.error("wrong-type", node, f"{where}: expected {expected}, got {_describe(value)}", target)
            return None
        return value

    def text(self, node: yaml.Node, where: str, target: str | None = None) -> str | None:
        value = self.typed(node, where, lambda v: isinstance(v, str), "text", target)
        if isinstance(value, str) and not value.strip():
            self.error("empty-value", node, f"{where}: must not be empty", target)
            return None
        return value if isinstance(value, str) else None

    def number(self, node: yaml.Node, where: str, target: str | None = None) -> float | None:
        value = self.typed(node, where, _is_number, "a number", target)
        if value is None:
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.error("non-finite", node, f"{where}: must be a finite number, got {value}", target)
            return None
        return float(value)

    def year(self, node: yaml.Node, where: str, target: str | None = None) -> int | None:
        value = self.typed(
            node, where, lambda v: isinstance(v, int) and not isinstance(v, bool), "a year (integer)", target
        )
        if value is None:
            return None
        if not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            self.error(
                "year-out-of-range", node, f"{where}: year {value} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}", target
            )
            return None
        return int(value)

    def identifier(self, node: yaml.Node, where: str, target: str | None = None) -> str | None:
        value = self.text(node, where, target)
        if value is not None and not ID_PATTERN.match(value):
            self.error("bad-id", node, f"{where}: id '{value}' must match [a-z0-9-]+", target)
            return None
        return value

    def required(
        self,
        entries: dict[str, tuple[yaml.Node, yaml.Node]],
        names: tuple[str, ...],
        owner: yaml.Node,
        where: str,
        target: str | None = None,
    ) -> bool:
        missing = [name for name in names if name not in entries or _is_null(entries[name][1])]
        for name in missing:
            self.error("missing-field", owner, f"{where}: missing required field '{name}'", target)
        return not missing

    def optional(
        self,
        entries: dict[str, tuple[yaml.Node, yaml.Node]],
        name: str,
        read: Callable[[yaml.Node, str, str | None], _T | None],
        where: str,
        target: str | None = None,
    ) -> _T | None:
        if name not in entries:
            return None
        value_node = entries[name][1]
        if _is_null(value_node):
            return None
        return read(value_node, f"{where}.{name}" if where else name, target)

    # --- the document ----------------------------------------------------------------------------------

    def dataset(self, root: yaml.Node, path: Path) -> Dataset | None:
        entries = self.mapping(root, "top level", TOP_FIELDS)
        if entries is None:
            return None
        self.required(entries, ("schema", "title", "sources", "plans", "targets"), root, "top level")
        schema = self.optional(entries, "schema", self.number, "")
        if schema is not None and schema != SCHEMA_VERSION:
            self.error(
                "unknown-schema",
                entries["schema"][1],
                f"schema: unknown version {schema:g} (this shtarget reads {SCHEMA_VERSION})",
            )
        title = self.optional(entries, "title", self.text, "") or ""
        settings = self._settings(entries["settings"][1]) if "settings" in entries else Settings()
        if "sources" in entries:
            self._sources(entries["sources"][1])
        plans = self._plans(entries["plans"][1]) if "plans" in entries else {}
        targets = self._targets(entries["targets"][1], plans) if "targets" in entries else []
        series = self._all_series(entries["series"][1], targets) if "series" in entries else []
        figures = {t.id: t.unit for t in targets if t.kind is not Kind.MILESTONE} | {s.id: s.unit for s in series}
        relations = self._relations(entries["relations"][1], figures) if "relations" in entries else []
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
            relations=tuple(relations),
        )

    def _settings(self, node: yaml.Node) -> Settings:
        entries = self.mapping(node, "settings", SETTINGS_FIELDS)
        if not entries:
            return Settings()
        defaults = Settings()
        values = {}
        for name in SETTINGS_FIELDS:
            value = self.optional(entries, name, self.number, "settings")
            if value is not None and not 0 <= value <= 1:
                self.error("bad-setting", entries[name][1], f"settings.{name}: must lie between 0 and 1, got {value:g}")
                value = None
            values[name] = getattr(defaults, name) if value is None else value
        settings = Settings(**values)
        if settings.at_risk > settings.on_track:
            self.error("bad-setting", node, "settings: at_risk must not exceed on_track")
        return settings

    def _sources(self, node: yaml.Node) -> None:
        entries = self.mapping(node, "sources", None)
        for source_id, (key_node, value_node) in (entries or {}).items():
            where = f"sources.{source_id}"
            if not ID_PATTERN.match(source_id):
                self.error("bad-id", key_node, f"{where}: id '{source_id}' must match [a-z0-9-]+")
            fields = self.mapping(value_node, where, SOURCE_FIELDS)
            if fields is None:
                continue
            path = self.optional(fields, "path", self.text, where)
            url = self.optional(fields, "url", self.text, where)
            if (path is None) == (url is None):
                self.error(
                    "bad-source", value_node, f"{where}: give exactly one of 'path' (a file in the repository) or 'url'"
                )
            if url is not None and not re.match(r"https?://", url):
                self.error("bad-source", fields["url"][1], f"{where}.url: expected an http(s) URL, got '{url}'")
            sha256 = self.optional(fields, "sha256", self.text, where)
            if sha256 is not None and not SHA256_PATTERN.match(sha256):
                self.error("bad-sha256", fields["sha256"][1], f"{where}.sha256: expected 64 lowercase hex digits")
                sha256 = None
            if sha256 is not None and path is None:
                self.error(
                    "bad-source", fields["sha256"][1], f"{where}.sha256: only file sources ('path') can be pinned"
                )
            kind = self.optional(fields, "kind", self.text, where)
            if kind is not None and kind not in SOURCE_KINDS:
                self.error(
                    "bad-enum",
                    fields["kind"][1],
                    f"{where}.kind: expected one of {', '.join(SOURCE_KINDS)}, got '{kind}'",
                )
            title = self.optional(fields, "title", self.text, where)
            self.sources[source_id] = Source(source_id, self.span(key_node), title, path, url, sha256, kind)

    def _plans(self, node: yaml.Node) -> dict[str, Plan]:
        plans: dict[str, Plan] = {}
        entries = self.mapping(node, "plans", None)
        for plan_id, (key_node, value_node) in (entries or {}).items():
            where = f"plans.{plan_id}"
            if not ID_PATTERN.match(plan_id):
                self.error("bad-id", key_node, f"{where}: id '{plan_id}' must match [a-z0-9-]+")
            fields = self.mapping(value_node, where, PLAN_FIELDS)
            if fields is None:
                continue
            self.required(fields, ("name",), value_node, where)
            name = self.optional(fields, "name", self.text, where) or plan_id
            source = self.optional(fields, "source", self._source_ref, where)
            period = self.optional(fields, "period", self._period, where)
            name_en = self.optional(fields, "name_en", self.text, where)
            plans[plan_id] = Plan(plan_id, name, self.span(key_node), name_en, period, source)
        return plans

    def _period(self, node: yaml.Node, where: str, target: str | None = None) -> tuple[int, int] | None:
        items = self.sequence(node, where, target)
        if items is None:
            return None
        if len(items) != 2:
            self.error("bad-period", node, f"{where}: expected [first year, last year]", target)
            return None
        first, last = (self.year(item, where, target) for item in items)
        if first is None or last is None:
            return None
        if first > last:
            self.error("bad-period", node, f"{where}: first year {first} is after last year {last}", target)
            return None
        return first, last

    def _source_ref(self, node: yaml.Node, where: str, target: str | None = None) -> str | None:
        source_id = self.text(node, where, target)
        if source_id is not None and source_id not in self.sources:
            hint = _closest(source_id, set(self.sources))
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            self.error("unknown-source", node, f"{where}: unknown source '{source_id}'{suggestion}", target)
            return None
        return source_id

    # --- targets ---------------------------------------------------------------------------------------

    def _targets(self, node: yaml.Node, plans: dict[str, Plan]) -> list[Target]:
        targets: list[Target] = []
        first_seen: dict[str, Span] = {}
        for index, item in enumerate(self.sequence(node, "targets") or []):
            target = self._target(item, index, plans)
            if target is None:
                continue
            if target.id in first_seen:
                message = f"{target.id}: duplicate target id (first at line {first_seen[target.id].line})"
                self.findings.append(Finding("duplicate-id", Severity.ERROR, message, target.span, target.id))
                continue
            first_seen[target.id] = target.span
            targets.append(target)
        return targets

    def _target(self, node: yaml.Node, index: int, plans: dict[str, Plan]) -> Target | None:
        fields = self.mapping(node, f"targets[{index}]", TARGET_FIELDS)
        if fields is None:
            return None
        target_id = self.optional(fields, "id", self.identifier, f"targets[{index}]")
        label = target_id or f"targets[{index}]"
        complete = self.required(fields, ("id", "plan", "name", "target", "evidence"), node, label, target_id)
        kind = self.optional(fields, "kind", self._kind, label, target_id) or Kind.LEVEL
        if kind is not Kind.MILESTONE:
            complete = self.required(fields, ("unit",), node, label, target_id) and complete
        unit = self.optional(fields, "unit", self.text, label, target_id) or ""
        plan_id = self.optional(fields, "plan", self.text, label, target_id)
        if plan_id is not None and plan_id not in plans:
            hint = _closest(plan_id, set(plans))
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            self.error(
                "unknown-plan", fields["plan"][1], f"{label} plan: unknown plan '{plan_id}'{suggestion}", target_id
            )
            plan_id = None
        name = self.optional(fields, "name", self.text, label, target_id)
        baseline = None
        if "baseline" in fields:
            baseline = self._baseline(fields["baseline"][1], label, target_id, kind, unit)
        goal = self._goal(fields["target"][1], label, target_id, kind, unit) if "target" in fields else None
        evidence = self._evidence(fields["evidence"][1], label, target_id) if "evidence" in fields else ()
        actuals: tuple[Actual, ...] = ()
        if "actuals" in fields and not _is_null(fields["actuals"][1]):  # an emptied `actuals:` is null
            actuals = self._actuals(fields["actuals"][1], label, target_id, kind, unit)
        if target_id is None or plan_id is None or name is None or goal is None or not complete:
            return None
        target = Target(
            id=target_id,
            plan=plan_id,
            name=name,
            unit=unit,
            kind=kind,
            goal=goal,
            span=self.span(node),
            name_en=self.optional(fields, "name_en", self.text, label, target_id),
            baseline=baseline,
            evidence=evidence,
            actuals=actuals,
            note=self.optional(fields, "note", self.text, label, target_id),
        )
        self._check_years(target, plans[plan_id], fields)
        return target

    def _kind(self, node: yaml.Node, where: str, target: str | None) -> Kind | None:
        return self._choice(node, where, target, Kind)

    def _op(self, node: yaml.Node, where: str, target: str | None) -> Op | None:
        return self._choice(node, where, target, Op)

    def _choice(self, node: yaml.Node, where: str, target: str | None, choices: type[_EnumT]) -> _EnumT | None:
        value = self.text(node, where, target)
        if value is None:
            return None
        try:
            return choices(value)
        except ValueError:
            allowed = ", ".join(f"'{choice.value}'" for choice in choices)
            self.error("bad-enum", node, f"{where}: expected one of {allowed}, got '{value}'", target)
            return None

    def _quantity(self, node: yaml.Node, where: str, target: str | None, unit: str) -> Quantity | None:
        ok, raw = self.scalar(node, where, target)
        if not ok:
            return None
        parsed = parse_quantity(raw, unit)
        if isinstance(parsed, QuantityError):
            self.error(parsed.code, node, f"{where}: {parsed.message}", target)
            return None
        return parsed

    def _citation(
        self, fields: dict[str, tuple[yaml.Node, yaml.Node]], owner: yaml.Node, where: str, target: str | None
    ) -> Citation | None:
        """The `source`/`quote` pair of a figure; file sources must be quoted."""
        if "source" not in fields or _is_null(fields["source"][1]):
            self.error("missing-source", owner, f"{where}: missing 'source' (every figure needs one)", target)
            return None
        source_id = self.optional(fields, "source", self._source_ref, where, target)
        quote = self.optional(fields, "quote", self.text, where, target)
        source = self.sources.get(source_id) if source_id else None
        if source is not None and source.path is not None and quote is None:
            self.error(
                "missing-quote",
                owner,
                f"{where}: source '{source_id}' is a file, so a 'quote' from it is required",
                target,
            )
        quote_span = self.span(fields["quote"][1]) if "quote" in fields else None
        return Citation(source_id, quote, self.span(fields["source"][1]), quote_span)

    def _baseline(self, node: yaml.Node, label: str, target: str | None, kind: Kind, unit: str) -> Baseline | None:
        where = f"{label} baseline"
        fields = self.mapping(node, where, BASELINE_FIELDS, target)
        if fields is None or not self.required(fields, ("year",), node, where, target):
            return None
        year = self.year(fields["year"][1], f"{where}.year", target)
        value = None
        if "value" in fields and not _is_null(fields["value"][1]):
            value = self._quantity(fields["value"][1], f"{where}.value", target, unit)
        citation = None
        if ("value" in fields and not _is_null(fields["value"][1])) or "source" in fields:
            citation = self._citation(fields, node, where, target)
        note = self.optional(fields, "note", self.text, where, target)
        return None if year is None else Baseline(year, value, citation, self.span(node), note)

    def _goal(self, node: yaml.Node, label: str, target: str | None, kind: Kind, unit: str) -> Goal | None:
        where = f"{label} target"
        fields = self.mapping(node, where, GOAL_FIELDS, target)
        if fields is None or not self.required(fields, ("year",), node, where, target):
            return None
        year = self.year(fields["year"][1], f"{where}.year", target)
        op = self.optional(fields, "op", self._op, where, target)
        value = rate = None
        needs = {Kind.LEVEL: "value", Kind.GROWTH: "rate"}.get(kind)
        for name in ("value", "rate"):
            if name in fields and name != needs:
                self.error(
                    "unexpected-field", fields[name][0], f"{where}.{name}: not used by a '{kind}' target", target
                )
        if needs and not self.required(fields, (needs,), node, where, target):
            return None
        if kind is Kind.LEVEL:
            value = self._quantity(fields["value"][1], f"{where}.value", target, unit)
            if value is None:
                return None
        elif kind is Kind.GROWTH:
            rate = self.number(fields["rate"][1], f"{where}.rate", target)
            if rate is None:
                return None
        elif kind is Kind.INCREASE and op not in (None, Op.ABOVE, Op.AT_LEAST):
            self.error("bad-enum", fields["op"][1], f"{where}.op: an 'increase' target takes '>' or '>='", target)
            return None
        elif kind is Kind.MILESTONE and op is not None:
            self.error("unexpected-field", fields["op"][0], f"{where}.op: not used by a 'milestone' target", target)
        default_op = Op.ABOVE if kind is Kind.INCREASE else Op.AT_LEAST
        return None if year is None else Goal(year, op or default_op, self.span(node), value, rate)

    def _evidence(self, node: yaml.Node, label: str, target: str | None) -> tuple[Citation, ...]:
        items = self.sequence(node, f"{label} evidence", target)
        if items is None:
            return ()
        if not items:
            self.error("missing-evidence", node, f"{label} evidence: at least one quote is required", target)
        cited = []
        for index, item in enumerate(items):
            where = f"{label} evidence[{index}]"
            fields = self.mapping(item, where, EVIDENCE_FIELDS, target)
            if fields is None:
                continue
            citation = self._citation(fields, item, where, target)
            if citation is not None:
                cited.append(citation)
        return tuple(cited)

    def _actuals(self, node: yaml.Node, label: str, target: str | None, kind: Kind, unit: str) -> tuple[Actual, ...]:
        actuals: list[Actual] = []
        first_seen: dict[int, int] = {}
        for index, item in enumerate(self.sequence(node, f"{label} actuals", target) or []):
            where = f"{label} actuals[{index}]"
            fields = self.mapping(item, where, ACTUAL_FIELDS, target)
            if fields is None or not self.required(fields, ("year",), item, where, target):
                continue
            year = self.year(fields["year"][1], f"{where}.year", target)
            value = done = None
            if kind is Kind.MILESTONE:
                if "value" in fields:
                    self.error(
                        "unexpected-field",
                        fields["value"][0],
                        f"{where}.value: a milestone records 'done', not a value",
                        target,
                    )
                if self.required(fields, ("done",), item, where, target):
                    done = self.typed(
                        fields["done"][1], f"{where}.done", lambda v: isinstance(v, bool), "true or false", target
                    )
            else:
                if "done" in fields:
                    self.error(
                        "unexpected-field", fields["done"][0], f"{where}.done: only milestones record 'done'", target
                    )
                if self.required(fields, ("value",), item, where, target):
                    value = self._quantity(fields["value"][1], f"{where}.value", target, unit)
            citation = self._citation(fields, item, where, target)
            note = self.optional(fields, "note", self.text, where, target)
            if year is None:
                continue
            if year in first_seen:
                self.error(
                    "duplicate-year",
                    fields["year"][1],
                    f"{where}.year: {year} is already recorded (actuals[{first_seen[year]}])",
                    target,
                )
                continue
            first_seen[year] = index
            if value is not None or done is not None:
                actuals.append(Actual(year, self.span(item), citation, value, done, note))
        return tuple(sorted(actuals, key=lambda actual: actual.year))

    # --- context series and relations ------------------------------------------------------------------

    def _all_series(self, node: yaml.Node, targets: list[Target]) -> list[Series]:
        taken = {target.id: target.span for target in targets}
        found: list[Series] = []
        for index, item in enumerate(self.sequence(node, "series") or []):
            fields = self.mapping(item, f"series[{index}]", SERIES_FIELDS)
            if fields is None:
                continue
            series_id = self.optional(fields, "id", self.identifier, f"series[{index}]")
            label = series_id or f"series[{index}]"
            complete = self.required(fields, ("id", "name", "unit"), item, label, series_id)
            unit = self.optional(fields, "unit", self.text, label, series_id) or ""
            name = self.optional(fields, "name", self.text, label, series_id)
            actuals: tuple[Actual, ...] = ()
            if "actuals" in fields and not _is_null(fields["actuals"][1]):
                actuals = self._actuals(fields["actuals"][1], label, series_id, Kind.LEVEL, unit)
            if not complete or series_id is None or name is None:
                continue
            if series_id in taken:
                message = f"{series_id}: id already used (line {taken[series_id].line}); series and targets share ids"
                self.error("duplicate-id", item, message, series_id)
                continue
            taken[series_id] = self.span(item)
            name_en = self.optional(fields, "name_en", self.text, label, series_id)
            note = self.optional(fields, "note", self.text, label, series_id)
            found.append(Series(series_id, name, unit, self.span(item), name_en, actuals, note))
        return found

    def _relations(self, node: yaml.Node, figures: dict[str, str]) -> list[Relation]:
        found: list[Relation] = []
        for index, item in enumerate(self.sequence(node, "relations") or []):
            fields = self.mapping(item, f"relations[{index}]", RELATION_FIELDS)
            if fields is None:
                continue
            relation_id = self.optional(fields, "id", self.identifier, f"relations[{index}]")
            label = relation_id or f"relations[{index}]"
            if not self.required(fields, ("id", "holds", "tolerance"), item, label):
                continue
            holds = self.text(fields["holds"][1], f"{label} holds")
            tolerance = self.number(fields["tolerance"][1], f"{label} tolerance")
            if tolerance is not None and tolerance < 0:
                self.error("bad-relation", fields["tolerance"][1], f"{label} tolerance: must not be negative")
                tolerance = None
            sides = self._relation_sides(fields["holds"][1], label, holds, figures) if holds else None
            if relation_id is None or sides is None or tolerance is None:
                continue
            note = self.optional(fields, "note", self.text, label)
            found.append(Relation(relation_id, sides[0], sides[1], tolerance, self.span(item), note))
        return found

    def _relation_sides(
        self, node: yaml.Node, label: str, holds: str, figures: dict[str, str]
    ) -> tuple[str, str] | None:
        """Both sides of `left = right`, each parsed and naming only known figures."""
        sides = holds.split("=")
        if len(sides) != 2:
            self.error("bad-relation", node, f"{label} holds: expected one '=' between two expressions, got '{holds}'")
            return None
        ok = True
        for side in sides:
            parsed = relations.parse(side.strip())
            if isinstance(parsed, relations.ExpressionError):
                self.error("bad-relation", node, f"{label} holds: {parsed.message}")
                ok = False
                continue
            for unknown in sorted(relations.names(parsed) - figures.keys()):
                hint = _closest(unknown, set(figures))
                suggestion = f" (did you mean '{hint}'?)" if hint else ""
                self.error("bad-relation", node, f"{label} holds: unknown figure '{unknown}'{suggestion}")
                ok = False
        return (sides[0].strip(), sides[1].strip()) if ok else None

    def _check_years(self, target: Target, plan: Plan, fields: dict[str, tuple[yaml.Node, yaml.Node]]) -> None:
        goal_node = fields["target"][1]
        baseline = target.baseline
        if baseline is not None and target.goal.year < baseline.year:
            self.error(
                "target-before-baseline",
                goal_node,
                f"{target.id} target.year: {target.goal.year} is before the baseline year {baseline.year}",
                target.id,
            )
        if baseline is not None and baseline.year == target.goal.year and target.kind is Kind.GROWTH:
            self.error(
                "target-before-baseline",
                goal_node,
                f"{target.id} target.year: a growth target needs years after its baseline",
                target.id,
            )
        if plan.period is not None and not plan.period[0] <= target.goal.year <= plan.period[1]:
            first, last = plan.period
            self.error(
                "period-mismatch",
                goal_node,
                f"{target.id} target.year: {target.goal.year} lies outside plan '{plan.id}' period {first}–{last}",
                target.id,
            )


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _is_null(node):
        return "nothing (null)"
    return f"'{node.value}'"


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()}; quote it if you meant text)"
    if isinstance(value, str):
        return f"text '{value}'"
    return f"{type(value).__name__} {value!r}"


def _closest(word: str, choices: set[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
