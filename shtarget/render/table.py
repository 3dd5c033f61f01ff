"""`--format table`: the terminal dashboard, drawn with Rich into a string."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from shtarget.assess import count_statuses
from shtarget.model import Assessment, Status
from shtarget.quantity import format_quantity, unit_label
from shtarget.render import StatusReport
from shtarget.render.labels import baseline_text, describe_goal, growth_pair, latest_text, status_word

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
}
BAR_CELLS = 10

HEADERS = {
    "zh": ("目标", "单位", "基期", "最新", "目标值", "进度", "所需/实际年增速", "状态"),
    "en": ("Target", "Unit", "Baseline", "Latest", "Target", "Progress", "Growth needed / actual", "Status"),
}


def render(report: StatusReport) -> str:
    lang = "en" if report.lang == "en" else "zh"
    table = Table(title=Text(f"{report.title} — as of {report.as_of}"), title_justify="left", expand=False)
    for index, header in enumerate(HEADERS[lang]):
        table.add_column(header, justify="right" if 2 <= index <= 6 else "left", overflow="fold")
    for assessment in report.assessments:
        table.add_row(*_cells(assessment, lang))
    out = io.StringIO()
    console = Console(
        file=out,
        width=report.width,
        force_terminal=report.color,
        no_color=not report.color,
        color_system="standard" if report.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(table)
    console.print(_summary(report.assessments, lang))
    if report.series:
        console.print(_series_table(report, lang))
    return out.getvalue()


def _series_table(report: StatusReport, lang: str) -> Table:
    """Context figures, one row each with its most recent values."""
    title = "Context series" if lang == "en" else "背景数据"
    table = Table(title=Text(title), title_justify="left")
    table.add_column("Series" if lang == "en" else "指标")
    table.add_column("Unit" if lang == "en" else "单位")
    table.add_column("Latest figures" if lang == "en" else "最近数据")
    for series in report.series:
        recent = [a for a in series.actuals if a.value is not None and a.year <= report.as_of][-4:]
        figures = ", ".join(
            f"{a.year}: {format_quantity(a.value.value, series.unit, lang, a.value.qualifier)}"
            for a in recent
            if a.value is not None
        )
        table.add_row(Text(series.display_name(lang)), Text(unit_label(series.unit, lang)), Text(figures or "—"))
    return table


def _cells(assessment: Assessment, lang: str) -> tuple[Text, ...]:
    """Every cell is a `Text`, so a name containing "[red]" is printed as written, never as markup."""
    target, figures = assessment.target, assessment.figures
    return (
        Text(target.display_name(lang)),
        Text(unit_label(target.unit, lang)),
        Text(baseline_text(assessment, lang)),
        Text(latest_text(assessment, lang)),
        Text(describe_goal(assessment, lang)),
        _progress_bar(figures.progress),
        Text(growth_pair(figures.required_growth, figures.actual_growth)),
        Text(status_word(assessment.status, lang), style=STATUS_STYLES[assessment.status]),
    )


def _progress_bar(progress: float | None) -> Text:
    if progress is None:
        return Text("—")
    filled = round(max(0.0, min(1.0, progress)) * BAR_CELLS)
    bar = Text("█" * filled, style="green")
    bar.append("░" * (BAR_CELLS - filled), style="dim")
    bar.append(f" {progress:.0%}".rjust(5))
    return bar


def _summary(assessments: tuple[Assessment, ...], lang: str) -> Text:
    counts = count_statuses(assessments)
    summary = Text(f"{len(assessments)} targets: " if lang == "en" else f"共 {len(assessments)} 项目标：")
    shown = [(Status(name), count) for name, count in counts.items() if count]
    for index, (status, count) in enumerate(shown):
        if index:
            summary.append(", " if lang == "en" else "，")
        summary.append(f"{count} {status_word(status, lang)}", style=STATUS_STYLES[status])
    return summary
