"""`shtarget report`: valid GFM, escaped data, links that resolve, well-formed Mermaid, and a golden file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from test_cli import run

from conftest import FIXTURES, REPO, write

GOLDEN = Path(__file__).parent / "golden" / "report-minimal.md"


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first)."""
    found: list[list[list[str]]] = []
    row: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            row.append(tokens[index + 1].content if tokens[index + 1].type == "inline" else "")
        elif token.type == "tr_close":
            found[-1].append(row)
    return found


def links(tokens: list[Token]) -> list[str]:
    hrefs = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                hrefs.append(str(child.attrs["href"]))
    return hrefs


def headings(tokens: list[Token]) -> set[str]:
    return {tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"}


def check_links(markdown: str, report_dir: Path) -> None:
    tokens = parse(markdown)
    anchors = headings(tokens)
    for href in links(tokens):
        if href.startswith("http"):
            continue
        if href.startswith("#"):
            assert href[1:] in anchors, href
            continue
        path, _, fragment = href.partition("#")
        target = (report_dir / path).resolve()
        assert target.is_file(), href
        if fragment:
            line = int(fragment.removeprefix("L"))
            assert 1 <= line <= len(target.read_text(encoding="utf-8").split("\n")), href


def check_mermaid(markdown: str) -> int:
    blocks = [t for t in parse(markdown) if t.type == "fence" and t.info == "mermaid"]
    for block in blocks:
        lines = block.content.strip().split("\n")
        assert lines[0] == "xychart-beta"
        body = {line.split()[0]: line.strip() for line in lines[1:]}
        assert re.fullmatch(r'title "[^"\n]*"', body["title"])
        years = re.fullmatch(r"x-axis \[([\d, ]+)\]", body["x-axis"])
        assert years
        count = len(years[1].split(","))
        assert re.fullmatch(r'y-axis "[^"]*" 0 --> [\d.]+', body["y-axis"])
        for series in ("bar", "line"):
            if series in body:
                values = re.fullmatch(rf"{series} \[([-\d., ]+)\]", body[series])
                assert values and len(values[1].split(",")) == count
    return len(blocks)


def test_golden_report_of_the_fixture() -> None:
    result = run("report", "--file", "minimal.yaml", "--as-of", "2023", "--lang", "en", cwd=FIXTURES)
    assert result.returncode == 0, result.stderr
    assert result.stdout == GOLDEN.read_text(encoding="utf-8"), "regenerate tests/golden/report-minimal.md"


def test_fixture_report_is_valid_markdown() -> None:
    markdown = GOLDEN.read_text(encoding="utf-8")
    tokens = parse(markdown)
    status_table = next(t for t in tables(tokens) if t[0][0] == "Target")
    assert len(status_table) == 1 + 2  # header and the two targets
    assert all(len(row) == 7 for row in status_table)
    check_links(markdown, FIXTURES)
    assert check_mermaid(markdown) == 2


def test_shipped_report_is_checked_in_and_current() -> None:
    result = run("report", "--as-of", "2026", "--lang", "en", cwd=REPO)
    assert result.returncode == 0, result.stderr
    checked_in = (REPO / "REPORT.md").read_text(encoding="utf-8")
    assert checked_in == result.stdout, "stale: run `shtarget report --as-of 2026 --lang en -o REPORT.md`"


def test_shipped_report_structure() -> None:
    markdown = (REPO / "REPORT.md").read_text(encoding="utf-8")
    tokens = parse(markdown)
    status_table = next(t for t in tables(tokens) if t[0][0] == "Target")
    assert len(status_table) == 1 + shipped_target_count()
    assert all(len(row) == 7 for row in status_table)
    check_links(markdown, REPO)
    assert check_mermaid(markdown) >= 8
    assert "#L11" in markdown  # evidence links to the exact seed line
    assert "inconclusive" in markdown  # ic-growth's 2025 figure is a lower bound that settles nothing
    assert "5万亿" not in markdown and "50,000" in markdown  # implied GDP, English numbers


def test_report_in_chinese_and_for_one_plan(workdir: Path) -> None:
    result = run("report", "--as-of", "2023", "--plan", "demo", cwd=workdir)
    assert result.returncode == 0
    assert "成绩单" in result.stdout and "1万亿元" in result.stdout
    unknown = run("report", "--plan", "nope", cwd=workdir)
    assert unknown.returncode == 2


def test_links_are_relative_to_the_report(workdir: Path) -> None:
    (workdir / "docs").mkdir()
    result = run("report", "--as-of", "2023", "-o", "docs/REPORT.md", cwd=workdir)
    assert result.returncode == 0, result.stderr
    markdown = (workdir / "docs" / "REPORT.md").read_text(encoding="utf-8")
    assert "](../seeds/plan.txt#L" in markdown
    check_links(markdown, workdir / "docs")


def test_data_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    hostile = "a | b <script>alert(1)</script> *x* [l](http://e.vil) `c`"
    path = write(
        tmp_path,
        f"""
        schema: 1
        title: "{hostile}"
        sources:
          web: {{url: "https://example.org/(x)", title: "{hostile}"}}
        plans:
          p: {{name: "{hostile}", period: [2020, 2025]}}
        targets:
          - id: t
            plan: p
            name: "{hostile}\\nsecond line"
            unit: 家
            baseline: {{year: 2020, value: 10, source: web, quote: "10家"}}
            target: {{year: 2025, value: 20}}
            evidence: [{{source: web, quote: "20家 | <b>bold</b>"}}]
            actuals:
              - {{year: 2022, value: 14, source: web, quote: "14家", note: "{hostile}"}}
        """,
    )
    result = run("report", "--file", str(path), "--as-of", "2023", "--lang", "en")
    assert result.returncode == 0, result.stderr
    tokens = parse(result.stdout)
    html = [t for t in tokens if t.type == "html_block"] + [
        c for t in tokens for c in t.children or [] if c.type == "html_inline"
    ]
    assert all(token.content in ("<sub>", "</sub>") for token in html), [t.content for t in html]
    status_table = next(t for t in tables(tokens) if t[0][0] == "Target")
    assert len(status_table) == 2 and all(len(row) == 7 for row in status_table)
    assert "http://e.vil" not in links(tokens)
    actuals = next(t for t in tables(tokens) if t[0][0] == "Year")
    assert len(actuals) == 2 and len(actuals[1]) == 5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_written_atomically(workdir: Path, lang: str) -> None:
    out = workdir / "REPORT.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    result = run("report", "--lang", lang, "-o", str(out), cwd=workdir)
    assert result.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Fixture plan")
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".REPORT")] == []


def shipped_target_count() -> int:
    from shtarget.load import load_file

    dataset = load_file(REPO / "targets.yaml").dataset
    assert dataset is not None
    return len(dataset.targets)
