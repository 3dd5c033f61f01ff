"""Hostile strings (issue 13) in every text field, through every command and format: no traceback, strict
JSON, no raw control character in any output, and no HTML from data in the report."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_cli import run

from conftest import FIXTURES

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
ATTACKS = [
    "\x1b[2J\x1b]8;;https://evil/\x1b\\x\x1b]8;;\x1b\\\x1b]52;c;ZWNo\x07",
    "\n::add-mask::x\n::stop-commands::t",
    '=HYPERLINK("https://evil")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\r```\n<img src=x onerror=alert(1)>\n```",
    "<script>alert(1)</script>",
    "[link](javascript:alert(1))",
    "| a | b |\n|---|---|",
    '"]; x-axis [evil',
    "%%{init: {'theme': 'dark'}}%%",
    "\u202egnp.exe",
    "a\u2028b\u2029c\x85d",
    "*a &b !!str {x: [y]} # not a comment",
    "# heading\n- item",
]
ALPHABET = st.sampled_from(list("\x00\x07\x1b\x7f\x85\x9b\u202e\u2066\u2028<>&\"'`|[]()*_#=+-@\t\r\n!:{}%~\\/ a1中"))
HOSTILE = st.one_of(st.sampled_from(ATTACKS), st.text(alphabet=ALPHABET, min_size=1, max_size=30))

REPORT_ANCHOR = re.compile(r'<a id="[a-z0-9_-]+">(?:</a>)?|</a>')  # the report's own anchors


def dataset_with(directory: Path, hostile: str) -> Path:
    """The fixture with `hostile` in every free-text field that may hold anything."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    quoted = json.dumps(hostile, ensure_ascii=True)  # a valid YAML double-quoted scalar
    replacements = {
        "title: Fixture plan": f"title: {quoted}\ntitle_en: {quoted}",
        "name: 产业增加值": f"name: {quoted}",
        "title: Example bulletin": f"title: {quoted}",
        '{year: 2022, value: 8600亿元, source: bulletin, quote: "8600亿元"}': (
            f"{{year: 2022, value: 8600亿元, source: bulletin, quote: {json.dumps('8600亿元 ' + hostile)},"
            f" note: {quoted}}}"
        ),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    if (directory / "seeds").exists():
        shutil.rmtree(directory / "seeds")
    shutil.copytree(FIXTURES / "seeds", directory / "seeds")
    path = directory / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def strict_json(text: str) -> None:
    def refuse(constant: str) -> object:
        raise AssertionError(f"not strict JSON: {constant}")

    json.loads(text, parse_constant=refuse)


def assert_clean(output: str, where: str) -> None:
    found = RAW_CONTROL.search(output.replace("\r\n", "\n"))
    assert found is None, (where, repr(output[max(0, found.start() - 30) : found.end() + 30]))


COMMANDS = [
    ("status",),
    ("status", "--lang", "en"),
    ("status", "--format", "json"),
    ("status", "--format", "csv"),
    ("show", "value-added"),
    ("show", "value-added", "--format", "json"),
    ("check", "--format", "text"),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
    ("export", "--format", "json"),
    ("export", "--format", "csv"),
    ("export", "--format", "csv", "--actuals"),
    ("export", "--format", "toml"),
    ("report", "--lang", "en"),
    ("report", "--format", "html"),
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(HOSTILE)
def test_hostile_strings_never_crash_inject_or_break_json(tmp_path: Path, hostile: str) -> None:
    path = dataset_with(tmp_path, hostile)
    for command in COMMANDS:
        result = run(*command, "--file", str(path), "--as-of", "2024")
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert result.returncode in (0, 1, 2), (command, result.stdout + result.stderr)
        assert_clean(result.stdout, " ".join(command))
        assert_clean(result.stderr, " ".join(command) + " (stderr)")
        if "json" in command and result.returncode != 2:  # 2: the data has errors, nothing is printed
            strict_json(result.stdout)
        if command[0] == "report" and "html" not in command:
            data_html = [
                token
                for token in MarkdownIt("commonmark").enable("table").parse(result.stdout)
                for token in [token, *(token.children or [])]
                if token.type in ("html_block", "html_inline") and not REPORT_ANCHOR.fullmatch(token.content.strip())
            ]
            assert not data_html, [token.content for token in data_html]


def test_every_attack_through_the_real_entry_point(tmp_path: Path) -> None:
    for index, hostile in enumerate(ATTACKS):
        directory = tmp_path / str(index)
        directory.mkdir()
        path = dataset_with(directory, hostile)
        for command in (
            ("status",),
            ("show", "value-added"),
            ("check", "--format", "github"),
            ("export", "--format", "csv"),
        ):
            result = run(*command, "--file", str(path), "--as-of", "2024")
            assert "Traceback" not in result.stderr, (hostile, command)
            assert_clean(result.stdout + result.stderr, f"{hostile!r} {command}")
            if command[0] == "export":
                cells = [cell for line in result.stdout.splitlines() for cell in line.split(",")]
                assert not any(cell.lstrip('"').startswith(("=", "+", "@")) for cell in cells), hostile
