"""`shtarget scan`'s rules (shtarget/scan.py), each on a text written for it, against tests/fixtures/scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from shtarget.load import load_file
from shtarget.model import Dataset, Qualifier
from shtarget.scan import Proposal, ScanResult, Unmatched, canon, document_lines, phrases, scan_text

SCAN = FIXTURES / "scan"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    loaded = load_file(SCAN / "targets.yaml")
    assert loaded.dataset is not None and not loaded.errors
    return loaded.dataset


def proposed(result: ScanResult) -> set[tuple[str, int, int | None, float]]:
    return {(p.figure_id, p.year, p.months, p.value) for p in result.proposals}


def only(result: ScanResult) -> Proposal:
    assert len(result.proposals) == 1, result
    return result.proposals[0]


def refused(result: ScanResult) -> Unmatched:
    assert not result.proposals, result.proposals
    assert len(result.unmatched) == 1, result.unmatched
    return result.unmatched[0]


# --- the fixture bulletin, whole ---------------------------------------------------------------------------


def test_fixture_bulletin(dataset: Dataset) -> None:
    result = scan_text((SCAN / "bulletin.txt").read_text(encoding="utf-8"), dataset)
    assert result.year == 2024  # the title's
    assert [(p.figure_id, p.year, p.months, p.value, p.qualifier, p.state, p.line) for p in result.proposals] == [
        ("gdp", 2024, None, 50000.5, Qualifier.EXACT, "new", 2),
        ("gdp", 2024, 3, 12000.0, Qualifier.EXACT, "new", 2),
        ("sei-value", 2024, None, 13000.0, Qualifier.EXACT, "new", 3),
        ("sei-share", 2024, None, 26.0, Qualifier.EXACT, "new", 3),
        ("industrial-share", 2024, None, 44.0, Qualifier.ABOUT, "new", 4),
        ("ic-growth", 2024, None, 3000.0, Qualifier.OVER, "new", 5),
        ("ic-doubling", 2024, None, 3000.0, Qualifier.OVER, "new", 5),
        ("high-tech", 2024, None, 25000.0, Qualifier.EXACT, "new", 6),
        ("nev-output", 2024, 11, 3100.5, Qualifier.EXACT, "new", 7),
        ("gdp", 2023, None, 47218.66, Qualifier.EXACT, "same", 9),
        ("sei-value", 2023, None, 12500.0, Qualifier.EXACT, "conflict", 9),
    ]
    reasons = {(u.text, u.reason) for u in result.unmatched}
    assert {
        ("5.0%", "growth-rate"),
        ("0.4个百分点", "change"),
        ("1200家", "change"),
        ("9000家", "new-entries"),
        ("35.4万辆", "unit"),
        ("4.6%", "year-out-of-range"),
        ("20.1万元", "untracked"),
        ("1300亿元", "single-month"),
        ("5%以上", "goal"),
        ("突破1.5万亿元", "goal"),
    } <= reasons


def test_quotes_are_the_clause_as_written(dataset: Dataset) -> None:
    result = scan_text((SCAN / "bulletin.txt").read_text(encoding="utf-8"), dataset)
    share = next(p for p in result.proposals if p.figure_id == "sei-share")
    # the clause "占全市生产总值的比重为26.0%" has no subject: its quote starts at the clause it takes it from
    assert share.quote == "全年战略性新兴产业增加值13000亿元,比上年增长8.6%,占全市生产总值的比重为26.0%"
    assert share.text == "26.0%"
    high_tech = next(p for p in result.proposals if p.figure_id == "high-tech")
    assert high_tech.quote == "年末有效期内高新技术企业2.5万家" and high_tech.text == "2.5万家"


# --- matching: names, terms, one figure for several targets --------------------------------------------------


def test_a_target_is_named_by_its_name_without_measure_words(dataset: Dataset) -> None:
    by_id = {figure.id: figure for figure in dataset.figures}
    assert phrases(by_id["high-tech"]) == ("高新技术企业",)  # 全市 and 数量 shorn
    assert phrases(by_id["ic-growth"]) == ("集成电路产业规模", "集成电路产业营收规模")  # 年均增速 shorn; a term
    assert canon("全市GDP的") == "生产总值"
    assert canon("规上工业总产值") == "规模以上工业"


def test_terms_match_where_the_name_does_not(dataset: Dataset) -> None:
    text = "2024年,工业战略性新兴产业总产值占规上工业比重达到44.5%。"
    assert proposed(scan_text(text, dataset)) == {("industrial-share", 2024, None, 44.5)}


def test_one_figure_feeds_several_targets(dataset: Dataset) -> None:
    result = scan_text("2024年,全市集成电路产业规模达到3200亿元。", dataset)
    assert proposed(result) == {("ic-growth", 2024, None, 3200.0), ("ic-doubling", 2024, None, 3200.0)}


def test_a_clause_without_subject_takes_the_one_before(dataset: Dataset) -> None:
    text = "2024年,战略性新兴产业增加值同比增长6.9%,占全市GDP的24.8%。"
    assert proposed(scan_text(text, dataset)) == {("sei-share", 2024, None, 24.8)}


def test_another_indicator_after_the_name_is_not_the_target(dataset: Dataset) -> None:
    for text in (
        "2024年,全市高新技术企业营业收入5.2万亿元。",  # the firms' revenue, not the firms
        "2024年,全市工业战略性新兴产业总产值8385.47亿元。",  # gross output, not value added
        "2024年,人均生产总值20.1万元。",  # per person
    ):
        assert refused(scan_text(text, dataset)).reason in ("untracked", "unit"), text


def test_untracked_indicators_are_not_proposed(dataset: Dataset) -> None:
    item = refused(scan_text("2024年,全市社会消费品零售总额16600.93亿元。", dataset))
    assert (item.reason, item.text, item.line) == ("untracked", "16600.93亿元", 1)


# --- the measure: levels, not rates, changes, goals or new entries ---------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024年,战略性新兴产业增加值比上年增长8.6%。", "growth-rate"),
        ("2024年,集成电路产业规模同比增长20.8%。", "growth-rate"),
        ("2024年,集成电路产业规模年均复合增长率为8.94%。", "growth-rate"),
        ("2024年,战略性新兴产业增加值占全市生产总值的比重比上年提高0.4个百分点。", "change"),
        ("2024年末,高新技术企业比上年末增加1200家。", "change"),
    ],
)
def test_growth_rates_and_changes_are_not_levels(dataset: Dataset, text: str, reason: str) -> None:
    assert refused(scan_text(text, dataset)).reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "2024年,预计全年战略性新兴产业增加值超过1.4万亿元。",
        "2024年,力争高新技术企业突破2.6万家。",
        "2024年,集成电路产业规模全年有望突破3000亿元。",
        "2024年,目标到2025年集成电路产业规模达到4000亿元。",
        "2024年,高新技术企业将突破2.6万家。",
        "2024年统计公报:到2030年,全社会研发经费支出相当于全市生产总值的比例达到5%以上。",
    ],
)
def test_goals_are_not_actuals(dataset: Dataset, text: str) -> None:
    assert refused(scan_text(text, dataset)).reason == "goal"


def test_new_entries_are_not_a_total(dataset: Dataset) -> None:
    for text in ("2024年,全年新认定高新技术企业9000家。", "2024年,新增高新技术企业3000家。"):
        item = refused(scan_text(text, dataset))
        assert (item.reason, item.figure_id) == ("new-entries", "high-tech")


def test_a_count_in_another_unit_is_refused(dataset: Dataset) -> None:
    item = refused(scan_text("2024年,全年推广新能源汽车35.4万辆。", dataset))
    assert (item.reason, item.figure_id, item.detail) == ("unit", "nev-output", "亿元")


def test_a_share_is_not_a_money_figure(dataset: Dataset) -> None:
    item = refused(scan_text("2024年,战略性新兴产业增加值占比为26%。", dataset))
    assert item.reason in ("unit", "untracked")


# --- values, qualifiers, units --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("2024年,高新技术企业超过2.5万家。", 25000.0, Qualifier.OVER),
        ("2024年,高新技术企业突破2.5万家。", 25000.0, Qualifier.OVER),
        ("2024年,高新技术企业2.5万家左右。", 25000.0, Qualifier.ABOUT),
        ("2024年,高新技术企业近2.5万家。", 25000.0, Qualifier.UNDER),
        ("2024年,高新技术企业25012家。", 25012.0, Qualifier.EXACT),
    ],
)
def test_qualifiers_and_magnitudes(dataset: Dataset, text: str, value: float, qualifier: Qualifier) -> None:
    proposal = only(scan_text(text, dataset))
    assert (proposal.figure_id, proposal.value, proposal.qualifier) == ("high-tech", value, qualifier)


def test_magnitudes_convert_to_the_targets_unit(dataset: Dataset) -> None:
    proposal = only(scan_text("2024年,战略性新兴产业增加值1.31万亿元。", dataset))
    assert proposal.value == pytest.approx(13100.0) and proposal.text == "1.31万亿元"


# --- years and parts of years --------------------------------------------------------------------------------


def test_the_year_is_the_nearest_before_the_figure(dataset: Dataset) -> None:
    text = "战略性新兴产业增加值从2022年的11000亿元增长至2024年的13000亿元。"
    result = scan_text(text, dataset)
    assert proposed(result) == {("sei-value", 2022, None, 11000.0), ("sei-value", 2024, None, 13000.0)}


def test_a_year_of_der_binds_only_its_number(dataset: Dataset) -> None:
    text = "2024年,高新技术企业增长至25012家,较2016年的6938家增幅为145.2%,战略性新兴产业增加值13000亿元。"
    result = scan_text(text, dataset)
    assert ("sei-value", 2024, None, 13000.0) in proposed(result)


def test_the_title_gives_the_year_of_a_paragraph_without_one(dataset: Dataset) -> None:
    text = "2024年示范市统计公报\n全年战略性新兴产业增加值13000亿元。"
    assert proposed(scan_text(text, dataset)) == {("sei-value", 2024, None, 13000.0)}


def test_year_option_and_no_year(dataset: Dataset) -> None:
    text = "前三季度,全市实现地区生产总值34389.18亿元。"
    assert refused(scan_text(text, dataset)).reason == "no-year"
    assert proposed(scan_text(text, dataset, year=2024)) == {("gdp", 2024, 9, 34389.18)}


@pytest.mark.parametrize(
    ("phrase", "months"),
    [("1—11月", 11), ("1-8月", 8), ("前三季度", 9), ("上半年", 6), ("一季度", 3), ("全年", None), ("年末", None)],
)
def test_part_of_the_year(dataset: Dataset, phrase: str, months: int | None) -> None:
    text = f"2024年{phrase},全市地区生产总值30000亿元。"
    assert proposed(scan_text(text, dataset)) == {("gdp", 2024, months, 30000.0)}


def test_a_part_year_phrase_holds_for_its_paragraph_until_the_year_is_named(dataset: Dataset) -> None:
    text = "前三季度,全市经济运行稳定。全市地区生产总值34389.18亿元。全年全市地区生产总值50000亿元。"
    assert proposed(scan_text(text, dataset, year=2024)) == {
        ("gdp", 2024, 9, 34389.18),
        ("gdp", 2024, None, 50000.0),
    }


def test_a_single_month_is_not_proposed(dataset: Dataset) -> None:
    assert refused(scan_text("2024年12月份,全市地区生产总值5000亿元。", dataset)).reason == "single-month"


def test_a_year_the_plan_does_not_cover(dataset: Dataset) -> None:
    item = refused(scan_text("2024年,全社会研发经费支出相当于全市生产总值的比例为4.6%。", dataset))
    assert (item.reason, item.figure_id, item.detail) == ("year-out-of-range", "rd-2030", "2024|2025|2030")


# --- state against the data --------------------------------------------------------------------------------


def test_new_same_and_conflict(dataset: Dataset) -> None:
    result = scan_text("2023年,战略性新兴产业增加值1.2万亿元;全市地区生产总值47218.66亿元。", dataset)
    states = {p.figure_id: (p.state, p.recorded_value) for p in result.proposals}
    assert states == {"sei-value": ("same", 12000.0), "gdp": ("same", 47218.66)}
    conflict = only(scan_text("2023年,战略性新兴产业增加值12500亿元。", dataset))
    assert (conflict.state, conflict.recorded_value) == ("conflict", 12000.0)


def test_same_means_the_recorded_figure_rounds_to_the_text(dataset: Dataset) -> None:
    # 47218.66 is the "4.72万亿元" a text rounds it to; "4.73万亿元" is another figure
    assert only(scan_text("2023年,全市地区生产总值4.72万亿元。", dataset)).state == "same"
    assert only(scan_text("2023年,全市地区生产总值4.73万亿元。", dataset)).state == "conflict"


def test_the_baseline_counts_as_recorded(dataset: Dataset) -> None:
    proposal = only(scan_text("2020年,战略性新兴产业增加值占全市生产总值比重为18.9%。", dataset))
    assert (proposal.state, proposal.recorded_value) == ("same", 18.9)


def test_a_figure_stated_twice_is_proposed_once(dataset: Dataset) -> None:
    text = "2024年高新技术企业2.5万家\n2024年,全市高新技术企业2.5万家。\n2024年,全市高新技术企业2.6万家。"
    result = scan_text(text, dataset)
    assert proposed(result) == {("high-tech", 2024, None, 25000.0)}
    assert [(u.reason, u.detail, u.line) for u in result.unmatched] == [("repeated", "1", 3)]


def test_milestones_are_never_matched(dataset: Dataset) -> None:
    assert refused(scan_text("2024年,形成若干产业集群3个。", dataset)).reason == "untracked"


# --- the text: script, HTML, lines --------------------------------------------------------------------------


def test_traditional_script_in_html(dataset: Dataset) -> None:
    result = scan_text((SCAN / "bulletin.html").read_text(encoding="utf-8"), dataset)
    assert proposed(result) == {
        ("sei-value", 2024, None, 13000.0),
        ("high-tech", 2024, None, 25000.0),
        ("ic-growth", 2024, None, 3000.0),
        ("ic-doubling", 2024, None, 3000.0),
    }
    sei = next(p for p in result.proposals if p.figure_id == "sei-value")
    assert (sei.line, sei.quote, sei.text) == (3, "全年戰略性新興產業增加值13000億元", "13000億元")


def test_html_folds_to_the_files_lines() -> None:
    lines = document_lines("<p>a</p>\n<script>x\ny</script><p>b&amp;c</p>")
    assert lines == ("\ta\t", "", "\tb&c\t")  # the script's two lines kept, its text gone


def test_a_text_with_no_quantities(dataset: Dataset, tmp_path: Path) -> None:
    result = scan_text("示范市经济运行平稳。", dataset)
    assert result.proposals == () and result.unmatched == ()


# --- rules the shipped seeds asked for ---------------------------------------------------------------------------


def test_a_plans_figures_are_goals(dataset: Dataset) -> None:
    plan = (
        "《示范市战略性新兴产业发展“十四五”规划》发布\n到2025年,战略性新兴产业增加值超过1.5万亿元。"
        "\n高新技术企业突破2.6万家。"
    )
    result = scan_text(plan, dataset)
    assert result.proposals == () and {u.reason for u in result.unmatched} == {"goal"}
    past = scan_text(plan + "\n2022年,战略性新兴产业增加值11000亿元。", dataset)
    assert proposed(past) == {("sei-value", 2022, None, 11000.0)}  # a fact a plan states about a past year
    mention = "示范市发布统计数据\n自《关于加快高新技术企业发展的若干意见》实施以来,2024年高新技术企业2.5万家。"
    assert proposed(scan_text(mention, dataset)) == {("high-tech", 2024, None, 25000.0)}  # a plan named, not a plan


def test_from_to_figures_take_the_years_of_their_sentence(dataset: Dataset) -> None:
    text = "全市高新技术企业从2020年的17012家增长到2024年的2.5万家,战略性新兴产业增加值从9000亿元增长到13000亿元。"
    result = scan_text(text, dataset)
    assert proposed(result) == {
        ("high-tech", 2020, None, 17012.0),
        ("high-tech", 2024, None, 25000.0),
        ("sei-value", 2024, None, 13000.0),
    }
    assert [(u.text, u.reason) for u in result.unmatched] == [("9000亿元", "no-year")]  # "from" with no year


def test_another_place_or_body_is_not_the_citys_figure(dataset: Dataset) -> None:
    for text in ("2024年,G60科创走廊汇聚高新技术企业3.6万余家。", "2024年,全国高新技术企业46.3万家。"):
        assert refused(scan_text(text, dataset)).reason == "untracked", text


def test_adverbs_between_the_name_and_the_figure(dataset: Dataset) -> None:
    text = "高新技术企业从2012年的4311家快速增长到2024年的2万多家。"
    assert ("high-tech", 2024, None, 20000.0) in proposed(scan_text(text, dataset))
