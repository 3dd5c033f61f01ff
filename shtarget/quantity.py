"""Chinese numbers and units: parse "突破2.6萬家" or "3800多亿元" into a number in a target's unit, and format back.

A unit is an optional run of magnitude characters (万, 亿, 千; they multiply, so 万亿 is 10^12) followed by a
base ("元", "家", "%", ...), which may be empty: the unit "万" is 10^4 of nothing further, so "2.5万" in it is
2.5. Two units convert when their bases are equal; "家" and "个" are different counters and never convert. A
figure written without a base ("2.6万") takes its target's.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from shtarget.model import Qualifier, Quantity
from shtarget.render.words import QUALIFIER_SIGNS

MAGNITUDES = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000)}

# Traditional forms of the characters units are made of, so "1萬億元" reads like "1万亿元".
_UNIT_CHARS = str.maketrans({"萬": "万", "億": "亿", "個": "个", "項": "项", "臺": "台"})

# Longest first, so "超过" wins over "超" and "大约" over "约".
_PREFIXES: tuple[tuple[str, Qualifier], ...] = tuple(
    sorted(
        {
            "超过": Qualifier.OVER,
            "超過": Qualifier.OVER,
            "超": Qualifier.OVER,
            "突破": Qualifier.OVER,
            "逾": Qualifier.OVER,
            "高于": Qualifier.OVER,
            "高於": Qualifier.OVER,
            "约": Qualifier.ABOUT,
            "約": Qualifier.ABOUT,
            "大约": Qualifier.ABOUT,
            "大約": Qualifier.ABOUT,
            "近": Qualifier.UNDER,
            "将近": Qualifier.UNDER,
            "將近": Qualifier.UNDER,
            "接近": Qualifier.UNDER,
            "不到": Qualifier.UNDER,
            "不超过": Qualifier.UNDER,  # an upper bound, and so never read as 超过
            "不超過": Qualifier.UNDER,
            "不高于": Qualifier.UNDER,
            "不高於": Qualifier.UNDER,
            "低于": Qualifier.UNDER,
            "低於": Qualifier.UNDER,
            "不足": Qualifier.UNDER,
            "达到": Qualifier.EXACT,
            "達到": Qualifier.EXACT,
            "达": Qualifier.EXACT,
            "達": Qualifier.EXACT,
            "不低于": Qualifier.EXACT,
            "不低於": Qualifier.EXACT,
        }.items(),
        key=lambda item: -len(item[0]),
    )
)
_SUFFIXES = {
    "以上": Qualifier.OVER,
    "多": Qualifier.OVER,
    "余": Qualifier.OVER,
    "餘": Qualifier.OVER,
    "左右": Qualifier.ABOUT,
    "上下": Qualifier.ABOUT,
    "以下": Qualifier.UNDER,
    "以内": Qualifier.UNDER,
    "以內": Qualifier.UNDER,
}
_SUFFIX_ALTERNATION = "|".join(sorted(map(re.escape, _SUFFIXES), key=len, reverse=True))
_NOTATION = re.compile(
    r"(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?P<over1>多|余|餘)?"
    r"(?P<magnitude>[万亿千萬億]*)"
    r"(?P<over2>多|余|餘)?"
    r"(?P<unit>[^\d.,+-]*?)"
    rf"(?P<suffix>{_SUFFIX_ALTERNATION})?$"
)


@functools.cache  # values with a space are rare: compiled for the first
def _space_in_number() -> re.Pattern[str]:
    """Digits (or a decimal point or thousands separator) on both sides of a space: "2 6000", or "2600 0" as
    PyYAML folds a plain scalar broken over two lines. Never joined into one number."""
    return re.compile(r"[\d.,]\s+[\d.,]")


@functools.cache  # a decimal comma is rare: compiled for the first value that cannot be read
def _decimal_comma() -> re.Pattern[str]:
    """A number with a comma before one or two digits (18,9; 1,5万): a decimal comma, not a thousands one."""
    return re.compile(r"[+-]?\d+(,)\d{1,2}(?!\d)")


_QUALIFIER_OF: dict[str, Qualifier] = dict(_PREFIXES) | _SUFFIXES


def combine_qualifiers(words: Iterable[str]) -> Qualifier | tuple[str, str]:
    """The qualifier that qualifier words say together, or the first two that contradict each other.

    Words of one direction agree (超过…多 is over, said twice); 达到 and 不低于 say no direction and agree with
    any (达到…以上 is over); over, about and under contradict each other (不到…以上, 超…左右, 约…多).
    """
    qualifier, said_by = Qualifier.EXACT, ""
    for word in words:
        reading = _QUALIFIER_OF[word]
        if reading is Qualifier.EXACT:
            continue
        if qualifier is not Qualifier.EXACT and reading is not qualifier:
            return said_by, word
        qualifier, said_by = reading, word
    return qualifier


class QuantityError(NamedTuple):
    """Why a value could not be read; `code` is the finding code the loader reports it under."""

    code: str
    message: str


class Unit(NamedTuple):
    factor: Decimal
    base: str


@functools.lru_cache(maxsize=256)
def parse_unit(text: str) -> Unit:
    """Split a unit into its magnitude factor and base: "亿元" → 10^8 × "元", "%" → 1 × "%"."""
    normal = unicodedata.normalize("NFKC", text).strip().translate(_UNIT_CHARS)
    factor = Decimal(1)
    index = 0
    while index < len(normal) and normal[index] in MAGNITUDES:  # "万" alone: 10^4 × the empty base
        factor *= MAGNITUDES[normal[index]]
        index += 1
    return Unit(factor, normal[index:])


def parse_quantity(raw: object, unit: str) -> Quantity | QuantityError:
    """Read a number or a Chinese notation as a quantity in `unit`.

    >>> parse_quantity("突破2.6萬家", "家")
    Quantity(value=26000.0, qualifier=<Qualifier.OVER: 'over'>, text='突破2.6萬家')
    """
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return QuantityError("wrong-type", f"expected a number or a string like '2.6万', got {_describe(raw)}")
    if isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
        if not math.isfinite(number):
            shown = f"an integer of {_digit_count(raw)} digits" if isinstance(raw, int) else str(raw)
            return QuantityError("non-finite", f"value must be a finite number, got {shown}")
        return Quantity(number, Qualifier.EXACT, str(raw))
    return _parse_notation(raw, unit)


def _digit_count(number: int) -> int:
    """Digits of `number`, counted without str(), which refuses integers of over 4,300 digits."""
    estimate = int(abs(number).bit_length() * math.log10(2)) + 1
    return estimate - 1 if abs(number) < 10 ** (estimate - 1) else estimate


@functools.lru_cache(maxsize=4096)  # figures repeat ("2万多", "约3500亿元"); a Quantity is immutable
def _parse_notation(raw: str, unit: str) -> Quantity | QuantityError:
    return _parse_notation_uncached(raw, unit)


def _parse_notation_uncached(raw: str, unit: str) -> Quantity | QuantityError:
    text = unicodedata.normalize("NFKC", raw).strip()
    if " " in text and _space_in_number().search(text):
        joined = _space_in_number().sub(lambda match: match.group().replace(" ", ""), text)
        message = f"{raw!r}: a space inside a number is not read; if '{joined}' is meant, write it so"
        return QuantityError("bad-quantity", message)
    text = text.replace(" ", "")
    words = []
    for prefix, _ in _PREFIXES:
        if text.startswith(prefix):
            words.append(prefix)
            text = text[len(prefix) :]
            break
    match = _NOTATION.match(text)
    if not match:
        comma = _decimal_comma().match(text)
        if comma is not None:
            written = "".join(words) + text[: comma.start(1)] + "." + text[comma.end(1) :]
            return QuantityError("bad-quantity", f"{raw!r}: a decimal comma is not read; write {written}")
        return QuantityError("bad-quantity", f"cannot read {raw!r} as a quantity (try 26000, '2.6万' or '7328亿元')")
    words += [word for word in match.group("over1", "over2", "suffix") if word]
    qualifier = combine_qualifiers(words)
    if isinstance(qualifier, tuple):
        first, second = qualifier
        return QuantityError(
            "bad-quantity",
            f"{raw!r}: '{first}' ({_QUALIFIER_OF[first]}) and '{second}' ({_QUALIFIER_OF[second]}) contradict each"
            " other; keep the one the source means",
        )
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return QuantityError("bad-quantity", f"cannot read the number in {raw!r}")
    converted = _convert(number, match["magnitude"], match["unit"], unit)
    if isinstance(converted, QuantityError):
        return QuantityError(converted.code, f"{raw!r}: {converted.message}")
    value = float(converted)
    if not math.isfinite(value):
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        return QuantityError("non-finite", f"{shown!r} is too large to be a number in '{unit}'")
    return Quantity(value, qualifier, raw)


def _convert(number: Decimal, magnitude: str, written_unit: str, target_unit: str) -> Decimal | QuantityError:
    """`number` written with `magnitude` and `written_unit`, in `target_unit`: both units are a magnitude times a
    base, a written base of "" is the target's ("2.6万" in 家), and the magnitudes divide out."""
    if not magnitude and not written_unit:
        return number  # a bare number is already in the target's unit
    into, written = parse_unit(target_unit), parse_unit(magnitude + written_unit)
    if (written.base or into.base) != into.base:
        return QuantityError(
            "unit-mismatch",
            f"unit '{magnitude}{written_unit}' cannot be converted to the target's unit '{target_unit}'",
        )
    return number * written.factor / into.factor


def _describe(raw: object) -> str:
    if raw is None:
        return "nothing (null)"
    if isinstance(raw, bool):
        return f"a boolean ({str(raw).lower()})"
    return f"a {type(raw).__name__}"


# --- formatting -----------------------------------------------------------------------------------------

_ZH_QUALIFIER, _EN_QUALIFIER = QUALIFIER_SIGNS["zh"], QUALIFIER_SIGNS["en"]
# English words for the bases of Chinese units (one vocabulary: the dashboard, show and the report use it).
_EN_BASES = {
    "元": "yuan", "美元": "US dollars", "家": "firms", "个": "units", "项": "items", "件": "pieces", "台": "sets",
    "人": "people", "人次": "person-times", "吨": "tonnes", "辆": "vehicles", "艘": "ships", "架": "aircraft",
    "百分点": "percentage points", "个百分点": "percentage points",
}  # fmt: skip
_EN_FACTORS = {
    Decimal(1): "",
    Decimal(10_000): "10 thousand ",
    Decimal(100_000_000): "100 million ",
    Decimal(10**12): "trillion ",
}
_EN_PER = {"人": "person", "万人": "10k people", "年": "year"}
_ZH_STEPS = ((Decimal(10**12), "万亿"), (Decimal(100_000_000), "亿"), (Decimal(10_000), "万"))


def unit_label(unit: str, lang: str, unit_en: str | None = None) -> str:
    """The unit as shown in a table header: itself in Chinese, spelled out in English where known."""
    if lang != "en":
        return unit
    parsed = parse_unit(unit)
    if parsed.base == "%":
        return "%"
    if unit_en and _counts(parsed.base, unit):
        return reading_scale(unit, lang, unit_en)[1]
    if parsed.base in _EN_BASES and parsed.factor in _EN_FACTORS:
        return f"{_EN_FACTORS[parsed.factor]}{_EN_BASES[parsed.base]}"
    return reading_scale(unit, lang)[1]


def format_number(value: float, lang: str) -> str:
    """A plain number with at most two decimals; English adds thousands separators."""
    text = f"{value:,.2f}" if lang == "en" else f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_quantity(value: float, unit: str, lang: str, qualifier: Qualifier = Qualifier.EXACT) -> str:
    """A value for people: "2.6万家", "1.06万亿元", "18.9%" in Chinese; "26,000", "10,641.19" in English.

    English leaves the unit to the column header (see `unit_label`); Chinese rescales to the largest of
    万/亿/万亿 that keeps the number at 1 or more, as Chinese statistics are written.
    """
    if lang == "en":
        return _EN_QUALIFIER[qualifier] + format_number(value, lang)
    parsed = parse_unit(unit)
    if parsed.base == "%" or value == 0 or not math.isfinite(value):
        return _ZH_QUALIFIER[qualifier] + format_number(value, lang) + unit.strip()
    in_base = Decimal(repr(value)) * parsed.factor
    for step, name in _ZH_STEPS:
        if abs(in_base) >= step:
            return f"{_ZH_QUALIFIER[qualifier]}{format_number(float(in_base / step), lang)}{name}{parsed.base}"
    return f"{_ZH_QUALIFIER[qualifier]}{format_number(float(in_base), lang)}{parsed.base}"


# English readers count money in thousands, billions and trillions, and read counts as plain numbers: a
# target's unit picks the scale, so every figure of one target is shown in the same one.
_EN_MONEY_SCALES = {
    Decimal(1): (Decimal(1), "yuan"),
    Decimal(1_000): (Decimal(1_000), "thousand yuan"),
    Decimal(10_000): (Decimal(1_000_000), "m yuan"),
    Decimal(100_000_000): (Decimal(10**9), "bn yuan"),
    Decimal(10**12): (Decimal(10**12), "tn yuan"),
}


def reading_scale(unit: str, lang: str, unit_en: str | None = None) -> tuple[Decimal, str]:
    """How a figure in `unit` is shown to a reader: the number to multiply by and the unit written after it.

    Chinese keeps the unit (the number is rescaled per figure by `format_quantity`); English turns 亿元 into
    "bn yuan" (× 0.1) and 万家 into "firms" (× 10,000). A count may say what it counts in English (`unit_en`,
    a target's field): 个 of fields of materials are "fields", not "units".
    """
    parsed = parse_unit(unit)
    if lang != "en" or parsed.base == "%" or not unit.strip():
        return Decimal(1), unit.strip()
    if unit_en and _counts(parsed.base, unit):
        return parsed.factor, unit_en.strip()
    numerator, per, denominator = unit.strip().partition("/")
    top = parse_unit(numerator)
    if per and denominator in _EN_PER and top.base in _EN_BASES:  # a rate: 52万元/人 → "520,000 yuan/person"
        return top.factor, f"{_EN_BASES[top.base]}/{_EN_PER[denominator]}"
    if parsed.base == "元" and parsed.factor in _EN_MONEY_SCALES:
        step, label = _EN_MONEY_SCALES[parsed.factor]
        return parsed.factor / step, label
    if parsed.base in _EN_BASES:
        return parsed.factor, _EN_BASES[parsed.base]
    return Decimal(1), unit.strip()


def _counts(base: str, unit: str) -> bool:
    """Whether a unit counts whole things (家, 个, 项…), so that a target's `unit_en` may name them."""
    return "/" not in unit and base in COUNT_BASES


def format_figure(
    value: float, unit: str, lang: str, qualifier: Qualifier = Qualifier.EXACT, unit_en: str | None = None
) -> str:
    """A figure with its unit, as a reader of `lang` writes it: "超2.4万家", "1.06万亿元", "24.8%";
    ">24,000 firms", "1,064.1 bn yuan", "24.8%", ">=3 fields" (with `unit_en`). English keeps one decimal from
    100 up, two below."""
    if lang != "en":
        return format_quantity(value, unit, lang, qualifier)
    label = reading_scale(unit, lang, unit_en)[1]
    joiner = "" if label in ("%", "") else " "
    return f"{_EN_QUALIFIER[qualifier]}{format_reading(value, unit, lang)}{joiner}{label}"


def format_reading(value: float, unit: str, lang: str) -> str:
    """The rounded reading of a figure without its unit, for a column whose header gives it: "1.7万" (家),
    "1.06万亿" (元), "24.8" (%); "17,012" (firms), "1,064.1" (bn yuan). The same digits as `format_figure`."""
    if math.isfinite(value) and abs(value) >= 1e15:  # beyond any real statistic: exact digits are float noise
        return f"{value:.6g}"
    if lang != "en":
        shown = format_quantity(value, unit, lang)
        parsed = parse_unit(unit)
        for suffix in (unit.strip(), parsed.base):
            if suffix and shown.endswith(suffix):
                return shown.removesuffix(suffix)
        return shown
    factor = reading_scale(unit, lang)[0]
    number = float(Decimal(repr(value)) * factor) if math.isfinite(value) else value
    digits = 1 if abs(number) >= 100 else 2
    text = f"{number:,.{digits}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def format_exact(
    value: float, unit: str, lang: str, qualifier: Qualifier = Qualifier.EXACT, unit_en: str | None = None
) -> str:
    """A figure to the last digit recorded, with thousands separators: "17,012家", "10,641.19亿元";
    "17,012 firms", "1,064.119 bn yuan"."""
    if not math.isfinite(value):
        return format_figure(value, unit, lang, qualifier, unit_en)
    factor, label = reading_scale(unit, lang, unit_en)
    exact = (Decimal(repr(value)) * factor).normalize()
    text = f"{exact:,f}"
    if lang == "en":
        joiner = "" if label in ("%", "") else " "
        return f"{_EN_QUALIFIER[qualifier]}{text}{joiner}{label}"
    return f"{_ZH_QUALIFIER[qualifier]}{text}{label}"


# --- quantities inside quotes -----------------------------------------------------------------------------

# Units a quote may write after a number, longest first where one starts another ("个月" before "个"). Time
# units are here so that "2012年" and "1-11月" are never read as a count in the target's unit.
_TEXT_UNITS = (
    "个百分点", "百分点", "平方公里", "平方米", "标准箱", "瓦时", "人次", "个月", "季度", "小时", "美元",
    "欧元", "港元", "公里", "公顷", "%", "‰", "元", "家", "个", "项", "件", "台", "套", "辆", "艘", "架", "座",
    "所", "户", "名", "人", "位", "款", "种", "条", "次", "张", "部", "篇", "倍", "年", "月", "日", "天", "周",
    "吨", "米", "克", "升", "亩", "瓦",
)  # fmt: skip
# Traditional forms of the characters quantities are written with, one for one (spans stay true).
_TEXT_CHARS = str.maketrans(
    {"萬": "万", "億": "亿", "個": "个", "項": "项", "臺": "台", "餘": "余", "輛": "辆", "戶": "户", "種": "种",
     "條": "条", "張": "张", "噸": "吨", "畝": "亩", "週": "周", "兩": "两"}
)  # fmt: skip


@functools.cache  # compiled when a quote is first read: `status` never needs it
def _quantity_in_text() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\d.])(?P<number>-?\d+(?:,\d{3})*(?:\.\d+)?)"
        r"(?P<over1>多|余)?(?P<magnitude>[万亿千]*)(?P<over2>多|余)?"
        rf"(?P<unit>{'|'.join(map(re.escape, _TEXT_UNITS))})?"
        # 多 and 余 after a unit start other words there (余额), so only the suffixes of two characters
        rf"(?P<suffix>{'|'.join(word for word in _SUFFIXES if len(word) == 2)})?"
    )


class Stated(NamedTuple):
    """A quantity written in a text: "突破2.6萬家" is 2.6 × 万 家, over, from `start` to `end` of the text."""

    number: Decimal  # as written, before its magnitude
    magnitude: str  # "万", "万亿", "" (simplified characters)
    unit: str  # the unit written after it, "" when none
    qualifier: Qualifier | None  # None when its own words contradict each other
    text: str  # as the text writes it, qualifier words included
    start: int
    end: int

    def in_unit(self, unit: str) -> Decimal | None:
        """Its value in `unit` by the rule values are read by, or None when its unit does not convert. A text
        writes a rate in what it counts ("每万人口拥有量12件" for 件/万人), so a rate's numerator stands for it."""
        converted = _convert(self.number, self.magnitude, self.unit, unit)
        if isinstance(converted, QuantityError) and "/" in unit:
            converted = _convert(self.number, self.magnitude, self.unit, unit.partition("/")[0])
        return None if isinstance(converted, QuantityError) else converted


@functools.lru_cache(maxsize=4096)  # quotes repeat across figures and files
def quantities_in(text: str) -> tuple[Stated, ...]:
    """Every quantity `text` states, with its magnitude, unit and qualifier, in order.

    >>> [(q.text, q.number, q.magnitude, q.unit, q.qualifier.value) for q in quantities_in("从4311家增长到2万多家")]
    [('4311家', Decimal('4311'), '', '家', 'exact'), ('2万多家', Decimal('2'), '万', '家', 'over')]
    """
    normal, origin = _normalised_with_origin(text)
    found = []
    for match in _quantity_in_text().finditer(normal):
        start = match.start()
        prefix = next((word for word, _ in _PREFIXES if normal.endswith(word, 0, start)), "")
        start -= len(prefix)
        words = [prefix, *match.group("over1", "over2", "suffix")]
        qualifier = combine_qualifiers(word for word in words if word)
        found.append(
            Stated(
                Decimal(match["number"].replace(",", "")),
                match["magnitude"],
                match["unit"] or "",
                qualifier if isinstance(qualifier, Qualifier) else None,
                text[origin[start] : origin[match.end()]],
                origin[start],
                origin[match.end()],
            )
        )
    return tuple(found)


def _normalised_with_origin(text: str) -> tuple[str, list[int]]:
    """`text` NFKC-folded, simplified where quantities are written, and for each index of the result (and its
    end) the index of `text` it comes from: a full-width "２" folds to "2" in place, "㎡" becomes two."""
    if unicodedata.is_normalized("NFKC", text):
        return text.translate(_TEXT_CHARS), list(range(len(text) + 1))
    pieces, origin = [], []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char)
        pieces.append(piece)
        origin += [index] * len(piece)
    origin.append(len(text))
    return "".join(pieces).translate(_TEXT_CHARS), origin


def quote_states(quote: str, value: float, unit: str) -> bool:
    """Whether `quote` states `value` (a number in `unit`) as a quantity: 26000 家 in "突破2.6萬家", not 2.6 家."""
    return any(states(stated, value, unit) for stated in quantities_in(quote))


def states(stated: Stated, value: float, unit: str) -> bool:
    """Whether a quantity of a text is `value` in `unit`, whatever magnitude either is written with."""
    converted = stated.in_unit(unit)
    return converted is not None and math.isclose(float(converted), value, rel_tol=1e-12, abs_tol=1e-12)


# Bases that count whole things: a fraction of one is a slip (2.5 where 2.5万 was meant).
COUNT_BASES = frozenset("家个项件台套辆艘架座所户名人位款种条张部篇")
# Words that make a count a rate, which may be fractional: plans write 每万人口发明专利拥有量 in 件 (6.8件),
# 每千人口托位数 in 个, 人均 and 年均 figures in the unit counted.
_PER_WORDS = ("每", "均")


def is_count(unit: str, name: str = "") -> bool:
    """Whether a figure named `name` in `unit` counts whole things: 家, 万家, 个; not 亿元 or %, and not a rate
    (件/万人, or 件 for 每万人口发明专利拥有量)."""
    return parse_unit(unit).base in COUNT_BASES and not any(word in name for word in _PER_WORDS)


def fractional_count(value: float, unit: str, name: str = "") -> bool:
    """Whether `value` in `unit` is a count that is not whole: 2.5 家, 1.23456 万家; 1.7 万家 is 17000."""
    if not is_count(unit, name) or not math.isfinite(value):
        return False
    return (Decimal(repr(value)) * parse_unit(unit).factor) % 1 != 0


# --- part-year phrases --------------------------------------------------------------------------------------

_MONTH_NUMBER = r"(\d{1,2}|十[一二]?|[二两三四五六七八九])"


@functools.cache
def _part_year() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\d.])(?:1|一)月?份?\s*[-—–~至到]\s*{_MONTH_NUMBER}\s*月"  # 1-11月, 1至11月, 1月—9月
        rf"|前{_MONTH_NUMBER}个?月"  # 前11个月, 前两个月
        r"|(上半年)|(?:前|一至|1-)([三3二两2])季度|(?<![前至二三四\d-])((?:第)?[一1])季度"
    )


_CHINESE_MONTHS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def part_year_stated(text: str) -> tuple[tuple[str, int], ...]:
    """The part-year periods `text` names, as (phrase, months from January): ("1至11月", 11), ("上半年", 6),
    ("前三季度", 9), ("一季度", 3). A year's last month (1-12月) is the whole year and not listed."""
    normal, origin = _normalised_with_origin(text)
    found = []
    for match in _part_year().finditer(normal):
        months_word, before_word, half, quarters, first_quarter = match.groups()
        if half:
            months = 6
        elif quarters:
            months = 3 * _month_number(quarters)
        elif first_quarter:
            months = 3
        else:
            months = _month_number(months_word or before_word)
        if 1 <= months <= 11:
            found.append((text[origin[match.start()] : origin[match.end()]], months))
    return tuple(found)


def _month_number(word: str) -> int:
    if word.isdigit():
        return int(word)
    if word.startswith("十"):
        return 10 + (_CHINESE_MONTHS[word[1]] if len(word) > 1 else 0)
    return _CHINESE_MONTHS[word]


# 翻一番 doubles, 翻两番 quadruples: plans state a level as a multiple of the base without its number.
_MULTIPLES = (("翻三番", 8), ("翻兩番", 4), ("翻两番", 4), ("翻二番", 4), ("翻一番", 2), ("翻番", 2))


def multiple_stated(quote: str) -> int | None:
    """The multiple of the base a quote states in words: 2 for "规模实现翻一番", None if it states none."""
    return next((factor for words, factor in _MULTIPLES if words in quote), None)
