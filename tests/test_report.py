"""`shtarget report` (Markdown): valid GFM, escaped data, links that resolve, units in every table, one
language, an honest inference section, well-formed Mermaid with gaps, and a golden file."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from test_cli import run

from conftest import FIXTURES, REPO, write

GOLDEN = Path(__file__).parent / "golden" / "report-minimal.md"
CJK = re.compile(r"[\u3400-\u9fff]")
OWN_ANCHOR = re.compile(r'<a id="(_?[a-z0-9-]+)">\Z')


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def inline_tokens(tokens: list[Token]) -> list[Token]:
    return [child for token in tokens for child in token.children or []]


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
            cell = tokens[index + 1]
            row.append("".join(c.content for c in cell.children or [] if c.type in ("text", "code_inline")))
        elif token.type == "tr_close":
            found[-1].append(row)
    return found


def links(tokens: list[Token]) -> list[str]:
    return [str(child.attrs["href"]) for child in inline_tokens(tokens) if child.type == "link_open"]


def anchors(tokens: list[Token]) -> set[str]:
    """The `<a id="…"></a>` anchors the report puts in its headings."""
    found = set()
    for child in inline_tokens(tokens):
        match = OWN_ANCHOR.match(child.content) if child.type == "html_inline" else None
        if match:
            found.add(match[1])
    return found


def heading_texts(tokens: list[Token]) -> list[str]:
    return [
        "".join(c.content for c in tokens[i + 1].children or [] if c.type in ("text", "code_inline"))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def html_from_data(tokens: list[Token]) -> list[str]:
    """HTML tokens other than the report's own heading anchors (`<a id="…">` followed at once by `</a>`)."""
    found = [t.content for t in tokens if t.type == "html_block"]
    children = inline_tokens(tokens)
    for index, child in enumerate(children):
        if child.type != "html_inline":
            continue
        opener = OWN_ANCHOR.match(child.content) and children[index + 1].content == "</a>"
        closer = child.content == "</a>" and index and OWN_ANCHOR.match(children[index - 1].content)
        if not (opener or closer):
            found.append(child.content)
    return found


def check_links(markdown: str, report_dir: Path, root: Path | None = None) -> None:
    """Every link is an existing anchor, a file inside `root` (line fragments within the file), or an http(s)
    URL without whitespace."""
    root = (root or report_dir).resolve()
    tokens = parse(markdown)
    known = anchors(tokens)
    for href in links(tokens):
        if href.startswith(("http://", "https://")):
            assert not re.search(r"\s", urllib.parse.unquote(href)), href
            continue
        assert ":" not in href.split("/")[0], href  # no other scheme
        if href.startswith("#"):
            assert href[1:] in known, href
            continue
        path, _, fragment = href.partition("#")
        target = (report_dir / urllib.parse.unquote(path)).resolve()
        assert target.is_relative_to(root), href
        assert target.is_file(), href
        if fragment:
            line = int(fragment.removeprefix("L"))
            assert 1 <= line <= len(target.read_text(encoding="utf-8").split("\n")), href


# Text in a quoted Mermaid string: plain characters, and any other as Mermaid's entity code (#38; for &).
MERMAID_TEXT = r'(?:[^"\n<>&#`;]|#\d+;)*'


def mermaid_blocks(markdown: str) -> list[dict[str, str]]:
    """Each Mermaid chart, checked to be a well-formed xychart that shows something beside its goal, with a
    y-axis spanning every value drawn, as {statement: line}."""
    charts = []
    for block in (t for t in parse(markdown) if t.type == "fence" and t.info == "mermaid"):
        lines = block.content.strip().split("\n")
        assert lines[0] == "xychart-beta"
        body = {line.split()[0]: line.strip() for line in lines[1:]}
        assert re.fullmatch(rf'title "{MERMAID_TEXT}"', body["title"])
        category = rf'(?:\d{{4}}|"{MERMAID_TEXT}")'
        categories = re.fullmatch(rf"x-axis \[({category}(?:, {category})*)\]", body["x-axis"])
        assert categories
        count = len(re.findall(r'\d{4}(?=,|$)|"[^"]*"', categories[1]))
        assert count >= 2 or "line" not in body, body  # never a lone point: a figure stands beside its goal
        axis = re.fullmatch(rf'y-axis "{MERMAID_TEXT}" (-?[\d.]+) --> ([\d.]+)', body["y-axis"])
        assert axis
        for series in ("bar", "line"):
            if series in body:
                values = re.fullmatch(rf"{series} \[([-\d., ]+)\]", body[series])
                assert values and len(values[1].split(",")) == count
                numbers = [float(v) for v in values[1].split(",")]
                assert float(axis[1]) <= min(numbers) and max(numbers) < float(axis[2]), body
        charts.append(body)
    return charts


_NUMERIC = re.compile(r"(over |about |under |超|约|近|[≥>≈<≤] ?)?-?[\d,]+(\.\d+)?( \(\d{4}\))?")


def assert_units_in_every_table(markdown: str) -> int:
    """Every table has a unit column, or a unit in the header of each column holding numbers."""
    found = tables(parse(markdown))
    for rows in found:
        header, body = rows[0], rows[1:]
        if "Unit" in header or "单位" in header:
            continue
        for column, title in enumerate(header):
            numeric = any(_NUMERIC.fullmatch(row[column]) for row in body if column < len(row))
            if numeric and title not in ("Year", "年份"):
                assert re.search(r"\(.+\)|（.+）", title), f"column {title!r} of {header} has numbers but no unit"
    return len(found)


# --- the fixture --------------------------------------------------------------------------------------------


def test_golden_report_of_the_fixture() -> None:
    result = run("report", "--file", "minimal.yaml", "--as-of", "2023", "--lang", "en", cwd=FIXTURES)
    assert result.returncode == 0, result.stderr
    assert result.stdout == GOLDEN.read_text(encoding="utf-8"), "regenerate tests/golden/report-minimal.md"


def test_fixture_report_is_valid_markdown() -> None:
    markdown = GOLDEN.read_text(encoding="utf-8")
    tokens = parse(markdown)
    status_table = next(t for t in tables(tokens) if t[0][0] == "Target")
    assert len(status_table) == 1 + 2  # header and the two targets
    assert all(len(row) == 8 for row in status_table)
    check_links(markdown, FIXTURES)
    assert len(mermaid_blocks(markdown)) == 2
    assert html_from_data(tokens) == []
    assert assert_units_in_every_table(markdown) >= 6


# --- the shipped data -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang"), [("REPORT.md", "en"), ("REPORT.zh.md", "zh")])
def test_shipped_report_is_checked_in_and_current(name: str, lang: str) -> None:
    result = run("report", "--as-of", "2026", "--lang", lang, cwd=REPO)
    assert result.returncode == 0, result.stderr
    checked_in = (REPO / name).read_text(encoding="utf-8")
    assert checked_in == result.stdout, f"stale: run `shtarget report --as-of 2026 --lang {lang} -o {name}`"


@pytest.mark.parametrize("name", ["REPORT.md", "REPORT.zh.md"])
def test_shipped_report_structure(name: str) -> None:
    markdown = (REPO / name).read_text(encoding="utf-8")
    tokens = parse(markdown)
    status_table = next(t for t in tables(tokens) if t[0][0] in ("Target", "目标"))
    assert len(status_table) > 26
    assert all(len(row) == 8 for row in status_table)
    check_links(markdown, REPO)
    assert len(mermaid_blocks(markdown)) >= 8
    assert "#L11" in markdown  # evidence links to the exact seed line
    assert html_from_data(tokens) == []
    assert assert_units_in_every_table(markdown) > 30
    assert {"_method", "_glossary", "_sources", "sei-gdp-share"} <= anchors(tokens)


def test_english_report_speaks_english() -> None:
    """Headings, statuses, reasons, units and qualifiers are English; Chinese is left only in quotes,
    source titles, the plan's own name of a target ("In the plan: …") and notes that quote a source."""
    markdown = (REPO / "REPORT.md").read_text(encoding="utf-8")
    tokens = parse(markdown)
    for heading in heading_texts(tokens):
        assert not CJK.search(heading), heading
    status_table = next(t for t in tables(tokens) if t[0][0] == "Target")
    for row in status_table:
        assert not CJK.search(" ".join(row)), row
    # The status line of every target section (mark, status, reason) is in English.
    reasons = re.findall(r"^(?:✅|🟢|🟡|🟠|🔴|❌|❔|⏳|⚪) .*$", markdown, re.M)
    assert len(reasons) >= 26
    for line in reasons:
        assert not CJK.search(line), line
    assert "over 480" in markdown and "超4800" in markdown  # a bound in words; the quote keeps the source's text
    assert "bn yuan" in markdown and "100 million" not in markdown
    assert "inconclusive: [Integrated circuit industry scale" in markdown
    assert "0 of 1 targets" not in markdown


def test_chinese_report_speaks_chinese() -> None:
    """Every word the report writes is Chinese; English is left only in the data's own notes and titles."""
    markdown = (REPO / "REPORT.zh.md").read_text(encoding="utf-8")
    tokens = parse(markdown)
    headings = heading_texts(tokens)
    assert "成绩单" in headings and "方法说明" in headings and "术语表" in headings
    ours = [heading.split(" · ")[0] for heading in headings]  # a target's id is beside its name
    for table in tables(tokens):
        if table[0][-1] == "含义" or "标题" in table[0]:
            continue  # the glossary names each status's code; the sources table lists ids and titles
        notes = table[0].index("备注") if "备注" in table[0] else None
        titles = table[0].index("标题") if "标题" in table[0] else None
        ours += [cell for row in table for i, cell in enumerate(row) if i not in (notes, titles)]
    ours += re.findall(r"^(?:✅|🟢|🟡|🟠|🔴|❌|❔|⏳|⚪) .*$", markdown, re.M)
    text = re.sub(r"`[^`]*`|\]\([^)]*\)", "", " ".join(ours))  # ids, codes and link targets are not words
    for word in ("achieved", "awaiting", "Baseline", "Progress", "billion", "over ", "met early", "trend"):
        assert word not in text, word
    assert "超4800" in markdown and "无法判定" in markdown


def test_inference_from_one_sided_targets_says_nothing_follows() -> None:
    """≥ 20% share and > 1万亿元 value added bound nothing about GDP: the report says so, with no figure."""
    markdown = (REPO / "REPORT.md").read_text(encoding="utf-8")
    implied = markdown.split('<a id="_implied"></a>')[1].split("\n## ")[0]
    assert "bound nothing about Shanghai gross domestic product in 2025" in implied
    assert "5,000 billion" not in implied and "50,000" not in implied and "⇒" not in implied


def relation_data(tmp_path: Path, share_op: str, value_op: str) -> Path:
    return write(
        tmp_path,
        f"""
        schema: 1
        title: inference
        settings: {{tolerance: 0.05}}
        sources:
          web: {{url: "https://example.org/a", title: a, kind: official}}
        plans:
          p: {{name: plan, period: [2021, 2025]}}
        targets:
          - id: share
            plan: p
            name: share
            unit: "%"
            baseline: {{year: 2020, value: 18, source: web, quote: "18"}}
            target: {{year: 2025, value: 20, op: "{share_op}"}}
            evidence: [{{source: web, quote: "20"}}]
          - id: value
            plan: p
            name: value added
            unit: 亿元
            baseline: {{year: 2020, value: 7000, source: web, quote: "7000"}}
            target: {{year: 2025, value: 10000, op: "{value_op}"}}
            evidence: [{{source: web, quote: "10000"}}]
        series:
          - id: gdp
            name: GDP
            unit: 亿元
            actuals:
              - {{year: 2025, value: 56000, source: web, quote: "56000"}}
        relations:
          - id: identity
            holds: "share = 100 * value / gdp"
            tolerance: 0.1
        """,
    )


def implied_line(path: Path) -> str:
    result = run("report", "--file", str(path), "--as-of", "2023", "--lang", "en")
    assert result.returncode == 0, result.stderr
    return result.stdout.split('<a id="_implied"></a>')[1].split("\n## ")[0].strip()


def test_inference_from_about_targets_gives_the_value_and_its_band(tmp_path: Path) -> None:
    line = implied_line(relation_data(tmp_path, "~", "~"))
    # 100 × 10000 / 20 = 50000亿元; the band: 100 × 9500 / 21 to 100 × 10500 / 19.
    assert "GDP 5,000 bn yuan in 2025" in line
    assert f"{100 * 9500 / 21 / 10:,.1f} bn yuan to {100 * 10500 / 19 / 10:,.1f} bn yuan" in line
    assert "recorded: 5,600 bn yuan" in line


def test_inference_gives_the_bound_that_follows(tmp_path: Path) -> None:
    """A share of at most 20% with value added of at least 1万亿元 means GDP of at least 5万亿元."""
    line = implied_line(relation_data(tmp_path, "<=", ">="))
    assert "GDP at least 5,000 bn yuan in 2025" in line
    assert "at most" not in line


def test_inference_from_two_lower_bounds_is_nothing(tmp_path: Path) -> None:
    line = implied_line(relation_data(tmp_path, ">=", ">"))
    assert "bound nothing about GDP in 2025" in line and "⇒" not in line


def test_method_and_glossary_take_the_thresholds_from_settings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        schema: 1
        title: thresholds
        settings: {on_track: 0.9, at_risk: 0.5, tolerance: 0.1}
        sources:
          web: {url: "https://example.org/a", title: a, kind: press}
        plans:
          p: {name: plan}
        targets:
          - id: t
            plan: p
            name: t
            unit: 家
            baseline: {year: 2020, value: 10, source: web, quote: "10"}
            target: {year: 2025, value: 20}
            evidence: [{source: web, quote: "20"}]
        """,
    )
    for lang, method in (("en", "a ratio of at least 0.9 is on track"), ("zh", "增速比不低于0.9为进展顺利")):
        result = run("report", "--file", str(path), "--lang", lang, "--as-of", "2023")
        assert result.returncode == 0, result.stderr
        assert method in result.stdout
        assert ("within a tolerance of 10%" if lang == "en" else "允许10%的误差") in result.stdout
        glossary = next(t for t in tables(parse(result.stdout)) if t[0][-1] in ("Meaning", "含义"))
        codes = {re.search(r"[a-z-]+$", row[0])[0] for row in glossary[1:]}  # type: ignore[index]
        from shtarget.model import Status

        assert codes == {status.value for status in Status}


# --- charts -------------------------------------------------------------------------------------------------


def gap_data(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        """
        schema: 1
        title: gaps
        sources:
          web: {url: "https://example.org/a", title: a, kind: official}
        plans:
          p: {name: plan, period: [2021, 2025]}
        targets:
          - id: t
            plan: p
            name: output
            unit: 亿元
            baseline: {year: 2020, value: 100, source: web, quote: "100"}
            target: {year: 2025, value: 200}
            evidence: [{source: web, quote: "200"}]
            actuals:
              - {year: 2021, value: 120, source: web, quote: "120"}
              - {year: 2024, value: 170, source: web, quote: "170"}
        """,
    )


def test_a_missed_growth_target_is_sized_in_the_scorecard(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        schema: 1
        title: missed
        sources:
          web: {url: "https://example.org/a", title: a, kind: official}
        plans:
          p: {name: 计划, name_en: plan, period: [2021, 2025]}
        targets:
          - id: g
            plan: p
            name: 规模年均增速
            name_en: scale, average annual growth
            unit: 亿元
            kind: growth
            baseline: {year: 2020, value: 100, source: web, quote: "100"}
            target: {year: 2025, rate: 20, op: "~"}
            evidence: [{source: web, quote: "20"}]
            actuals:
              - {year: 2025, value: 200, source: web, quote: "200"}
        """,
    )
    english = run("report", "--file", str(path), "--as-of", "2026", "--lang", "en")
    assert (
        "❌ missed: [scale, average annual growth](#g) — 14.9%/yr against 20%/yr (5.1 points short)" in english.stdout
    )
    chinese = run("report", "--file", str(path), "--as-of", "2026", "--lang", "zh")
    assert "❌ 未实现：[规模年均增速](#g) — 年均增长14.9%，目标20%（差5.1个百分点）" in chinese.stdout


def test_missing_years_are_left_off_the_axis_never_zero_bars(tmp_path: Path) -> None:
    result = run("report", "--file", str(gap_data(tmp_path)), "--as-of", "2024")
    assert result.returncode == 0, result.stderr
    (chart,) = mermaid_blocks(result.stdout)
    assert chart["x-axis"] == 'x-axis [2020, 2021, 2024, "目标2025"]'  # and the target beside them
    assert chart["bar"] == "bar [100, 120, 170, 200]"
    assert chart["line"] == "line [100, 120, 180, 200]"  # the straight path at those years, up to the target


# --- hostile data (issue 13, item 3) ------------------------------------------------------------------------

HOSTILE_FILE = "seeds/a) <img src=x onerror=alert(1)> (b.txt"
HOSTILE_TEXT = "x\r```\n<img src=x onerror=alert(1)>\x1b[2J\x1b]52;c;ZWNo\x07 | *y* [l](http://e.vil) `c` ~z~"


def hostile_data(tmp_path: Path) -> Path:
    """Names, units, notes, paths and URLs built to break out of Markdown, Mermaid and HTML."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / HOSTILE_FILE).write_text("规划\n增加值超过20亿元\n", encoding="utf-8")
    (seeds / "new\nline.txt").write_text("x\n", encoding="utf-8")
    text = HOSTILE_TEXT.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    text = text.replace("\x1b", "\\e").replace("\x07", "\\a")
    return write(
        tmp_path,
        f"""
        schema: 1
        title: "{text}"
        sources:
          odd-file:
            path: "{HOSTILE_FILE}"
            title: "<script>alert(1)</script>"
          newline-file:
            path: "seeds/new\\nline.txt"
            title: "{text}"
          bad-url:
            url: "https://example.org/a(b)\\"><img/src=x/onerror=alert(1)>"
            title: "](javascript:alert(1))"
            kind: official
          paren-url:
            url: "https://example.org/(x)"
            title: ok
            kind: press
          quote-url:
            url: "https://example.org/x`y'z\\\\w"
            title: ok
        plans:
          p: {{name: "{text}", name_en: "{text}", period: [2020, 2025]}}
        targets:
          - id: t
            plan: p
            name: "{text}"
            name_en: "{text}"
            unit: "亿元\\"\\n```\\n<b>"
            baseline: {{year: 2020, value: 10, source: odd-file, quote: "规划"}}
            target: {{year: 2025, value: 20}}
            evidence: [{{source: odd-file, quote: "增加值超过20亿元"}}]
            actuals:
              - {{year: 2022, value: 14, source: bad-url, quote: "{text}", note: "- [x](javascript:alert(1)) {text}"}}
              - {{year: 2023, value: 15, source: paren-url, quote: "15"}}
              - {{year: 2024, value: 16, source: newline-file, quote: "x"}}
              - {{year: 2025, value: 17, source: quote-url, quote: "17"}}
        series:
          - id: s
            name: "{text}"
            unit: "{text}"
            note: "{text}"
            actuals:
              - {{year: 2022, value: 3, source: bad-url, quote: "3"}}
        relations:
          - id: r
            holds: "t = 5 * s"
            tolerance: 0.1
        """,
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_data_stays_text(tmp_path: Path, lang: str) -> None:
    path = hostile_data(tmp_path)
    result = run("report", "--file", str(path), "--as-of", "2024", "--lang", lang, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    markdown = result.stdout
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", markdown)  # no control character but line feeds
    tokens = parse(markdown)
    assert html_from_data(tokens) == []
    check_links(markdown, tmp_path)
    hrefs = links(tokens)
    assert "http://e.vil" not in hrefs and not any("javascript" in href for href in hrefs)
    web = [href for href in hrefs if href.startswith("https://")]
    assert web == ["https://example.org/%28x%29"] * len(web) and web  # only the clean URL is linked
    assert any(href.startswith("seeds/a%29%20%3Cimg") for href in hrefs)  # the odd file name, encoded
    assert not any("new" in href and "line" in href for href in hrefs)  # a path with a line break is not linked
    status_table = next(t for t in tables(tokens) if t[0][0] in ("Target", "目标"))
    assert len(status_table) == 2 and len(status_table[1]) == 8
    (chart,) = mermaid_blocks(markdown)
    assert "onerror" in chart["title"] and "<" not in chart["title"]
    # No block structure comes from data: the only code blocks are the charts, the headings are the report's.
    assert all(t.info == "mermaid" for t in tokens if t.type == "fence")
    assert not [t for t in tokens if t.type == "code_block"]
    subheadings = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag != "h1"]
    assert len(subheadings) == 12  # each with the report's own anchor first
    assert all(OWN_ANCHOR.match((tokens[i + 1].children or [])[0].content) for i in subheadings)


def test_links_are_relative_to_the_report(workdir: Path) -> None:
    (workdir / "docs").mkdir()
    result = run("report", "--as-of", "2023", "-o", "docs/REPORT.md", cwd=workdir)
    assert result.returncode == 0, result.stderr
    markdown = (workdir / "docs" / "REPORT.md").read_text(encoding="utf-8")
    assert "](../seeds/plan.txt#L" in markdown
    check_links(markdown, workdir / "docs", workdir)


def test_report_in_chinese_and_for_one_plan(workdir: Path) -> None:
    result = run("report", "--as-of", "2023", "--plan", "demo", cwd=workdir)
    assert result.returncode == 0
    assert "成绩单" in result.stdout and "| 亿元 |" in result.stdout
    check_links(result.stdout, workdir)
    unknown = run("report", "--plan", "nope", cwd=workdir)
    assert unknown.returncode == 2 and "unknown plan" in unknown.stderr


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


def test_report_help_and_bad_format() -> None:
    result = run("report", "--help")
    assert result.returncode == 0 and "Example:" in result.stdout and "--format" in result.stdout
    bad = run("report", "--format", "pdf")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


# --- issue 25: units, charts, numbers, structure, counts --------------------------------------------------


def shipped_targets() -> dict[str, object]:
    from shtarget.load import load_file

    dataset = load_file(REPO / "targets.yaml").dataset
    assert dataset is not None
    return {target.id: target for target in dataset.targets}


def row_ids(markdown: str) -> list[str | None]:
    """The target id each row of the status table links to, in order."""
    tokens = parse(markdown)
    ids: list[str | None] = []
    inside = False
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            inside = tokens[index + 4].content in ("Target", "目标")
        elif token.type == "table_close":
            inside = False
        elif inside and token.type == "tr_open" and tokens[index + 1].type == "td_open":
            children = tokens[index + 2].children or []
            href = next((str(c.attrs["href"]) for c in children if c.type == "link_open"), None)
            ids.append(href[1:] if href else None)
    return ids


@pytest.mark.parametrize(("name", "lang"), [("REPORT.md", "en"), ("REPORT.zh.md", "zh")])
def test_every_unit_cell_agrees_with_its_goal(name: str, lang: str) -> None:
    """The unit column gives the goal's own unit: %/yr for growth, % for shares (their gaps in pp), the
    target's unit (in English, what a count counts) for levels; figures in another unit carry their own."""
    from shtarget.model import Kind
    from shtarget.quantity import reading_scale

    markdown = (REPO / name).read_text(encoding="utf-8")
    targets = shipped_targets()
    rate = "%/yr" if lang == "en" else "%/年"

    def goal_unit(target: object) -> str:
        kind, unit = target.kind, target.unit  # type: ignore[attr-defined]
        if kind is Kind.MILESTONE:
            return "—"
        if kind is Kind.GROWTH:
            return rate
        return reading_scale(unit, lang, target.unit_en)[1] if lang == "en" else unit  # type: ignore[attr-defined]

    status_table = next(t for t in tables(parse(markdown)) if t[0][0] in ("Target", "目标"))
    ids = row_ids(markdown)
    assert len(ids) == len(status_table) - 1
    for target_id, row in zip(ids, status_table[1:], strict=True):
        target = targets[target_id]  # type: ignore[index]
        assert row[1] == goal_unit(target), (target_id, row)
        assert "%/yr" not in row[4] and "年均" not in row[4]  # the goal's unit is the column's
        if target.kind is Kind.GROWTH:  # type: ignore[attr-defined]
            level = reading_scale(target.unit, lang)[1] if lang == "en" else target.unit  # type: ignore[attr-defined]
            for figure in (row[2], row[3]):
                assert figure.startswith("?") or figure == "—" or level in figure, (target_id, figure)
    # Each target's own table: the target value in the goal's unit, the baseline and latest in the figures'.
    sections = markdown.split("\n### ")[1:]
    for section in sections:
        target_id = re.search(r"· `([a-z0-9-]+)`", section.split("\n")[0])
        if not target_id or target_id[1] not in targets:
            continue
        target = targets[target_id[1]]
        facts = next((t for t in tables(parse(section)) if t[0] and t[0][0] in ("Figure", "指标")), None)
        if facts is None:
            continue
        units = {row[0]: row[2] for row in facts[1:]}
        assert units["Target value" if lang == "en" else "目标值"] == goal_unit(target), target_id[1]
        gap = units.get("Gap to the target" if lang == "en" else "距目标差距")
        if gap is not None and target.unit.strip() == "%":  # type: ignore[attr-defined]
            assert gap == ("pp" if lang == "en" else "个百分点")


def test_mermaid_never_runs_a_path_away_from_a_met_goal() -> None:
    markdown = (REPO / "REPORT.md").read_text(encoding="utf-8")
    charts = {chart["title"]: chart for chart in mermaid_blocks(markdown)}
    share = charts['title "Strategic emerging industries\' value added, share of GDP"']
    assert share["line"] == "line [20, 20, 20, 20]"  # the goal's level, not 23.8 → 20
    assert share["x-axis"].endswith('"target 2025"]')
    value_added = charts['title "Strategic emerging industries\' value added"']
    assert value_added["line"] == "line [1000, 1000, 1000]"
    assert "Line: the target level, reached by the latest figure." in markdown
    # Goals still ahead: the path rises to the target, the last bar.
    rising = charts['title "High-tech enterprises in Shanghai"']
    line = [float(v) for v in rising["line"][6:-1].split(",")]
    assert line == sorted(line) and line[-1] == 26000


def test_mermaid_axes_span_the_goal_and_titles_keep_their_characters() -> None:
    markdown = (REPO / "REPORT.md").read_text(encoding="utf-8")
    charts = {chart["title"]: chart for chart in mermaid_blocks(markdown)}
    firms = charts['title "New manufacturers with annual output over 1 billion yuan, added 2026-2028"']
    assert firms["bar"] == "bar [0, 100]" and firms["y-axis"] == 'y-axis "firms" 0 --> 110'
    rd = charts['title "R#38;D spending, share of GDP, by 2030"']  # & escaped, not dropped
    assert rd["y-axis"] == 'y-axis "%" 0 --> 5.5' and rd["bar"] == "bar [4.5, 5]"
    assert not [title for title in charts if re.search(r"\bR D\b", title)]


def test_numbers_are_the_dashboards_readings() -> None:
    chinese = (REPO / "REPORT.zh.md").read_text(encoding="utf-8")
    status_table = next(t for t in tables(parse(chinese)) if t[0][0] == "目标")
    cells = [cell for row in status_table[1:] for cell in row[2:5]]
    assert "超1.7万 (2020)" in cells and "&gt;2.6万 (2025)" not in cells and ">2.6万 (2025)" in cells
    assert ">1万 (2025)" in cells and "≈1万 (2025)" in cells
    assert not [cell for cell in cells if re.search(r"\d{5}", cell)]  # 万/亿 notation, never 17000
    assert not [cell for cell in cells if re.search(r"[≥>≈≤<] \d", cell)]  # one spacing: ≥20, >2020年水平
    english = (REPO / "REPORT.md").read_text(encoding="utf-8")
    assert "(over 480 bn yuan against ≥500 bn yuan)" in english and "4,800 against" not in english
    assert "1,064.1 (2022)" in english and "1,064.12 (" not in english


def test_counts_say_what_they_count_in_english() -> None:
    markdown = (REPO / "REPORT.md").read_text(encoding="utf-8")
    assert "| fields | ? (2020) | — | ≥3 (2025) |" in markdown
    assert "| platforms | ? (2020) | — | ≥5 (2025) |" in markdown
    assert "| Target value | ≥3 (2025) | fields |" in markdown
    unit_cells = [row[1] for table in tables(parse(markdown)) if table[0][:2] == ["Target", "Unit"] for row in table]
    assert "units" not in unit_cells and "firms" in unit_cells


def test_scorecard_lists_every_status_in_one_order() -> None:
    """Each plan's line counts its statuses in the Statuses table's order, those at zero left out, and the
    counts add up to the plan's total."""
    from shtarget.model import Status
    from shtarget.render.words import STATUS_NAMES

    for name, lang in (("REPORT.md", "en"), ("REPORT.zh.md", "zh")):
        markdown = (REPO / name).read_text(encoding="utf-8")
        scorecard = markdown.split('<a id="_scorecard"></a>')[1].split("\n## ")[0]
        names = [STATUS_NAMES[lang][status.value] for status in Status]
        lines = [line for line in scorecard.split("\n") if line.startswith("**")]
        assert len(lines) >= 6
        for line in lines:
            total = int(re.findall(r"(\d+) targets? —|(\d+)项目标", line)[0][0 if lang == "en" else 1])
            counts = (
                re.findall(r"(\d+) ([a-z ]+?)(?=,|\.$)", line)
                if lang == "en"
                else re.findall(r"(\d+)项([^，。\d]+)", line)
            )
            found = [(int(count), status.strip()) for count, status in counts if status.strip() in names]
            assert found and all(count > 0 for count, _ in found), line
            assert [status for _, status in found] == sorted((s for _, s in found), key=names.index), line
            assert sum(count for count, _ in found) == total, line


def test_contents_lists_every_section() -> None:
    for name in ("REPORT.md", "REPORT.zh.md"):
        markdown = (REPO / name).read_text(encoding="utf-8")
        contents = next(line for line in markdown.split("\n") if line.startswith(("**Contents:**", "**目录：**")))
        listed = re.findall(r"\]\(#(_[a-z-]+)\)", contents)
        sections = re.findall(r'^## <a id="(_[a-z-]+)"></a>', markdown, re.M)
        assert sections and [anchor for anchor in listed if anchor in sections] == sections
        assert "_statuses" in listed and "_glossary" in listed


def nested_brackets(text: str) -> bool:
    depth = 0
    for char in text:
        if char in "(（[【":
            depth += 1
            if depth > 1:
                return True
        elif char in ")）]】":
            depth = max(0, depth - 1)
    return False


def test_messages_never_nest_brackets() -> None:
    """The status gate and every status reason, for every shipped target, year and language."""
    from shtarget.model import Status

    fail_on = [arg for status in Status for arg in ("--fail-on", status.value)]
    for as_of in ("2023", "2026", "2031"):
        result = run("check", "--as-of", as_of, *fail_on, cwd=REPO)
        gates = [line for line in (result.stdout + result.stderr).split("\n") if "status-gate" in line]
        assert gates, result.stderr
        for line in gates:
            assert not nested_brackets(line), line
    for name in ("REPORT.md", "REPORT.zh.md"):
        markdown = (REPO / name).read_text(encoding="utf-8")
        for line in re.findall(r"^(?:✅|🟢|🟡|🟠|🔴|❌|❔|⏳|⚪|🗓️) .*$", markdown, re.M):
            assert not nested_brackets(line), line


def test_root_help_shows_whole_summaries_at_80_columns() -> None:
    for args in (("--help",), ("sources", "--help")):
        result = run(*args, env={"COLUMNS": "80"})
        commands = result.stdout.split("Commands:")[1]
        assert "..." not in commands and "…" not in commands, commands
        assert max(len(line) for line in commands.split("\n")) <= 80


def test_readme_example_outputs_are_ignored_and_the_data_says_5_percent_or_more() -> None:
    import fnmatch

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    outputs = set(re.findall(r"^shtarget (?:report|export) .*-o ([\w.]+)", readme, re.M)) - {
        "REPORT.md",
        "REPORT.zh.md",
    }
    assert {"report.html", "data.json"} <= outputs
    patterns = [line.strip() for line in (REPO / ".gitignore").read_text(encoding="utf-8").split("\n")]
    for output in outputs:
        assert any(fnmatch.fnmatch(output, pattern.lstrip("/")) for pattern in patterns if pattern), output
    target = shipped_targets()["rd-intensity-2030"]
    assert target.goal.op.value == ">="  # type: ignore[attr-defined]  # 5%以上 is "5% or more"
