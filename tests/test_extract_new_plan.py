"""`shtarget extract` on a plan for a new period (issue 23): the plan's own years, the baseline just before
them, messages that say what was done, qualifiers kept in values, capacities; and one script per table row
(issue 25). The 15th-plan fixture is tests/fixtures/extract/ic-15fyp.txt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from test_cli import assert_no_traceback, run

from conftest import FIXTURES, REPO
from shtarget.extract import Candidate, extract_targets, plan_period
from shtarget.load import load_file
from shtarget.model import Kind, Op

IC_PLAN = FIXTURES / "extract" / "ic-15fyp.txt"


def by_name(candidates: tuple[Candidate, ...], name: str) -> Candidate:
    return next(candidate for candidate in candidates if candidate.name == name)


# --- the plan's period --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "period"),
    [
        ("上海市集成电路产业发展“十五五”规划\n", (2026, 2030)),
        ("上海市集成电路产业发展规划\n（2026—2030年）\n", (2026, 2030)),
        ("某市规划\n(2026-2030年)\n", (2026, 2030)),
        ("某市规划\n（2026－2030年）\n", (2026, 2030)),
        ("某市规划\n（2026年—2030年）\n", (2026, 2030)),
        ("某市规划\n（2026～2030年）\n", (2026, 2030)),
        ("某市规划 2026-2030年\n", (2026, 2030)),
        ("某市国民经济和社会发展第十五个五年规划纲要\n", (2026, 2030)),
        ("某市“十三五”规划\n", (2016, 2020)),
        ("某市十四五规划\n", (2021, 2025)),
        ("某市“十六五”规划\n", (2031, 2035)),
        ("某市规划\n\n前言\n为实现（2026—2030年）目标，到2030年……\n", (2026, 2030)),  # bracketed, below the title
    ],
)
def test_a_plan_names_its_own_period(head: str, period: tuple[int, int]) -> None:
    assert plan_period(head + "到2030年，产值达到100亿元。\n", 2025) == period


def test_year_default_is_only_the_fallback() -> None:
    assert plan_period("某市行动方案\n产值达到100亿元。\n", 2027) == (2023, 2027)
    # a news report citing a past plan further down keeps the old rule: the period that holds --year-default
    assert plan_period("新闻\n\n\n\n记者从发布会获悉，“十三五”以来……\n", 2025) == (2021, 2025)


def test_a_fifteenth_plan_is_read_for_its_own_years() -> None:
    found = extract_targets(IC_PLAN.read_text(encoding="utf-8"))
    assert {candidate.target.year for candidate in found} == {2030}
    scale = by_name(found, "全市集成电路产业规模")
    # the text's latest figure before the period (2025), not the 2020 one
    assert scale.baseline is not None and scale.baseline.year == 2025
    assert scale.baseline.value is not None and scale.baseline.value.written == "超过4800亿元"
    growth = by_name(found, "全市集成电路产业规模年均增长")
    assert growth.kind is Kind.GROWTH and growth.baseline is not None and growth.baseline.year == 2025


def test_a_target_without_a_year_is_for_the_plans_last_year() -> None:
    (found,) = extract_targets("某市“十五五”规划\n\n新型储能装机规模达到100万千瓦。\n")
    assert found.target.year == 2030
    assert "no year stated: 2030 (the plan's last year)" in found.reasons
    table = "指标\t单位\t基期\t目标\t属性\n装机规模\t万千瓦\t50\t100\t预期性\n"
    (table_row,) = extract_targets("某市“十五五”规划\n\n" + table)
    assert table_row.target.year == 2030


# --- qualifiers and capacities ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "written", "op"),
    [
        ("高新技术企业数量超過1.7萬家", "超過1.7萬家", Op.ABOVE),
        ("高新技术企业数量超过1.7万家", "超过1.7万家", Op.ABOVE),
        ("高新技术企业数量突破2.6万家", "突破2.6万家", Op.ABOVE),
        ("高新技术企业数量约2万家", "约2万家", Op.ABOUT),
        ("高新技术企业数量近2万家", "近2万家", Op.ABOUT),
        ("高新技术企业数量达到2万家左右", "2万家左右", Op.ABOUT),
        ("高新技术企业数量达到2万家以上", "2万家以上", Op.AT_LEAST),
        ("研发投入强度达到5%以上", "5%以上", Op.AT_LEAST),
    ],
)
def test_a_qualifier_stays_with_the_figure(sentence: str, written: str, op: Op) -> None:
    (found,) = extract_targets(f"某市“十四五”规划\n\n到2025年，{sentence}。\n")
    assert found.target.value is not None and (found.target.value.written, found.target.op) == (written, op)


def test_at_most_is_not_a_qualifier() -> None:
    (found,) = extract_targets("某市“十四五”规划\n\n到2025年，能耗增量不超过500万吨。\n")
    assert found.target.op is Op.AT_MOST
    assert found.target.value is not None and found.target.value.written == "500万吨"


def test_qualified_values_reach_the_drafts(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "某市“十四五”规划\n\n2020年，全市高新技术企业数量超過1.7萬家。\n\n到2025年，全市高新技术企业数量突破2.6萬家。\n",
        encoding="utf-8",
    )
    fragment = yaml.safe_load(run("extract", str(plan), cwd=tmp_path).stdout)
    (target,) = fragment["targets"]
    assert target["baseline"]["value"] == "超過1.7萬家" and target["target"]["value"] == "突破2.6萬家"
    document = json.loads(run("extract", str(plan), "--format", "json", cwd=tmp_path).stdout)
    (candidate,) = document["candidates"]
    assert candidate["baseline"]["value_text"] == "超過1.7萬家" and candidate["target"]["value"] == 26000


def test_a_monthly_capacity_is_proposed() -> None:
    found = extract_targets(IC_PLAN.read_text(encoding="utf-8"))
    capacity = by_name(found, "12英寸晶圆月产能")
    assert (capacity.unit, capacity.target.op, capacity.quote) == ("万片", Op.ABOVE, "12英寸晶圆月产能力争突破100万片")
    assert capacity.target.value is not None and capacity.target.value.value == 100
    (per_month,) = extract_targets("某市“十五五”规划\n\n到2030年，8英寸晶圆产能达到50万片/月。\n")
    assert per_month.unit == "万片/月" and per_month.target.value is not None and per_month.target.value.value == 50


# --- the table: one script a row ----------------------------------------------------------------------


def test_a_table_row_is_in_one_script_and_its_quote_as_written(tmp_path: Path) -> None:
    shutil.copy(REPO / "seeds" / "002_ac65027d67ea128d.txt", tmp_path / "plan.txt")
    table = run("extract", "plan.txt", "--format", "table", cwd=tmp_path).stdout
    row = next(line for line in table.splitlines() if " sei-value-added " in line)
    assert ">1万亿元 by 2025" in row and "7328亿元 (2020)" in row
    assert not any(char in row for char in "萬億")
    assert "«增加值超過1萬億元»" in table  # the quote stays as the document writes it


# --- the command --------------------------------------------------------------------------------------


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    shutil.copy(REPO / "targets.yaml", tmp_path / "targets.yaml")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    (tmp_path / "plans").mkdir()
    shutil.copy(IC_PLAN, tmp_path / "plans" / "ic-15fyp.txt")
    return tmp_path


def test_into_a_new_plan_for_its_own_period(repo_copy: Path) -> None:
    data = repo_copy / "targets.yaml"
    old = data.read_text(encoding="utf-8")
    preview = run("extract", "plans/ic-15fyp.txt", "--into", "targets.yaml", "--dry-run", cwd=repo_copy)
    assert preview.returncode == 0, preview.stderr
    assert preview.stdout.startswith("--- a/targets.yaml\n+++ b/targets.yaml\n")
    assert "+    period: [2026, 2030]" in preview.stdout and "+  - id: ic-scale\n" in preview.stdout
    assert data.read_text(encoding="utf-8") == old
    added = run("extract", "plans/ic-15fyp.txt", "--into", "targets.yaml", cwd=repo_copy)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added 5 draft targets to targets.yaml (source ic-15fyp, plan ic-15fyp)")
    assert "registered source 'ic-15fyp'" in added.stdout and "added plan 'ic-15fyp'" in added.stdout
    loaded = load_file(data)
    assert loaded.dataset is not None and not loaded.errors
    assert loaded.dataset.plans["ic-15fyp"].period == (2026, 2030)
    scale = next(target for target in loaded.dataset.targets if target.id == "ic-scale")
    assert scale.baseline is not None and scale.baseline.year == 2025


def test_nothing_written_is_said_so_and_dry_run_says_it_too(repo_copy: Path) -> None:
    data = repo_copy / "targets.yaml"
    old = data.read_text(encoding="utf-8")
    for extra in ((), ("--dry-run",)):
        result = run(
            "extract", "plans/ic-15fyp.txt", "--into", "targets.yaml", "--plan", "sei-14fyp", *extra, cwd=repo_copy
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(
            "nothing new to add to targets.yaml; left out 5 outside the plan's years 2021–2025"
        )
        assert "source not added either; targets.yaml unchanged" in result.stdout
        assert "registered" not in result.stdout and "added plan" not in result.stdout
        assert data.read_text(encoding="utf-8") == old


def test_outside_a_working_copy_it_says_to_run_init_first(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    shutil.copy(IC_PLAN, plan)
    result = run("extract", "plan.txt", cwd=tmp_path)  # no targets.yaml here or above: the bundled sample
    assert result.returncode == 0, result.stderr
    assert "register it first: shtarget init (a working copy here), then shtarget sources add plan --path plan.txt" in (
        result.stdout
    )
    assert "../" not in result.stdout
    assert_no_traceback(result)
