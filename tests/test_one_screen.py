"""Issue 23 item 6, "one screen": the dashboard is laid out once for the whole screen, and every listing reads
as one — same columns in every plan's block, a legend for every column shown, no one-character orphans, English
cut at spaces, URLs whole, the plan heading under `--plan`, a plain word for an empty filter, titles broken at
their " — " (issue 25).

Each test runs the real `shtarget` on the shipped data and measures what a person would see.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from test_dashboard import SHIPPED, assert_fits, dataset, shown

LANGS = ("zh", "en")
TABLE_WIDTHS = (100, 120, 160, 200)
AS_OF = "2026"


def status(width: int, lang: str, *extra: str) -> list[str]:
    return shown(("status", "--file", str(SHIPPED), "--as-of", AS_OF, "--lang", lang, *extra), width)


def rules(lines: list[str]) -> list[int]:
    return [index for index, line in enumerate(lines) if line.startswith("───")]


def body(lines: list[str]) -> list[str]:
    """The lines between the title and the summary: the plan headings and their tables or blocks."""
    summary = next(i for i, line in enumerate(lines) if re.match(r"(共 \d+ 项目标|\d+ targets:)", line))
    return lines[2:summary]


def legend(lines: list[str]) -> str:
    start = next(i for i, line in enumerate(lines) if line.startswith(("Legend:", "说明：")))
    return " ".join(lines[start:])


def cells(line: str, start: int) -> str:
    """`line` from display column `start` on (a CJK character takes two columns)."""
    used = 0
    for index, char in enumerate(line):
        if used >= start:
            return line[index:]
        used += cell_len(char)
    return ""


# --- one layout for the whole screen ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", (80, *TABLE_WIDTHS))
def test_every_plan_block_has_the_same_columns_widths_and_bars(width: int, lang: str) -> None:
    """At 160 columns the first block had no baseline column and the others did, at widths 160/108/160/134;
    at 120 in English one block had bars and another not."""
    lines = status(width, lang)
    assert_fits(lines, width)
    headings = [plan.name_en if lang == "en" else plan.name for plan in dataset(SHIPPED).plans.values()]
    assert sum(any(line.startswith(str(name)) for name in headings) for line in lines) >= 2  # several blocks
    found = rules(lines)
    assert len(found) in (0, len(headings)), found  # every block a table, or every one blocks
    assert len({lines[index - 1] for index in found}) <= 1, {lines[index - 1] for index in found}  # one header
    assert len({lines[index] for index in found}) <= 1  # one width
    bars = {len(run) for line in body(lines) for run in re.findall(r"[█░]+", line)}
    assert len(bars) <= 1, bars  # bars of one length everywhere, or none


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", TABLE_WIDTHS)
def test_the_status_column_stands_at_one_place(width: int, lang: str) -> None:
    lines = status(width, lang)
    word = "状态" if lang == "zh" else "Status"
    places = {cell_len(lines[index - 1].split(word)[0]) for index in rules(lines)}
    assert len(places) <= 1, places


# --- the legend explains every column shown ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", (80, *TABLE_WIDTHS))
def test_the_legend_explains_every_column_shown(width: int, lang: str) -> None:
    lines = status(width, lang)
    text = legend(lines)
    colon = "：" if lang == "zh" else ":"
    found = rules(lines)
    if found:
        header = lines[found[0] - 1]
        names = [name for name in re.split(r"\s{2,}", header.strip()) if name]
        with_id = names[0] in ("编号", "ID")
        for name in names:
            if with_id and name == names[1]:
                continue  # the name column beside its id column
            assert f"{name}{colon}" in text, name
    else:  # the blocks: a bare percentage is the progress, and the legend says so
        assert any(re.search(r"(?<![/\d.])\d+%(?!/)(?=\s|$)", line) for line in body(lines))
        progress = r"进度（" if lang == "zh" else r"\bprogress\b"
        assert re.search(progress, text), text
        assert ("需：" in text and "实：" in text) if lang == "zh" else ("needs:" in text and "grew:" in text)


# --- names wrap without one-character orphans ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", TABLE_WIDTHS)
def test_no_name_ends_in_one_character_alone(width: int, lang: str) -> None:
    """At 160 columns in Chinese, 集成电路产业规模实现翻一 / 番 while other columns had cells to spare."""
    lines = status(width, lang)
    for index in rules(lines):
        header = lines[index - 1]
        name_word = "指标" if lang == "zh" else "Target"
        start = cell_len(header.split(name_word)[0])
        block_end = next((i for i in range(index + 1, len(lines)) if not lines[i].strip()), len(lines))
        for line in lines[index + 1 : block_end]:
            rest = cells(line, start)
            if start and line[: len(line) - len(rest)].strip():
                continue  # the id column holds something: a row's first line
            if not rest.startswith("  ") or rest.startswith("   "):
                continue  # not a continuation of a name (indented by two)
            piece = re.split(r"\s{2,}", rest.strip())[0]
            assert len(piece.rstrip("，。、；：？！）》」』】〉”’·…%")) > 1, (width, lang, line)


# --- English is cut at spaces ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", (60, 80, 100, 120, 160, 200))
@pytest.mark.parametrize("command", ("status", "list"))
def test_english_names_are_cut_at_spaces(width: int, command: str) -> None:
    """At 160 columns: "100-billion-yuan marke…", "basicall…"."""
    lines = shown((command, "--file", str(SHIPPED), "--lang", "en"), width)
    words = {word for figure in dataset(SHIPPED).figures for word in str(figure.name_en).split()}
    cut = [match for line in lines for match in re.findall(r"(\S+)…", line)]
    assert cut or width >= 120 or command == "list", "nothing was cut: this width tests nothing"
    for word in cut:  # a whole word; or, a word wider than the column, up to a hyphen
        whole = word in words or word.rstrip(",;:") in words
        assert whole or (word.endswith("-") and any(w.startswith(word) for w in words)), word


# --- sources list: a URL stays on one line ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", (60, 80, 100, 120, 160))
def test_sources_list_keeps_each_url_on_one_line(width: int, lang: str) -> None:
    lines = shown(("sources", "list", "--file", str(SHIPPED), "--lang", lang), width)
    assert_fits(lines, width)
    for source in dataset(SHIPPED).sources.values():
        place = source.path or source.url
        if place and cell_len(place) <= width:
            assert any(place in line for line in lines), (width, place)


# --- --plan keeps its heading; an empty filter says so -------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", (80, 120))
def test_plan_filter_keeps_the_plan_heading(width: int, lang: str) -> None:
    plan = dataset(SHIPPED).plans["sh-15fyp"]
    lines = status(width, lang, "--plan", "sh-15fyp")
    name = plan.name_en if lang == "en" else plan.name
    assert any(line.startswith(str(name)) for line in lines[2:4]), lines[:5]


@pytest.mark.parametrize(("lang", "message"), [("en", "no target matches"), ("zh", "没有符合条件的目标")])
def test_an_empty_filter_says_no_target_matches(lang: str, message: str) -> None:
    for extra in (("--status", "off-track"), ("--plan", "sh-15fyp", "--status", "achieved")):
        lines = status(100, lang, *extra)
        assert message in lines, lines
        assert not any(re.search(r"\b0 targets|共 0 项", line) for line in lines)


# --- titles break at their separators (issue 25) ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", (60, 80, 100, 120))
@pytest.mark.parametrize("command", ("status", "list", "sources"))
def test_titles_break_at_a_dash(width: int, lang: str, command: str) -> None:
    """At 100 columns, 'Plan' / 'targets'; a title line ends at a " — " unless a phrase is wider than the screen."""
    args = {"status": ("status", "--as-of", AS_OF), "list": ("list",), "sources": ("sources", "list")}[command]
    lines = shown((*args, "--file", str(SHIPPED), "--lang", lang), width)
    title = lines[: lines.index("")]
    suffix = f" — as of {AS_OF}" if lang == "en" else f" — 截至{AS_OF}年"
    whole = dataset(SHIPPED).display_title(lang) + (suffix if command == "status" else "")
    if all(cell_len(phrase) + 2 <= width for phrase in whole.split(" — ")):
        assert " ".join(title) == whole, title
        for line in title[:-1]:
            assert line.endswith(" —"), title
