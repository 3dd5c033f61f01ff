from __future__ import annotations

import json
from pathlib import Path

from markdown_it import MarkdownIt
from test_cli import run_en

from conftest import FIXTURES
from shtarget.diff import Change, diff_datasets
from shtarget.load import load_file
from shtarget.model import Dataset, Status

ADDED_ACTUAL = "      - {year: 2022, value: 18000, source: bulletin, quote: '18000'}\n"


def load(path: Path) -> Dataset:
    result = load_file(path)
    assert result.dataset is not None and not result.errors, result.findings
    return result.dataset


def head_with(workdir: Path, extra: str) -> Path:
    text = (workdir / "targets.yaml").read_text(encoding="utf-8")
    head = workdir / "head.yaml"
    head.write_text(text + extra, encoding="utf-8")
    return head


def test_added_actual_and_worse_status(workdir: Path) -> None:
    base = load(FIXTURES / "minimal.yaml")
    head = load(head_with(workdir, ADDED_ACTUAL))
    changes = diff_datasets(base, head, 2022)
    (actual,) = changes.actuals
    assert (actual.target, actual.year, actual.change) == ("high-tech-firms", 2022, Change.ADDED)
    assert actual.after == "18000 (bulletin)"
    (status,) = changes.statuses
    assert (status.before, status.after) == (Status.ON_TRACK, Status.OFF_TRACK)
    assert status.regression and changes.regressions == (status,)


def test_changed_and_removed_actuals(workdir: Path) -> None:
    text = (workdir / "targets.yaml").read_text(encoding="utf-8")
    changed = text.replace("value: 8600亿元", "value: 9000亿元").replace(
        '      - {year: 2021, value: 2万多家, source: plan-doc, quote: "2021年高新技术企业达到2万多家"}\n', ""
    )
    (workdir / "head.yaml").write_text(changed, encoding="utf-8")
    changes = diff_datasets(load(workdir / "targets.yaml"), load(workdir / "head.yaml"), 2023)
    kinds = {(a.target, a.year): a.change for a in changes.actuals}
    assert kinds == {("value-added", 2022): Change.CHANGED, ("high-tech-firms", 2021): Change.REMOVED}
    assert not changes.regressions


def test_improvement_is_not_a_regression(workdir: Path) -> None:
    worse = head_with(workdir, ADDED_ACTUAL)
    changes = diff_datasets(load(worse), load(workdir / "targets.yaml"), 2022)
    assert changes.statuses and not changes.regressions


def test_no_changes(workdir: Path) -> None:
    result = run_en("diff", str(workdir / "targets.yaml"), cwd=workdir)
    assert result.returncode == 0
    assert result.stdout.startswith("no changes")


def test_diff_cli_formats(workdir: Path) -> None:
    head = head_with(workdir, ADDED_ACTUAL)
    base = str(workdir / "targets.yaml")
    text = run_en("diff", base, "--file", str(head), "--as-of", "2022", cwd=workdir)
    assert text.returncode == 0
    assert "high-tech-firms: on-track → off-track  (regression)" in text.stdout
    gated = run_en("diff", base, "--file", str(head), "--as-of", "2022", "--fail-on-regression", cwd=workdir)
    assert gated.returncode == 1
    as_json = json.loads(
        run_en("diff", base, "-f", str(head), "--as-of", "2022", "--format", "json", cwd=workdir).stdout
    )
    assert as_json["statuses"] == [
        {"target": "high-tech-firms", "before": "on-track", "after": "off-track", "regression": True}
    ]
    markdown = run_en("diff", base, "-f", str(head), "--as-of", "2022", "--format", "markdown", cwd=workdir).stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) == 2
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 4  # two headers, one status row, one actual row


def test_diff_with_a_broken_base_exits_2(tmp_path: Path, workdir: Path) -> None:
    broken = tmp_path / "base.yaml"
    broken.write_text("schema: 1\n", encoding="utf-8")
    result = run_en("diff", str(broken), cwd=workdir)
    assert result.returncode == 2
    assert "error[missing-field]" in result.stderr


MISSED_FINAL = '      - {year: 2025, value: 9000亿元, source: bulletin, quote: "9000亿元"}\n'


def test_a_move_into_missed_is_a_regression_from_any_status(workdir: Path) -> None:
    text = (workdir / "targets.yaml").read_text(encoding="utf-8")
    anchor = '      - {year: 2022, value: 8600亿元, source: bulletin, quote: "8600亿元"}\n'
    head = workdir / "head.yaml"
    head.write_text(text.replace(anchor, anchor + MISSED_FINAL), encoding="utf-8")
    changes = diff_datasets(load(workdir / "targets.yaml"), load(head), 2026)
    (status,) = changes.statuses
    assert (status.before, status.after) == (Status.AWAITING_DATA, Status.MISSED)
    assert status.regression
    gated = run_en("diff", str(workdir / "targets.yaml"), "-f", str(head), "--as-of", "2026", "--fail-on-regression")
    assert gated.returncode == 1
    assert "value-added: awaiting-data → missed  (regression)" in gated.stdout
    back = diff_datasets(load(head), load(workdir / "targets.yaml"), 2026)
    assert back.statuses and not back.regressions  # missed → awaiting-data is not


def test_added_and_removed_sources(workdir: Path) -> None:
    text = (workdir / "targets.yaml").read_text(encoding="utf-8")
    head = workdir / "head.yaml"
    head.write_text(
        text.replace(
            "  bulletin:\n",
            "  stats-2024:\n    url: https://example.org/2024\n    title: 2024年统计公报\n  bulletin:\n",
        ),
        encoding="utf-8",
    )
    changes = diff_datasets(load(workdir / "targets.yaml"), load(head), 2023)
    assert [(s.source, s.change) for s in changes.sources] == [("stats-2024", Change.ADDED)]
    assert changes.sources[0].after == "2024年统计公报 (https://example.org/2024)"
    removed = diff_datasets(load(head), load(workdir / "targets.yaml"), 2023)
    assert [(s.source, s.change) for s in removed.sources] == [("stats-2024", Change.REMOVED)]
    text_out = run_en("diff", str(workdir / "targets.yaml"), "-f", str(head), cwd=workdir).stdout
    assert "source stats-2024: added — → 2024年统计公报 (https://example.org/2024)" in text_out
    as_json = json.loads(run_en("diff", str(workdir / "targets.yaml"), "-f", str(head), "--format", "json").stdout)
    assert as_json["sources"] == [
        {
            "source": "stats-2024",
            "change": "added",
            "before": None,
            "after": "2024年统计公报 (https://example.org/2024)",
        }
    ]
    markdown = run_en("diff", str(workdir / "targets.yaml"), "-f", str(head), "--format", "markdown").stdout
    assert "| source | change | before | after |" in markdown


def test_markdown_columns_are_labelled(workdir: Path) -> None:
    head = head_with(workdir, ADDED_ACTUAL)
    markdown = run_en("diff", str(workdir / "targets.yaml"), "-f", str(head), "--as-of", "2022", "--format", "markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown.stdout)
    headers = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "th_open"]
    assert headers == ["target", "before", "after", "regression", "target", "year", "change", "before", "after"]


def test_diff_names_the_file_that_cannot_be_read(workdir: Path) -> None:
    result = run_en("diff", "nope.yaml", cwd=workdir)
    assert result.returncode == 2
    assert "nope.yaml:1:1: error[unreadable]" in result.stderr
    assert "the base file nope.yaml has 1 error; nothing compared (see 'shtarget check --file nope.yaml')" in (
        result.stderr
    )
    broken_head = run_en("diff", "targets.yaml", "--file", "nope.yaml", cwd=workdir)
    assert broken_head.returncode == 2 and "the changed file nope.yaml has 1 error" in broken_head.stderr


def test_a_move_into_inconclusive_is_a_regression(workdir: Path) -> None:
    """A final figure that is only a lower bound below the goal (超9000亿元 against >1万亿元) settles nothing."""
    text = (workdir / "targets.yaml").read_text(encoding="utf-8")
    anchor = '      - {year: 2022, value: 8600亿元, source: bulletin, quote: "8600亿元"}\n'
    head = workdir / "head.yaml"
    bound = '      - {year: 2025, value: 超9000亿元, source: bulletin, quote: "超9000亿元"}\n'
    head.write_text(text.replace(anchor, anchor + bound), encoding="utf-8")
    (status,) = diff_datasets(load(workdir / "targets.yaml"), load(head), 2026).statuses
    assert (status.before, status.after) == (Status.AWAITING_DATA, Status.INCONCLUSIVE)
    assert status.regression
