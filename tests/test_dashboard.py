"""The terminal views a person reads — `status`, `status --years`, `list`, `sources list` — at every width.

Every test runs the real `shtarget` and measures what it printed: no line wider than the terminal (display
width: a CJK character takes two columns), no trailing spaces, every id, status word and figure whole on
one line, and from 100 columns up at most two lines per target.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from test_cli import assert_no_traceback, run

from conftest import FIXTURES, REPO
from shtarget.assess import assess_dataset
from shtarget.load import load_file
from shtarget.model import Assessment, Dataset, Series, Status, Target
from shtarget.render.labels import figure_text, goal_figure, trend_phrase
from shtarget.render.words import status_word

WIDTHS = (60, 80, 100, 120, 160, 200)
LANGS = ("zh", "en")
SHIPPED = REPO / "targets.yaml"
WIDE = FIXTURES / "wide.yaml"
DATA = {"shipped": (SHIPPED, 2026), "wide": (WIDE, 2024)}


def dataset(path: Path) -> Dataset:
    result = load_file(path)
    assert result.dataset is not None and not result.errors
    return result.dataset


def shown(args: tuple[str, ...], width: int) -> list[str]:
    result = run(*args, env={"COLUMNS": str(width)})
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    assert result.stderr == ""
    return result.stdout.splitlines()


def assert_fits(lines: list[str], width: int) -> None:
    for line in lines:
        assert cell_len(line) <= width, (width, cell_len(line), line)
        assert line == line.rstrip(), repr(line)


def whole(lines: list[str], text: str) -> bool:
    """`text` appears on one line, not run into a longer (Latin) word or number."""
    before = r"(?<![A-Za-z0-9.,-])" if re.match(r"[A-Za-z0-9]", text) else ""
    after = r"(?![A-Za-z0-9,-]|\.\d)" if re.search(r"[A-Za-z0-9]$", text) else ""
    return any(re.search(before + re.escape(text) + after, line) for line in lines)


def id_lines(lines: list[str], ids: list[str]) -> list[int]:
    """The line each id first stands on (as a word of its own), in the order given."""
    found = []
    start = 0
    for figure_id in ids:
        pattern = re.compile(rf"(?<![a-z0-9-]){re.escape(figure_id)}(?![a-z0-9-])")
        index = next(i for i in range(start, len(lines)) if pattern.search(lines[i]))
        found.append(index)
        start = index + 1
    return found


def block_heights(lines: list[str], starts: list[int]) -> list[int]:
    """Lines per entry: from one entry's first line to the next's, or to the blank line that ends its plan's
    group (a plan heading and the next table's header follow it)."""
    heights = []
    for index, start in enumerate(starts):
        following = starts[index + 1] if index + 1 < len(starts) else len(lines)
        blank = next((i for i in range(start, following) if not lines[i].strip()), following)
        heights.append(min(following, blank) - start)
    return heights


def header(lines: list[str]) -> str:
    """The table's header: the line above its rule."""
    return lines[next(i for i, line in enumerate(lines) if line.startswith("───")) - 1]


def latest_text(assessment: Assessment, lang: str) -> str | None:
    latest = assessment.latest
    if latest is None or latest.value is None:
        return None
    return figure_text(latest.value, assessment.target.unit, lang)


# --- status ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("data", list(DATA))
def test_status_fits_every_width(data: str, width: int, lang: str) -> None:
    path, as_of = DATA[data]
    lines = shown(("status", "--file", str(path), "--as-of", str(as_of), "--lang", lang), width)
    assert_fits(lines, width)
    assessments = assess_dataset(dataset(path), as_of)
    for assessment in assessments:
        target = assessment.target
        assert whole(lines, target.id), target.id
        assert whole(lines, status_word(assessment.status, lang)), assessment.status
        assert whole(lines, goal_figure(target, lang)), goal_figure(target, lang)
        assert whole(lines, f"({target.goal.year})")
        latest = latest_text(assessment, lang)
        if latest is not None:
            assert whole(lines, latest), latest
            assert whole(lines, f"({assessment.latest.year})")  # type: ignore[union-attr]
        if assessment.status is Status.AWAITING_DATA and assessment.trend is not None:
            assert whole(lines, trend_phrase(assessment.trend, lang))
    ids = [a.target.id for a in assessments]
    heights = block_heights(lines, id_lines(lines, ids))
    if width >= 100:
        assert max(heights) <= 2, dict(zip(ids, heights, strict=True))


@pytest.mark.parametrize("width", [60, 100, 200])
def test_status_with_series_fits(width: int) -> None:
    for path in (SHIPPED, WIDE):
        lines = shown(("status", "--series", "--file", str(path), "--lang", "en"), width)
        assert_fits(lines, width)
        for series in dataset(path).series:
            assert whole(lines, series.id)


def test_status_layouts_narrow_in_the_stated_order() -> None:
    """Wide: an id column and a baseline column; 100 columns: the id leads the name, latest above goal;
    when no table lets most names fit whole (the shipped set at 100 columns in English), or below 90: a
    block per target, from 100 columns up in two lines."""
    widest = shown(("status", "--file", str(SHIPPED), "--as-of", "2023"), 200)
    assert header(widest).split()[:3] == ["编号", "指标", "基期"]
    hundred = shown(("status", "--file", str(SHIPPED), "--as-of", "2023"), 100)
    assert "最新 → 目标" in header(hundred) and "基期" not in header(hundred) and "编号" not in header(hundred)
    blocks = shown(("status", "--file", str(SHIPPED), "--as-of", "2023", "--lang", "en"), 100)
    assert not any(line.startswith("───") for line in blocks)
    assert any(line.startswith("high-tech-enterprises  High-tech enterprises") for line in blocks)
    assert any(line.startswith("  >24,000 firms (2023)  → >26,000 firms (2025)") for line in blocks)
    compact = shown(("status", "--file", str(SHIPPED), "--as-of", "2023", "--lang", "en"), 80)
    assert not any(line.startswith("───") for line in compact)
    assert any(line.startswith("  high-tech-enterprises  >24,000 firms (2023)") for line in compact)


def test_met_is_met_in_the_table_but_json_keeps_the_numbers() -> None:
    """ic-doubling: 4800亿元 in 2025 against a goal of twice 2021's 2500亿元 less the years before."""
    document = json.loads(run("status", "--format", "json", "--file", str(SHIPPED), "--as-of", "2026").stdout)
    record = next(t for t in document["targets"] if t["id"] == "ic-doubling")
    assert record["status"] == "achieved" and record["progress"] > 1.2  # JSON keeps the raw figure
    raw = f"{record['progress']:.0%}"
    lines = shown(("status", "--file", str(SHIPPED), "--as-of", "2026"), 200)
    row = next(line for line in lines if line.startswith("ic-doubling"))
    assert "██████████ ✓ 超额" in row and raw not in row and "✓ / " in row
    english = shown(("status", "--file", str(SHIPPED), "--as-of", "2026", "--lang", "en"), 200)
    assert "✓ exceeded" in next(line for line in english if line.startswith("ic-doubling"))


def test_no_negative_growth_is_needed_once_past_the_goal_level() -> None:
    """biomedicine-growth's 2024 figure is past the level 8%/yr leads to: nothing more is needed. A falling
    goal (share ≤10%, now 13.1%) does need a negative growth."""
    lines = shown(("status", "--file", str(SHIPPED), "--as-of", "2026", "--lang", "en"), 200)
    row = next(line for line in lines if line.startswith("biomedicine-growth"))
    assert "✓ / 13.2%" in row and "-10.5%" not in row
    compact = shown(("status", "--file", str(SHIPPED), "--as-of", "2026", "--lang", "en"), 80)
    assert any("biomedicine-growth" in line and "grew 13.2%/yr" in line for line in compact)
    falling = shown(("status", "--file", str(WIDE), "--as-of", "2024", "--lang", "en"), 200)
    assert "-23.7% / 1.2%" in next(line for line in falling if line.startswith("share"))


def test_a_part_year_figure_is_marked() -> None:
    """nev-output has only a January-November figure: it is shown as such, and, a flow at 3467.9亿元 against
    ≈3500亿元 (met from 3325亿元), it proves the target met without the unknown baseline value."""
    lines = shown(("status", "--file", str(SHIPPED), "--as-of", "2026"), 200)
    row = next(line for line in lines if line.startswith("nev-output"))
    assert "3467.9亿元 (2023年1-11月)" in row and row.endswith("已实现")
    english = shown(("status", "--file", str(SHIPPED), "--as-of", "2026", "--lang", "en"), 200)
    assert "346.8 bn yuan (2023 Jan–Nov)" in next(line for line in english if line.startswith("nev-output"))
    panel = shown(("status", "--years", "--file", str(SHIPPED), "--as-of", "2026"), 200)
    assert "5005.66亿元 (1-6月)" in next(line for line in panel if line.startswith("biomedicine-growth"))


def test_trend_after_the_deadline() -> None:
    lines = shown(("status", "--file", str(SHIPPED), "--as-of", "2026"), 200)
    row = next(line for line in lines if line.startswith("high-tech-enterprises"))
    assert "待最终数据 · 趋势进展顺利" in row
    english = shown(("status", "--file", str(SHIPPED), "--as-of", "2026", "--lang", "en"), 200)
    index = next(i for i, line in enumerate(english) if line.startswith("high-tech-enterprises"))
    row = english[index] + (" " + english[index + 1].strip() if english[index].endswith("awaiting-data") else "")
    assert row.endswith("awaiting-data · trend on-track")  # one line, or the trend below the status


def test_json_trend_for_every_target() -> None:
    document = json.loads(run("status", "--format", "json", "--file", str(SHIPPED), "--as-of", "2026").stdout)
    trends = {t["id"]: t["trend"] for t in document["targets"]}
    assert all("trend" in t for t in document["targets"])
    assert trends["high-tech-enterprises"] == "on-track"
    assert trends["nev-output"] is None  # no figures: no trend
    assert set(trends.values()) <= {None, *(status.value for status in Status)}
    csv_header = run("status", "--format", "csv", "--file", str(SHIPPED)).stdout.splitlines()[0]
    assert csv_header.endswith(",status,trend")


def test_legend_in_the_chosen_language_and_no_legend() -> None:
    chinese = "".join(shown(("status", "--file", str(SHIPPED)), 120))
    assert "说明：" in chinese and "? 数值未公布" in chinese and "年增速：" in chinese and "状态：" in chinese
    english = " ".join(shown(("status", "--file", str(SHIPPED), "--lang", "en"), 160))
    assert "Legend:" in english and "? value not stated" in english and "— cannot be computed" in english
    assert "Growth/yr:" in english and "≥ 0.95 on-track" in english
    blocks = " ".join(shown(("status", "--file", str(SHIPPED), "--lang", "en"), 120))
    assert "needs:" in blocks and "grew:" in blocks and "Growth/yr:" not in blocks
    bare = " ".join(shown(("status", "--file", str(SHIPPED), "--lang", "en", "--no-legend"), 120))
    assert "Legend" not in bare and f"{len(dataset(SHIPPED).targets)} targets:" in bare


def test_title_and_units_in_english() -> None:
    lines = shown(("status", "--file", str(SHIPPED), "--as-of", "2023", "--lang", "en"), 200)
    assert lines[0].endswith("— as of 2023")
    assert whole(lines, "1,064.1 bn yuan") and whole(lines, ">24,000 firms") and whole(lines, ">1,000 bn yuan")
    assert not any(re.search("[亿万]", line) for line in lines[1:])


def test_piped_output_uses_columns_default_100() -> None:
    result = run("status", "--file", str(SHIPPED))
    lines = result.stdout.splitlines()
    assert_fits(lines, 100)
    assert max(cell_len(line) for line in lines) > 90  # laid out for 100, not 60 or 160


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "", "²", "10", "99999999999999999999"])
def test_unusable_columns_still_print(columns: str) -> None:
    result = run("status", "--file", str(SHIPPED), env={"COLUMNS": columns})
    assert result.returncode == 0
    assert_no_traceback(result)
    assert "sei-gdp-share" in result.stdout and f"共 {len(dataset(SHIPPED).targets)} 项目标" in result.stdout
    width = max(cell_len(line) for line in result.stdout.splitlines())
    assert 40 <= width <= 1000


def test_colour_keeps_the_layout() -> None:
    coloured = run("status", "--file", str(SHIPPED), env={"FORCE_COLOR": "1", "COLUMNS": "100"}).stdout
    assert "\x1b[" in coloured
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert plain == run("status", "--file", str(SHIPPED), env={"COLUMNS": "100"}).stdout


def test_empty_selection() -> None:
    lines = shown(("status", "--file", str(SHIPPED), "--status", "off-track"), 80)
    assert lines[-1] == "没有符合条件的目标"
    assert_fits(lines, 80)
    english = shown(("status", "--file", str(SHIPPED), "--status", "off-track", "--lang", "en"), 80)
    assert english[-1] == "no target matches"


# --- status --years -------------------------------------------------------------------------------------


def panel_figures(figure: Target | Series, as_of: int) -> dict[int, str]:
    """Year → the text a cell shows (en), actuals over the baseline, nothing after as-of."""
    values = {}
    if isinstance(figure, Target) and figure.baseline is not None and figure.baseline.value is not None:
        values[figure.baseline.year] = figure_text(figure.baseline.value, figure.unit, "en")
    for actual in figure.actuals:
        if actual.year <= as_of:
            values[actual.year] = (
                figure_text(actual.value, figure.unit, "en")
                if actual.value is not None
                else ("done" if actual.done else "not done")
            )
    return values


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("data", list(DATA))
def test_years_panel_fits_every_width(data: str, width: int, lang: str) -> None:
    path, as_of = DATA[data]
    lines = shown(("status", "--years", "--file", str(path), "--as-of", str(as_of), "--lang", lang), width)
    assert_fits(lines, width)
    targets = dataset(path).targets
    for target in targets:
        assert whole(lines, target.id)
        assert whole(lines, goal_figure(target, lang))
    header = next((line for line in lines if re.match(r"(指标|Target)\s", line)), None)
    shown_years = [int(year) for year in re.findall(r"\b(\d{4})\b", header)] if header else []
    for target in targets:
        cells = panel_figures(target, as_of)
        if lang == "en":
            for year in shown_years:  # the table: every cell of every year it shows is whole
                if year in cells:
                    assert whole(lines, cells[year]), (target.id, year, cells[year])
            if not shown_years and cells and max(cells) >= 2020:  # blocks: the newest figure at least
                newest = max(cells)
                assert any(f"{newest} {cells[newest]}" in line for line in lines), (target.id, newest)
    heights = block_heights(lines, id_lines(lines, [t.id for t in targets]))
    if width >= 100:
        assert max(heights) <= 2


def test_years_panel_content_and_oldest_go_first() -> None:
    wide = shown(("status", "--years", "--file", str(SHIPPED), "--as-of", "2026"), 200)
    header = next(line for line in wide if line.startswith("指标"))
    assert re.findall(r"\d{4}", header) == [str(year) for year in range(2020, 2026)]
    row = next(line for line in wide if line.startswith("high-tech-enterprises"))
    assert "超2.4万家" in row and "超2.2万家" in row and ">2.6万家 (2025)" in row
    narrow = shown(("status", "--years", "--file", str(SHIPPED), "--as-of", "2026"), 120)
    years = re.findall(r"\d{4}", next(line for line in narrow if line.startswith("指标")))
    assert years and years[-1] == "2025" and "2020" not in years


def test_years_panel_as_data() -> None:
    args = ("status", "--years", "--file", str(SHIPPED), "--as-of", "2023")
    document = json.loads(run(*args, "--format", "json").stdout)
    assert document["years"] == [2020, 2021, 2022, 2023]
    row = next(r for r in document["rows"] if r["id"] == "high-tech-enterprises")
    assert row["figures"]["2023"] == {
        "value": 24000.0,
        "qualifier": "over",
        "done": None,
        "baseline": False,
        "months": None,
    }
    assert row["figures"]["2020"]["value"] == 17012.0  # the actual stands for its year, not the baseline
    assert row["target"] == {"year": 2025, "value": 26000.0, "op": ">", "rate": None}
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    high_tech = next(r for r in rows if r["id"] == "high-tech-enterprises")
    assert high_tech["2023"] == "24000.0" and high_tech["2023_qualifier"] == "over"
    assert high_tech["target_value"] == "26000.0"


# --- list and sources list ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("data", list(DATA))
def test_list_fits_every_width(data: str, width: int, lang: str) -> None:
    path, _ = DATA[data]
    lines = shown(("list", "--file", str(path), "--lang", lang), width)
    assert_fits(lines, width)
    figures = dataset(path).figures
    for figure in figures:
        assert whole(lines, figure.id)
        if isinstance(figure, Target):
            assert whole(lines, str(figure.goal.year))
    heights = block_heights(lines, id_lines(lines, [f.id for f in figures]))
    if width >= 100 or data == "shipped":
        assert max(heights) == 1  # one line each


def test_list_columns_and_json() -> None:
    lines = shown(("list", "--file", str(SHIPPED), "--lang", "en"), 200)
    assert lines[2].split() == ["ID", "Name", "Plan", "Kind", "Unit", "Year"]
    row = next(line for line in lines if line.startswith("sei-value-added"))
    assert "sei-14fyp" in row and "level" in row and "bn yuan" in row and row.endswith("2025")
    assert any(line.startswith("gdp ") and "series" in line for line in lines)
    document = json.loads(run("list", "--format", "json", "--file", str(SHIPPED)).stdout)
    shipped = dataset(SHIPPED)
    assert len(document["targets"]) == len(shipped.targets) and len(document["series"]) == len(shipped.series)
    assert document["targets"][0] == {
        "id": "sei-gdp-share",
        "name": "战略性新兴产业增加值占全市生产总值比重",
        "name_en": "Strategic emerging industries' value added, share of GDP",
        "unit": "%",
        "plan": "sei-14fyp",
        "kind": "level",
        "target_year": 2025,
    }
    by_plan = json.loads(run("list", "--format", "json", "--plan", "future-industries", "-f", str(SHIPPED)).stdout)
    assert [t["id"] for t in by_plan["targets"]] == ["future-industries-output", "future-industry-clusters"]


@pytest.mark.parametrize("width", [60, 100, 200])
def test_sources_list(width: int) -> None:
    lines = shown(("sources", "list", "--file", str(SHIPPED), "--lang", "en"), width)
    assert_fits(lines, width)
    for source_id in dataset(SHIPPED).sources:
        assert whole(lines, source_id)
    document = json.loads(run("sources", "list", "--format", "json", "--file", str(SHIPPED)).stdout)
    plan = next(s for s in document["sources"] if s["id"] == "sei-plan")
    assert plan["path"] == "seeds/002_ac65027d67ea128d.txt" and plan["kind"] == "repost" and plan["cited"] > 20


def test_help_lists_list_and_sources_list() -> None:
    assert re.search(r"^  list\s+List every target", run("--help").stdout, re.M)
    assert re.search(r"^  list\s+List the source documents", run("sources", "--help").stdout, re.M)
    assert "<official|press|repost>" in run("sources", "add", "--help").stdout
    assert "{TARGET_ID} {YEAR} {VALUE}" in run("record", "--help").stdout


def test_status_groups_targets_under_their_plans() -> None:
    """Issue 11: with several plans, each plan's targets come under its own heading; --plan picks one."""
    repo = Path(__file__).parent.parent
    lines = shown(("status", "--file", str(repo / "targets.yaml"), "--as-of", "2026", "--lang", "en"), 120)
    loaded = dataset(repo / "targets.yaml")
    headings = [
        i for i, line in enumerate(lines) for plan in loaded.plans.values() if line.startswith(str(plan.name_en))
    ]
    assert len(headings) == len({t.plan for t in loaded.targets}) >= 2
    fifteenth = next(i for i in headings if "15th" in lines[i])
    assert "rd-intensity-2030" in "\n".join(lines[fifteenth:]) and "sei-gdp-share" not in "\n".join(lines[fifteenth:])
    only = shown(("status", "--file", str(repo / "targets.yaml"), "--as-of", "2026", "--plan", "sh-15fyp"), 120)
    assert any("rd-intensity-2030" in line for line in only)
    assert not any("sei-gdp-share" in line for line in only)
