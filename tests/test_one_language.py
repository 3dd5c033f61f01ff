"""One language (issue 23): `--lang` and SHTARGET_LANG on every command, Chinese by default; codes, positions
and exit codes the same in both."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_cli import run, run_en
from test_docs import finding_codes

from conftest import FIXTURES, write
from shtarget.render.messages import FINDING_TITLES_ZH


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "targets.yaml")
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    return tmp_path / "targets.yaml"


@pytest.mark.parametrize(
    "command",
    [
        ("status",), ("show", "value-added"), ("list",), ("check",), ("diff", "targets.yaml"), ("report",),
        ("record", "value-added", "2023", "9000亿元", "--source", "bulletin", "--dry-run"),
        ("sources", "add", "x", "--url", "https://example.org/x", "--title", "x", "--dry-run"),
        ("sources", "list",), ("review",), ("init", "new-{lang}"),
    ],
)  # fmt: skip
def test_every_command_takes_lang_and_the_environment(data: Path, command: tuple[str, ...]) -> None:
    for lang in ("zh", "en"):
        result = run(*(word.format(lang=lang) for word in command), "--lang", lang, cwd=data.parent)
        assert "No such option" not in result.stderr, (command, result.stderr)
        assert result.returncode in (0, 1), (command, lang, result.stderr)
    refused = run(*(word.format(lang="fr") for word in command), cwd=data.parent, env={"SHTARGET_LANG": "fr"})
    assert refused.returncode == 2  # not a language


def test_check_findings_in_chinese_keep_codes_and_positions(data: Path) -> None:
    data.write_text(data.read_text(encoding="utf-8").replace('quote: "8600亿元"', 'quote: "8700亿元"'))
    chinese = run("check", "--strict", cwd=data.parent)
    english = run("check", "--strict", "--lang", "en", cwd=data.parent)
    assert chinese.returncode == english.returncode == 1
    position = "targets.yaml:29:62: warning[number-not-in-quote]"
    assert position in english.stdout and position in chinese.stdout
    assert "引文未写明该数值" in chinese.stdout and "个警告" in chinese.stdout
    assert english.stdout.endswith("0 errors, 1 warning\n")
    assert run("check", "--strict", cwd=data.parent, env={"SHTARGET_LANG": "en"}).stdout == english.stdout


def test_every_finding_code_has_a_chinese_title() -> None:
    assert sorted(finding_codes() - set(FINDING_TITLES_ZH)) == []


def test_diff_in_markdown_uses_the_dashboard_words(data: Path) -> None:
    base = data.parent / "base.yaml"
    shutil.copy(data, base)
    data.write_text(
        data.read_text(encoding="utf-8").replace("{year: 2021, value: 2万多家,", "{year: 2021, value: 2000,"),
        encoding="utf-8",
    )
    chinese = run("diff", str(base), "--format", "markdown", "--as-of", "2022", cwd=data.parent).stdout
    assert "**状态变化**" in chinese and "进展顺利" in chinese
    assert not re.search(r"\b(on-track|off-track|moving-away)\b", chinese)
    english = run_en("diff", str(base), "--format", "markdown", "--as-of", "2022", cwd=data.parent).stdout
    assert "**Status changes**" in english


@pytest.mark.parametrize(("word", "done"), [("完成", True), ("已完成", True), ("未完成", False), ("done", True)])
def test_milestones_take_the_words_status_prints(tmp_path: Path, word: str, done: bool) -> None:
    write(
        tmp_path,
        """
        schema: 1
        title: t
        sources:
          web: {url: "https://example.org/a", title: web}
        plans:
          p: {name: p, period: [2021, 2025]}
        targets:
          - id: m
            plan: p
            name: 里程碑
            kind: milestone
            target: {year: 2025}
            evidence: [{source: web}]
        """,
    )
    result = run("record", "m", "2023", word, "--source", "web", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"done: {'true' if done else 'false'}" in (tmp_path / "targets.yaml").read_text(encoding="utf-8")
    assert ("已完成" if done else "未完成") in result.stdout  # the summary speaks Chinese by default


def test_the_line_naming_the_data_file_speaks_the_language(tmp_path: Path) -> None:
    chinese = run("status", "--format", "json", cwd=tmp_path).stderr
    assert chinese.startswith("shtarget: 使用 shtarget 自带的示例数据")
    english = run("status", "--format", "json", "--lang", "en", cwd=tmp_path).stderr
    assert english.startswith("shtarget: using the sample data bundled with shtarget")


def test_sources_add_says_what_it_did_in_the_language(data: Path) -> None:
    args = ("sources", "add", "stats", "--url", "https://example.org/s", "--title", "公报")
    assert run(*args, cwd=data.parent).stdout == "已添加来源 'stats'\n"
    args = ("sources", "add", "stats2", "--url", "https://example.org/t", "--title", "公报2", "--lang", "en")
    assert run(*args, cwd=data.parent).stdout == "added source 'stats2'\n"
