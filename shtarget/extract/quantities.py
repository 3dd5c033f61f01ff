"""The figures in a clause ("2.6万家", "3-4个", "20%以上", "1万多亿元"): where each is, in which unit a
target would record it, its value and its qualifiers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from shtarget.extract.lexicon import COUNTERS, MONEY, QUALIFIER_BEFORE, QUANTITY, SUFFIXES
from shtarget.extract.records import Figure
from shtarget.model import Op, Quantity
from shtarget.quantity import parse_quantity


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    unit: str  # the unit a target would be recorded in
    value: Figure
    upper: Figure | None
    suffix_op: Op | None
    over: bool


def find_mentions(folded: str, clean: str) -> list[Mention]:
    found = []
    for match in QUANTITY.finditer(folded):
        number = match["num"].replace(",", "")
        if match["unit"] == "年" and (len(number) == 4 or match["num2"]):
            continue  # a year or a span of years, not an amount
        unit = _recorded_unit(match["mag"] or match["mag2"] or "", match["unit"])
        written = unicodedata.normalize("NFKC", clean[match.start() : match.end("unit")])
        lower_text = _lower_text(match, written)
        value = _figure(lower_text, unit)
        if value is None:
            continue
        upper = None
        if match["num2"]:
            upper = _figure(f"{match['num2']}{match['mag2'] or match['mag']}{match['unit']}", unit)
        else:
            value = _qualified(value, folded, clean, match, unit)
        suffix = match["suffix"]
        over = bool(match["over"] or match["over2"] or suffix in ("多", "余"))
        found.append(Mention(match.start(), match.end(), unit, value, upper, SUFFIXES.get(suffix or ""), over))
    return found


def _lower_text(match: re.Match[str], written: str) -> str:
    """The figure as written, without qualifiers and, for a range, only its lower bound."""
    if match["num2"]:
        magnitude = match["mag"] or match["mag2"] or ""
        return f"{match['num']}{magnitude}{match['unit']}"
    if match["over"]:  # "2万多家": the figure is 2万家, over it
        over_at = match.start("over") - match.start()
        return written[:over_at] + written[over_at + 1 :]
    return written


def _recorded_unit(magnitude: str, base: str) -> str:
    """亿元 for money (the unit plans count it in), the bare counter for firms and projects (2.6万家 → 家), else
    the unit as written (万人, 万吨, 微克/立方米)."""
    if base in MONEY:
        if "亿" in magnitude:
            return "亿" + base
        return magnitude + base
    if base in COUNTERS or base in ("%", "‰", "个百分点", "百分点", "岁", "倍"):
        return base
    return magnitude + base


def _figure(text: str, unit: str) -> Figure | None:
    parsed = parse_quantity(text, unit)
    if not isinstance(parsed, Quantity):
        return None
    shown = text if unit not in ("%", "‰") else plain_number(parsed.value)
    return Figure(parsed.value, shown)


def _qualified(figure: Figure, folded: str, clean: str, match: re.Match[str], unit: str) -> Figure:
    """The figure with the qualifier written before it (超過, 突破, 约, 近…) or after it (以上, 左右, 多…)."""
    before = QUALIFIER_BEFORE.search(folded, max(0, match.start() - 2), match.start())
    start = before.start() if before else match.start()
    if start == match.start() and not (match["suffix"] or match["over"] or match["over2"]):
        return figure
    written = unicodedata.normalize("NFKC", clean[start : match.end()])
    parsed = parse_quantity(written, unit)
    if not isinstance(parsed, Quantity) or abs(parsed.value - figure.value) > 1e-9 * max(1.0, abs(figure.value)):
        return figure  # a form targets.yaml would not read as this figure
    return Figure(figure.value, figure.text, written)


def plain_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
