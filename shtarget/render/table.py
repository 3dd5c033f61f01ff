"""`--format table`: the terminal dashboard, laid out for the width it is given.

No figure, year, id or status word is ever split across lines (see `layout`). The widest layout has the
columns id, target, baseline, latest, goal, progress, growth/yr and status; as the width shrinks these steps
are taken in order until the table fits and most names fit whole (README lists the same order):

1. the baseline column is dropped;
2. the id column merges into the target column (the id leads the name);
3. the progress bar shortens from 10 cells to 5;
4. latest and goal merge into one column, the goal below the latest figure;
5. the progress bar is dropped (the percentage stays).

Below `TABLE_MIN_WIDTH` columns, or when no step lets most names fit whole, each target becomes a block of
its own (`compact`): its name and status on one line, then its id, latest → goal, progress and the one rate
that matters. The layout is chosen once for the whole screen: every plan's block has the same columns, widths
and status position. A legend in the report's language, explaining every column shown, follows unless
`legend` is off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from shtarget.assess import count_statuses
from shtarget.model import Assessment, Quantity, Series, Status
from shtarget.render import StatusReport
from shtarget.render.labels import figure_text, goal_figure, met_word, percent, period_text, trend_phrase
from shtarget.render.layout import (
    HARD_BREAK,
    Atom,
    Cell,
    Column,
    Line,
    atom,
    cell,
    fit,
    flow,
    group,
    header_lines,
    line_width,
    phrases,
    row_lines,
    rstrip,
    single_width,
    styled_atom,
    to_text,
    width,
    words,
)
from shtarget.render.words import draft_word, status_word, valueless_word

STATUS_STYLES = {
    Status.ACHIEVED: "bold green",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "yellow",
    Status.OFF_TRACK: "red",
    Status.MOVING_AWAY: "bold red",
    Status.MISSED: "bold red",
    Status.INCONCLUSIVE: "magenta",
    Status.AWAITING_DATA: "cyan",
    Status.NO_DATA: "dim",
    Status.NOT_STARTED: "dim",
}
TABLE_MIN_WIDTH = 90
TWO_LINE_WIDTH = 100  # from this width up, a target never takes more than two lines
NAME_LINES = 2  # a target's name wraps to at most this many lines in the table, then ends in "…"
NAME_LEAST = 24  # the narrowest the target column gets beside its own id column

HEADERS = {
    "zh": {
        "id": "编号",
        "name": "指标",
        "baseline": "基期",
        "latest": "最新",
        "goal": "目标",
        "latest_goal": "最新 → 目标",
        "progress": "进度",
        "growth": "年增速",
        "status": "状态",
    },
    "en": {
        "id": "ID",
        "name": "Target",
        "baseline": "Baseline",
        "latest": "Latest",
        "goal": "Goal",
        "latest_goal": "Latest → goal",
        "progress": "Progress",
        "growth": "Growth/yr",
        "status": "Status",
    },
}

LEGEND = {
    "zh": {
        "signs": "说明：数字前的 超/约/近 表示实际值高于/约为/接近所写数字，≥ > ≈ ≤ < 是目标的比较方式；"
        "? 数值未公布；— 无法计算；✓ 已达到目标。",
        "id": "编号：供 shtarget show 查看详情的指标编号。",
        "id_name": "指标：编号（供 shtarget show 查看详情）与名称。",
        "baseline": "基期：规划起点的数值及其年份。",
        "latest": "最新：最近记录的数值及其年份（不足一年的数据注明月份）。",
        "goal": "目标：规划设定的目标及其年份。",
        "latest_goal": "最新 → 目标：最近记录的数值及其年份（不足一年的数据注明月份），其下为目标及其年份。",
        "progress": "进度：从基期到目标已走过的比例。",
        "growth": "年增速：达到目标还需的年均增速 / 基期以来实际的年均增速。",
        "compact": "每项名称下依次为：编号，最新值 → 目标，进度（百分比：从基期到目标已走过的比例），"
        "需：达到目标还需的年均增速，或 实：基期以来实际的年均增速。",
        "status": "状态：有目标年的数据时据此判定；此前按实际增速与达标路径所需增速之比判断"
        "（≥{on_track} 进展顺利，≥{at_risk} 存在风险，≥0 进度落后，<0 背离目标），基期已达到的目标"
        "（需保持的底线或上限）仍保持为进展顺利，不再保持为背离目标；"
        "期限已过而尚无目标年数据时为“待最终数据”，并注明此前数据显示的趋势。",
        "years": "每格为该年记录的数值（没有实际值时为基期值）；空白表示该年没有记录；末列为目标。"
        "宽度不够时先省去较早的年份。",
    },
    "en": {
        "signs": "Legend: > over, ~ about, < under the figure written; ≥ > ≈ ≤ < how the goal compares; "
        "? value not stated; — cannot be computed; ✓ goal met.",
        "id": "ID: the target's id, for shtarget show.",
        "id_name": "Target: the target's id (for shtarget show), then its name.",
        "baseline": "Baseline: the figure the plan starts from, and its year.",
        "latest": "Latest: the newest figure recorded and its year (a part-year figure with its months).",
        "goal": "Goal: what the plan aims for, and by when.",
        "latest_goal": "Latest → goal: the newest figure recorded and its year (a part-year figure with its "
        "months), above the goal and its year.",
        "progress": "Progress: the share of the way from the baseline to the goal.",
        "growth": "Growth/yr: the yearly growth still needed to reach the goal / the yearly growth achieved since "
        "the baseline.",
        "compact": "Under each name: the id, latest → goal, the progress (a percentage: the share of the way from "
        "the baseline to the goal), and needs: the yearly growth still needed to reach the goal, or grew: the "
        "yearly growth achieved since the baseline.",
        "status": "Status: a figure for the goal's year decides; before that year, the ratio of actual growth to "
        "the growth the path to the goal needs (≥ {on_track} on-track, ≥ {at_risk} at-risk, ≥ 0 off-track, "
        "< 0 moving-away), and a goal the baseline already met (a floor or cap to keep) is on-track while it "
        "holds, moving-away once it does not; past the deadline without that figure, awaiting-data, with the "
        "trend the last figures showed.",
        "years": "Each cell is the figure recorded for that year (the baseline where no actual is recorded); "
        "blank: nothing recorded; the last column is the goal. When the width is short the oldest years go first.",
    },
}
NO_MATCH = {"zh": "没有符合条件的目标", "en": "no target matches"}


@dataclass(frozen=True)
class _Layout:
    """One step of the narrowing sequence."""

    baseline: bool
    id_column: bool
    bar_cells: int
    merge_latest_goal: bool


LAYOUTS = (
    _Layout(baseline=True, id_column=True, bar_cells=10, merge_latest_goal=False),
    _Layout(baseline=False, id_column=True, bar_cells=10, merge_latest_goal=False),
    _Layout(baseline=False, id_column=False, bar_cells=10, merge_latest_goal=False),
    _Layout(baseline=False, id_column=False, bar_cells=5, merge_latest_goal=False),
    _Layout(baseline=False, id_column=False, bar_cells=5, merge_latest_goal=True),
    _Layout(baseline=False, id_column=False, bar_cells=0, merge_latest_goal=True),
)


@dataclass(frozen=True)
class _Screen:
    """The one table layout of a `status` screen: its columns (named by `keys`), their widths, and every
    target's row (by the assessment's identity), laid out in every plan's block alike."""

    keys: tuple[str, ...]
    columns: tuple[Column, ...]
    widths: tuple[int, ...]
    rows: dict[int, list[Cell]]

    def lines(self, assessments: Sequence[Assessment]) -> list[Line]:
        lines = header_lines(self.columns, self.widths)
        for assessment in assessments:
            lines += row_lines(self.columns, self.rows[id(assessment)], self.widths)
        return lines


def render(report: StatusReport) -> str:
    lang = "en" if report.lang == "en" else "zh"
    room = report.width
    lines: list[Line] = [*title_lines(report.title, report.as_of, lang, room), ()]
    screen = _screen(report.assessments, lang, room)  # None: a block per target
    # A heading per plan whenever the data holds several (the 14th and the 15th Plan's targets read apart,
    # and a filter by plan or status still says whose targets these are).
    headings = len(report.plans) > 1 or len(by_plan(report.assessments)) > 1
    for plan_id, members in by_plan(report.assessments):
        if headings:
            lines += flow(words(plan_heading(report, plan_id, lang), "bold"), room)
        lines += screen.lines(members) if screen is not None else _compact(members, lang, room)
        lines.append(())
    lines += _summary(report.assessments, lang, room)
    if report.series:
        lines += [(), *series_lines(report.series, report.as_of, lang, room)]
    if report.legend and report.assessments:
        columns = ("compact",) if screen is None else legend_columns(screen.keys)
        lines += [(), *legend_lines(report, lang, room, ("signs", columns, "status"))]
    return to_text(lines, report.color)


def legend_columns(keys: Sequence[str]) -> tuple[str, ...]:
    """The legend entries for the columns `keys` names: every column shown but the name (and the status,
    which has a paragraph of its own)."""
    entries = [key for key in keys if key not in ("name", "status")]
    return ("id_name", *entries) if "id" not in keys else tuple(entries)


def by_plan(assessments: Sequence[Assessment]) -> list[tuple[str, list[Assessment]]]:
    """The assessments grouped by plan, plans in the order they first appear, targets in file order."""
    groups: dict[str, list[Assessment]] = {}
    for assessment in assessments:
        groups.setdefault(assessment.target.plan, []).append(assessment)
    return list(groups.items())


def plan_heading(report: StatusReport, plan_id: str, lang: str) -> str:
    plan = report.plans.get(plan_id)
    if plan is None:
        return plan_id
    name = plan.name_en if lang == "en" and plan.name_en else plan.name
    period = f" ({plan.period[0]}–{plan.period[1]})" if plan.period else ""
    return f"{name}{period}"


def title_lines(title: str, as_of: int, lang: str, room: int) -> list[Line]:
    """The title and the year, broken only at a " — " where the line is short."""
    suffix = f"as of {as_of}" if lang == "en" else f"截至{as_of}年"
    return flow(phrases(f"{title} — {suffix}", room, "bold"), room)


def legend_lines(report: StatusReport, lang: str, room: int, parts: Sequence[str | Sequence[str]]) -> list[Line]:
    """The legend's paragraphs named in `parts` ("signs", "compact", "status", "years"; a tuple of column
    keys for one paragraph explaining those columns)."""
    settings = report.settings
    lines: list[Line] = []
    for part in parts:
        entries = (part,) if isinstance(part, str) else part
        text = ("" if lang == "zh" else " ").join(LEGEND[lang][entry] for entry in entries)
        text = text.format(on_track=f"{settings.on_track:.2f}", at_risk=f"{settings.at_risk:.2f}")
        if text:
            lines += flow(words(text, "dim"), room)
    return lines


# --- the table ------------------------------------------------------------------------------------------


def _screen(assessments: Sequence[Assessment], lang: str, room: int) -> _Screen | None:
    """The widest layout that fits `room` with every target's row and lets most names fit whole, or None
    when there is none: then a block per target gives the names the width."""
    if room < TABLE_MIN_WIDTH or not assessments:
        return None
    headers = HEADERS[lang]
    longest_id = max(width(a.target.id) for a in assessments)
    longest_name = max(width(a.target.display_name(lang)) for a in assessments)
    name_least = min(NAME_LEAST, longest_name)
    made: dict[tuple[int, str, object], Cell] = {}  # most cells are the same in every layout: made once
    for layout in LAYOUTS:
        columns: list[Column] = []
        keys: list[str] = []
        if layout.id_column:
            columns.append(Column(headers["id"]))
            keys.append("id")
            name = Column(headers["name"], max_lines=NAME_LINES, flexible=True, least=name_least)
        else:  # the id leads the name: the column holds the longest id on a line of its own at least
            name = Column(headers["name"], max_lines=NAME_LINES, flexible=True, least=max(longest_id, name_least))
        columns.append(name)
        keys.append("name")
        if layout.baseline:
            columns.append(Column(headers["baseline"], align="right"))
            keys.append("baseline")
        if layout.merge_latest_goal:
            columns.append(Column(headers["latest_goal"], align="right", max_lines=2))
            keys.append("latest_goal")
        else:
            columns.append(Column(headers["latest"], align="right"))
            columns.append(Column(headers["goal"], align="right"))
            keys += ["latest", "goal"]
        columns.append(Column(headers["progress"]))
        # Where rows take two lines anyway (latest above goal), needed growth may sit above actual growth,
        # and the trend below the status, leaving the room to the names.
        two = layout.merge_latest_goal
        columns.append(Column(headers["growth"], align="right", max_lines=2 if two else 1, widen=not two))
        columns.append(Column(headers["status"], max_lines=2, widen=not two))
        keys += ["progress", "growth", "status"]
        rows = [_cells(assessment, lang, layout, keys, made) for assessment in assessments]
        fitted = fit(columns, rows, room)
        if fitted is not None and fitted.comfortable:
            by_target = {id(assessment): row for assessment, row in zip(assessments, rows, strict=True)}
            return _Screen(tuple(keys), tuple(columns), tuple(fitted.widths), by_target)
    return None


def _cells(
    assessment: Assessment, lang: str, layout: _Layout, keys: Sequence[str], made: dict[tuple[int, str, object], Cell]
) -> list[Cell]:
    """The row's cells named by `keys`; `made` keeps the cells of earlier layouts, by what they depend on."""

    def content(key: str, variant: object, make: Callable[[], Cell]) -> Cell:
        found = made.get((id(assessment), key, variant))
        if found is None:
            found = made[(id(assessment), key, variant)] = make()
        return found

    target = assessment.target

    def name() -> Cell:
        plain = content("words", None, lambda: words(target.display_name(lang)))
        return plain if layout.id_column else (atom(target.id, "dim"), *_glued(plain, "  "))

    def latest_goal() -> Cell:
        latest = content("latest", None, lambda: latest_cell(assessment, lang))
        goal = content("goal", None, lambda: goal_cell(assessment, lang))
        return (*latest, atom("→", glue=HARD_BREAK), *_glued(goal, " "))

    row: dict[str, Callable[[], Cell]] = {
        "id": lambda: (atom(target.id, "dim"),),
        "name": name,
        "baseline": lambda: baseline_cell(assessment, lang),
        "latest": lambda: latest_cell(assessment, lang),
        "goal": lambda: goal_cell(assessment, lang),
        "latest_goal": latest_goal,
        "progress": lambda: progress_cell(assessment, lang, layout.bar_cells),
        "growth": lambda: growth_cell(assessment),
        "status": lambda: status_cell(assessment, lang),
    }
    variants: dict[str, object] = {"name": layout.id_column, "progress": layout.bar_cells}
    return [content(key, variants.get(key), row[key]) for key in keys]


def _glued(content: Cell, glue: str) -> Cell:
    """`content` with its first atom joined to what precedes it by `glue`."""
    if not content:
        return content
    first = content[0]
    return (first._replace(glue=glue), *content[1:])


def _figure(quantity: Quantity | None, unit: str, lang: str, unit_en: str | None = None) -> str:
    return "?" if quantity is None else figure_text(quantity, unit, lang, unit_en)


def baseline_cell(assessment: Assessment, lang: str) -> Cell:
    baseline = assessment.target.baseline
    if baseline is None:
        return cell("—")
    target = assessment.target
    return cell(_figure(baseline.value, target.unit, lang, target.unit_en), f"({baseline.year})")


def latest_cell(assessment: Assessment, lang: str) -> Cell:
    """The latest full-year figure; with none, the newest part-year figure, marked with the months it covers."""
    latest = assessment.latest or assessment.part_year
    if latest is None:
        return cell("—")
    target = assessment.target
    shown = (
        valueless_word(latest.done, latest.rate, lang)
        if latest.value is None
        else _figure(latest.value, target.unit, lang, target.unit_en)
    )
    return cell(shown, period_text(latest, lang))


def goal_cell(assessment: Assessment, lang: str) -> Cell:
    return cell(goal_figure(assessment.target, lang), f"({assessment.target.goal.year})")


def progress_cell(assessment: Assessment, lang: str, bar_cells: int) -> Cell:
    """A bar and the share of the way done; a met target shows a full bar and ✓ (never "536%")."""
    progress = assessment.figures.progress
    achieved = assessment.status is Status.ACHIEVED
    if achieved:
        label = met_word(progress, lang)
        share = 1.0
    elif progress is None:
        return cell("—")
    else:
        label = f"{progress:.0%}".rjust(4)
        share = max(0.0, min(1.0, progress))
    if bar_cells == 0:
        return (atom(label, "green" if achieved else ""),)
    filled = round(share * bar_cells)
    bar = styled_atom((("█" * filled, "green"), ("░" * (bar_cells - filled), "dim")))
    return (bar, atom(label, "green" if achieved else ""))


def growth_cell(assessment: Assessment) -> Cell:
    """Needed / actual yearly growth; a met target, or one whose latest figure is past the level the goal
    needs, needs nothing more (✓, never a negative "needed" growth)."""
    figures = assessment.figures
    if assessment.status is Status.ACHIEVED or nothing_needed(assessment):
        return cell("✓ /", percent(figures.actual_growth))
    if figures.required_growth is None and figures.actual_growth is None:
        return cell("—")
    return cell(f"{percent(figures.required_growth)} /", percent(figures.actual_growth))


def nothing_needed(assessment: Assessment) -> bool:
    """Whether the latest figure already meets the goal, or is past the level it sets: assess then gives no
    needed growth (rather than a negative one) although growth towards the goal could be computed."""
    figures, latest = assessment.figures, assessment.latest
    if figures.required_growth is not None or figures.gap is None or figures.target_value is None:
        return False
    if latest is None or latest.value is None or latest.year >= assessment.target.goal.year:
        return False
    return latest.value.value > 0 and figures.target_value > 0  # otherwise growth is undefined, not unneeded


def status_cell(assessment: Assessment, lang: str) -> Cell:
    """The status word; past the deadline without a final figure, also what the last figures' trend implied."""
    status = assessment.status
    content: Cell = (atom(status_word(status, lang), STATUS_STYLES[status]),)
    if assessment.target.draft:  # proposed by `extract`, not reviewed: never to be read as a reviewed target
        content = (atom(draft_word(lang), "dim"), *content)
    if status is Status.AWAITING_DATA and assessment.trend is not None:
        content = (*content, atom("·" + " " + trend_phrase(assessment.trend, lang), STATUS_STYLES[assessment.trend]))
    return content


# --- compact: one block per target ------------------------------------------------------------------------


def _compact(assessments: Sequence[Assessment], lang: str, room: int) -> list[Line]:
    """A block per target. From `TWO_LINE_WIDTH` up every block takes two lines: id, name and status, then
    latest → goal, progress and rate (the rate, then the progress, left out when they do not fit). Below
    that: name and status, then the id and the rest, wrapped."""
    lines: list[Line] = []
    for assessment in assessments:
        target = assessment.target
        status = status_cell(assessment, lang)
        status_lines = flow(status, room)
        status_width = max(line_width(line) for line in status_lines)
        name = words(target.display_name(lang), "bold")
        two_lines = room >= TWO_LINE_WIDTH
        head = (atom(target.id, "dim"), *_glued(name, "  ")) if two_lines else name
        head_room = room - status_width - 2
        if head_room >= min(single_width(head), 8) and len(status_lines) == 1:
            (head_line, *_) = flow(head, head_room, max_lines=1)
            padding = room - line_width(head_line) - status_width
            lines.append(rstrip((*head_line, (" " * padding, ""), *status_lines[0])))
        else:
            lines += flow(head, room, max_lines=1)
            lines += status_lines
        essential, optional = _compact_details(assessment, lang, room - 4)
        if two_lines:  # the progress and rate come along while the line has room for them
            details = essential
            for item in optional:
                if single_width((*details, item)) <= room - 2:
                    details = (*details, item)
            lines += [rstrip((("  ", ""), *line)) for line in flow(details, room - 2, indent=2)]
        else:
            body = (atom(target.id, "dim"), *essential, *optional)
            lines += [rstrip((("  ", ""), *line)) for line in flow(body, room - 2, indent=2)]
    return lines


def _compact_details(assessment: Assessment, lang: str, room: int) -> tuple[Cell, Cell]:
    """Latest → goal (each kept on one line where it fits), and the progress and the one rate that matters."""
    essential = (
        *_glued(group(latest_cell(assessment, lang), room), "  "),
        *_glued(group((atom("→"), *goal_cell(assessment, lang)), room), "  "),
    )
    optional: list[Atom] = []
    progress = progress_cell(assessment, lang, 0)
    if progress[0].text != "—":
        style = "green" if assessment.status is Status.ACHIEVED else ""
        optional.append(atom(progress[0].text.strip(), style, glue="  "))
    rate = _rate_that_matters(assessment, lang)
    if rate:
        optional.append(atom(rate, glue="  "))
    return essential, tuple(optional)


def _rate_that_matters(assessment: Assessment, lang: str) -> str:
    """The growth still needed while there is a goal to reach; once met or missed, the growth achieved."""
    figures = assessment.figures
    settled = assessment.status in (Status.ACHIEVED, Status.MISSED, Status.INCONCLUSIVE)
    if not settled and figures.required_growth is not None and not nothing_needed(assessment):
        return (
            f"needs {percent(figures.required_growth)}/yr"
            if lang == "en"
            else f"需年增{percent(figures.required_growth)}"
        )
    if figures.actual_growth is not None:
        return (
            f"grew {percent(figures.actual_growth)}/yr" if lang == "en" else f"实年增{percent(figures.actual_growth)}"
        )
    return ""


# --- summary and context series ---------------------------------------------------------------------------


def _summary(assessments: Sequence[Assessment], lang: str, room: int) -> list[Line]:
    counts = count_statuses(assessments)
    total = len(assessments)
    if not total:  # a filter (--plan, --status) that nothing passed
        return flow(words(NO_MATCH[lang]), room)
    head = f"{total} targets:" if lang == "en" else f"共 {total} 项目标："
    shown = [(Status(name), count) for name, count in counts.items() if count]
    content: list[Atom] = [atom(head)]
    for index, (status, count) in enumerate(shown):
        separator = "," if lang == "en" and index < len(shown) - 1 else ("，" if index < len(shown) - 1 else "")
        glue = " " if lang == "en" else ""
        content.append(atom(f"{count} {status_word(status, lang)}{separator}", STATUS_STYLES[status], glue=glue))
    return flow(tuple(content), room)


def series_lines(series: Sequence[Series], as_of: int, lang: str, room: int) -> list[Line]:
    """Context figures: a block per series, its name, then its id and most recent figures."""
    lines: list[Line] = flow(words("Context series" if lang == "en" else "背景数据", "bold"), room)
    for item in series:
        lines += flow(words(item.display_name(lang)), room, max_lines=1)
        recent = [a for a in item.actuals if a.value is not None and a.year <= as_of][-4:]
        figures: list[Atom] = [atom(item.id, "dim")]
        for actual in reversed(recent):
            if actual.value is not None:
                figures.append(atom(f"{actual.year}: {figure_text(actual.value, item.unit, lang)}", glue="  "))
        if not recent:
            figures.append(atom("—", glue="  "))
        lines += [rstrip((("  ", ""), *line)) for line in flow(tuple(figures), room - 2)]
    return lines
