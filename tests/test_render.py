from __future__ import annotations

import json

from conftest import FIXTURES
from shtarget.assess import assess_dataset
from shtarget.load import load_file
from shtarget.render import STATUS_FORMATS, StatusReport, status_renderer


def report(lang: str = "zh", color: bool = False) -> StatusReport:
    dataset = load_file(FIXTURES / "minimal.yaml").dataset
    assert dataset is not None
    return StatusReport(dataset.title, 2023, assess_dataset(dataset, 2023), lang, color, 200)


def test_every_format_choice_has_a_renderer() -> None:
    from shtarget.cli import StatusFormat

    assert {choice.value for choice in StatusFormat} == set(STATUS_FORMATS)
    for name in STATUS_FORMATS:
        assert callable(status_renderer(name))
        assert status_renderer(name)(report())


def test_json_does_not_depend_on_language() -> None:
    render = status_renderer("json")
    assert json.loads(render(report("zh"))) == json.loads(render(report("en")))


def test_table_shows_progress_bar_and_statuses() -> None:
    text = status_renderer("table")(report())
    assert "█" in text and "%" in text
    assert "进展顺利" in text or "存在风险" in text
    assert ">1万亿元 (2025)" in text
    assert "超2万家 (2021)" in text


def test_table_in_colour_escapes_markup_in_names() -> None:
    text = status_renderer("table")(report(color=True))
    assert "\x1b[" in text
    assert "[red]" in text
