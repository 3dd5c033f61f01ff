"""`shtarget scan`, `shtarget review` and `--known-at` on the command line: in-process (test_cli's `run`), one
smoke test through a real process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_cli import assert_no_traceback, run, run_en, run_process

from conftest import FIXTURES

SCAN = FIXTURES / "scan"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copy(SCAN / "targets.yaml", tmp_path / "targets.yaml")
    (tmp_path / "bulletins").mkdir()
    shutil.copy(SCAN / "bulletin.txt", tmp_path / "bulletins" / "b2024.txt")
    return tmp_path


# --- scan ---------------------------------------------------------------------------------------------------


def test_scan_table(repo: Path) -> None:
    result = run_en("scan", "bulletins/b2024.txt", "--lang", "en", cwd=repo, env={"COLUMNS": "160"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Year", "Value", "Months", "Line", "State", "Quote"]
    row = next(line for line in lines if line.startswith("nev-output"))
    assert row.split()[:7] == ["nev-output", "2024", "310.1", "bn", "yuan", "Jan–Nov", "7"]
    assert "conflict: recorded 1,200 bn yuan" in result.stdout
    assert lines[-1] == (
        "bulletins/b2024.txt: 11 figures to record (9 new, 1 same, 1 conflict); 11 figures not proposed"
        " (--verbose lists why)"
    )


def test_scan_table_in_chinese_puts_quotes_below_when_narrow(repo: Path) -> None:
    result = run("scan", "bulletins/b2024.txt", cwd=repo, env={"COLUMNS": "60"})
    assert result.returncode == 0
    assert "编号" in result.stdout and "    «年末有效期内高新技术企业2.5万家»" in result.stdout
    assert "冲突：已记1.2万亿元" in result.stdout


def test_scan_verbose_lists_why(repo: Path) -> None:
    result = run_en("scan", "bulletins/b2024.txt", "--verbose", "--lang", "en", cwd=repo, env={"COLUMNS": "200"})
    assert result.returncode == 0
    assert "  6: 9000家 — high-tech: a year's new entries, not the total" in result.stdout
    assert "  7: 35.4万辆 — nev-output: its unit does not convert to 亿元" in result.stdout
    assert "  11: 5%以上 — a goal or an estimate, not an actual" in result.stdout
    assert "  8: 4.6% — rd-2030: 2024 is outside 2025–2030, the years its plan covers" in result.stdout


def test_scan_json(repo: Path) -> None:
    result = run_en("scan", "bulletins/b2024.txt", "--format", "json", cwd=repo)
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["schema"] == 1 and document["file"] == "bulletins/b2024.txt"
    first = document["proposals"][0]
    assert first == {
        "id": "gdp",
        "year": 2024,
        "value": 50000.5,
        "qualifier": "exact",
        "months": None,
        "quote": "全年实现地区生产总值50000.5亿元",
        "line": 2,
        "recorded": None,
        "state": "new",
        "unit": "亿元",
        "text": "50000.5亿元",
    }
    conflict = next(p for p in document["proposals"] if p["state"] == "conflict")
    assert (conflict["id"], conflict["value"], conflict["recorded"]) == ("sei-value", 12500, 12000)
    ic = [p for p in document["proposals"] if p["id"].startswith("ic-")]
    assert [p["qualifier"] for p in ic] == ["over", "over"]
    assert {"quote", "line", "reason"} <= set(document["unmatched"][0])
    assert {u["reason"] for u in document["unmatched"]} >= {"goal", "growth-rate", "untracked", "unit"}


def test_scan_year_option(repo: Path) -> None:
    (repo / "q3.txt").write_text("前三季度,全市实现地区生产总值34389.18亿元。\n", encoding="utf-8")
    without = json.loads(run_en("scan", "q3.txt", "--format", "json", cwd=repo).stdout)
    assert without["proposals"] == [] and without["unmatched"][0]["reason"] == "no-year"
    result = run_en("scan", "q3.txt", "--year", "2024", "--format", "json", cwd=repo)
    assert [(p["id"], p["year"], p["months"]) for p in json.loads(result.stdout)["proposals"]] == [("gdp", 2024, 9)]


def test_scan_finding_nothing_still_exits_0(repo: Path) -> None:
    (repo / "empty.txt").write_text("示范市经济运行平稳。\n", encoding="utf-8")
    result = run_en("scan", "empty.txt", "--lang", "en", cwd=repo)
    assert result.returncode == 0
    assert result.stdout == "empty.txt: no figures for the data's targets or series\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "missing.txt"], "shtarget: error: missing.txt: no such file\n"),
        (["scan", "bulletins"], "shtarget: error: bulletins is a directory\n"),
        (["scan", "gbk.txt"], "shtarget: error: gbk.txt is not UTF-8 (byte 0xb7 at offset 2); convert it first\n"),
        (["scan", "bulletins/b2024.txt", "--dry-run"], "shtarget: error: --dry-run goes with --into\n"),
        (["scan", "bulletins/b2024.txt", "--source", "x"], "shtarget: error: --source goes with --into\n"),
    ],
)
def test_scan_errors_exit_2(repo: Path, args: list[str], message: str) -> None:
    (repo / "gbk.txt").write_bytes("示范".encode("gbk"))
    result = run_en(*args, cwd=repo)
    assert result.returncode == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_scan_of_an_unreadable_data_file_exits_2(repo: Path) -> None:
    (repo / "targets.yaml").write_text("schema: 1\ntitle: [\n", encoding="utf-8")
    result = run_en("scan", "bulletins/b2024.txt", cwd=repo)
    assert result.returncode == 2 and "yaml-syntax" in result.stderr


def test_scan_out_of_range_year_is_refused_by_typer(repo: Path) -> None:
    result = run_en("scan", "bulletins/b2024.txt", "--year", "1800", cwd=repo)
    assert result.returncode == 2 and "1800" in result.stderr


# --- scan --into and review ---------------------------------------------------------------------------------


def test_scan_into_dry_run_writes_nothing(repo: Path) -> None:
    before = (repo / "targets.yaml").read_bytes()
    result = run_en("scan", "bulletins/b2024.txt", "--into", "targets.yaml", "--dry-run", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- a/targets.yaml\n+++ b/targets.yaml\n")
    assert '+  b2024: {path: "bulletins/b2024.txt", sha256: "' in result.stdout
    assert result.stdout.count("draft: true") == 9
    assert (repo / "targets.yaml").read_bytes() == before


def test_scan_into_then_review(repo: Path) -> None:
    result = run_en("scan", "bulletins/b2024.txt", "--into", "targets.yaml", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added 9 draft actuals to targets.yaml (source b2024): gdp 2024, ")
    again = run_en("scan", "bulletins/b2024.txt", "--into", "targets.yaml", cwd=repo)
    assert again.returncode == 0 and again.stdout.startswith("nothing new to add to targets.yaml; 10 already recorded")

    listing = run_en("review", "--lang", "en", cwd=repo, env={"COLUMNS": "160"})
    assert listing.returncode == 0
    assert listing.stdout.splitlines()[0].split() == ["ID", "Year", "Value", "Months", "Source", "Quote"]
    assert "9 draft actuals (to accept: shtarget review accept ID YEAR; to delete: drop)" in listing.stdout
    drafts = json.loads(run_en("review", "--format", "json", cwd=repo).stdout)["drafts"]
    assert len(drafts) == 9 and drafts[0]["source"] == "b2024"

    shown = run_en("show", "high-tech", "--lang", "en", cwd=repo)
    assert "2024  25,000 firms · draft (not assessed until reviewed)" in shown.stdout
    exported = json.loads(run_en("export", cwd=repo).stdout)
    high_tech = next(t for t in exported["targets"] if t["id"] == "high-tech")
    assert [a["draft"] for a in high_tech["actuals"]] == [False, True]
    status = json.loads(run_en("status", "--as-of", "2024", "--format", "json", cwd=repo).stdout)
    assert next(t for t in status["targets"] if t["id"] == "high-tech")["latest"]["year"] == 2022

    check = run_en("check", "--strict", cwd=repo)
    assert check.returncode == 1 and check.stdout.count("warning[draft-actual]") == 9
    assert run_en("check", cwd=repo).returncode == 0

    accept = run_en("review", "accept", "gdp", "2024", "--months", "3", cwd=repo)
    assert accept.returncode == 0, accept.stderr
    assert accept.stdout == "accepted 1 draft actual: gdp 2024 (first 3 months); it is assessed from now on\n"
    drop = run_en("review", "drop", "--all", cwd=repo)
    assert drop.returncode == 0 and drop.stdout.startswith("dropped 8 draft actuals: sei-share 2024, ")
    assert run_en("check", "--strict", cwd=repo).returncode == 0
    assert run_en("review", "--lang", "en", cwd=repo).stdout == "targets.yaml: no draft actuals to review\n"


def test_scan_into_an_unknown_source(repo: Path) -> None:
    result = run_en("scan", "bulletins/b2024.txt", "--into", "targets.yaml", "--source", "nope", cwd=repo)
    assert result.returncode == 2
    assert "error[unknown-source] --source: unknown source 'nope'" in result.stderr
    assert result.stderr.endswith("shtarget: error: nothing written to targets.yaml\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["review", "accept"],
            "give the draft's ID and YEAR (`shtarget review` lists them), or --all: shtarget review accept ID YEAR",
        ),
        (["review", "drop", "gdp"], "give the draft's ID and YEAR (`shtarget review` lists them), or --all"),
        (["review", "accept", "gdp", "2024", "--all"], "give ID and YEAR, or --all, not both"),
    ],
)
def test_review_usage_errors(repo: Path, args: list[str], message: str) -> None:
    result = run_en(*args, cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr


def test_review_of_no_draft_exits_2(repo: Path) -> None:
    result = run_en("review", "accept", "sei-value", "2023", cwd=repo)
    assert result.returncode == 2
    assert "error[no-draft] sei-value 2023: no draft actual there; `shtarget review` lists the drafts" in result.stderr
    unknown = run_en("review", "drop", "nope", "2023", cwd=repo)
    assert unknown.returncode == 2 and "error[unknown-target] unknown target or series 'nope'" in unknown.stderr


def test_review_months_out_of_range(repo: Path) -> None:
    assert run_en("review", "accept", "gdp", "2024", "--months", "12", cwd=repo).returncode == 2


# --- --known-at -------------------------------------------------------------------------------------------------


def test_known_at_on_status_show_report_export(repo: Path) -> None:
    note = (
        "shtarget: --known-at 2023-12: 2 figures published after 2023-12 and 1 figure without a publication date"
        " left out\n"
    )
    status = run_en("status", "--known-at", "2023-12", "--as-of", "2023", "--lang", "en", "--format", "json", cwd=repo)
    assert status.returncode == 0 and status.stderr == note
    latest = {t["id"]: t["latest"] for t in json.loads(status.stdout)["targets"]}
    assert latest["sei-value"]["year"] == 2022 and latest["high-tech"] is None
    show = run_en("show", "sei-value", "--known-at", "2023-12", "--lang", "en", cwd=repo)
    assert show.returncode == 0 and "2023" not in show.stdout.split("Status")[0].split("Target")[1]
    report = run_en("report", "--known-at", "2023-12", "--lang", "en", cwd=repo)
    assert report.returncode == 0 and report.stderr == note
    export = run_en("export", "--known-at", "2024", cwd=repo)
    assert export.returncode == 0
    assert export.stderr == "shtarget: --known-at 2024: 1 figure without a publication date left out\n"
    zh = run("status", "--known-at", "2023-12", cwd=repo)
    assert zh.stderr == "shtarget: --known-at 2023-12：2个数字发布于2023-12之后，1个数字没有发布日期，未计入\n"


def test_known_at_refuses_a_bad_date(repo: Path) -> None:
    result = run_en("status", "--known-at", "2023-13", cwd=repo)
    assert result.returncode == 2
    assert result.stderr == "shtarget: error: --known-at: expected YYYY, YYYY-MM or YYYY-MM-DD, got '2023-13'\n"


# --- one real process ---------------------------------------------------------------------------------------------


def test_scan_smoke_in_a_process(repo: Path) -> None:
    result = run_process("scan", "bulletins/b2024.txt", "--format", "json", cwd=repo)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["proposals"]) == 11
