"""`shtarget extract` on hostile text (issue 21): each input here took the old extractor from 10 seconds to many
minutes (its cost grew with the cube of the figures in a clause, or the square of unclosed tags, figures or filler
words in a page); read in linear time they take a fraction of a second. No timing is asserted: a regression shows
as a test that runs for minutes. `benchmarks/extract_scaling.py` measures the scaling itself."""

from __future__ import annotations

import sys
from pathlib import Path

from test_cli import assert_no_traceback, run

from shtarget.extract import ExtractOptions, extract
from shtarget.extract.clauses import MAX_CLAUSE
from shtarget.model import Severity

PLAN = "某市“十四五”规划纲要\n\n"
PAGE = "<html><body><p>某市“十四五”规划</p>\n"


def test_many_figures_in_one_clause() -> None:
    # 2000 figures in one clause: the old reader compared every target with every other (300 took 55 s)
    found = extract(PLAN + "到2025年，" + "达到2.6万家" * 2000 + "。\n")
    assert 1 <= len(found.candidates) <= MAX_CLAUSE
    assert [finding.code for finding in found.findings] == ["clause-cut"]


def test_unclosed_tags() -> None:
    for page in (
        PAGE + "<script>" * 50_000,  # 400 KB: each opening tag made a regex look for its end to the last byte
        PAGE + "<table>" * 50_000,
        PAGE + "<table>" + "<tr>" * 80_000 + "</table>",
        PAGE + "<p" * 300_000,  # a block tag's ">" sought to the end from each of them
    ):
        assert extract(page).candidates == ()


def test_a_run_of_figures_and_of_filler_words() -> None:
    assert extract(PAGE + "<p>" + "5%" * 150_000 + "</p>").candidates == ()
    filler = extract(PAGE + "<p>到2025年，" + "进一步的" * 20_000 + "比重达到20%</p>")
    assert filler.candidates == () and filler.findings[0].code == "clause-cut"  # the target lies past the cut


def test_many_targets_and_past_figures_with_like_names() -> None:
    background = "".join(f"2020年，第{i}类企业数量为{i}家。\n" for i in range(1200))
    goals = "".join(f"到2025年，第{i}类企业数量达到{i + 5}家。\n" for i in range(1200))
    found = extract(PLAN + "一、发展基础\n" + background + "二、发展目标\n" + goals).candidates
    assert len(found) == 1200
    last = found[-1]
    assert last.name == "第1199类企业数量" and last.baseline is not None
    assert last.baseline.value is not None and last.baseline.value.value == 1199


def test_a_restated_goal_is_still_kept_once_among_many() -> None:
    # duplicates are found through an index now, no longer by comparing each target with all kept before it
    goals = "".join(f"到2025年，第{i}类企业数量达到{i + 5}家。\n" for i in range(1000))
    found = extract(PLAN + goals + goals).candidates
    assert len(found) == 1000


def test_a_clause_past_the_cap_is_cut_and_said_to_be() -> None:
    clause = "企业数量达到100家" + "、新增一批企业" * 80  # one clause of 570 characters
    found = extract(PLAN + "到2025年，" + clause + "。\n", ExtractOptions(), "plan.txt")
    assert [c.quote for c in found.candidates] == [clause[:MAX_CLAUSE]]  # the quote is the part read
    (finding,) = found.findings
    assert (finding.code, finding.severity, finding.span) == ("clause-cut", Severity.WARNING, ("plan.txt", 3, 8))
    assert f"clause cut at {MAX_CLAUSE} characters (it has {len(clause)})" in finding.message


def test_the_cut_never_splits_a_number() -> None:
    clause = "企" * (MAX_CLAUSE - 3) + "达到12.5万家"  # the 400th character is the "1"
    found = extract(PLAN + "到2025年，" + clause + "。\n")
    assert found.candidates == ()  # "达到1" would be a wrong target
    assert f"cut at {MAX_CLAUSE - 1} characters" in found.findings[0].message


def test_the_command_says_where_a_clause_was_cut(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN + "到2025年，企业数量达到100家" + "、新增一批企业" * 80 + "。\n", encoding="utf-8")
    result = run("extract", str(plan), "--format", "table", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{plan}:3:8: warning[clause-cut] clause cut at {MAX_CLAUSE} characters (it has 570)" in result.stderr
    assert "企业数量" in result.stdout
    assert_no_traceback(result)


def test_the_narrowing_table_holds_every_wide_and_narrow_form() -> None:
    # fold() narrows a line in one str.translate through this table instead of a call per character
    from shtarget.extract.document import _NARROW, _narrow

    every = {code: _narrow(chr(code)) for code in range(sys.maxunicode + 1) if _narrow(chr(code)) != chr(code)}
    assert every == _NARROW
