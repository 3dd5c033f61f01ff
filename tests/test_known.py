"""`--known-at DATE` (shtarget/known.py): actuals whose source was published by DATE, at the dates' precision."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from shtarget.known import date_problem, known_at, left_out_note, published_by
from shtarget.load import load_file
from shtarget.model import Dataset


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    loaded = load_file(FIXTURES / "scan" / "targets.yaml")
    assert loaded.dataset is not None
    return loaded.dataset


@pytest.mark.parametrize(
    ("published", "date", "known"),
    [
        ("2024-03-15", "2024-03-15", True),
        ("2024-03-15", "2024-03-14", False),
        ("2024-03-15", "2024-03", True),  # compared at the coarser precision, the month
        ("2024-03-15", "2024-02", False),
        ("2024-03-15", "2024", True),
        ("2023", "2023-01-01", True),
        ("2024", "2023-12-31", False),
        ("2024-03", "2024-03-31", True),
        ("2024-04", "2024-03-31", False),
    ],
)
def test_dates_compare_at_their_precision(published: str, date: str, known: bool) -> None:
    assert published_by(published, date) is known


def values(data: Dataset, figure_id: str) -> list[int]:
    return [actual.year for figure in data.figures if figure.id == figure_id for actual in figure.actuals]


def test_known_at_keeps_figures_published_by_the_date(dataset: Dataset) -> None:
    # sei-value: 2022 from a source of "2023", 2023 from one of 2024-03-15; high-tech 2022 has an undated source
    at_2023 = known_at(dataset, "2023-12")
    assert values(at_2023.dataset, "sei-value") == [2022]
    assert values(at_2023.dataset, "high-tech") == []
    assert values(at_2023.dataset, "gdp") == []
    assert (at_2023.later, at_2023.undated) == (2, 1)
    at_2024 = known_at(dataset, "2024-03-15")
    assert values(at_2024.dataset, "sei-value") == [2022, 2023] and (at_2024.later, at_2024.undated) == (0, 1)


def test_the_plans_own_figures_always_count(dataset: Dataset) -> None:
    early = known_at(dataset, "1999").dataset
    for before, after in zip(dataset.targets, early.targets, strict=True):
        assert (before.baseline, before.goal, before.evidence) == (after.baseline, after.goal, after.evidence)


def test_the_note_says_what_was_left_out(dataset: Dataset) -> None:
    result = known_at(dataset, "2023-12")
    assert left_out_note(result, "2023-12", "en") == (
        "--known-at 2023-12: 2 figures published after 2023-12 and 1 figure without a publication date left out"
    )
    assert (
        left_out_note(result, "2023-12", "zh")
        == "--known-at 2023-12：2个数字发布于2023-12之后，1个数字没有发布日期，未计入"
    )
    only_undated = known_at(dataset, "2030")
    assert left_out_note(only_undated, "2030", "en") == "--known-at 2030: 1 figure without a publication date left out"
    nothing = known_at(dataset._replace(targets=(), series=()), "2030")
    assert left_out_note(nothing, "2030", "en") is None


@pytest.mark.parametrize("date", ["2024", "2024-03", "2024-03-15"])
def test_dates_taken(date: str) -> None:
    assert date_problem(date) is None


@pytest.mark.parametrize("date", ["24", "2024-13", "2024-03-32", "2024/03", "March 2024", ""])
def test_dates_refused(date: str) -> None:
    assert date_problem(date) == f"--known-at: expected YYYY, YYYY-MM or YYYY-MM-DD, got '{date}'"
