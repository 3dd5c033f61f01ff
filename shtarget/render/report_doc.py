"""The content of `shtarget report`, built once as a small document tree that the Markdown and HTML renderers
write out: sections, paragraphs, tables, quotes, charts.

Nothing here is markup. Text from the data stays plain text in `Run`s; each renderer escapes every run for
its format, so the two formats cannot disagree about what is data. Link targets are checked here, once: an
anchor is a target id, a file link is a relative path inside the data's directory, a web link is an http(s)
URL without whitespace, quotes or controls; anything else is shown as text and not linked.
"""

from __future__ import annotations

import math
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from shtarget.assess import count_statuses, growth, path_value
from shtarget.model import (
    Actual,
    Assessment,
    Citation,
    Dataset,
    Kind,
    Op,
    Quantity,
    Reason,
    Relation,
    Series,
    Status,
    Target,
    iter_citations,
)
from shtarget.reasons import explain
from shtarget.relations import ExpressionError, Name, RelationResult, names, parse, solve_for
from shtarget.render.labels import goal_figure
from shtarget.render.report_text import (
    cell,
    display_unit,
    gap_phrase,
    glossary,
    kind_name,
    method,
    months_label,
    number,
    percent,
    phrase,
    scaled,
    status_name,
    words_for,
)
from shtarget.render.words import OP_SIGNS, valueless_word

_ID = re.compile(r"[a-z0-9-]+\Z")
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f<>\"'`\\]+\Z", re.IGNORECASE)
_PATH_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")


@dataclass(frozen=True)
class ReportContext:
    """Everything a report shows. `link_prefix` leads from the report's directory to the data's directory."""

    dataset: Dataset
    as_of: int
    assessments: tuple[Assessment, ...]
    data_name: str
    data_sha256: str
    version: str
    quote_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    relation_results: tuple[RelationResult, ...] = ()
    lang: str = "zh"
    link_prefix: str = ""


# --- the document tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of inline text. `href` is already checked; `status` marks a status word (a value of Status)."""

    text: str
    strong: bool = False
    code: bool = False
    href: str | None = None
    status: str | None = None


Inline = tuple[Run, ...]


@dataclass(frozen=True)
class Paragraph:
    runs: Inline
    small: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    align: str = ""  # one of l, r per column
    name: str = ""  # what the table is, for styling: "facts", "actuals", "sources", ...


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: Inline


@dataclass(frozen=True)
class Bullets:
    items: tuple[Inline, ...]


@dataclass(frozen=True)
class ChartBar:
    """One recorded figure, in the chart's display unit."""

    year: int
    value: float
    label: str
    months: int | None = None
    breaks: bool = False


@dataclass(frozen=True)
class Chart:
    """Recorded figures against the target, in the display unit of the target: the path from the base towards
    the goal while the goal lies ahead, or once a figure has reached it (or the goal is one to keep) the goal's
    level as a line, marked when reached. Never a path running away from the goal."""

    title: str
    unit: str
    bars: tuple[ChartBar, ...]
    path: tuple[tuple[int, float], ...]
    target: tuple[int, float] | None
    goal: str  # the target in words, "≥1,000 bn yuan (2025)"
    lang: str
    goal_line: float | None = None  # the goal's level, drawn across the chart when no path is
    met: bool = False  # the latest figure has reached the goal
    start: int | None = None  # the first year a chart without gaps (Mermaid) shows: the path's or the baseline's


@dataclass(frozen=True)
class Section:
    level: int
    title: Inline
    anchor: str | None = None
    aside: str | None = None  # shown beside the title: a target's id
    blocks: tuple[Block, ...] = ()


Block = Paragraph | Table | Quote | Bullets | Chart | Section


@dataclass(frozen=True)
class Document:
    """A report. `blocks` is produced as it is read, one target at a time, so a renderer can write each block
    and let it go: a report of 100,000 targets never holds its whole tree in memory. Read it once."""

    title: str
    lang: str
    header: tuple[Inline, ...]
    blocks: Iterator[Block]


def text(value: str) -> Run:
    return Run(value)


def prose(value: str) -> Inline:
    """Our own words (never data), where `code` spans are marked with backticks."""
    return tuple(Run(part, code=index % 2 == 1) for index, part in enumerate(value.split("`")) if part)


# --- links ------------------------------------------------------------------------------------------------


def anchor_href(figure_id: str) -> str | None:
    return f"#{figure_id}" if _ID.match(figure_id) else None


def _own_anchor(figure_id: str) -> str | None:
    return figure_id if _ID.match(figure_id) else None


def web_href(url: str | None) -> str | None:
    """An http(s) URL fit to be a link target, or None."""
    return url if url is not None and _WEB_URL.match(url) else None


def file_href(prefix: str, path: str | None, line: int | None = None) -> str | None:
    """A link to a file inside the data's directory, relative to the report, percent-encoded; or None."""
    if not path or path.startswith("/") or _PATH_UNSAFE.search(path) or ".." in path.split("/"):
        return None
    if _PATH_UNSAFE.search(prefix) or prefix.startswith("/"):
        return None
    anchor = f"#L{line}" if line else ""
    return urllib.parse.quote(prefix + path, safe="/-._~") + anchor


# --- building the report ----------------------------------------------------------------------------------


def build(context: ReportContext) -> Document:
    lang = context.lang
    words = words_for(lang)
    builder = _Builder(context, words)
    header = (
        (Run(words["as_of"].format(year=context.as_of), strong=True),),
        _with_code(words["generated"], version=context.version, data=context.data_name, sha=context.data_sha256),
        builder.contents(),
    )
    return Document(context.dataset.display_title(lang), lang, header, _blocks(builder))


def _blocks(builder: _Builder) -> Iterator[Block]:
    yield builder.scorecard()
    yield builder.summary()
    yield builder.status_table()
    # The target sections follow their heading one by one rather than nested in it, so each can be
    # written and dropped in turn.
    yield Section(2, (text(builder.words["targets"]),), "_targets")
    yield from builder.targets()
    context_section = builder.context_section()
    if context_section is not None:
        yield context_section
    yield builder.sources()
    yield builder.method()


class _Builder:
    def __init__(self, context: ReportContext, words: dict[str, str]) -> None:
        self.context = context
        self.words = words
        self.lang = context.lang
        self.dataset = context.dataset
        self.known_sources = context.dataset.sources
        # Figures with a section in this report: only they are linked to.
        self.shown = {a.target.id for a in context.assessments} | {s.id for s in context.dataset.series}

    # --- top ---

    def contents(self) -> Inline:
        words = self.words
        entries = [
            ("_scorecard", words["scorecard"]),
            ("_statuses", words["summary"]),
            ("_all-targets", words["status_table"]),
            ("_targets", words["targets"]),
        ]
        if self.dataset.series or self.dataset.relations:
            entries.append(("_context", words["context"]))
        entries += [("_sources", words["sources"]), ("_method", words["method"]), ("_glossary", words["glossary"])]
        runs: list[Run] = [Run(words["contents"] + (": " if self.lang == "en" else "："), strong=True)]
        for index, (anchor, title) in enumerate(entries):
            if index:
                runs.append(text(" · "))
            runs.append(Run(title, href=f"#{anchor}"))
        return tuple(runs)

    def target_link(self, target: Target | Series) -> Run:
        href = anchor_href(target.id) if target.id in self.shown else None
        return Run(target.display_name(self.lang), href=href)

    def status_run(self, status: str) -> Run:
        return Run(status_name(status, self.lang), status=status)

    def scorecard(self) -> Section:
        words, lang = self.words, self.lang
        by_plan: dict[str, list[Assessment]] = {}
        for assessment in self.context.assessments:
            by_plan.setdefault(assessment.target.plan, []).append(assessment)
        blocks: list[Block] = []
        for plan in self.dataset.plans.values():
            mine = by_plan.get(plan.id)
            if not mine:
                continue
            counts = count_statuses(mine)
            name = plan.name_en if lang == "en" and plan.name_en else plan.name
            period = ""
            if plan.period:
                span = words["plan_period"].format(start=plan.period[0], end=plan.period[1])
                period = f" ({span})" if lang == "en" else f"（{span}）"
            # Every status in the one order of the Statuses table, those with no target left out.
            shown = words["scorecard_joiner"].join(
                words["scorecard_count"].format(count=count, status=status_name(status, lang))
                for status, count in counts.items()
                if count
            )
            line = words["scorecard_line"].format(
                plan="\0",
                period=period,
                total=len(mine),
                target_word=words["target_word_one"] if len(mine) == 1 else words["target_word_many"],
                counts=shown,
            )
            before, after = line.split("\0")
            blocks.append(Paragraph((text(before), Run(name, strong=True), text(after))))
            settled = [a for a in mine if a.status.value in ("missed", "inconclusive")]
            if settled:
                blocks.append(Bullets(tuple(self.settled_line(a) for a in settled)))
        return Section(2, (text(words["scorecard"]),), "_scorecard", blocks=tuple(blocks))

    def settled_line(self, assessment: Assessment) -> Inline:
        status = assessment.status.value
        detail = self.miss_size(assessment) if status == "missed" else self.reason(assessment)
        colon = ": " if self.lang == "en" else "："
        return (self.status_run(status), text(colon), self.target_link(assessment.target), text(" — " + detail))

    def miss_size(self, assessment: Assessment) -> str:
        """How far a missed target fell short, in the target's own terms."""
        words, lang = self.words, self.lang
        target, figures, latest = assessment.target, assessment.figures, assessment.latest
        rate, base_year, base_value = target.goal.rate, figures.base_year, figures.base_value
        if target.kind is Kind.GROWTH and rate is not None and latest and latest.value and base_year and base_value:
            grown = growth(base_value, latest.value.value, latest.year - base_year)
            if grown is not None:
                return words["miss_growth"].format(
                    grown=f"{grown:.1%}", rate=f"{rate:g}", short=f"{rate - grown * 100:.1f}"
                )
        if target.kind is not Kind.MILESTONE and figures.gap is not None and figures.target_value:
            share = abs(figures.gap) / abs(figures.target_value)
            gap = gap_phrase(abs(figures.gap), target.unit, lang, target.unit_en)
            return words["miss_gap"].format(gap=gap, share=f"{share:.1%}")
        return self.reason(assessment)

    def reason(self, assessment: Assessment) -> str:
        """The status reason in the report's language, its figure in the report's units and words."""
        reason = assessment.reason
        if reason.value is not None and reason.year is not None:
            actual = next(
                (
                    a
                    for a in assessment.target.actuals
                    if a.year == reason.year
                    and a.months == reason.months
                    and a.value is not None
                    and a.value.text == reason.value
                ),
                None,
            )
            if actual is not None and actual.value is not None:
                shown = phrase(actual.value.value, assessment.target.unit, self.lang, actual.value.qualifier)
                reason = reason._replace(value=shown)
        return _explain(reason, self.lang)

    def summary(self) -> Section:
        counts = count_statuses(self.context.assessments)
        rows = tuple(((self.status_run(status),), (text(str(count)),)) for status, count in counts.items())
        table = Table((self.words["status"], self.words["count"]), rows, "lr", "summary")
        return Section(2, (text(self.words["summary"]),), "_statuses", blocks=(table,))

    def status_table(self) -> Section:
        words, lang = self.words, self.lang
        rows = []
        for a in self.context.assessments:
            target = a.target
            status: Inline = (self.status_run(a.status.value),)
            trend = _trend_value(a)
            if a.status.value == "awaiting-data" and trend is not None:
                status += (text(" · " + words["trend_beside"].format(trend=trend, status=status_name(trend, lang))),)
            rows.append(
                (
                    (self.target_link(target),),
                    (text(self.unit_label(target)),),
                    (text(self.baseline_text(a, with_unit=self.rate_goal(target))),),
                    (text(self.latest_text(a, with_unit=self.rate_goal(target))),),
                    (text(self.goal_text(a)),),
                    (text(self.progress_text(a, places=0)),),
                    (text(self.growth_text(a)),),
                    status,
                )
            )
        headers = (
            words["target"],
            words["unit"],
            words["baseline"],
            words["latest"],
            words["goal"],
            words["progress_unit"],
            words["growth_unit"],
            words["status"],
        )
        table = Table(headers, tuple(rows), "llrrrrrl", "status")
        return Section(2, (text(words["status_table"]),), "_all-targets", blocks=(table,))

    # --- cell texts ---

    @staticmethod
    def rate_goal(target: Target) -> bool:
        """A growth target's goal is a rate (%/yr), while its figures are levels in the target's unit."""
        return target.kind is Kind.GROWTH and target.goal.rate is not None

    def unit_label(self, target: Target | Series) -> str:
        """The unit of the goal: %/yr for a growth target, the target's unit otherwise (— for a milestone)."""
        if isinstance(target, Target):
            if target.kind is Kind.MILESTONE:
                return "—"
            if self.rate_goal(target):
                return self.words["unit_rate"]
        return self.level_unit(target)

    def level_unit(self, figure: Target | Series) -> str:
        """The unit the figures are written in: "bn yuan", "%", "fields"."""
        return display_unit(figure.unit, self.lang, getattr(figure, "unit_en", None)).label

    def figure_cell(self, quantity: Quantity, target: Target, with_unit: bool) -> str:
        """A figure for a table: bare where the unit column gives its unit, with its unit where the column
        gives another (a growth target's levels beside its %/yr goal)."""
        if with_unit:
            return phrase(quantity.value, target.unit, self.lang, quantity.qualifier, target.unit_en)
        return cell(quantity.value, target.unit, self.lang, quantity.qualifier)

    def baseline_text(self, assessment: Assessment, with_unit: bool = False) -> str:
        target = assessment.target
        baseline = target.baseline
        if baseline is None:
            return "—"
        if baseline.value is None:
            return f"? ({baseline.year})"
        return f"{self.figure_cell(baseline.value, target, with_unit)} ({baseline.year})"

    def year_text(self, actual: Actual) -> str:
        months = actual.months
        if months is None:
            return str(actual.year)
        return self.words["part_year"].format(year=actual.year, months=months_label(months, self.lang))

    def latest_text(self, assessment: Assessment, with_unit: bool = False) -> str:
        """The latest full-year figure, and a newer part-year one after it: "over 380 (2023); 435.5 (2025 Jan–Sep)"."""
        shown = self.actual_text(assessment.latest, assessment.target, with_unit)
        part = assessment.part_year
        if part is None:
            return shown
        part_shown = self.actual_text(part, assessment.target, with_unit)
        return part_shown if assessment.latest is None else f"{shown}; {part_shown}"

    def actual_text(self, latest: Actual | None, target: Target, with_unit: bool = False) -> str:
        if latest is None:
            return "—"
        if latest.value is None:
            return f"{valueless_word(latest.done, latest.rate, self.lang)} ({latest.year})"
        return f"{self.figure_cell(latest.value, target, with_unit)} ({self.year_text(latest)})"

    def goal_text(self, assessment: Assessment) -> str:
        """The target in a few characters, in the unit column's unit (the goal's own): "≥20 (2025)" in %,
        ">1,000 (2025)" in bn yuan, "≈20 (2025)" in %/yr, "> 2020 level (2025)". The sign is written against
        a number, as the dashboard writes it; a space only before words."""
        target, lang = assessment.target, self.lang
        goal = target.goal
        sign = OP_SIGNS[goal.op]
        if target.kind is Kind.MILESTONE:
            shown = "done" if lang == "en" else "完成"
        elif self.rate_goal(target):
            assert goal.rate is not None
            shown = f"{sign}{number(goal.rate, lang)}"
        elif target.kind is Kind.INCREASE:
            year = target.baseline.year if target.baseline is not None else "?"
            shown = f"{sign} {year} level" if lang == "en" else f"{sign}{year}年水平"
        elif goal.value is not None:
            shown = sign + cell(goal.value.value, target.unit, lang, goal.value.qualifier)
        else:
            shown = "?"
        return f"{shown} ({goal.year})"

    def goal_words(self, target: Target) -> str:
        """The target with its unit, for running text and captions, as the dashboard writes it: "≥20% (2025)",
        ">1,000 bn yuan (2025)", "≈20%/yr (2025)", "年均≈20% (2025)"."""
        return f"{goal_figure(target, self.lang)} ({target.goal.year})"

    def progress_text(self, assessment: Assessment, places: int) -> str:
        if assessment.target.kind is Kind.MILESTONE:
            return "—"
        if assessment.status is Status.ACHIEVED:
            return self.words["met"]
        return percent(assessment.figures.progress, places)

    def growth_text(self, assessment: Assessment) -> str:
        figures = assessment.figures
        if assessment.status is Status.ACHIEVED or (figures.required_growth is None and figures.actual_growth is None):
            return "—"
        return f"{percent(figures.required_growth)} / {percent(figures.actual_growth)}"

    # --- one target ---

    def targets(self) -> Iterable[Section]:
        for assessment in self.context.assessments:
            yield self.target_section(assessment)

    def target_section(self, assessment: Assessment) -> Section:
        target, lang, words = assessment.target, self.lang, self.words
        blocks: list[Block] = []
        if lang == "en" and target.name_en and target.name_en != target.name:
            blocks.append(Paragraph((text(words["in_plan"].format(name=target.name)),), small=True))
        blocks.append(Paragraph((self.status_run(assessment.status.value), text(" — " + self.reason(assessment)))))
        blocks.append(self.facts(assessment))
        chart = self.chart(target, assessment)
        if chart is not None:
            blocks.append(chart)
        if target.evidence:
            blocks.append(Paragraph((Run(words["evidence"], strong=True),)))
            for index, citation in enumerate(target.evidence):
                blocks.append(self.quote(target.id, citation, f"evidence[{index}]"))
        if target.baseline is not None and target.baseline.citation is not None:
            blocks.append(Paragraph((Run(words["baseline"], strong=True),)))
            blocks.append(self.quote(target.id, target.baseline.citation, "baseline"))
        if target.actuals:
            blocks.append(Paragraph((Run(words["actuals"], strong=True),)))
            blocks.append(self.actuals_table(target))
        title = (text(target.display_name(lang)),)
        return Section(3, title, _own_anchor(target.id), target.id, tuple(blocks))

    def facts(self, assessment: Assessment) -> Table:
        words, figures, target = self.words, assessment.figures, assessment.target
        level = "—" if target.kind is Kind.MILESTONE else self.level_unit(target)
        rows: list[tuple[str, str, str]] = [
            (words["baseline"], self.baseline_text(assessment), level),
            (words["goal"], self.goal_text(assessment), self.unit_label(target)),
            (words["latest"], self.latest_text(assessment), level),
        ]
        if target.kind is not Kind.MILESTONE:
            achieved = assessment.status is Status.ACHIEVED
            percent_target = display_unit(target.unit, self.lang).percent
            rows.append((words["progress"], self.progress_text(assessment, places=1), words["unit_percent_of_way"]))
            if figures.elapsed is not None:
                rows.append((words["elapsed"], percent(figures.elapsed), words["unit_percent_of_period"]))
            if figures.on_pace is not None and not achieved:
                rows.append((words["on_pace"], words["yes"] if figures.on_pace else words["no"], words["unit_none"]))
            latest = assessment.latest.value if assessment.latest is not None else None
            if (
                figures.gap is not None
                and latest is not None
                and not achieved
                and not self.reached(assessment, latest.value)
            ):
                gap_unit = words["unit_pp"] if percent_target else level
                rows.append((words["gap"], cell(figures.gap, target.unit, self.lang), gap_unit))
            if figures.required_change is not None and not achieved:
                rows.append(
                    (words["change_needed"], number(figures.required_change, self.lang, 2), words["unit_pp_rate"])
                )
            if figures.required_growth is not None and not achieved:
                rows.append((words["growth_needed"], percent(figures.required_growth), words["unit_rate"]))
            if figures.actual_growth is not None:
                rows.append((words["growth_so_far"], percent(figures.actual_growth), words["unit_rate"]))
            if figures.ratio is not None and not achieved:
                rows.append((words["trend_ratio"], f"{figures.ratio:.2f}", words["unit_ratio"]))
        trend = _trend_value(assessment)
        if assessment.status.value == "awaiting-data" and trend is not None:
            rows.append((words["trend"], status_name(trend, self.lang), words["unit_none"]))
        official, total = self.official_share(target)
        if total:
            count = words["official_count"].format(official=official, total=total)
            share = f"{official / total:.0%}"
            shown = f"{count} ({share})" if self.lang == "en" else f"{count}（{share}）"
            rows.append((words["official_share"], shown, words["unit_citations"]))
        return Table(
            (words["figure"], words["value"], words["unit"]),
            tuple(((text(a),), (text(b),), (text(c),)) for a, b, c in rows),
            "lrl",
            "facts",
        )

    def official_share(self, figure: Target | Series) -> tuple[int, int]:
        sources = (self.known_sources.get(citation.source or "") for _, citation in iter_citations(figure))
        kinds = [source.kind for source in sources if source is not None]
        return sum(kind == "official" for kind in kinds), len(kinds)

    def quote(self, figure_id: str, citation: Citation, field_name: str) -> Quote:
        return Quote(citation.quote or "—", self.source_link(figure_id, citation, field_name))

    def source_link(self, figure_id: str, citation: Citation, field_name: str) -> Inline:
        """The source id linked to the quoted seed line (`seeds/F#L75`) or to its URL, and its kind."""
        source = self.known_sources.get(citation.source or "")
        if source is None:
            return (text(citation.source or "?"),)
        label, href = source.id, None
        if source.path is not None:
            line = self.context.quote_lines.get((figure_id, field_name))
            href = file_href(self.context.link_prefix, source.path, line)
            if line:
                label += ", " + self.words["line"].format(line=line)
        elif source.url is not None:
            href = web_href(source.url)
        runs: Inline = (Run(label, href=href),)
        if source.kind:
            runs += (text(" · " + kind_name(source.kind, self.lang)),)
        return runs

    def actuals_table(self, figure: Target | Series) -> Table:
        words, lang = self.words, self.lang
        milestone = isinstance(figure, Target) and figure.kind is Kind.MILESTONE
        rows = []
        for actual in figure.actuals:
            if actual.value is not None:
                shown = cell(actual.value.value, figure.unit, lang, actual.value.qualifier)
            else:
                shown = valueless_word(actual.done, actual.rate, lang)
            source: Inline = (
                self.source_link(figure.id, actual.citation, f"actual {actual.year}")
                if actual.citation
                else (text(words["none"]),)
            )
            notes = [actual.note or ""]
            scope = actual.scope
            if scope:
                notes.append(words["scope_note"].format(scope=scope))
            if actual.breaks:
                notes.append(words["break_note"])
            quote = actual.citation.quote if actual.citation and actual.citation.quote else ""
            rows.append(
                (
                    (text(self.year_text(actual)),),
                    (text(shown),),
                    source,
                    (text(quote),),
                    (text(_join_notes([note for note in notes if note], lang)),),
                )
            )
        value_header = words["done_header"] if milestone else words["value_in"].format(unit=self.level_unit(figure))
        headers = (words["year"], value_header, words["source"], words["quote"], words["note"])
        return Table(headers, tuple(rows), "lrlll", "actuals")

    def goal_level(self, assessment: Assessment) -> float | None:
        """The level the goal asks for: the target value, the level a growth rate leads to, or for "further
        increase" the base itself."""
        figures = assessment.figures
        return figures.base_value if assessment.target.kind is Kind.INCREASE else figures.target_value

    def direction(self, assessment: Assessment) -> int:
        """+1 for a goal reached from below, -1 from above, 0 for "about" the base itself."""
        target, figures = assessment.target, assessment.figures
        op = target.goal.op
        if op in (Op.AT_LEAST, Op.ABOVE) or target.kind is Kind.INCREASE:
            return 1
        if op in (Op.AT_MOST, Op.BELOW):
            return -1
        if target.kind is Kind.GROWTH and target.goal.rate is not None:
            return (target.goal.rate > 0) - (target.goal.rate < 0)
        goal, base = figures.target_value, figures.base_value
        if goal is None or base is None:
            return 1
        return (goal > base) - (goal < base)

    def reached(self, assessment: Assessment, value: float) -> bool:
        """Whether `value` stands at or beyond the goal's level in the goal's direction (within the tolerance
        of an "about" goal): where a chart draws the goal as reached rather than a path towards it."""
        goal = self.goal_level(assessment)
        if goal is None:
            return False
        op, direction = assessment.target.goal.op, self.direction(assessment)
        if op is Op.ABOVE:
            return value > goal
        if op is Op.BELOW:
            return value < goal
        if op is Op.ABOUT:
            band = abs(goal) * self.dataset.settings.tolerance
            if direction == 0:
                return abs(value - goal) <= band
            return direction * (value - goal) >= -band
        return direction * (value - goal) >= 0

    def chart(self, target: Target, assessment: Assessment) -> Chart | None:
        """Recorded figures up to the report's year (the baseline among them) against the target: the path
        while the goal lies ahead of the figures, the goal's level once a figure has reached it (or when the
        base already meets it, a goal to keep) — never a path running away from the goal."""
        if target.kind is Kind.MILESTONE:
            return None
        unit = display_unit(target.unit, self.lang, target.unit_en)
        figures = assessment.figures
        bars: dict[tuple[int, int | None], ChartBar] = {}
        for actual in target.actuals:
            if actual.value is None or actual.year > self.context.as_of:
                continue
            months = actual.months
            label = cell(actual.value.value, target.unit, self.lang, actual.value.qualifier)
            bars[(actual.year, months)] = ChartBar(
                actual.year, scaled(actual.value.value, unit), label, months, actual.breaks
            )
        baseline = target.baseline
        if baseline is not None and baseline.value is not None and (baseline.year, None) not in bars:
            label = cell(baseline.value.value, target.unit, self.lang, baseline.value.qualifier)
            bars[(baseline.year, None)] = ChartBar(baseline.year, scaled(baseline.value.value, unit), label)
        if not bars:
            return None
        goal = self.goal_level(assessment)
        latest = assessment.latest.value if assessment.latest is not None else None
        met = assessment.status is Status.ACHIEVED or (latest is not None and self.reached(assessment, latest.value))
        base = figures.base_value
        ahead = (
            goal is not None
            and base is not None
            and target.kind is not Kind.INCREASE
            and not self.reached(assessment, base)
        )
        path: list[tuple[int, float]] = []
        if ahead and not met and figures.base_year is not None:
            for year in range(figures.base_year, target.goal.year + 1):
                value = path_value(assessment, year)
                if value is not None:
                    path.append((year, scaled(value, unit)))
        goal_line = scaled(goal, unit) if goal is not None and not path else None
        goal_point = None
        if figures.target_value is not None and target.kind is not Kind.INCREASE:
            goal_point = (target.goal.year, scaled(figures.target_value, unit))
        ordered = tuple(bars[key] for key in sorted(bars, key=lambda key: (key[0], key[1] or 12)))
        drawn = [bar.value for bar in ordered] + [value for _, value in path] + ([goal_point[1]] if goal_point else [])
        if goal_line is not None:
            drawn.append(goal_line)
        if not all(abs(value) < 1e100 for value in drawn):
            return None  # no axis can show such a figure; the tables give it
        start = path[0][0] if path else (baseline.year if baseline is not None else figures.base_year)
        return Chart(
            title=target.display_name(self.lang),
            unit=unit.label,
            bars=ordered,
            path=tuple(path),
            target=goal_point,
            goal=self.goal_words(target),
            lang=self.lang,
            goal_line=goal_line,
            met=met and goal_line is not None,
            start=start,
        )

    # --- context ---

    def context_section(self) -> Section | None:
        dataset, words, lang = self.dataset, self.words, self.lang
        if not dataset.series and not dataset.relations:
            return None
        blocks: list[Block] = []
        for series in dataset.series:
            inner: list[Block] = []
            if series.note:
                inner.append(Paragraph((text(series.note),)))
            inner.append(self.actuals_table(series))
            title = (text(series.display_name(lang)),)
            blocks.append(Section(3, title, _own_anchor(series.id), series.id, tuple(inner)))
        if dataset.relations:
            blocks.append(Section(3, (text(words["relations"]),), "_relations", blocks=(self.relations_table(),)))
            implied = self.implied()
            if implied:
                blocks.append(Section(3, (text(words["implied"]),), "_implied", blocks=(Bullets(tuple(implied)),)))
        return Section(2, (text(words["context"]),), "_context", blocks=tuple(blocks))

    def relation_unit(self, relation: Relation) -> str | None:
        """The unit both sides of a relation are in, when one side is a single figure."""
        units = {figure.id: figure.unit for figure in self.dataset.figures}
        for side in (relation.left, relation.right):
            expr = parse(side)
            if isinstance(expr, Name) and expr.id in units:
                return units[expr.id]
        return None

    def relations_table(self) -> Table:
        words, lang = self.words, self.lang
        rows = []
        unit_of: dict[str, str | None] = {}
        for result in self.context.relation_results:
            relation = result.relation
            if relation.id not in unit_of:
                unit_of[relation.id] = self.relation_unit(relation)
            unit = unit_of[relation.id]

            def side(value: float | None, unit: str | None = unit) -> str:
                if value is None:
                    return "—"
                return cell(value, unit, lang) if unit is not None else number(value, lang, 2)

            verdict = words["holds"] if result.holds else (result.error or words["fails"])
            rows.append(
                (
                    (Run(f"{relation.left} = {relation.right}", code=True),),
                    (text(str(result.year)),),
                    (text(side(result.left)),),
                    (text(side(result.right)),),
                    (text(display_unit(unit, lang).label if unit is not None else "—"),),
                    (text(("✅ " if result.holds else "⚠️ ") + verdict),),
                )
            )
        headers = (words["relation"], words["year"], words["left"], words["right"], words["unit"], words["result"])
        return Table(headers, tuple(rows), "lrrrll", "relations")

    def implied(self) -> list[Inline]:
        """What the targets linked by a relation to one context series imply for it in their target year.

        Each target is a range: ≥ and > are bounded below only, ≤ and < above only, ≈ within its tolerance.
        The implied figure's bounds come from the ends of those ranges that push it down or up (found by the
        sign of its change with each target); where a needed end is open, that side is unbounded."""
        dataset, lang, words = self.dataset, self.lang, self.words
        tolerance = dataset.settings.tolerance
        position = {a.target.id: index for index, a in enumerate(self.context.assessments)}
        goals = {a.target.id: a for a in self.context.assessments if a.figures.target_value is not None}
        series_by_id = {series.id: series for series in dataset.series}
        lines: list[Inline] = []
        for relation in dataset.relations:
            left, right = parse(relation.left), parse(relation.right)
            if isinstance(left, ExpressionError) or isinstance(right, ExpressionError):
                continue
            involved = names(left) | names(right)
            unknowns = [name for name in involved if name in series_by_id]
            targets = sorted((goals[name] for name in involved if name in goals), key=lambda a: position[a.target.id])
            if len(unknowns) != 1 or len(targets) != len(involved) - 1 or not targets:
                continue
            years = {a.target.goal.year for a in targets}
            if len(years) != 1:
                continue
            (year,) = years
            series = series_by_id[unknowns[0]]
            bounds = _implied_bounds(relation, series.id, targets, tolerance)
            if bounds is None:
                continue
            centre, low, high = bounds
            target_runs: list[Run] = []
            for index, a in enumerate(targets):
                if index:
                    target_runs.append(text(words["and"]))
                target_runs += [self.target_link(a.target), text(" " + self.goal_phrase(a))]

            def shown(value: float, unit: str = series.unit) -> str:
                return phrase(value, unit, lang)

            series_name = series.display_name(lang)
            all_about = all(a.target.goal.op is Op.ABOUT for a in targets)
            if low is None and high is None:
                sentence = words["nothing_follows"].format(
                    targets="\0", series=series_name, year=year, why=words["why_open"]
                )
            elif low is not None and high is not None:
                key = "implied_band" if all_about and low != high else "implied_exact"
                sentence = words[key].format(
                    targets="\0",
                    series=series_name,
                    value=shown(centre),
                    year=year,
                    tolerance=f"{tolerance:.0%}",
                    low=shown(low),
                    high=shown(high),
                )
            elif low is not None:
                sentence = words["implied_at_least"].format(targets="\0", series=series_name, low=shown(low), year=year)
            else:
                assert high is not None
                sentence = words["implied_at_most"].format(
                    targets="\0", series=series_name, high=shown(high), year=year
                )
            recorded = next((a.value for a in series.actuals if a.year == year and a.value is not None), None)
            if recorded is not None:
                sentence += words["recorded"].format(
                    value=phrase(recorded.value, series.unit, lang, recorded.qualifier)
                )
            before, after = sentence.split("\0")
            lines.append((text(before), *target_runs, text(after)))
        return lines

    def goal_phrase(self, assessment: Assessment) -> str:
        """The target with its unit, for running text: "≥ 20% (2025)", "> 1,000 billion yuan (2025)"."""
        target, goal = assessment.target, assessment.target.goal
        if target.kind is Kind.MILESTONE or (goal.value is None and target.kind is Kind.LEVEL):
            return self.goal_text(assessment)
        return self.goal_words(target)

    # --- sources, method, glossary ---

    def sources(self) -> Section:
        words, lang = self.words, self.lang
        supports: dict[str, dict[str, None]] = {source_id: {} for source_id in self.known_sources}
        kinds: dict[str, int] = {}
        for figure in self.dataset.figures:
            for _, citation in iter_citations(figure):
                if citation.source in supports:
                    supports[citation.source][figure.id] = None  # an ordered set: first citation first
                    kind = self.known_sources[citation.source].kind or ""
                    kinds[kind] = kinds.get(kind, 0) + 1
        total = sum(kinds.values())
        unknown = total - sum(kinds.get(kind, 0) for kind in ("official", "press", "repost"))
        summary = words["evidence_sources"].format(
            total=total,
            official=kinds.get("official", 0),
            press=kinds.get("press", 0),
            repost=kinds.get("repost", 0),
            unknown=words["evidence_unknown"].format(count=unknown) if unknown else "",
        )
        rows = []
        figure_names = {figure.id: figure for figure in self.dataset.figures}
        for source in self.known_sources.values():
            if source.path is not None:
                document: Inline = (Run(source.path, href=file_href(self.context.link_prefix, source.path)),)
            elif source.url is not None:
                document = (Run(source.url, href=web_href(source.url)),)
            else:
                document = (text("—"),)
            supported: list[Run] = []
            for index, figure_id in enumerate(supports[source.id]):
                if index:
                    supported.append(text(", "))
                href = anchor_href(figure_id) if figure_id in self.shown else None
                supported.append(Run(figure_id, href=href) if figure_id in figure_names else text(figure_id))
            rows.append(
                (
                    (Run(source.id, code=True),),
                    (text(source.title or "—"),),
                    (text(kind_name(source.kind, lang)),),
                    (text(source.published or "—"),),
                    document,
                    (Run(f"{source.sha256[:12]}…", code=True),) if source.sha256 else (text("—"),),
                    tuple(supported) or (text("—"),),
                )
            )
        headers = (
            words["source"],
            words["title"],
            words["kind"],
            words["published"],
            words["document"],
            "sha256",
            words["supports"],
        )
        blocks = (Paragraph((text(summary),)), Table(headers, tuple(rows), "lllllll", "sources"))
        return Section(2, (text(words["sources"]),), "_sources", blocks=blocks)

    def method(self) -> Section:
        words, lang, settings = self.words, self.lang, self.dataset.settings
        colon = ". " if lang == "en" else "。"
        blocks: list[Block] = [
            Paragraph((Run(term + colon, strong=True), *prose(explanation)))
            for term, explanation in method(lang, settings)
        ]
        symbols = (
            words["symbol_dash"],
            words["symbol_question"],
            words["symbol_qualifiers"],
            words["symbol_part_year"],
        )
        blocks += [Paragraph((Run(words["symbols"], strong=True),)), Bullets(tuple((text(s),) for s in symbols))]
        rows = tuple(
            ((self.status_run(status), text(" "), Run(status, code=True)), (text(meaning),))
            for status, meaning in glossary(lang, settings)
            if status in {s.value for s in Status}
        )
        glossary_table = Table((words["status"], words["meaning"]), rows, "ll", "glossary")
        return Section(
            2,
            (text(words["method"]),),
            "_method",
            blocks=(*blocks, Section(3, (text(words["glossary"]),), "_glossary", blocks=(glossary_table,))),
        )


def _with_code(template: str, version: str, data: str, sha: str) -> Inline:
    """The "generated by" line, the data file's name and hash as code."""
    before, rest = template.format(version=version, data="\0", sha="\0").split("\0", 1)
    middle, after = rest.split("\0", 1)
    return (text(before), Run(data, code=True), text(middle), Run(sha, code=True), text(after))


def _join_notes(notes: list[str], lang: str) -> str:
    """Notes one after another, with a separator only where a note does not already end a sentence."""
    joined = ""
    for note in notes:
        if joined:
            ended = joined.rstrip()[-1:] in ".;。；!?！？"
            joined += (" " if lang == "en" else "") if ended else ("; " if lang == "en" else "；")
        joined += note
    return joined


def _trend_value(assessment: Assessment) -> str | None:
    return assessment.trend.value if assessment.trend is not None else None


def _explain(reason: Reason, lang: str) -> str:
    return explain(reason, lang)


# --- what a relation implies --------------------------------------------------------------------------------


def _target_range(assessment: Assessment, tolerance: float) -> tuple[float | None, float | None]:
    """The values a target allows for its figure: (low, high), None where open."""
    target, figures = assessment.target, assessment.figures
    value = figures.target_value
    assert value is not None
    op = target.goal.op
    if op is Op.ABOUT:
        if target.kind is Kind.GROWTH and target.goal.rate is not None and figures.base_value is not None:
            years = target.goal.year - (figures.base_year or target.goal.year)
            ends = [
                figures.base_value * (1 + target.goal.rate * (1 + s) / 100) ** years for s in (-tolerance, tolerance)
            ]
        else:
            ends = [value * (1 - tolerance), value * (1 + tolerance)]
        return min(ends), max(ends)
    if op in (Op.AT_LEAST, Op.ABOVE):
        return value, None
    return None, value


def _implied_bounds(
    relation: Relation, unknown: str, targets: Sequence[Assessment], tolerance: float
) -> tuple[float, float | None, float | None] | None:
    """(value at the targets, low, high) for `unknown`; None when the relation cannot be solved for it."""
    nominal = {a.target.id: a.figures.target_value for a in targets if a.figures.target_value is not None}
    centre = solve_for(relation, unknown, nominal)
    if centre is None or not math.isfinite(centre):
        return None
    low_at, high_at = dict(nominal), dict(nominal)
    low_open = high_open = False
    for assessment in targets:
        name = assessment.target.id
        step = max(abs(nominal[name]), 1.0) * 1e-6
        moved = solve_for(relation, unknown, {**nominal, name: nominal[name] + step})
        if moved is None or not math.isfinite(moved):
            return None
        change = moved - centre
        if abs(change) <= abs(centre) * 1e-12:
            continue  # this target does not move the implied figure
        low, high = _target_range(assessment, tolerance)
        pushes_down, pushes_up = (low, high) if change > 0 else (high, low)
        if pushes_down is None:
            low_open = True
        else:
            low_at[name] = pushes_down
        if pushes_up is None:
            high_open = True
        else:
            high_at[name] = pushes_up
    low_value = None if low_open else solve_for(relation, unknown, low_at)
    high_value = None if high_open else solve_for(relation, unknown, high_at)
    return centre, _finite(low_value), _finite(high_value)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


__all__ = [
    "Block",
    "Bullets",
    "Chart",
    "ChartBar",
    "Document",
    "Paragraph",
    "Quote",
    "ReportContext",
    "Run",
    "Section",
    "Table",
    "build",
]
