"""`shtarget report --format html`: one self-contained page, parsed by a real HTML5 parser (html5lib, strict):
no script, no event attribute, nothing fetched, links only to the page's anchors, files inside the data's
directory or the sources' own URLs, every inline SVG well-formed XML, charts with gaps for missing years."""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib
import pytest
from test_cli import run
from test_report import gap_data, hostile_data

from conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"


def render(path: Path | None, cwd: Path, lang: str, as_of: str = "2026") -> str:
    out = cwd / "report.html"
    args = ["report", "--format", "html", "--lang", lang, "--as-of", as_of, "-o", str(out)]
    if path is not None:
        args += ["--file", str(path)]
    result = run(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    page = out.read_text(encoding="utf-8")
    out.unlink()
    return page


def parse(page: str) -> Any:
    """The page as an ElementTree, parsed strictly: any HTML5 parse error fails the test."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)


def check_page(page: str, page_dir: Path, source_urls: set[str]) -> Any:
    """The security and self-containment rules every report page must keep."""
    tree = parse(page)
    elements = list(tree.iter())
    ids = {element.get("id") for element in elements if element.get("id")}
    assert not [e for e in elements if str(e.tag).endswith(("script", "iframe", "object", "embed", "link", "img"))]
    for element in elements:
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert name.lower() not in ("src", "srcset", "style", "background", "action", "formaction"), name
            if name.lower() in ("href", "xlink:href"):
                check_href(value, ids, page_dir, source_urls)
    styles = [element.text or "" for element in elements if element.tag == "style"]
    assert len(styles) == 1
    assert not re.search(r"url\(|@import|@font-face|https?:", styles[0])
    csp = next(e for e in elements if e.tag == "meta" and e.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp.get("content")
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(svgs) == len([e for e in elements if e.tag == f"{SVG}svg"])
    for svg in svgs:
        root = ET.fromstring(svg)  # well-formed XML, or this raises
        assert root.tag == f"{SVG}svg"
        assert not [e for e in root.iter() if e.tag.endswith(("script", "foreignObject", "image", "use", "a"))]
    return tree


def check_href(href: str, ids: set[str], page_dir: Path, source_urls: set[str]) -> None:
    if href.startswith("#"):
        assert href[1:] in ids, href
        return
    if re.match(r"[a-z][a-z0-9+.-]*:", href, re.I):
        assert href in source_urls and href.startswith(("http://", "https://")), href
        assert not re.search(r"\s", href)
        return
    path, _, fragment = href.partition("#")
    target = (page_dir / urllib.parse.unquote(path)).resolve()
    assert target.is_relative_to(page_dir.resolve()) and target.is_file(), href
    if fragment:
        line = int(fragment.removeprefix("L"))
        assert 1 <= line <= len(target.read_text(encoding="utf-8").split("\n")), href


def shipped_urls() -> set[str]:
    import yaml

    data = yaml.safe_load((REPO / "targets.yaml").read_text(encoding="utf-8"))
    return {source["url"] for source in data["sources"].values() if "url" in source}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shipped_data_as_one_safe_self_contained_page(lang: str) -> None:
    page = render(None, REPO, lang)
    tree = check_page(page, REPO, shipped_urls())
    root = tree if tree.tag == "html" else tree.find("html")
    assert root.get("lang") == ("en" if lang == "en" else "zh-Hans")
    texts = " ".join(tree.itertext())
    assert ("Method" if lang == "en" else "方法说明") in texts and "Eurostat" in texts
    assert "时间过半、任务过半" in texts
    # Every target has its section, and every chartable one an SVG with axes and a unit.
    sections = [e for e in tree.iter() if e.tag == "section" and e.get("class") == "target"]
    assert len(sections) >= 26
    svgs = [e for e in tree.iter() if e.tag == f"{SVG}svg"]
    assert len(svgs) >= 8
    unit = "bn yuan" if lang == "en" else "亿元"
    assert any(unit in "".join(svg.itertext()) for svg in svgs)
    # Seed links lead to the quoted line of a file beside the page.
    hrefs = [e.get("href") for e in tree.iter() if e.tag == "a"]
    assert "seeds/002_ac65027d67ea128d.txt#L11" in hrefs


def test_hostile_data_is_text_in_html(tmp_path: Path) -> None:
    path = hostile_data(tmp_path)
    urls = {'https://example.org/a(b)"><img/src=x/onerror=alert(1)>', "https://example.org/x`y'z\\w"}
    for lang in ("en", "zh"):
        page = render(path, tmp_path, lang, "2025")
        tree = check_page(page, tmp_path, {"https://example.org/(x)"})  # no hostile URL may become a link
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", page)
        texts = " ".join(tree.itertext())
        assert "<img src=x onerror=alert(1)>" in texts  # shown as text
        assert "\\x1b[2J" in texts and "\\r" in texts  # controls shown visibly
        hrefs = [e.get("href") for e in tree.iter() if e.get("href")]
        assert not any(href in urls or "javascript" in href for href in hrefs)
        assert any(href.startswith("seeds/a%29%20%3Cimg") for href in hrefs)


def test_missing_years_are_gaps_in_the_svg(tmp_path: Path) -> None:
    page = render(gap_data(tmp_path), tmp_path, "en", "2024")
    tree = parse(page)
    (svg,) = [e for e in tree.iter() if e.tag == f"{SVG}svg"]
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    titles = sorted(rect.find(f"{SVG}title").text for rect in bars)
    assert titles == ["2020: 10", "2021: 12", "2024: 17"]  # 亿元 shown as bn yuan; no bar for 2022 or 2023
    assert all(float(rect.get("height")) > 1 for rect in bars)
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"2020", "2022", "2023", "2025"} <= set(labels)  # the axis still shows every year
    assert "bn yuan" in labels
    assert svg.find(f"{SVG}polyline") is not None and svg.find(f"{SVG}polygon") is not None  # path and target


def test_html_report_to_stdout_and_help(workdir: Path) -> None:
    result = run("report", "--format", "html", "--as-of", "2023", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    check_page(result.stdout, workdir, {"https://example.org/bulletin"})


def test_part_year_figures_are_marked_not_drawn_as_the_year(tmp_path: Path) -> None:
    """A Jan–Sep figure is a dashed outline in the SVG, left out of the Mermaid bars, and labelled in tables."""
    path = gap_data(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        '{year: 2024, value: 170, source: web, quote: "170"}',
        '{year: 2024, value: 170, source: web, quote: "170"}\n'
        '      - {year: 2025, value: 150, months: 9, source: web, quote: "150"}',
    )
    path.write_text(text.replace("name: output", "name: output\n    flow: true"), encoding="utf-8")
    page = render(path, tmp_path, "en", "2026")
    tree = check_page(page, tmp_path, {"https://example.org/a"})
    (svg,) = [e for e in tree.iter() if e.tag == f"{SVG}svg"]
    outlines = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "none" and r.find(f"{SVG}title") is not None]
    assert [r.find(f"{SVG}title").text for r in outlines] == ["2025 (Jan–Sep): 15"]
    assert outlines[0].get("stroke-dasharray")
    assert "part-year figure" in [t.text for t in svg.iter(f"{SVG}text")]
    assert "2025 Jan–Sep" in " ".join(tree.itertext())
    markdown = run("report", "--file", str(path), "--as-of", "2026", "--lang", "zh").stdout
    assert "bar [100, 120, 170, 200]" in markdown  # the part-year figure is no bar of its own year
    assert "| 2025年1—9月 | 150 |" in markdown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_extreme_values_do_not_break_the_page(workdir: Path, lang: str) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8").replace("value: 8600亿元", "value: 1.7e+308")
    path.write_text(text.replace("year: 2020, value: 7328亿元", "year: 2020, value: 1.0e-320"), encoding="utf-8")
    page = render(None, workdir, lang, "2023")
    check_page(page, workdir, {"https://example.org/bulletin"})
    assert re.search(r"1\.7e\+30[78]", page)  # shown, in the notation such a number needs


def test_link_targets_are_checked() -> None:
    from shtarget.render.report_doc import file_href, web_href

    assert web_href("https://example.org/a?b=1#c") == "https://example.org/a?b=1#c"
    for url in (
        "https://x\n\n<script>",
        "https://a b",
        'https://a"b',
        "javascript:alert(1)",
        "ftp://x",
        "https://a\x1b",
    ):
        assert web_href(url) is None, url
    assert file_href("", "seeds/a) <img> (b.txt", 3) == "seeds/a%29%20%3Cimg%3E%20%28b.txt#L3"
    assert file_href("../", "seeds/中文.txt") == "../seeds/%E4%B8%AD%E6%96%87.txt"
    for path in ("seeds/new\nline.txt", "/etc/passwd", "seeds/../../x", "seeds\\x.txt", ""):
        assert file_href("", path) is None, path


# --- charts that do not mislead (issue 25) ------------------------------------------------------------------

# The reference measure of a text: 0.64 em for a narrow character (DejaVu Sans' digits, the widest sans a Linux
# reader falls back to, are 0.636 em), 1 em for a wide (CJK) one; from the ascent (0.9 em) to the descent.
NARROW, ASCENT, DESCENT = 0.64, 0.9, 0.25


def text_boxes(svg: Any) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every text of a chart with the box it covers, legend entries (inside translated groups) included."""
    import unicodedata

    found = []

    def walk(node: Any, dx: float, dy: float, size: float) -> None:
        move = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", node.get("transform") or "")
        if move:
            dx, dy = dx + float(move[1]), dy + float(move[2])
        size = float(node.get("font-size") or size)
        if node.tag == f"{SVG}text":
            text = node.text or ""
            width = sum(size if unicodedata.east_asian_width(c) in "WF" else size * NARROW for c in text)
            x, y = float(node.get("x")) + dx, float(node.get("y")) + dy
            anchor = node.get("text-anchor") or "start"
            left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
            found.append((text, (left, y - size * ASCENT, left + width, y + size * DESCENT)))
        for child in node:
            walk(child, dx, dy, size)

    walk(svg, 0.0, 0.0, float(svg.get("font-size") or 12))
    return found


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def goal_marks(svg: Any) -> list[tuple[float, float]]:
    """The centre of the goal's diamond, or the level of the goal's line (x at the plot's left)."""
    marks = []
    for polygon in svg.iter(f"{SVG}polygon"):
        if polygon.get("class") == "goal":
            points = [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]
            marks.append((sum(p[0] for p in points) / 4, sum(p[1] for p in points) / 4))
    for line in svg.iter(f"{SVG}line"):
        if line.get("class") == "goal-line":
            marks.append((float(line.get("x1")), float(line.get("y1"))))
    return marks


def check_chart(svg: Any) -> None:
    """The axis spans the baseline, every figure and the goal; no two texts overlap, nor a text the goal's
    diamond; every text lies on the canvas."""
    grid = [float(line.get("y1")) for line in svg.iter(f"{SVG}line") if line.get("class") == "grid"]
    top, bottom = min(grid), max(grid)
    marks = goal_marks(svg)
    for _, y in marks:
        assert top < y <= bottom, (svg.find(f"{SVG}title").text, y, top, bottom)
    for rect in svg.iter(f"{SVG}rect"):
        if rect.get("class") == "bar":
            assert top <= float(rect.get("y")) and float(rect.get("y")) + float(rect.get("height")) <= bottom + 1
    for point in svg.iter(f"{SVG}circle"):
        if point.get("class") == "point":
            assert top <= float(point.get("cy")) <= bottom
    boxes = text_boxes(svg)
    width, height = float(svg.get("width")), float(svg.get("height"))
    for index, (text, box) in enumerate(boxes):
        assert box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height, (text, box)
        for other, other_box in boxes[index + 1 :]:
            assert not overlap(box, other_box), (svg.find(f"{SVG}title").text, text, other)
        for polygon in svg.iter(f"{SVG}polygon"):
            if polygon.get("class") == "goal":
                xs, ys = zip(*(map(float, p.split(",")) for p in polygon.get("points").split()), strict=True)
                assert not overlap(box, (min(xs), min(ys), max(xs), max(ys))), (text, "the goal's mark")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_spans_its_goal_and_no_text_overlaps(lang: str) -> None:
    tree = parse(render(None, REPO, lang))
    svgs = [e for e in tree.iter() if e.tag == f"{SVG}svg"]
    assert len(svgs) >= 12
    for svg in svgs:
        check_chart(svg)


def chart_of(tree: Any, target_id: str) -> Any:
    section = next(e for e in tree.iter() if e.tag == "section" and e.get("id") == target_id)
    return next(e for e in section.iter() if e.tag == f"{SVG}svg")


def test_a_met_goal_is_a_line_marked_reached_never_a_path_back_down() -> None:
    tree = parse(render(None, REPO, "en"))
    for target_id in ("sei-gdp-share", "sei-value-added", "sei-industrial-share", "ic-doubling"):
        svg = chart_of(tree, target_id)
        assert svg.find(f".//{SVG}polyline") is None, target_id  # no path
        assert [line for line in svg.iter(f"{SVG}line") if line.get("class") == "goal-line"], target_id
        assert "✓ reached" in [t.text for t in svg.iter(f"{SVG}text")], target_id
    # The goal still ahead: the path runs up towards it.
    svg = chart_of(tree, "high-tech-enterprises")
    (path,) = svg.iter(f"{SVG}polyline")
    ys = [float(point.split(",")[1]) for point in path.get("points").split()]
    assert ys == sorted(ys, reverse=True)  # SVG's y grows downwards: the path rises
    assert "✓ reached" not in [t.text for t in svg.iter(f"{SVG}text")]


def test_a_single_figure_is_a_point_beside_its_goal() -> None:
    tree = parse(render(None, REPO, "en"))
    for target_id in ("new-materials-output", "rd-intensity-2030", "new-10bn-manufacturers"):
        svg = chart_of(tree, target_id)
        assert [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "point"], target_id
        assert [p for p in svg.iter(f"{SVG}polygon") if p.get("class") == "goal"], target_id
    # ≥ 100 firms from 0: the axis reaches past 100, where the diamond sits.
    svg = chart_of(tree, "new-10bn-manufacturers")
    labels = [float(t.text.replace(",", "")) for t in svg.iter(f"{SVG}text") if re.fullmatch(r"[\d,.]+", t.text or "")]
    assert max(label for label in labels if label < 2000) > 100


def test_the_goal_label_moves_off_the_goal_mark() -> None:
    """ic-growth: the 2025 figure (over 480 bn yuan) sits just below the goal's diamond (515 bn yuan)."""
    for lang, label in (("en", "over 480"), ("zh", "超4800")):
        svg = chart_of(parse(render(None, REPO, lang)), "ic-growth")
        check_chart(svg)
        assert label in [t.text for t in svg.iter(f"{SVG}text")]  # moved, not dropped


def test_every_status_has_its_own_shape_in_print() -> None:
    from shtarget.model import Status
    from shtarget.render.report_html import CSS

    shapes = {}
    for status in Status:
        match = re.search(rf"\.st-{status.value}::before {{[^}}]*content: \"([^\"]+)\"", CSS)
        assert match, status
        shapes[status.value] = match[1]
    assert len(set(shapes.values())) == len(shapes), shapes
