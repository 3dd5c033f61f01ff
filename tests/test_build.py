"""The builder holds exactly what the YAML says: every optional key of an actual, in any subset and order,
in block and flow style; every field read through the format's table."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shtarget.fileformat import SECTIONS, Type
from shtarget.load import load_bytes
from shtarget.model import Actual, Dataset

HEAD = """schema: 1
title: t
sources:
  web: {url: "https://example.org/a", title: web}
plans:
  p: {name: p, period: [2021, 2025]}
targets:
  - id: t
    plan: p
    name: 产值
    unit: 亿元
    flow: true
    baseline: {year: 2020, value: 1000, source: web}
    target: {year: 2025, value: 2000}
    evidence: [{source: web}]
    actuals:
"""

OPTIONAL = {"months": 6, "scope": "规模以上", "break": True, "note": "上半年", "quote": "1900亿元"}


def load(text: str) -> tuple[Dataset | None, list[str]]:
    result = load_bytes(text.encode("utf-8"), Path("t.yaml"), "t.yaml")
    return result.dataset, [f"{f.code} {f.message}" for f in result.findings]


def yaml_value(value: object) -> str:
    return "true" if value is True else str(value)


def actual_yaml(keys: tuple[str, ...], flow: bool) -> str:
    entries = [("year", "2025"), ("value", "1900"), ("source", "web")]
    entries += [(key, yaml_value(OPTIONAL[key])) for key in keys]
    if flow:
        return "      - {" + ", ".join(f"{k}: {v}" for k, v in entries) + "}\n"
    first, *rest = entries
    return f"      - {first[0]}: {first[1]}\n" + "".join(f"        {k}: {v}\n" for k, v in rest)


def only_actual(dataset: Dataset | None) -> Actual:
    assert dataset is not None
    (actual,) = dataset.targets[0].actuals
    return actual


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(OPTIONAL)), unique=True).flatmap(st.permutations),
    st.booleans(),
    st.permutations(["year", "value", "source"]),
)
def test_every_subset_and_order_of_optional_keys_is_held(keys: list[str], flow: bool, _: list[str]) -> None:
    dataset, findings = load(HEAD + actual_yaml(tuple(keys), flow))
    assert findings == []
    actual = only_actual(dataset)
    assert actual.year == 2025 and actual.value is not None and actual.value.value == 1900
    assert actual.months == (6 if "months" in keys else None)
    assert actual.scope == ("规模以上" if "scope" in keys else None)
    assert actual.breaks is ("break" in keys)
    assert actual.note == ("上半年" if "note" in keys else None)
    assert actual.citation is not None
    assert actual.citation.quote == ("1900亿元" if "quote" in keys else None)


@pytest.mark.parametrize(
    "keys",
    [("months",), ("scope",), ("break",)],
)
def test_four_keys_keep_the_fourth(keys: tuple[str, ...]) -> None:
    """The quick path once dropped `months`, `scope` and `break` from an actual of exactly four keys."""
    for flow in (True, False):
        actual = only_actual(load(HEAD + actual_yaml(keys, flow))[0])
        assert (actual.months, actual.scope, actual.breaks) == (
            6 if "months" in keys else None,
            "规模以上" if "scope" in keys else None,
            "break" in keys,
        )


def test_a_half_year_figure_of_four_keys_is_not_the_full_year() -> None:
    from shtarget.assess import assess

    dataset = load(HEAD + "      - {year: 2025, months: 6, value: 1900, source: web}\n")[0]
    assert dataset is not None
    assessment = assess(dataset.targets[0], 2026, dataset.settings)
    assert assessment.status.value != "missed"


@pytest.mark.parametrize("bad", ["99", "0", "12", "6.5", "'6'"])
def test_months_outside_one_to_eleven_is_refused(bad: str) -> None:
    _, findings = load(HEAD + f"      - {{year: 2025, months: {bad}, value: 1900, source: web}}\n")
    assert any(f.startswith("bad-months ") for f in findings), findings


@pytest.mark.parametrize(("typo", "meant"), [("month", "months"), ("Months", "months"), ("scop", "scope")])
def test_a_misspelt_key_is_a_finding_with_a_suggestion(typo: str, meant: str) -> None:
    _, findings = load(HEAD + f"      - {{year: 2025, {typo}: 6, value: 1900, source: web}}\n")
    assert any(f.startswith("unknown-field ") and f"did you mean '{meant}'" in f for f in findings), findings


@pytest.mark.parametrize("published", ["2024", "'2024'", "2024-03", "2024-03-05", "'2024-03-05'"])
def test_published_takes_a_plain_year_and_a_date(published: str) -> None:
    text = (
        HEAD.replace("title: web}", f"title: web, published: {published}}}")
        + "      - {year: 2021, value: 1, source: web}\n"
    )
    dataset, findings = load(text)
    assert findings == []
    assert dataset is not None and dataset.sources["web"].published == published.strip("'")


def test_every_section_of_the_table_is_reachable() -> None:
    """Every SECTION/LIST/TABLE field names a section the table has, and every section but the file's is named."""
    named = {f.section for s in SECTIONS.values() for f in s.fields if f.type in (Type.SECTION, Type.LIST, Type.TABLE)}
    assert named <= set(SECTIONS)
    assert set(SECTIONS) - named == {"file"}


def test_each_actual_identity_is_year_and_months() -> None:
    text = HEAD + "".join(
        f"      - {{year: 2025, {extra}value: {value}, source: web}}\n"
        for extra, value in (("months: 6, ", 900), ("", 2100), ("months: 9, ", 1500))
    )
    dataset, findings = load(text)
    assert findings == []
    actuals = dataset.targets[0].actuals if dataset else ()
    assert [(a.year, a.months) for a in actuals] == [(2025, 6), (2025, 9), (2025, None)]
    _, twice = load(text + "      - {year: 2025, months: 6, value: 901, source: web}\n")
    assert any(f.startswith("duplicate-year ") and "2025 (first 6 months)" in f for f in twice), twice


def test_combinations_in_a_milestone_are_refused() -> None:
    milestone = HEAD.replace("    unit: 亿元\n", "    kind: milestone\n").replace(
        "    target: {year: 2025, value: 2000}", "    target: {year: 2025}"
    )
    for extra in ("months: 6", "value: 1"):
        _, findings = load(milestone + f"      - {{year: 2024, done: true, {extra}, source: web}}\n")
        assert any(f.startswith("unexpected-field ") for f in findings), findings
