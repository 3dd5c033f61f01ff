"""Property: whatever value, quote and note `record` is given, the file then reads back exactly those, and
nothing else in it changes (issue 12: values and text written exactly)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_cli import run

from conftest import FIXTURES
from shtarget.load import load_text
from shtarget.model import Dataset
from shtarget.quantity import Quantity, QuantityError, fractional_count, parse_quantity
from shtarget.record import Change, RecordRequest, record_actual

ORIGINAL = (FIXTURES / "commented.yaml").read_text(encoding="utf-8")
PATH = FIXTURES / "targets.yaml"  # the fixture directory, so seeds/ resolves; nothing is written there
UNITS = {"firms": "家", "value-added": "亿元", "flow-target": "家", "gdp": "亿元"}
EXISTING = {"firms": {2021}, "value-added": {2021, 2023}, "flow-target": set(), "gdp": set()}

digits = st.from_regex(r"\A0{0,3}[0-9]{1,6}(\.[0-9]{1,3})?\Z")
values = st.one_of(
    st.tuples(st.sampled_from(["", "+", "-"]), digits).map("".join),
    st.tuples(
        st.sampled_from(["", "超", "约", "近", "突破"]),
        digits,
        st.sampled_from(["", "万", "亿"]),
        st.sampled_from(["", "多", "左右"]),
    ).map("".join),
    st.sampled_from(["0123", "010", "00", "-0", "1,000", "１２３", " 7 ", "2.4万多", "10641.19亿元"]),
)
texts = st.text(min_size=1, max_size=40).filter(lambda text: text.strip() != "")
tricky = st.sampled_from(
    [
        "18.9",
        "yes",
        "on",
        "null",
        "~",
        "2024-01-01",
        "0x1F",
        "- a",
        "a: b",
        "#c",
        "'q'",
        '"q"',
        "\\\\",
        "&a",
        "*a",
        "!t",
    ]
)


def load(text: str) -> Dataset:
    result = load_text(text, PATH, "targets.yaml")
    assert result.dataset is not None and not result.errors, result.errors
    return result.dataset


def facts(dataset: Dataset) -> dict[str, list[tuple[object, ...]]]:
    return {
        figure.id: [
            (
                a.year,
                a.value,
                a.done,
                a.note,
                a.citation.source if a.citation else None,
                a.citation and a.citation.quote,
            )
            for a in figure.actuals
        ]
        for figure in dataset.figures
    }


def inserted(old: str, new: str) -> str:
    """What `new` adds to `old`, asserting it is one contiguous insertion (every other byte unchanged). Where
    the inserted text repeats what surrounds it, the place found may be shifted; the bytes are the same."""
    prefix = 0
    while prefix < len(old) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < len(old) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    assert prefix + suffix == len(old), "the edit changed bytes outside the new actual"
    return new[prefix : len(new) - suffix]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    figure_id=st.sampled_from(sorted(UNITS)),
    year=st.integers(2000, 2030),
    value=values,
    quote=st.one_of(st.none(), texts, tricky),
    note=st.one_of(st.none(), texts, tricky),
)
def test_record_writes_exactly_what_it_is_given(
    figure_id: str, year: int, value: str, quote: str | None, note: str | None
) -> None:
    assume(year not in EXISTING[figure_id])
    expected = parse_quantity(value.strip(), UNITS[figure_id])
    assume(isinstance(expected, Quantity))
    assert not isinstance(expected, QuantityError)
    assume(not fractional_count(expected.value, UNITS[figure_id]))  # refused as fractional-count
    request = RecordRequest(figure_id, year, value, "bulletin", quote, note)
    change = record_actual(ORIGINAL, PATH, "targets.yaml", request, 2026)
    assert isinstance(change, Change), change
    assert inserted(ORIGINAL, change.new_text)
    before, after = facts(load(ORIGINAL)), facts(load(change.new_text))
    recorded = next(fact for fact in after[figure_id] if fact[0] == year)
    assert recorded[1] is not None
    assert (recorded[1].value, recorded[1].qualifier) == (expected.value, expected.qualifier)
    assert (recorded[3], recorded[4], recorded[5]) == (note, "bulletin", quote)
    assert after[figure_id] == sorted([*before[figure_id], recorded], key=lambda fact: int(str(fact[0])))
    assert {k: v for k, v in after.items() if k != figure_id} == {k: v for k, v in before.items() if k != figure_id}


@settings(max_examples=100, deadline=None)
@given(value=values, quote=st.one_of(texts, tricky), note=st.one_of(texts, tricky))
def test_replace_writes_exactly_what_it_is_given(value: str, quote: str, note: str) -> None:
    expected = parse_quantity(value.strip(), "家")
    assume(isinstance(expected, Quantity))
    assert isinstance(expected, Quantity)
    assume(not fractional_count(expected.value, "家"))  # a count that is not whole is refused (fractional-count)
    request = RecordRequest("firms", 2021, value, "bulletin", quote, note, replace=True)
    change = record_actual(ORIGINAL, PATH, "targets.yaml", request, 2026)
    assert isinstance(change, Change), change
    recorded = next(a for a in load(change.new_text).targets[1].actuals if a.year == 2021)
    assert recorded.value is not None and recorded.citation is not None
    assert (recorded.value.value, recorded.value.qualifier) == (expected.value, expected.qualifier)
    assert (recorded.citation.quote, recorded.note) == (quote, note)
    assert change.new_text.endswith(ORIGINAL[ORIGINAL.index("\n  - {id: flow-target") :])


@pytest.mark.parametrize(
    ("value", "quote", "note"),
    [
        ("0123", "yes", "on"),
        ("-0", "null", "a\u2028b\x85c\u2029d"),
        ("约2.4万", "'q' \"q\" \\", "\t\x01\x1b[2J\u202e"),
        ("+0075.0", "2024-01-01", "#c"),
    ],
)
def test_record_writes_exactly_through_the_command(tmp_path: Path, value: str, quote: str, note: str) -> None:
    data = tmp_path / "targets.yaml"
    data.write_text(ORIGINAL, encoding="utf-8")
    args = ("record", "firms", "2022", "--source", "bulletin", "--quote", quote, "--note", note, "--", value)
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    new = data.read_text(encoding="utf-8")
    assert inserted(ORIGINAL, new)
    recorded = next(a for a in load(new).targets[1].actuals if a.year == 2022)
    expected = parse_quantity(value.strip(), "家")
    assert isinstance(expected, Quantity) and recorded.value is not None and recorded.citation is not None
    assert (recorded.value.value, recorded.citation.quote, recorded.note) == (expected.value, quote, note)
