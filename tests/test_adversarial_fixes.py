"""Defects an adversarial pass found in this round's features, each a test first: real-growth rates shown and
recorded as rates, drafts kept out of what is assessed, `--replace` never dropping a basis silently, `accept`
checked, `check` FILEs and `--file` not mixed, a YAML seed standing for its data file, exports whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_cli import run, run_en

from conftest import write

HEAD = """
schema: 1
title: 测试
sources:
  web: {url: "https://example.org/a", title: 公报, kind: official, published: "2024-03"}
plans:
  p: {name: 计划, name_en: Plan, period: [2021, 2025]}
targets:
"""

REAL = """
  - id: gdp-growth
    plan: p
    name: 生产总值年均增长
    name_en: GDP growth
    unit: 亿元
    kind: growth
    basis: real
    baseline: {year: 2020, value: 38700, source: web}
    target: {year: 2025, rate: 5, op: ">="}
    evidence: [{source: web}]
    actuals:
      - {year: 2021, rate: 8.1, source: web}
      - {year: 2022, rate: -0.2, source: web}
"""

LEVEL = """
  - id: out
    plan: p
    name: 产业产值
    name_en: Industry output
    unit: 亿元
    baseline: {year: 2020, value: 1000, source: web}
    target: {year: 2025, value: 2000}
    evidence: [{source: web}]
    actuals:
      - {year: 2022, value: 1300, source: web}
"""


def test_a_real_growth_rate_is_shown_as_a_rate_everywhere(tmp_path: Path) -> None:
    write(tmp_path, HEAD + REAL)
    for command in (("status",), ("show", "gdp-growth"), ("status", "--years"), ("report",)):
        english = run(*command, "--lang", "en", cwd=tmp_path).stdout
        assert not re.search(r"not done \(20|\| not done \||\bnot done\b  ", english) and "-0.2%" in english, command
        chinese = run(*command, cwd=tmp_path).stdout
        assert not re.search(r"未完成 \(20|\| 未完成 \|", chinese) and "下降0.2%" in chinese, command


def test_record_writes_a_rate_for_a_real_growth_target(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + REAL)
    result = run_en("record", "gdp-growth", "2023", "5.0%", "--source", "web", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "{year: 2023, rate: 5.0, source: web}" in path.read_text(encoding="utf-8")
    refused = run_en("record", "gdp-growth", "2024", "53926.71亿元", "--source", "web", cwd=tmp_path)
    assert refused.returncode == 2 and "records the year's rate in percent" in refused.stderr


def test_draft_actuals_stay_out_of_the_report_the_panel_chart_and_relations(tmp_path: Path) -> None:
    drafts = (
        "      - {year: 2024, months: 6, value: 2100, source: web, draft: true}\n"
        "      - {year: 2025, value: 2500, source: web, draft: true}\n"
        "series: [{id: gdp, name: 生产总值, unit: 亿元,\n"
        "          actuals: [{year: 2025, value: 10000, source: web, draft: true}]}]\n"
        'relations: [{id: r, holds: "out = 0.5 * gdp", tolerance: 0.01}]\n'
    )
    write(tmp_path, HEAD + LEVEL + drafts)
    report = run_en("report", "--as-of", "2026", cwd=tmp_path).stdout
    assert "250" not in report and "210" not in report
    assert "relation-violated" not in run_en("check", cwd=tmp_path).stdout
    panel = run_en("status", "--years", "--as-of", "2026", cwd=tmp_path, env={"COLUMNS": "200"}).stdout
    assert "(draft)" in panel
    shown = run_en("show", "out", "--as-of", "2026", cwd=tmp_path).stdout
    assert "Chart:" in shown and "2,500" not in shown.split("Chart:")[1]  # listed above, marked; never charted


def test_replace_never_drops_a_break_link_scope_note_or_accept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + LEVEL
        + "      - {year: 2023, value: 90, source: web, break: true,\n"
        + "         link: {value: 1400, source: web}, note: 口径调整}\n",
    )
    before = path.read_bytes()
    refused = run_en("record", "out", "2023", "91", "--source", "web", "--replace", cwd=tmp_path)
    assert refused.returncode == 2
    assert "--replace would drop the figure's break, note, link" in refused.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("codes", "hint"),
    [("[number-not-in-quot]", "did you mean 'number-not-in-quote'"), ("[quote-not-found]", ""), ("[draft-actual]", "")],
)
def test_accept_names_only_warnings_a_figure_can_accept(tmp_path: Path, codes: str, hint: str) -> None:
    actual = f"{{year: 2022, value: 1300, source: web, accept: {{codes: {codes}, reason: reviewed}}}}"
    write(tmp_path, HEAD + LEVEL.replace("{year: 2022, value: 1300, source: web}", actual))
    result = run_en("check", "--strict", cwd=tmp_path)
    assert result.returncode == 1
    code = "bad-accept"
    assert f"error[{code}]" in result.stdout and hint in result.stdout


def test_check_takes_files_or_file_not_both(tmp_path: Path) -> None:
    write(tmp_path, HEAD + LEVEL)
    result = run_en("check", "--file", "targets.yaml", "targets.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "not both" in result.stderr


def test_a_yaml_seed_stands_for_its_data_file(tmp_path: Path) -> None:
    write(tmp_path, HEAD + LEVEL)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "table.yaml").write_text("indicator: 200\n", encoding="utf-8")
    result = run_en("check", "--strict", "seeds/table.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "missing-field" not in result.stdout


def test_export_keeps_rates_links_and_publication_dates(tmp_path: Path) -> None:
    linked = "      - {year: 2023, value: 90, source: web, break: true, link: {value: 1400, source: web}}\n"
    write(tmp_path, HEAD + REAL + LEVEL + linked)
    exported = json.loads(run("export", cwd=tmp_path).stdout)
    real = next(t for t in exported["targets"] if t["id"] == "gdp-growth")
    assert real["basis"] == "real" and [a["rate"] for a in real["actuals"]] == [8.1, -0.2]
    out = next(t for t in exported["targets"] if t["id"] == "out")
    assert out["actuals"][-1]["link"] == {"value": 1400.0, "qualifier": "exact", "source": "web", "quote": None}
    assert exported["sources"]["web"]["published"] == "2024-03"


def test_among_several_files_an_unreadable_one_is_in_the_machine_output(tmp_path: Path) -> None:
    import os

    write(tmp_path, HEAD + LEVEL)
    os.mkfifo(tmp_path / "pipe.yaml")
    result = run_en("check", "--format", "json", "pipe.yaml", "targets.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert [f["code"] for f in json.loads(result.stdout)] == ["unreadable"]


@pytest.mark.parametrize("date", ["2024-02-30", "2023-02-29"])
def test_a_day_that_does_not_exist_is_no_date(tmp_path: Path, date: str) -> None:
    write(tmp_path, HEAD.replace('published: "2024-03"', f'published: "{date}"') + LEVEL)
    assert "error[bad-date]" in run_en("check", cwd=tmp_path).stdout
    write(tmp_path, HEAD + LEVEL)
    refused = run_en("status", "--known-at", date, cwd=tmp_path)
    assert refused.returncode == 2 and f"got '{date}'" in refused.stderr


def test_record_says_the_status_change_without_nested_brackets(tmp_path: Path) -> None:
    write(tmp_path, HEAD + LEVEL)
    result = run_en("record", "out", "2023", "1400", "--source", "web", "--as-of", "2026", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip()
    assert " — " in summary
    depth = max_depth = 0
    for char in summary:
        depth += {"(": 1, ")": -1}.get(char, 0)
        max_depth = max(max_depth, depth)
    assert max_depth <= 1, summary
