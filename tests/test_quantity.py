from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import write
from shtarget.load import load_file
from shtarget.model import Qualifier, Quantity
from shtarget.quantity import QuantityError, format_quantity, parse_quantity, parse_unit, unit_label


@pytest.mark.parametrize(
    ("raw", "unit", "value", "qualifier"),
    [
        (24.8, "%", 24.8, Qualifier.EXACT),
        (17012, "家", 17012, Qualifier.EXACT),
        ("24.8", "%", 24.8, Qualifier.EXACT),
        ("24.8%", "%", 24.8, Qualifier.EXACT),
        ("2.6万", "家", 26000, Qualifier.EXACT),
        ("2.6萬家", "家", 26000, Qualifier.EXACT),
        ("突破2.6萬家", "家", 26000, Qualifier.OVER),
        ("突破2.2万", "家", 22000, Qualifier.OVER),
        ("2万多", "家", 20000, Qualifier.OVER),
        ("2万多家", "家", 20000, Qualifier.OVER),
        ("1.7万余家", "家", 17000, Qualifier.OVER),
        ("3800多亿元", "亿元", 3800, Qualifier.OVER),
        ("超过1萬億元", "亿元", 10000, Qualifier.OVER),
        ("超4800亿元", "亿元", 4800, Qualifier.OVER),
        ("逾30家", "家", 30, Qualifier.OVER),
        ("20%以上", "%", 20, Qualifier.OVER),
        ("1万亿元", "亿元", 10000, Qualifier.EXACT),
        ("7328亿元", "亿元", 7328, Qualifier.EXACT),
        ("10641.19亿元", "亿元", 10641.19, Qualifier.EXACT),
        ("10,641.19亿元", "亿元", 10641.19, Qualifier.EXACT),
        ("1.27万亿元", "亿元", 12700, Qualifier.EXACT),
        ("5000万元", "亿元", 0.5, Qualifier.EXACT),
        ("3200亿元", "万亿元", 0.32, Qualifier.EXACT),
        ("1.7萬家", "万家", 1.7, Qualifier.EXACT),
        ("4.4%左右", "%", 4.4, Qualifier.ABOUT),
        ("约3500亿元", "亿元", 3500, Qualifier.ABOUT),
        ("5000億元左右", "亿元", 5000, Qualifier.ABOUT),
        ("近3万", "家", 30000, Qualifier.UNDER),
        ("不到500个", "个", 500, Qualifier.UNDER),
        ("达到3500亿元", "亿元", 3500, Qualifier.EXACT),
        ("８００亿元", "亿元", 800, Qualifier.EXACT),
        ("  12 项 ", "项", 12, Qualifier.EXACT),
        ("-3.5%", "%", -3.5, Qualifier.EXACT),
    ],
)
def test_notations(raw: object, unit: str, value: float, qualifier: Qualifier) -> None:
    parsed = parse_quantity(raw, unit)
    assert isinstance(parsed, Quantity), parsed
    assert parsed.value == pytest.approx(value)
    assert parsed.qualifier is qualifier
    assert parsed.text == str(raw)


@pytest.mark.parametrize(
    ("raw", "unit", "code"),
    [
        ("abc", "家", "bad-quantity"),
        ("", "家", "bad-quantity"),
        ("2..6万", "家", "bad-quantity"),
        ("万家", "家", "bad-quantity"),
        ("5个", "家", "unit-mismatch"),
        ("3500亿元", "家", "unit-mismatch"),
        ("20%", "亿元", "unit-mismatch"),
        (float("inf"), "家", "non-finite"),
        (float("nan"), "%", "non-finite"),
        (True, "家", "wrong-type"),
        (None, "家", "wrong-type"),
        ([1], "家", "wrong-type"),
    ],
)
def test_bad_notations(raw: object, unit: str, code: str) -> None:
    parsed = parse_quantity(raw, unit)
    assert isinstance(parsed, QuantityError)
    assert parsed.code == code
    assert parsed.message


def test_unit_mismatch_message_names_both_units() -> None:
    parsed = parse_quantity("5个", "家")
    assert isinstance(parsed, QuantityError)
    assert "'个'" in parsed.message and "'家'" in parsed.message


def test_parse_unit_multiplies_magnitudes() -> None:
    assert parse_unit("万亿元").factor == 10**12
    assert parse_unit("億元").base == "元"
    assert parse_unit("%").factor == 1
    assert parse_unit("万") == (10_000, "")  # a bare magnitude: 10^4 × the empty base


@pytest.mark.parametrize(
    ("value", "unit", "zh", "en"),
    [
        (10641.19, "亿元", "1.06万亿元", "10,641.19"),
        (7328, "亿元", "7328亿元", "7,328"),
        (26000, "家", "2.6万家", "26,000"),
        (18.9, "%", "18.9%", "18.9"),
        (0, "亿元", "0亿元", "0"),
        (800, "亿元", "800亿元", "800"),
        (45, "家", "45家", "45"),
    ],
)
def test_format_quantity(value: float, unit: str, zh: str, en: str) -> None:
    assert format_quantity(value, unit, "zh") == zh
    assert format_quantity(value, unit, "en") == en


def test_format_shows_qualifier() -> None:
    assert format_quantity(20000, "家", "zh", Qualifier.OVER) == "超2万家"
    assert format_quantity(4.4, "%", "en", Qualifier.ABOUT) == "~4.4"


def test_unit_labels() -> None:
    assert unit_label("亿元", "en") == "100 million yuan"
    assert unit_label("家", "en") == "firms"
    assert unit_label("亿元", "zh") == "亿元"
    assert unit_label("艘", "en") == "ships"
    assert unit_label("公顷", "en") == "公顷"  # a unit English has no word for here is shown as written


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_plain_numbers_round_trip_through_magnitudes(number: object) -> None:
    text = f"{number}"
    as_wan = parse_quantity(f"{text}万", "家")
    plain = parse_quantity(text, "家")
    assert isinstance(as_wan, Quantity) and isinstance(plain, Quantity)
    assert as_wan.value == pytest.approx(plain.value * 10_000)


@given(st.text(max_size=30))
def test_parser_never_raises(text: str) -> None:
    result = parse_quantity(text, "亿元")
    assert isinstance(result, Quantity | QuantityError)


@pytest.mark.parametrize(
    ("quote", "value", "unit", "states"),
    [
        ("突破2.6萬家", 26000, "家", True),
        ("1037亿元", 1037, "亿元", True),
        ("10371亿元", 1037, "亿元", False),
        ("21037亿元", 1037, "亿元", False),
        ("1037.5亿元", 1037, "亿元", False),
        ("占比23.8%", 23.8, "%", True),
        ("123.8%", 23.8, "%", False),
        ("增加值超過1萬億元", 10000, "亿元", True),
        ("1.7万家", 17000, "家", True),
        ("从15%提高到18.9%", 18.9, "%", True),
        ("no figures here", 5, "家", False),
        ("全市高新技术企业突破2.5万家", 2.5, "家", False),  # the digits, at another magnitude
        ("全市高新技术企业突破2.5万家", 25000, "家", True),
        ("规模达3.2万亿元", 3.2, "亿元", False),
        ("规模达3.2万亿元", 32000, "亿元", True),
        ("2012年的4311家", 2012, "家", False),  # a year is not a count
        ("前11个月", 11, "个", False),
        ("新增10亿元以上制造业企业100家", 10, "家", False),
        ("(GDP)44652.80億元", 44652.8, "亿元", True),
        ("同比下降-3.5%", -3.5, "%", True),
        ("每万人口发明专利拥有量达到12件", 12, "件/万人", True),  # a rate is written in what it counts
        ("人均可支配收入8.5万元", 85000, "元/人", True),
        ("人均可支配收入8.5万元", 8.5, "万元/人", True),
        ("12家", 12, "件/万人", False),
    ],
)
def test_quote_states(quote: str, value: float, unit: str, states: bool) -> None:
    from shtarget.quantity import quote_states

    assert quote_states(quote, value, unit) is states


@pytest.mark.parametrize("digits", [310, 4300, 5001])
def test_an_integer_too_large_for_a_float_is_refused_by_its_digit_count(digits: int) -> None:
    # a caller may hand over an integer of any length; str() would refuse those over 4,300 digits.
    parsed = parse_quantity(10 ** (digits - 1), "亿元")
    assert isinstance(parsed, QuantityError) and parsed.code == "non-finite"
    assert f"an integer of {digits} digits" in parsed.message


# --- issue 21: read exactly or refused ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("2.5万", "万", 2.5),  # the magnitudes of the value and the unit cancel
        ("2.5亿", "亿", 2.5),
        ("2.5萬", "万", 2.5),
        ("2.5亿", "万", 25000),
        ("3000万", "亿", 0.3),
        ("25000", "万", 25000),  # a bare number is already in the unit
        (25000, "万", 25000),
    ],
)
def test_a_bare_magnitude_is_a_unit_with_an_empty_base(raw: object, unit: str, value: float) -> None:
    parsed = parse_quantity(raw, unit)
    assert isinstance(parsed, Quantity), parsed
    assert parsed.value == pytest.approx(value)


def test_a_bare_magnitude_unit_converts_only_bare_magnitudes() -> None:
    assert parse_unit("万") == (10_000, "")
    assert parse_unit("万亿") == (10**12, "")
    refused = parse_quantity("2.5万家", "万")
    assert isinstance(refused, QuantityError) and refused.code == "unit-mismatch"
    assert format_quantity(2.5, "万", "zh") == "2.5万"
    assert format_quantity(25000, "万", "zh") == "2.5亿"


@pytest.mark.parametrize(
    ("raw", "first", "second"),
    [
        ("不到2.6万以上", "不到", "以上"),
        ("近2.6万多", "近", "多"),
        ("超2.6万左右", "超", "左右"),
        ("约2万多家", "约", "多"),
        ("突破20%以下", "突破", "以下"),
        ("2万多家左右", "多", "左右"),
    ],
)
def test_contradictory_qualifiers_are_refused(raw: str, first: str, second: str) -> None:
    parsed = parse_quantity(raw, "家" if "%" not in raw else "%")
    assert isinstance(parsed, QuantityError), parsed
    assert parsed.code == "bad-quantity"
    assert f"'{first}'" in parsed.message and f"'{second}'" in parsed.message


@pytest.mark.parametrize(
    ("raw", "qualifier"),
    [
        ("超过2.6万多", Qualifier.OVER),  # redundant, not contradictory
        ("突破2万余家", Qualifier.OVER),
        ("达到20%以上", Qualifier.OVER),  # 达到 states no direction
        ("约5000亿元左右", Qualifier.ABOUT),
        ("近3万以内", Qualifier.UNDER),
    ],
)
def test_qualifiers_of_one_direction_combine(raw: str, qualifier: Qualifier) -> None:
    unit = "%" if "%" in raw else "亿元" if "亿元" in raw else "家"
    parsed = parse_quantity(raw, unit)
    assert isinstance(parsed, Quantity), parsed
    assert parsed.qualifier is qualifier


@pytest.mark.parametrize("raw", ["2 6000", "2600 0", "2. 6万", "2 .6万", "26, 000", "1 000 000", "超 2 6000家"])
def test_digits_are_never_joined_across_spaces(raw: str) -> None:
    parsed = parse_quantity(raw, "家")
    assert isinstance(parsed, QuantityError), parsed
    assert parsed.code == "bad-quantity"
    assert "space" in parsed.message


@pytest.mark.parametrize(
    ("raw", "value"), [("26,000", 26000), ("26,000家", 26000), ("2.6 万家", 26000), ("突破 2.6万", 26000)]
)
def test_separators_that_stay_accepted(raw: str, value: float) -> None:
    parsed = parse_quantity(raw, "家")
    assert isinstance(parsed, Quantity), parsed
    assert parsed.value == value


@pytest.mark.parametrize("raw", ["2,6000", "26,00", ",26000"])
def test_misplaced_thousands_separators_are_refused(raw: str) -> None:
    parsed = parse_quantity(raw, "家")
    assert isinstance(parsed, QuantityError) and parsed.code == "bad-quantity"


def test_a_folded_plain_scalar_is_not_read_as_one_number(tmp_path: Path) -> None:
    # PyYAML folds the two lines of a plain scalar into "2600 0".
    path = write(
        tmp_path,
        """
        schema: 1
        title: t
        sources:
          web: {url: "https://example.org", title: W}
        plans: {p: {name: P, source: web}}
        targets:
          - id: a
            plan: p
            name: A
            unit: 家
            target: {year: 2025, value: 5}
            evidence: [{source: web, quote: "5家"}]
            actuals:
              - year: 2024
                value: 2600
                  0
                source: web
        """,
    )
    result = load_file(path)
    codes = [finding.code for finding in result.errors]
    assert codes == ["bad-quantity"], result.findings
    assert "'2600 0'" in result.errors[0].message


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("全市高新技術企業數量突破2.6萬家", [("突破2.6萬家", "2.6", "万", "家", Qualifier.OVER)]),
        (
            "从2012年的4311家快速增长到2021年的2万多家",
            [
                ("2012年", "2012", "", "年", Qualifier.EXACT),
                ("4311家", "4311", "", "家", Qualifier.EXACT),
                ("2021年", "2021", "", "年", Qualifier.EXACT),
                ("2万多家", "2", "万", "家", Qualifier.OVER),
            ],
        ),
        ("3800多亿元", [("3800多亿元", "3800", "亿", "元", Qualifier.OVER)]),
        ("约在1万亿元左右", [("1万亿元左右", "1", "万亿", "元", Qualifier.ABOUT)]),
        ("比重达到20%以上", [("达到20%以上", "20", "", "%", Qualifier.OVER)]),
        ("不超过5%", [("不超过5%", "5", "", "%", Qualifier.UNDER)]),  # never read as 超过
        ("近2.6万多家", [("近2.6万多家", "2.6", "万", "家", None)]),  # contradicts itself
        ("10亿元余额", [("10亿元", "10", "亿", "元", Qualifier.EXACT)]),  # 余 after a unit starts a word
        ("提高5个百分点", [("5个百分点", "5", "", "个百分点", Qualifier.EXACT)]),
        ("１０６４１．１９億元", [("１０６４１．１９億元", "10641.19", "亿", "元", Qualifier.EXACT)]),
        ("accounted for 40.6 percent", [("40.6", "40.6", "", "", Qualifier.EXACT)]),
        ("1,234.5万元", [("1,234.5万元", "1234.5", "万", "元", Qualifier.EXACT)]),
    ],
)
def test_quantities_in_text(text: str, readings: list[tuple[str, str, str, str, Qualifier | None]]) -> None:
    from decimal import Decimal

    from shtarget.quantity import quantities_in

    found = quantities_in(text)
    assert [(q.text, q.number, q.magnitude, q.unit, q.qualifier) for q in found] == [
        (written, Decimal(number), magnitude, unit, qualifier)
        for written, number, magnitude, unit, qualifier in readings
    ]
    assert all(text[q.start : q.end] == q.text for q in found)


@given(st.text(max_size=40))
def test_reading_a_text_never_raises_and_spans_hold(text: str) -> None:
    from shtarget.quantity import part_year_stated, quantities_in

    for stated in quantities_in(text):
        assert text[stated.start : stated.end] == stated.text
    assert all(1 <= months <= 11 for _, months in part_year_stated(text))


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("2023年1-11月产值", [("1-11月", 11)]),
        ("1至11月", [("1至11月", 11)]),
        ("1月—9月", [("1月—9月", 9)]),
        ("1～2月", [("1～2月", 2)]),
        ("前三季度", [("前三季度", 9)]),
        ("一至三季度", [("一至三季度", 9)]),
        ("上半年", [("上半年", 6)]),
        ("一季度", [("一季度", 3)]),
        ("第一季度", [("第一季度", 3)]),
        ("前两个月", [("前两个月", 2)]),
        ("前11个月", [("前11个月", 11)]),
        ("前十一個月", [("前十一個月", 11)]),
        ("1-12月", []),  # the whole year
        ("三季度", []),  # one quarter, not the months from January
        ("11-12月", []),
        ("2021年全年", []),
    ],
)
def test_part_year_phrases(text: str, periods: list[tuple[str, int]]) -> None:
    from shtarget.quantity import part_year_stated

    assert list(part_year_stated(text)) == periods


def test_a_count_says_what_it_counts_in_english() -> None:
    """`unit_en` names what a count counts; money, shares and rates keep the dashboard's own units."""
    from decimal import Decimal

    from shtarget.quantity import format_exact, format_figure, format_reading, reading_scale

    assert reading_scale("个", "en") == (Decimal(1), "units")
    assert reading_scale("个", "en", "fields") == (Decimal(1), "fields")
    assert reading_scale("万家", "en", "firms") == (Decimal(10_000), "firms")
    assert format_figure(3, "个", "en", Qualifier.EXACT, "fields") == "3 fields"
    assert format_figure(1.7, "万家", "en", Qualifier.OVER, "firms") == ">17,000 firms"
    assert format_exact(17012, "家", "en", Qualifier.EXACT, "manufacturers") == "17,012 manufacturers"
    assert format_reading(3, "个", "en") == "3"
    assert unit_label("个", "en", "platforms") == "platforms"
    for unit, shown in (("亿元", "1,064.1 bn yuan"), ("%", "24.8%"), ("万元/人", "520,000 yuan/person")):
        value = {"亿元": 10641.19, "%": 24.8, "万元/人": 52}[unit]
        assert format_figure(value, unit, "en", unit_en="fields") == shown
    assert format_figure(3, "个", "zh", unit_en="fields") == "3个"  # Chinese keeps the plan's unit


@pytest.mark.parametrize(("raw", "written"), [("18,9", "18.9"), ("突破1,5万家", "突破1.5万家"), ("18,95%", "18.95%")])
def test_a_decimal_comma_is_named_with_the_number_to_write(raw: str, written: str) -> None:
    parsed = parse_quantity(raw, "家")
    assert isinstance(parsed, QuantityError) and parsed.code == "bad-quantity"
    assert parsed.message == f"{raw!r}: a decimal comma is not read; write {written}"
