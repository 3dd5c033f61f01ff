"""From a plan's text to draft targets: one candidate per quantified target the text states, with its quote.

Rules, not a model. The text is read line by line (HTML tags and entities removed, line numbers kept); every
line is also folded to one canonical form of the same length (full-width forms to ASCII, traditional script to
simplified), so the patterns below are written once, in simplified characters, while quotes are cut from the
original text at the same positions and so are found verbatim by `shtarget check`.

What it knows:
- sentences, split into clauses at commas and semicolons; a clause states a target when a verb governs a
  quantity ("…比重达到20%以上", "培育20家…企业", "…控制在5.5%以内", "年均增长6%左右"), or "进一步提升" follows
  a measurable subject (an `increase`), or a multiple of a base year ("比2020年翻一番", "比2020年增长40%");
- shared subjects ("增加值超过1万亿元" after "…增加值占…比重达到20%以上"), "A和B分别下降14%和18%", and
  enumerations after one verb ("新增停车泊位2万个、充电桩1万个");
- the main-indicator table (指标 | 单位 | 2020年 | 2025年 | 年均[累计] | 属性), as tab, pipe or space separated text
  or an HTML table; brackets mark cumulative figures, footnote marks are dropped;
- time: "到2025年", "“十四五”期间" or a bare year in a plan give the target year; a clause with none inherits
  it from earlier in its sentence, paragraph or section (said in `reasons`), else `year_default`;
- past facts (a background section such as 发展基础, "“十三五”期间…", "2015年的…", "已", "比上年") are never
  proposed; they become baselines for a target naming the same indicator.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from shtarget.model import Kind, Op, Quantity
from shtarget.provenance import simplified
from shtarget.quantity import parse_quantity

# --- what the module returns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractOptions:
    year_default: int = 2025  # the plan's last year, for targets that state none
    milestones: bool = False  # also propose qualitative goals (kind milestone)


@dataclass(frozen=True)
class Figure:
    """A number as the document writes it: `value` in the candidate's unit, `text` as written ("1萬億元")."""

    value: float
    text: str


@dataclass(frozen=True)
class Goal:
    """The target: a level `value`, a growth `rate` (% a year), or neither (increase, milestone)."""

    year: int
    op: Op
    value: Figure | None = None
    rate: float | None = None
    upper: Figure | None = None  # a range's upper bound: "3-4个" → value 3, upper 4
    factor: float | None = None  # a multiple of the base: 翻一番 → 2, 比2020年增长40% → 1.4


@dataclass(frozen=True)
class Baseline:
    """A past figure for the same indicator; `value` None when only the base year is known."""

    year: int
    value: Figure | None = None
    quote: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Candidate:
    """One proposed target. `quote` is the clause (or table row) as written in the file, on 1-based `line`."""

    id: str
    name: str
    unit: str
    kind: Kind
    target: Goal
    quote: str
    line: int
    confidence: float
    reasons: tuple[str, ...] = ()
    baseline: Baseline | None = None
    note: str | None = None


def extract_targets(text: str, options: ExtractOptions | None = None) -> tuple[Candidate, ...]:
    """Every target `text` states, in file order, duplicates (a goal restated, a table row repeating a
    sentence) dropped after their first statement."""
    options = options or ExtractOptions()
    reader = _Reader(_prepare(text), options)
    drafts = reader.read()
    drafts = [_with_pool_baseline(draft, reader.facts) for draft in drafts]
    kept = _drop_duplicates(sorted(drafts, key=lambda d: (d.line, d.column)))
    return _assign_ids(kept)


def document_title(text: str) -> str | None:
    """The first line that reads like a title (for registering the file as a source)."""
    for line in _prepare(text).lines:
        clean = line.clean.strip(" \t\u3000")
        if len(clean) >= 4 and not _URLISH.match(clean):
            return clean[:120]
    return None


def plan_period(text: str, year_default: int) -> tuple[int, int]:
    """The years a plan covers: its five-year period when it names one ("十四五"), else the five years to
    `year_default`."""
    match = _ORDINAL_PLAN.search(_fold(text[:4000]))
    if match:
        first, last = _five_year_period(match["ordinal"])
        if first <= year_default <= last:
            return first, last
    return year_default - 4, year_default


# --- preparing the text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    clean: str  # tags and entities removed; original script and width
    folded: str  # same length as `clean`: NFKC (one character for one) and simplified script


@dataclass(frozen=True)
class _Row:
    """A table row: its cells (clean text), where the first cell starts, and the row's folded cells."""

    line: int
    cells: tuple[str, ...]
    folded: tuple[str, ...]
    lines: tuple[int, ...]  # the line each cell starts on


@dataclass(frozen=True)
class _Document:
    lines: tuple[_Line, ...]
    html_rows: tuple[_Row, ...]  # rows of HTML tables, which the prose reader skips
    table_lines: frozenset[int]
    is_plan: bool


_HTML_HINT = re.compile(r"<(?:html|body|p|div|br|table|tr|td|span|h[1-6])\b", re.IGNORECASE)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|tr|td|th|h[1-6]|table|thead|tbody|section|article|ul|ol|dd|dt)\b[^>]*>", re.IGNORECASE
)
_ANY_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")  # as provenance.py: "<5.5 … >42" is text
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_TR = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.IGNORECASE | re.DOTALL)
_TD = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]\s*>", re.IGNORECASE | re.DOTALL)
_URLISH = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_PLAN_WORDS = re.compile(r"规划|纲要|计划|方案|行动|意见|目标|政府工作报告")


def _keep_newlines(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")


def _prepare(text: str) -> _Document:
    text = text.removeprefix("\ufeff")
    rows: list[_Row] = []
    table_lines: set[int] = set()
    if _HTML_HINT.search(text):
        text = _SCRIPT.sub(_keep_newlines, text)
        rows, table_lines = _html_rows(text)
        text = _BLOCK_TAG.sub(lambda tag: "\t" + _keep_newlines(tag), text)
        text = _ANY_TAG.sub(_keep_newlines, text)
        text = _ENTITY.sub(lambda entity: html.unescape(entity.group()), text)
    lines = tuple(
        _Line(number, clean, _fold(clean))
        for number, clean in enumerate((raw.removesuffix("\r") for raw in text.split("\n")), start=1)
    )
    head = "".join(line.folded for line in lines if line.folded.strip())[:300]
    return _Document(lines, tuple(rows), frozenset(table_lines), bool(_PLAN_WORDS.search(head)))


def _html_rows(text: str) -> tuple[list[_Row], set[int]]:
    rows: list[_Row] = []
    covered: set[int] = set()
    for table in _TABLE.finditer(text):
        first = text.count("\n", 0, table.start()) + 1
        covered.update(range(first, first + table.group().count("\n") + 1))
        for row in _TR.finditer(table.group()):
            cells, lines = [], []
            for cell in _TD.finditer(row.group(1)):
                content = html.unescape(_ANY_TAG.sub("", cell.group(1)))
                cells.append(" ".join(content.split()))
                offset = table.start() + row.start(1) + cell.start(1)
                lines.append(text.count("\n", 0, offset) + 1)
            if cells:
                rows.append(_Row(lines[0], tuple(cells), tuple(_fold(c) for c in cells), tuple(lines)))
    return rows, covered


def _narrow(char: str) -> str:
    """A full-width or half-width form as its plain character ("％" → "%", "１" → "1"); anything else as is, so
    footnote marks like ① stay marks."""
    if char == "\u3000":
        return " "
    if unicodedata.decomposition(char).startswith(("<wide>", "<narrow>")):
        return unicodedata.normalize("NFKC", char)
    return char


def _fold(text: str) -> str:
    """Full-width forms narrowed and traditional script simplified, character by character: the result has
    exactly one character for each of `text`'s, so positions carry over."""
    narrowed = "".join(_narrow(char) for char in text)
    converted = simplified(narrowed)
    if len(converted) == len(narrowed):
        return converted
    return "".join(c if len(c := simplified(char)) == 1 else char for char in narrowed)


# --- quantities --------------------------------------------------------------------------------------------

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Units a target is counted in (folded, simplified). Magnitudes (万, 亿, 千) are matched separately before them.
_UNITS = (
    "个百分点", "百分点", "%", "‰",
    "美元", "欧元", "元",
    "人次", "人", "名", "户", "家", "个", "项", "件", "所", "座", "台", "辆", "套", "条", "艘", "架", "张", "床",
    "处", "部", "种", "次", "岁", "天", "小时", "分钟", "倍",
    "平方公里", "平方米", "公顷", "亩", "公里", "米",
    "吨标准煤", "吨", "瓦时", "瓦", "立方米", "微克/立方米", "毫克/立方米", "毫克/升", "标箱",
)  # fmt: skip
_UNIT_ALTERNATION = "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
_SUFFIXES = {"以上": Op.AT_LEAST, "以下": Op.AT_MOST, "以内": Op.AT_MOST, "左右": Op.ABOUT, "上下": Op.ABOUT}
_QUANTITY = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<num>{_NUMBER})(?P<over>多|余)?(?P<mag>[万亿千]*)"
    rf"(?:(?P<pct>%)?(?P<sep>[-~—–―至到])(?P<num2>{_NUMBER})(?P<over2>多|余)?(?P<mag2>[万亿千]*))?"
    rf"(?P<unit>{_UNIT_ALTERNATION}|年(?![内前后间底末初度来以中]))"
    r"(?P<suffix>以上|以下|以内|左右|上下|多|余)?"
)
_TIME_UNITS = frozenset({"年", "天", "小时", "分钟"})
_MONEY = frozenset({"元", "美元", "欧元"})
_COUNTERS = frozenset({"家", "个", "项"})  # a count of firms or projects is kept in the counter itself (2.6万家 → 家)


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    unit: str  # the unit a target would be recorded in
    value: Figure
    upper: Figure | None
    suffix_op: Op | None
    over: bool


def _quantities(folded: str, clean: str) -> list[_Quantity]:
    found = []
    for match in _QUANTITY.finditer(folded):
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
        suffix = match["suffix"]
        over = bool(match["over"] or match["over2"] or suffix in ("多", "余"))
        found.append(_Quantity(match.start(), match.end(), unit, value, upper, _SUFFIXES.get(suffix or ""), over))
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
    if base in _MONEY:
        if "亿" in magnitude:
            return "亿" + base
        return magnitude + base
    if base in _COUNTERS or base in ("%", "‰", "个百分点", "百分点", "岁", "倍"):
        return base
    return magnitude + base


def _figure(text: str, unit: str) -> Figure | None:
    parsed = parse_quantity(text, unit)
    if not isinstance(parsed, Quantity):
        return None
    shown = text if unit not in ("%", "‰") else _plain(parsed.value)
    return Figure(parsed.value, shown)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --- verbs -------------------------------------------------------------------------------------------------

# A verb that sets a level: the figure after it is the target ("达到20%", "控制在5.5%以内").
_LEVEL = {
    "达到": Op.AT_LEAST, "达": Op.AT_LEAST, "突破": Op.ABOVE, "超过": Op.ABOVE, "超出": Op.ABOVE, "超": Op.ABOVE,
    "逾": Op.ABOVE, "高于": Op.ABOVE, "不低于": Op.AT_LEAST, "不少于": Op.AT_LEAST, "至少": Op.AT_LEAST,
    "不超过": Op.AT_MOST, "不高于": Op.AT_MOST, "不多于": Op.AT_MOST, "低于": Op.BELOW, "少于": Op.BELOW,
    "控制在": Op.AT_MOST, "控制到": Op.AT_MOST, "保持在": Op.ABOUT, "稳定在": Op.ABOUT, "维持在": Op.ABOUT,
    "约": Op.ABOUT, "约为": Op.ABOUT, "接近": Op.ABOUT, "近": Op.ABOUT,
    "提高到": Op.AT_LEAST, "提高至": Op.AT_LEAST, "提升到": Op.AT_LEAST, "提升至": Op.AT_LEAST,
    "增长到": Op.AT_LEAST, "增长至": Op.AT_LEAST, "增加到": Op.AT_LEAST, "增加至": Op.AT_LEAST,
    "增至": Op.AT_LEAST, "扩大到": Op.AT_LEAST, "扩大至": Op.AT_LEAST, "上升到": Op.AT_LEAST,
    "上升至": Op.AT_LEAST, "升至": Op.AT_LEAST,
    "降低到": Op.AT_MOST, "降低至": Op.AT_MOST, "下降到": Op.AT_MOST, "下降至": Op.AT_MOST, "降到": Op.AT_MOST,
    "降至": Op.AT_MOST, "减少到": Op.AT_MOST, "减少至": Op.AT_MOST, "压减到": Op.AT_MOST, "压减至": Op.AT_MOST,
    "缩小到": Op.AT_MOST, "缩小至": Op.AT_MOST, "缩短到": Op.AT_MOST, "缩短至": Op.AT_MOST,
}  # fmt: skip
_GROWTH = ("年均增长", "年均增速", "年均增幅", "年均提高", "年均递增")
_DOWN = ("降低", "下降", "减少", "压减", "缩减", "削减")  # directly before a figure: by how much
_UP = ("提高", "提升", "增长", "增加", "上升")
# Verbs that bring something into being; the figure counts what follows or stands between ("培育20家龙头企业",
# "新增公共停车泊位2万个"). Those in _NAMING stay in the indicator's name (新增城镇就业 is the indicator).
_ACTION = (
    "新增", "新建改建", "新建", "改建", "改造", "新开工", "累计新增", "累计", "建成", "建设", "培育", "引进", "打造",
    "形成", "实现", "完成", "提供", "创建", "认定", "发放", "开通", "设立", "招引", "集聚", "吸引", "带动",
    "投入", "投资", "筹集", "供应", "建立", "培养", "孵化", "布局", "推广", "支持", "安排", "组织实施", "实施",
)  # fmt: skip
_NAMING = frozenset({"新增", "新建改建", "新建", "改建", "改造", "新开工", "累计新增", "发放", "投入", "筹集", "供应"})
_NEEDS_ADJACENT = frozenset({"达", "超", "逾", "约", "近"})  # one-character verbs count only right before a figure
_VERB = re.compile(
    "|".join(re.escape(v) for v in sorted({*_LEVEL, *_GROWTH, *_DOWN, *_UP, *_ACTION}, key=len, reverse=True))
)
_ACTION_GAP = 24
_IN_FIELDS = re.compile(r"(?:^|[^\u4e00-\u9fff])在$|^在$")
_FIELD_WORDS = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:领域|方面|行业|区域|地区|城市|国家|园区|产业|环节)")


@dataclass(frozen=True)
class _Verb:
    start: int
    end: int
    word: str


def _verbs(folded: str) -> list[_Verb]:
    return [_Verb(m.start(), m.end(), m.group()) for m in _VERB.finditer(folded)]


# --- time ----------------------------------------------------------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ORDINAL_PLAN = re.compile(r"[“\"‘']?(?P<ordinal>十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"’']?")
# "到2025年" opens a target's time, but not after a verb of change ("增长到2021年的1819.8亿元" is a figure's year).
_NOT_AFTER_CHANGE = "(?<!增长)(?<!提高)(?<!提升)(?<!增加)(?<!上升)(?<!下降)(?<!降低)(?<!减少)(?<!扩大)(?<!截)"
_TARGET_YEAR = re.compile(
    _NOT_AFTER_CHANGE
    + r"(?:到|至)(?P<year>(?:19|20|21)\d{2})年(?:底|末)?"
    + r"|(?P<before>(?:19|20|21)\d{2})年(?:底|末)?前"
)
_BARE_YEAR = re.compile(r"(?<![\d到至比由从])(?P<year>(?:19|20|21)\d{2})年(?![\d~—至到以-])")
_VISION_YEAR = re.compile(r"(?:展望|远景|" + _NOT_AFTER_CHANGE + r"到)(?P<year>(?:19|20|21)\d{2})年")
_PLAN_SPAN = re.compile(
    r"[“\"‘']?(?P<ordinal>十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"’']?"
    r"(?P<when>期间|时期|末|期末|以来|规划期)"
)
_NEXT_FIVE = re.compile(r"今后五年|未来五年|五年内|规划期内|规划期末")
_PAST_LEAD = re.compile(
    r"^(?:[\s—-]*)(?:过去五年|五年来|近五年|近年来|截至|截止|目前|去年|上年|今年以来|此前|(?:19|20|21)\d{2}年以来)"
)
_PAST_WORDS = re.compile(r"已经|已(?!有的)|比上年|同比|较上年|比去年|目前|截至|截止|(?<![为除])了(?![解结却如])")
_DOUBLING = re.compile(r"(?:比(?P<base>(?:19|20|21)\d{2})年(?:末|底)?)?(?:实现)?翻(?P<times>一|两|二|三)?番")
_HOLD_LEVEL = re.compile(r"不低于[“\"]?(?:十[一二三四五六七八九]?五[”\"]?末|(?:19|20|21)\d{2}年|上年)(?:的)?水平$")
_RISE = re.compile(
    r"(?:进一步|持续|稳步|逐步|逐年|不断|继续|显著|明显|大幅|较大幅度)?(?:提升|提高|扩大|增加|增长|上升|增强)$"
)
_ASPIRATION = re.compile(r"力争|争取|努力")
_FUTURE_WORDS = re.compile(r"力争|争取|努力|确保|预计|预期|目标|每年|" + _NOT_AFTER_CHANGE + r"(?:到|至)\d{4}年")


def _five_year_period(ordinal: str) -> tuple[int, int]:
    """The n-th five-year plan's years (the 3rd began in 1966 after the 1963-65 adjustment): 十四五 → 2021–2025."""
    number = 10 + _CN_DIGITS.get(ordinal[1:], 0) if ordinal.startswith("十") else _CN_DIGITS[ordinal]
    first = 1966 + 5 * (number - 3) if number >= 3 else 1953 + 5 * (number - 1)
    return first, first + 4


@dataclass(frozen=True)
class _YearCue:
    year: int
    phrase: str
    line: int


def _explicit_year(folded: str, line: int, period: tuple[int, int], is_plan: bool) -> _YearCue | None:
    """The target year a clause names: 到2025年, 2025年前, "十四五"期间 (→ its last year), or in a plan a bare
    year inside or after its period."""
    match = _TARGET_YEAR.search(folded)
    if match:
        year = int(match["year"] or match["before"])
        return _YearCue(year, match.group(), line) if year >= period[0] else None
    span = _PLAN_SPAN.search(folded)
    if span and span["when"] != "以来":
        first, last = _five_year_period(span["ordinal"])
        if first >= period[0]:
            return _YearCue(last, span.group(), line)
    vision = _VISION_YEAR.search(folded)
    if vision and int(vision["year"]) >= period[0]:
        return _YearCue(int(vision["year"]), vision.group(), line)
    if _NEXT_FIVE.search(folded):
        return _YearCue(period[1], _NEXT_FIVE.search(folded).group(), line)  # type: ignore[union-attr]
    if is_plan:
        bare = _BARE_YEAR.search(folded)
        if bare and int(bare["year"]) >= period[0] and not folded[bare.end() :].startswith(("的", "为")):
            return _YearCue(int(bare["year"]), bare.group(), line)
    return None


def _past_year_before(folded: str, start: int, period: tuple[int, int]) -> int | None:
    """The year a figure is tied to by what is written right before it: "2015年的3746亿元" → 2015."""
    window = folded[max(0, start - 12) : start]
    match = re.search(r"((?:19|20|21)\d{2})年(?:末|底)?(?:的|为|是|达到|达)?$", window)
    return int(match[1]) if match else None


# --- sections ----------------------------------------------------------------------------------------------

_HEADING = (
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+篇"), 0),
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+章"), 1),
    (re.compile(r"^[一二三四五六七八九十]+[、.]"), 1),
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+节"), 2),
    (re.compile(r"^\([一二三四五六七八九十]+\)"), 2),
)
_BACKGROUND = re.compile(
    r"发展基础|发展现状|主要成就|取得的成就|发展成效|工作回顾|回顾|发展形势|发展环境|面临的形势|基本情况"
)
_GOALS = re.compile(r"目标|指标")
_NUMBERING = re.compile(r"^(?:第\S+?[篇章节]|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、])\s*")
_LABEL = re.compile(r"^\s*(?:\d+[.、]|\(\d+\))?\s*(?P<label>[^\s,;:。]{2,12})。")


@dataclass
class _Section:
    level: int
    title: str
    background: bool
    goals: bool
    topic: str
    year: _YearCue | None = None


# --- names ---------------------------------------------------------------------------------------------------

_LEAD_NOISE = re.compile(
    r"^(?:[\s,、;:.—\-·•●“”\"'()]|其中|同时|并且|并|且|以及|及|和|与|使|让|推动|促进|推进|支撑|加快|力争|争取|努力|确保|预计|预期"
    r"|计划|将|要|全面|基本|进一步|当年|每年|年度|五年|期间|累计|在此基础上|到(?:19|20|21)\d{2}年(?:底|末)?|至(?:19|20|21)\d{2}年"
    r"|(?:19|20|21)\d{2}年(?:底|末)?前?|“?十[一二三四五六七八九]?五”?(?:期间|时期|末|期末)?|今后五年|未来五年)+"
)
_TRAIL_NOISE = re.compile(
    r"(?:[\s,、;:—\-“”\"']|的|将|要|均|也|都|可|分别|力争|争取|努力|确保|进一步|继续|持续|稳步|逐步|累计)+$"
)
_MEASURE = re.compile(
    r"增加值|总产值|产值|营业收入|营收|收入|产业规模|规模|比重|占比|数量|总量|年均|增速|增长率|增长|下降|降低"
)
_GENERIC = frozenset(
    {"增加值", "总产值", "产值", "营业收入", "营收", "收入", "产业规模", "规模", "总量", "数量", "比重", "占比"}
)
_GROWTH_NAME = re.compile(r"(?:年均)?(?:增长率|增速|增幅|增长|递增)$")
_MEASURABLE_END = re.compile(
    r"(?:比重|占比|比例|率|规模|份额|数量|总量|产值|增加值|收入|营收|强度|占有率|贡献率|覆盖率|密度|人数|个数|家数|总额)$"
)


def _tidy(name: str) -> str:
    previous = None
    while previous != name:
        previous = name
        name = _LEAD_NOISE.sub("", name)
        name = _TRAIL_NOISE.sub("", name)
    return name


def _level_form(name: str) -> str:
    """A growth or change indicator's underlying figure: "地区生产总值年均增长" → "地区生产总值"."""
    return re.sub(r"(?:年均)?(?:增长率|增速|增幅|增长|递增|提高|下降|降低|减少)$", "", name)


def _owner(name: str) -> str:
    """What a measure belongs to: "战略性新兴产业增加值占…比重" → "战略性新兴产业"."""
    match = _MEASURE.search(name)
    return name[: match.start()] if match else name


# --- reading -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Draft:
    """A candidate before ids are given: also its column, for file order, and its subject for matching."""

    name: str
    unit: str
    kind: Kind
    target: Goal
    quote: str
    line: int
    column: int
    confidence: float
    reasons: tuple[str, ...] = ()
    baseline: Baseline | None = None
    note: str | None = None
    from_table: bool = False


@dataclass(frozen=True)
class _Fact:
    """A past figure, kept to offer as a baseline."""

    name: str
    unit: str
    year: int
    value: Figure
    quote: str
    line: int
    subject: str = ""  # what the sentence is about ("全市战略性新兴产业"), for matching names


@dataclass
class _Clause:
    clean: str
    folded: str
    line: int
    column: int  # where the clause starts in its line


@dataclass
class _Context:
    """What a clause inherits: the sentence's year and subject, the paragraph's, the section's."""

    past: bool
    future_words: bool
    sentence_year: _YearCue | None = None
    paragraph_year: _YearCue | None = None
    previous_name: str | None = None
    subject: str | None = None  # a past sentence's opening subject, with no figure of its own
    label: str | None = None
    reasons: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, document: _Document, options: ExtractOptions) -> None:
        self.document = document
        self.options = options
        self.period = plan_period("\n".join(line.clean for line in document.lines[:60]), options.year_default)
        self.sections: list[_Section] = []
        self.drafts: list[_Draft] = []
        self.facts: list[_Fact] = []

    # --- document structure

    def read(self) -> list[_Draft]:
        lines = self.document.lines
        index = 0
        while index < len(lines):
            line = lines[index]
            if line.number in self.document.table_lines:
                index += 1
                continue
            table, taken = self._text_table(index)
            if table:
                self._table(table)
                index += taken
                continue
            self._line(line)
            index += 1
        rows = self.document.html_rows
        for start in range(len(rows)):
            if _header_roles(rows[start].folded, self.period) is not None:
                end = start + 1
                while end < len(rows) and _header_roles(rows[end].folded, self.period) is None:
                    end += 1
                self._table(list(rows[start:end]))
        return self.drafts

    def _line(self, line: _Line) -> None:
        stripped = line.folded.strip(" \t\u3000")
        if not stripped:
            return
        heading = _heading_level(stripped)
        if heading is not None:
            self._enter(heading, re.split(r"[。:]", stripped, maxsplit=1)[0], line.number)
            if len(stripped) <= 40:
                return
        elif _is_short_heading(stripped):
            self._enter(3, stripped, line.number)
            return
        self._paragraph(line)

    def _enter(self, level: int, title: str, line: int) -> None:
        while self.sections and self.sections[-1].level >= level:
            self.sections.pop()
        topic = _NUMBERING.sub("", title)
        self.sections.append(
            _Section(level, title, bool(_BACKGROUND.search(title)), bool(_GOALS.search(title)), topic.strip(" :。"))
        )
        cue = _explicit_year(title, line, self.period, self.document.is_plan)
        if cue is not None:
            self.sections[-1].year = cue

    def _earlier_plan_span(self, folded: str) -> bool:
        """Whether a sentence opens with an earlier plan's period ("“十三五”期间，…"): a record of the past."""
        span = _PLAN_SPAN.match(folded.lstrip(" \t\u3000—-"))
        return span is not None and (span["when"] == "以来" or _five_year_period(span["ordinal"])[1] < self.period[0])

    def _in_background(self) -> bool:
        for section in reversed(self.sections):
            if section.goals and not section.background:
                return False
            if section.background:
                return True
        return False

    def _section_year(self) -> _YearCue | None:
        for section in reversed(self.sections):
            if section.year is not None:
                return section.year
        return None

    def _section_topic(self) -> str | None:
        return self.sections[-1].topic if self.sections else None

    # --- prose

    def _paragraph(self, line: _Line) -> None:
        label = _LABEL.match(line.folded)
        context = _Context(past=self._in_background(), future_words=False, label=label["label"] if label else None)
        for sentence in _split(line.folded, "。!?！？\t"):
            start, end = sentence
            folded = line.folded[start:end]
            if not folded.strip():
                continue
            sentence_past = context.past or bool(_PAST_LEAD.match(folded)) or self._earlier_plan_span(folded)
            if sentence_past is False and re.match(r"\s*((?:19|20|21)\d{2})年[,，]", folded):
                year = int(re.match(r"\s*((?:19|20|21)\d{2})", folded)[1])  # type: ignore[index]
                sentence_past = year < self.period[0] or not self.document.is_plan
            if not sentence_past and _PAST_WORDS.search(folded) and not _FUTURE_WORDS.search(folded):
                # "累计建成5G基站8600个，高新技术企业数量已突破1500家": perfect aspect anywhere, no future word
                sentence_past = _explicit_year(folded, line.number, self.period, self.document.is_plan) is None
            sentence_context = replace(
                context,
                past=sentence_past,
                future_words=bool(_FUTURE_WORDS.search(folded)),
                sentence_year=None,
                previous_name=None,
                subject=context.subject if folded.lstrip().startswith("其中") else None,  # "among them": same subject
                reasons=[],
            )
            for clause_start, clause_end in _split(folded, ",;:，；：", keep_numbers=True):
                clause = _Clause(
                    line.clean[start + clause_start : start + clause_end],
                    folded[clause_start:clause_end],
                    line.number,
                    start + clause_start,
                )
                self._clause(clause, sentence_context)
            if sentence_context.sentence_year is not None:
                context.paragraph_year = sentence_context.sentence_year
            context.subject = sentence_context.subject
            context.previous_name = None

    def _clause(self, clause: _Clause, context: _Context) -> None:
        trimmed = _trim_clause(clause)
        if trimmed is None:
            return
        clause = trimmed
        cue = _explicit_year(clause.folded, clause.line, self.period, self.document.is_plan)
        if cue is not None and not context.past:
            context.sentence_year = cue
            if self.sections:
                self.sections[-1].year = cue
        # A clause naming the years it commits to ("在“十四五”期间提供…") is a target even in a sentence that opens
        # on a past date; a background section or past-tense words in the clause itself still make it a fact.
        sentence_past = context.past and not (cue is not None and not self._in_background())
        past = sentence_past or bool(_PAST_WORDS.search(clause.folded))
        quantities = _quantities(clause.folded, clause.clean)
        if past:
            if not quantities and context.subject is None:
                context.subject = _subject_of(clause.folded)
            self._remember_facts(clause, quantities, context)
            return
        if not self.document.is_plan and cue is None and context.sentence_year is None and not context.future_words:
            self._remember_facts(clause, quantities, context)  # a report's figures are facts unless it says otherwise
            return
        found = self._quantified(clause, quantities, context, cue)
        if not found and not quantities:
            found = self._factor_without_number(clause, context, cue) or self._increase(clause, context, cue)
            if not found and self.options.milestones:
                self._milestone(clause, context, cue)

    # --- one clause, quantified

    def _quantified(
        self, clause: _Clause, quantities: list[_Quantity], context: _Context, cue: _YearCue | None
    ) -> bool:
        if not quantities:
            return False
        folded = clause.folded
        verbs = _verbs(folded)
        respectively = folded.find("分别")
        if respectively >= 0 and self._respectively(clause, quantities, verbs, respectively, context, cue):
            return True
        made = False
        region_start = 0
        previous: tuple[_Verb, _Quantity] | None = None
        for index, quantity in enumerate(quantities):
            verb = _governing_verb(verbs, region_start, quantity.start, folded)
            gap_start = region_start
            if _is_from_figure(folded, quantity, quantities[index + 1 :]) or _attributive(folded, quantity):
                continue
            past_year = _past_year_before(folded, quantity.start, self.period)
            if past_year is not None and past_year < self.period[0]:
                continue
            if verb is None and previous is not None and re.match(r"[、和及与]", folded[gap_start : quantity.start]):
                name = _tidy(folded[gap_start : quantity.start])
                if not name:
                    continue
                verb = previous[0]
                prefix = verb.word if verb.word in _NAMING else ""
                made |= self._propose(clause, quantity, verb, prefix + name, context, cue, quantities)
                region_start = quantity.end
                continue
            if verb is None and _counts_fields(folded, gap_start, quantity):
                verb = _Verb(quantity.start, quantity.start, "在")
            if verb is None:
                continue  # a figure inside the indicator's name ("3岁以下婴幼儿"): the name runs on past it
            name = self._name_for(clause, verb, quantity, gap_start, context)
            if self._propose(clause, quantity, verb, name, context, cue, quantities):
                made = True
                previous = (verb, quantity)
            region_start = quantity.end
        if not made and not any(_governing_verb(verbs, 0, q.start, folded) for q in quantities):
            lone = [q for q in quantities if q.suffix_op is not None]
            if len(lone) == 1 and lone[0].end == len(folded.rstrip()):
                name = _tidy(folded[: lone[0].start])
                if name:
                    made = self._propose(clause, lone[0], None, name, context, cue, quantities)
        return made

    def _name_for(self, clause: _Clause, verb: _Verb, quantity: _Quantity, gap_start: int, context: _Context) -> str:
        folded = clause.folded
        if verb.word == "在":
            return _tidy(folded[quantity.end :])
        if verb.word in _ACTION:
            between = _tidy(folded[verb.end : quantity.start])
            after = _tidy(re.split(r"[、,;]", folded[quantity.end :])[0])
            core = (between + after) if between and after and not between.endswith(after) else (between or after)
            return (verb.word + core) if verb.word in _NAMING and core else core
        before = re.sub(r"(?:由|从)(?:(?:19|20|21)\d{2}年(?:末|底)?的?)?\d.*$", "", folded[gap_start : verb.start])
        if verb.word in _GROWTH:
            return _tidy(before) + verb.word
        name = _tidy(_BASE_YEAR.sub("", before.rstrip()))
        after = _tidy(re.split(r"[、,;]", folded[quantity.end :])[0])
        if after and len(name) <= 3 and re.match(r"[\u4e00-\u9fff“\"]", after):
            return name + after  # "每年推出不少于20个“一件事”集成服务场景": the count is of what follows
        return name

    def _propose(
        self,
        clause: _Clause,
        quantity: _Quantity,
        verb: _Verb | None,
        name: str,
        context: _Context,
        cue: _YearCue | None,
        quantities: list[_Quantity],
    ) -> bool:
        folded = clause.folded
        reasons: list[str] = []
        confidence = 0.9
        name, inherited = self._complete_name(name, context)
        if not name:
            return False
        if inherited:
            reasons.append(inherited)
            confidence -= 0.05
        year, year_reasons, penalty = self._year(clause, context, cue)
        reasons += year_reasons
        confidence -= penalty
        word = verb.word if verb is not None else ""
        before = folded[: verb.start] if verb is not None else folded[: quantity.start]
        kind = Kind.LEVEL
        op = _op_for(quantity, word)
        unit = quantity.unit
        value: Figure | None = quantity.value
        rate: float | None = None
        notes: list[str] = []
        base_match = re.search(r"(?:比|较|相比|相较|与)((?:19|20|21)\d{2})年(?:末|底)?(?:相比)?$", before.rstrip())
        if word in _GROWTH or (word in _LEVEL and _GROWTH_NAME.search(name) and "年均" in name):
            if unit != "%":
                return False
            kind, rate, value = Kind.GROWTH, quantity.value.value, None
            unit, unit_reason = _growth_unit(name)
            reasons.append(unit_reason)
            confidence -= 0.1
        elif word in _UP and base_match and unit in ("%", "倍"):
            factor = 1 + quantity.value.value / 100 if unit == "%" else 1 + quantity.value.value
            return self._factor(clause, name, factor, int(base_match[1]), op, context, cue, quantity.start)
        elif word in _DOWN and base_match and unit == "%":
            name = name + word  # "单位GDP能耗较2020年下降13%": the reduction from that year is the indicator
            op = quantity.suffix_op or Op.AT_LEAST
            notes.append(f"reduction from the {base_match[1]} level")
        elif word in _UP and unit == "%" and not name.endswith(("率", "比重", "占比", "强度")):
            kind, rate, value = Kind.GROWTH, quantity.value.value, None
            name = name + word
            unit, unit_reason = _growth_unit(name)
            reasons += [f"'{word}{quantity.value.text}%' without 年均: read as growth a year", unit_reason]
            confidence -= 0.15
        elif word in _UP or word in _DOWN:
            name = name + word  # the change itself is the indicator: "单位GDP能耗下降" at least 14 (%)
            if quantity.suffix_op is None:
                op = Op.AT_LEAST
        if quantity.upper is not None:
            reasons.append(f"a range {quantity.value.text}–{quantity.upper.text}: the lower bound is the target")
            confidence -= 0.05
            if quantity.suffix_op is None:
                op = Op.AT_LEAST
        if re.search(r"累计|五年共|期间共|合计", folded) or "累计" in (context.label or ""):
            notes.append("cumulative over the plan period (累计)")
        if re.search(r"每年|年均新增|年度", folded) and kind is not Kind.GROWTH:
            notes.append("a yearly figure (每年): recorded against the final year")
            reasons.append("每年: a figure for every year, tracked here as the last year's")
            confidence -= 0.1
        if _ASPIRATION.search(folded) or (verb is not None and _ASPIRATION.search(folded[: verb.start])):
            reasons.append("力争/争取 (strive to): an aspiration rather than a commitment")
            confidence -= 0.1
        baseline = self._from_to_baseline(clause, quantity, quantities, unit)
        if kind is Kind.GROWTH and baseline is None:
            baseline = Baseline(self.period[0] - 1)  # growth a year over the plan's period, from its base year
        self.drafts.append(
            _Draft(
                name=simplified(name),
                unit=unit,
                kind=kind,
                target=Goal(year, op, value, rate, quantity.upper if kind is Kind.LEVEL else None),
                quote=_quote(clause.clean),
                line=clause.line,
                column=clause.column + quantity.start,
                confidence=round(max(0.1, confidence), 2),
                reasons=tuple(reasons),
                baseline=baseline,
                note="; ".join(notes) or None,
            )
        )
        context.previous_name = name
        return True

    def _complete_name(self, name: str, context: _Context) -> tuple[str, str | None]:
        """A name that is only a measure ("增加值") or empty borrows its owner from the previous clause, the
        paragraph's label or the section's topic."""
        previous = context.previous_name
        if previous and re.fullmatch(r"(?:年均)?(?:增长率|增速|增幅|增长|递增|提高)", name):
            level = _level_form(previous)
            return level + name, f"indicator from the previous clause ('{simplified(level)}')"
        if name and name not in _GENERIC and not name.startswith("占"):
            return name, None
        if previous:
            level = _level_form(previous)
            if not name:
                return level, f"indicator from the previous clause ('{simplified(level)}')"
            if name.startswith("占"):
                return _owner(level) + _measure_of(level) + name, "indicator completed from the previous clause"
            return _owner(level) + name, f"indicator completed from the previous clause ('{simplified(_owner(level))}')"
        owner = context.label or self._section_topic()
        if name and owner and not _MEASURE.search(owner):
            return owner + name, f"indicator completed from the heading '{simplified(owner)}'"
        return name, None

    def _year(self, clause: _Clause, context: _Context, cue: _YearCue | None) -> tuple[int, list[str], float]:
        if cue is not None:
            return cue.year, [], 0.0
        if context.sentence_year is not None:
            found = context.sentence_year
            return found.year, [f"year {found.year} from '{simplified(found.phrase)}' earlier in the sentence"], 0.05
        if context.paragraph_year is not None:
            found = context.paragraph_year
            return found.year, [f"year {found.year} from '{simplified(found.phrase)}' earlier in the paragraph"], 0.05
        section = self._section_year()
        if section is not None:
            return section.year, [f"year {section.year} from '{simplified(section.phrase)}' (line {section.line})"], 0.1
        year = self.options.year_default
        return year, [f"no year stated: {year} (--year-default)"], 0.2

    def _from_to_baseline(
        self, clause: _Clause, quantity: _Quantity, quantities: list[_Quantity], unit: str
    ) -> Baseline | None:
        """ "从2020年的15%提高到18.9%" in a target clause: the first figure is the baseline."""
        earlier = [q for q in quantities if q.end <= quantity.start and _is_from_figure(clause.folded, q, [quantity])]
        if not earlier or earlier[-1].unit != unit:
            return None
        source = earlier[-1]
        year = _past_year_before(clause.folded, source.start, self.period) or self.period[0] - 1
        return Baseline(year, source.value, _quote(clause.clean), clause.line)

    def _respectively(
        self,
        clause: _Clause,
        quantities: list[_Quantity],
        verbs: list[_Verb],
        at: int,
        context: _Context,
        cue: _YearCue | None,
    ) -> bool:
        """ "A和B分别下降14%和18%": one target per subject, in order."""
        folded = clause.folded
        subjects = [s for s in (_tidy(part) for part in re.split(r"和|、|与|及|以及", folded[:at])) if s]
        after = [q for q in quantities if q.start > at]
        verb = next((v for v in verbs if v.start >= at), None)
        if verb is None or len(subjects) != len(after) or len(subjects) < 2:
            return False
        for subject, quantity in zip(subjects, after, strict=True):
            self._propose(clause, quantity, verb, subject, context, cue, quantities)
            context.previous_name = None
        return True

    def _factor(
        self,
        clause: _Clause,
        name: str,
        factor: float,
        base_year: int | None,
        op: Op,
        context: _Context,
        cue: _YearCue | None,
        column: int,
    ) -> bool:
        """A multiple of a base year's level (翻一番, 比2020年增长40%): the average growth a year that reaches it
        (the base level is rarely stated beside it)."""
        name, inherited = self._complete_name(_tidy(name), context)
        if not name:
            return False
        year, reasons, penalty = self._year(clause, context, cue)
        reasons = ([inherited] if inherited else []) + reasons
        base = base_year or self.period[0] - 1
        if base_year is None:
            reasons.append(f"base year not stated: {base} (the year before the plan period)")
        if year <= base:
            return False
        rate = round((factor ** (1 / (year - base)) - 1) * 100, 2)
        unit, unit_reason = _growth_unit(name)
        reasons += [
            f"×{factor:g} of the {base} level, written as {rate:g}% a year over {year - base} years",
            unit_reason,
        ]
        if _ASPIRATION.search(clause.folded):
            reasons.append("力争/争取 (strive to): an aspiration rather than a commitment")
            penalty += 0.1
        self.drafts.append(
            _Draft(
                name=simplified(name),
                unit=unit,
                kind=Kind.GROWTH,
                target=Goal(year, op if op is not Op.ABOUT else Op.ABOUT, None, rate, None, factor),
                quote=_quote(clause.clean),
                line=clause.line,
                column=clause.column + column,
                confidence=round(max(0.1, 0.8 - penalty), 2),
                reasons=tuple(reasons),
                baseline=Baseline(base),
                note=f"×{factor:g} of the {base} level",
            )
        )
        context.previous_name = name
        return True

    def _factor_without_number(self, clause: _Clause, context: _Context, cue: _YearCue | None) -> bool:
        match = _DOUBLING.search(clause.folded)
        if not match or re.search(r"翻了", clause.folded):
            return False
        factor = {"一": 2.0, None: 2.0, "两": 4.0, "二": 4.0, "三": 8.0}[match["times"]]
        name = _tidy(re.sub(r"实现$", "", clause.folded[: match.start()]))
        base = int(match["base"]) if match["base"] else None
        return self._factor(clause, name, factor, base, Op.AT_LEAST, context, cue, match.start())

    def _increase(self, clause: _Clause, context: _Context, cue: _YearCue | None) -> bool:
        """An `increase`: "…比重进一步提升" beats the baseline, "…不低于“十三五”末水平" at least holds it."""
        folded = clause.folded.rstrip("。.")
        floor = _HOLD_LEVEL.search(folded)
        rise = _RISE.search(folded)
        if floor:
            subject, op = folded[: floor.start()], Op.AT_LEAST
        elif rise:
            subject, op = folded[: rise.start()], Op.ABOVE
        else:
            return False
        name = _tidy(subject)
        name, inherited = self._complete_name(name, context)
        if not name or not _MEASURABLE_END.search(name) or len(name) < 3:
            return False
        year, reasons, penalty = self._year(clause, context, cue)
        reasons = ([inherited] if inherited else []) + reasons
        self.drafts.append(
            _Draft(
                name=simplified(name),
                unit=_increase_unit(name),
                kind=Kind.INCREASE,
                target=Goal(year, op),
                quote=_quote(clause.clean),
                line=clause.line,
                column=clause.column,
                confidence=round(max(0.1, 0.75 - penalty), 2),
                reasons=(*reasons, "no figure: to beat the baseline"),
            )
        )
        context.previous_name = name
        return True

    def _milestone(self, clause: _Clause, context: _Context, cue: _YearCue | None) -> None:
        folded = _tidy(clause.folded)
        if not re.match(r"(?:基本|初步|全面)?(?:建成|形成|完成|实现|进入|成为|跻身|建立)", folded) or len(folded) < 6:
            return
        if cue is None and context.sentence_year is None and not (self.sections and self.sections[-1].goals):
            return
        year, reasons, penalty = self._year(clause, context, cue)
        self.drafts.append(
            _Draft(
                name=simplified(folded),
                unit="",
                kind=Kind.MILESTONE,
                target=Goal(year, Op.AT_LEAST),
                quote=_quote(clause.clean),
                line=clause.line,
                column=clause.column,
                confidence=round(max(0.1, 0.6 - penalty), 2),
                reasons=(*reasons, "a qualitative goal (milestone)"),
            )
        )

    # --- past facts

    def _remember_facts(self, clause: _Clause, quantities: list[_Quantity], context: _Context) -> None:
        folded = clause.folded
        verbs = _verbs(folded)
        region_start = 0
        for index, quantity in enumerate(quantities):
            verb = _governing_verb(verbs, region_start, quantity.start, folded)
            gap_start, region_start = region_start, quantity.end
            from_figure = _is_from_figure(folded, quantity, quantities[index + 1 :])
            year = _past_year_before(folded, quantity.start, self.period)
            if year is None:
                span = _PLAN_SPAN.search(folded) or (
                    _PLAN_SPAN.search(self.sections[-1].title) if self.sections else None
                )
                first, last = _five_year_period(span["ordinal"]) if span else (self.period[0] - 5, self.period[0] - 1)
                year = first - 1 if from_figure else last
            if from_figure:
                cut = re.search(r"(?:由|从)(?:(?:19|20|21)\d{2}年(?:末|底)?的?)?$", folded[: quantity.start])
                name = _tidy(folded[gap_start : cut.start()]) if cut else ""
            elif verb is not None and verb.word not in _DOWN and verb.word not in _UP:
                name = self._name_for(clause, verb, quantity, gap_start, context)
            else:
                name = _tidy(folded[gap_start : quantity.start])
                name = re.sub(r"(?:为|是)$", "", name)
            name, _ = self._complete_name(name, context)
            if not name or year >= self.period[0]:
                continue
            context.previous_name = name
            subject = simplified(context.subject or "")
            self.facts.append(
                _Fact(simplified(name), quantity.unit, year, quantity.value, _quote(clause.clean), clause.line, subject)
            )

    # --- tables

    def _text_table(self, index: int) -> tuple[list[_Row], int]:
        """The rows of a text table starting at line `index`, and how many lines it takes."""
        lines = self.document.lines
        cells = _cells(lines[index].folded)
        if len(cells) < 3 or _header_roles(tuple(cells), self.period) is None:
            return [], 0
        rows = []
        taken = 0
        for line in lines[index:]:
            if _MARKDOWN_RULE.fullmatch(line.folded.strip()):
                taken += 1
                continue
            folded_cells = _cells(line.folded)
            if len(folded_cells) < 3:
                break
            clean_cells = _cells(line.clean)
            if len(clean_cells) != len(folded_cells):
                break
            rows.append(_Row(line.number, tuple(clean_cells), tuple(folded_cells), (line.number,) * len(clean_cells)))
            taken += 1
        return rows, taken

    def _table(self, rows: Sequence[_Row]) -> None:
        roles = _header_roles(rows[0].folded, self.period)
        if roles is None:
            return
        width = len(rows[0].cells)
        for row in rows[1:]:
            pad = width - len(row.cells)
            if pad < 0:
                continue
            cells = ("",) * pad + row.cells
            folded = ("",) * pad + row.folded
            lines = (row.line,) * pad + row.lines
            draft = self._table_row(roles, cells, folded, lines, pad)
            if draft is not None:
                self.drafts.append(draft)

    def _table_row(
        self, roles: _Roles, cells: tuple[str, ...], folded: tuple[str, ...], lines: tuple[int, ...], pad: int
    ) -> _Draft | None:
        name_cell = folded[roles.name]
        name = _FOOTNOTE.sub("", name_cell).strip()
        if not name or not re.search(r"[\u4e00-\u9fff]", name):
            return None
        unit = folded[roles.unit].strip() if roles.unit is not None else ""
        in_name = re.search(r"[(（]([^()（）]{1,8})[)）]$", name)
        if in_name and (not unit or unit in ("—", "-")):
            unit, name = in_name[1], name[: in_name.start()]
        unit = "" if unit in ("—", "-", "/") else unit
        reasons: list[str] = []
        notes: list[str] = []
        kind = Kind.LEVEL
        value: Figure | None = None
        rate: float | None = None
        op = Op.AT_LEAST
        year = roles.target_year or self.options.year_default
        if roles.target_year is None:
            reasons.append(f"no year in the table header: {year} (--year-default)")
        target_cell = _cell_figure(folded[roles.target], unit) if roles.target is not None else None
        average_cell = _cell_figure(folded[roles.average], unit) if roles.average is not None else None
        if target_cell is not None:
            value, op = target_cell.figure, target_cell.op
            if target_cell.cumulative:
                notes.append("cumulative over the plan period ([ ])")
        elif average_cell is not None:
            if average_cell.cumulative:
                value, op = average_cell.figure, average_cell.op
                notes.append("cumulative over the plan period ([ ])")
            elif _GROWTH_NAME.search(name) and unit in ("%", ""):
                kind, rate, op = Kind.GROWTH, average_cell.figure.value, average_cell.op
                unit, unit_reason = _growth_unit(name)
                reasons.append(unit_reason)
            else:
                value, op = average_cell.figure, average_cell.op
                notes.append("a yearly figure (年均 column): recorded against the final year")
        else:
            return None
        if not unit and kind is not Kind.GROWTH:
            return None
        baseline = None
        if roles.base is not None:
            base = _cell_figure(folded[roles.base], unit)
            if base is not None and not base.cumulative and kind is Kind.LEVEL:
                baseline = Baseline(roles.base_year or self.period[0] - 1, base.figure, None, None)
        if roles.attribute is not None and folded[roles.attribute].strip():
            notes.append(simplified(unicodedata.normalize("NFKC", cells[roles.attribute]).strip()))
        first = roles.name
        quote = " ".join(cell for cell in cells[first:] if cell.strip())
        if baseline is not None:
            baseline = replace(baseline, quote=quote, line=lines[first])
        elif kind is Kind.GROWTH:
            baseline = Baseline(roles.base_year or self.period[0] - 1)
        return _Draft(
            name=simplified(name),
            unit=unit,
            kind=kind,
            target=Goal(year, op, value, rate),
            quote=_quote(quote),
            line=lines[first],
            column=0,
            confidence=round(0.95 - 0.1 * len(reasons), 2),
            reasons=tuple(reasons),
            baseline=baseline,
            note="; ".join(notes) or None,
            from_table=True,
        )


# --- helpers for clauses -------------------------------------------------------------------------------------


def _split(text: str, separators: str, keep_numbers: bool = False) -> Iterator[tuple[int, int]]:
    """Spans of `text` between separators; a comma or colon between digits ("1,000", "1:2") does not split."""
    start = 0
    for index, char in enumerate(text):
        if char not in separators:
            continue
        between_digits = 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()
        if keep_numbers and char in ",:" and between_digits:
            continue
        yield start, index
        start = index + 1
    yield start, len(text)


def _trim_clause(clause: _Clause) -> _Clause | None:
    """The clause without surrounding space, dashes and list labels ("——", "1.", "(一)")."""
    folded = clause.folded
    lead = re.match(r"^[\s\u3000—\-·•●]*(?:\d+[.、](?!\d)|\([一二三四五六七八九十\d]+\)|[①-⑳])?[\s\u3000]*", folded)
    start = lead.end() if lead else 0
    end = len(folded.rstrip(" \t\u3000。.!?"))
    if end <= start:
        return None
    return _Clause(clause.clean[start:end], folded[start:end], clause.line, clause.column + start)


def _quote(text: str) -> str:
    return " ".join(text.split())


def _governing_verb(verbs: list[_Verb], region_start: int, quantity_start: int, folded: str) -> _Verb | None:
    """The verb a figure answers to: the nearest before it in its stretch of the clause, close enough for its
    kind (an action verb may have its object between: "新增公共停车泊位2万个")."""
    for verb in reversed([v for v in verbs if region_start <= v.start and v.end <= quantity_start]):
        gap = folded[verb.end : quantity_start]
        if verb.word in _ACTION:
            if len(gap) <= _ACTION_GAP and not _holds_figure(gap):
                return verb
            continue
        if verb.word in _NEEDS_ADJACENT:
            if not gap:
                return verb
            continue
        if (len(gap) <= 1 and not re.search(r"\d", gap)) or _YEAR_OF.fullmatch(gap):
            return verb  # "增长至2020年的7328亿元": the year between names the figure's year
    return None


def _holds_figure(text: str) -> bool:
    """Whether `text` states a figure of its own; one qualifying a noun ("超10亿元的企业") does not count."""
    return any(not text[match.end() :].startswith("的") for match in _QUANTITY.finditer(text))


def _attributive(folded: str, quantity: _Quantity) -> bool:
    """A figure that qualifies the noun after it ("年营业收入超10亿元的企业"): part of a name, not a target."""
    return folded[quantity.end : quantity.end + 1] == "的"


_BASE_YEAR = re.compile(r"(?:比|较|相比|相较|与)(?:19|20|21)\d{2}年(?:末|底)?(?:相比)?$")
_YEAR_OF = re.compile(r"(?:19|20|21)\d{2}年(?:末|底)?的?")


def _counts_fields(folded: str, gap_start: int, quantity: _Quantity) -> bool:
    """ "在3-4个关键领域…取得明显成效": the figure counts fields where something is achieved."""
    return (
        quantity.unit in _COUNTERS
        and bool(_IN_FIELDS.search(folded[gap_start : quantity.start]))
        and bool(_FIELD_WORDS.match(folded[quantity.end :]))
    )


def _is_from_figure(folded: str, quantity: _Quantity, later: Sequence[_Quantity]) -> bool:
    """Whether `quantity` is the start of "由/从 X 提高到 Y" (a past figure, not the target)."""
    if not later:
        return False
    before = folded[max(0, quantity.start - 10) : quantity.start]
    between = folded[quantity.end : later[0].start]
    return bool(re.search(r"(?:由|从)(?:(?:19|20|21)\d{2}年(?:末|底)?的?)?$", before)) and bool(
        re.match(r"(?:提高|提升|增长|增加|上升|扩大|下降|降低|减少|降)(?:到|至)", between)
    )


def _op_for(quantity: _Quantity, verb: str) -> Op:
    """Suffix qualifier first (左右, 以上, 以内), then 多/余, then the verb."""
    if quantity.suffix_op is not None:
        return quantity.suffix_op
    if quantity.over:
        return Op.ABOVE
    return _LEVEL.get(verb, Op.AT_LEAST)


def _measure_of(name: str) -> str:
    match = _MEASURE.search(name)
    return name[match.start() :] if match else ""


_MONEY_WORDS = re.compile(
    r"生产总值|GDP|增加值|产值|收入|营收|规模|总额|投资|消费|销售|利润|税|出口|进口|贸易|经费|支出"
)


def _growth_unit(name: str) -> tuple[str, str]:
    """The unit of the figure whose growth a rate describes; the plan gives only the rate, so it is a guess."""
    if _MONEY_WORDS.search(name):
        unit = "元" if "人均" in name else "亿元"
    elif "人口" in name:
        unit = "万人"
    else:
        unit = "%"
    return unit, f"unit '{unit}' guessed: the plan gives only the rate"


def _increase_unit(name: str) -> str:
    if re.search(r"比重|占比|比例|率|份额|强度|占有率", name):
        return "%"
    return _growth_unit(name)[0]


def _heading_level(text: str) -> int | None:
    for pattern, level in _HEADING:
        if pattern.match(text):
            return level
    return None


def _is_short_heading(text: str) -> bool:
    """A standalone short line with no sentence in it ("发展目标:", "船舶海工")."""
    body = text.rstrip(":：。")
    return 2 <= len(body) <= 16 and not re.search(r"[,，;；。!?]", body) and not _QUANTITY.search(body)


# --- tables ----------------------------------------------------------------------------------------------------

_FOOTNOTE = re.compile(r"[①-⑳⑴-⒇¹²³⁴⁵⁶⁷⁸⁹⁰*※#]+|\[\d+\]|[(（]注\d*[)）]|注\d+$")


@dataclass(frozen=True)
class _Roles:
    name: int
    unit: int | None
    base: int | None
    base_year: int | None
    target: int | None
    target_year: int | None
    average: int | None
    attribute: int | None


_MARKDOWN_RULE = re.compile(r"\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-{2,}:?\s*\|?")


def _cells(text: str) -> list[str]:
    stripped = text.strip(" \u3000")
    if "\t" in stripped:
        return [cell.strip(" \u3000") for cell in stripped.strip("\t").split("\t")] if stripped.strip("\t") else []
    if stripped.count("|") >= 2:
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        return [] if all(re.fullmatch(r":?-{2,}:?|", cell) for cell in cells) else cells
    return [cell for cell in re.split(r"\s{2,}|\u3000+", stripped) if cell]


def _header_roles(cells: Sequence[str], period: tuple[int, int]) -> _Roles | None:
    """Which column is which, from a header row such as 指标 | 单位 | 2020年 | 2025年 | 年均[累计] | 属性."""
    name = unit = base = target = average = attribute = None
    base_year = target_year = None
    for index, raw in enumerate(cells):
        cell = raw.replace(" ", "")
        year = re.search(r"((?:19|20|21)\d{2})年?", cell)
        if "指标" in cell and "属性" not in cell and name is None and len(cell) <= 12:
            name = index
        elif cell in ("单位", "计量单位"):
            unit = index
        elif "属性" in cell or "性质" in cell:
            attribute = index
        elif "年均" in cell or "累计" in cell:
            average = index
        elif "基期" in cell or "现状" in cell or (year and int(year[1]) < period[0] and "目标" not in cell):
            base, base_year = index, int(year[1]) if year else None
        elif "目标" in cell or (year and int(year[1]) >= period[0]):
            target, target_year = index, int(year[1]) if year else None
    if name is None or (target is None and average is None):
        return None
    return _Roles(name, unit, base, base_year, target, target_year, average, attribute)


@dataclass(frozen=True)
class _CellFigure:
    figure: Figure
    op: Op
    cumulative: bool


_CELL_OPS = (
    (">=", Op.AT_LEAST), ("≥", Op.AT_LEAST), (">", Op.ABOVE), ("<=", Op.AT_MOST), ("≤", Op.AT_MOST),
    ("<", Op.BELOW), ("不低于", Op.AT_LEAST), ("超过", Op.ABOVE), ("约", Op.ABOUT), ("力争", Op.AT_LEAST),
)  # fmt: skip


def _cell_figure(cell: str, unit: str) -> _CellFigure | None:
    text = cell.strip()
    cumulative = bool(re.match(r"^[\[【〔]", text))
    text = text.strip("[]【】〔〕 ")
    match = re.search(rf"({_NUMBER})(?:\s*[-~—–]\s*{_NUMBER})?([万亿千]*)", text)
    if not match or re.search(r"[\u4e00-\u9fff]{4,}", text[: match.start()]):
        return None
    op = Op.AT_LEAST
    head = text[: match.start()].strip()
    for prefix, prefix_op in _CELL_OPS:
        if head.endswith(prefix):
            op = prefix_op
            break
    tail = text[match.end() :]
    for suffix, suffix_op in _SUFFIXES.items():
        if tail.startswith(suffix):
            op = suffix_op
    number = match[1].replace(",", "")
    value = _scaled(number, match[2], unit) if match[2] else float(number)
    return _CellFigure(Figure(value, number + (match[2] or "")), op, cumulative)


def _scaled(number: str, magnitude: str, unit: str) -> float:
    parsed = parse_quantity(number + magnitude, unit or "1")  # with no unit, a bare magnitude still multiplies
    return parsed.value if isinstance(parsed, Quantity) else float(number)


# --- after reading ---------------------------------------------------------------------------------------------


def _with_pool_baseline(draft: _Draft, facts: Sequence[_Fact]) -> _Draft:
    """A target with no baseline takes the latest past figure stated for the same indicator elsewhere (the
    plan's background section), when the names agree closely and the units are the same."""
    if draft.baseline is not None and draft.baseline.value is not None:
        return draft
    if draft.kind is Kind.GROWTH:
        wanted = _comparable(_level_form(draft.name))  # the level the rate applies to, in its base year
    elif draft.kind in (Kind.LEVEL, Kind.INCREASE) and not _CHANGE_NAME.search(draft.name + (draft.note or "")):
        wanted = _comparable(draft.name)
    else:
        return draft  # a reduction, an addition or a running total over the new period starts afresh
    base_year = draft.baseline.year if draft.kind is Kind.GROWTH and draft.baseline is not None else None
    best: tuple[float, int, _Fact] | None = None
    for fact in facts:
        if fact.unit != draft.unit or fact.year >= draft.target.year or _CHANGE_NAME.search(fact.name):
            continue
        if base_year is not None and fact.year != base_year:
            continue
        if _common_length(wanted, _comparable(fact.name)) < min(4, len(_comparable(fact.name))):
            continue  # the figure's own words must appear in the target's name, not only its sentence's subject
        named = _comparable(fact.name if fact.subject in fact.name else fact.subject + fact.name)
        shared = _common_subsequence(wanted, named)
        coverage = shared / max(len(wanted), 1)
        if shared < 4 or coverage < MATCH_COVERAGE or len(_comparable(fact.name)) < 2:
            continue
        score = (coverage, fact.year, fact)
        if best is None or score[:2] > best[:2]:
            best = score
    if best is None:
        return draft
    fact = best[2]
    reason = f"baseline from line {fact.line}, matched by indicator name ('{fact.name}')"
    baseline = Baseline(fact.year, fact.value, fact.quote, fact.line)
    factor = draft.target.factor
    if draft.kind is Kind.GROWTH and factor is not None:
        # With the base level known, a multiple of it is a level: 翻一番 of 4860亿元 is 9720亿元 (check reads
        # "翻一番" as twice the baseline).
        level = factor * fact.value.value
        goal = replace(draft.target, value=Figure(level, _plain(round(level, 6))), rate=None)
        reasons = tuple(r for r in draft.reasons if "% a year over" not in r and "guessed" not in r)
        name = _level_form(draft.name)
        return replace(draft, kind=Kind.LEVEL, name=name, target=goal, baseline=baseline, reasons=(*reasons, reason))
    return replace(draft, baseline=baseline, reasons=(*draft.reasons, reason))


def _subject_of(folded: str) -> str | None:
    """The subject a sentence opens with, before its predicate: "全市战略性新兴产业保持快速增长态势" → the industry."""
    match = re.search(r"保持|逐年|不断|持续|快速|稳步|大力|加快|显著|明显|实现|取得|呈现|进一步|成为", folded)
    subject = _tidy(folded[: match.start()] if match else folded)
    return subject if 2 <= len(subject) <= 16 else None


# Indicators (or notes) of a change over the period, which starts from nothing rather than from a past level.
_CHANGE_NAME = re.compile(
    r"(?:下降|降低|减少|压减|提高|提升|增长|增加)$|累计|新增|新建|改建|cumulative|yearly|reduction|×"
)


def _comparable(name: str) -> str:
    name = name.replace("规上", "规模以上").replace("GDP", "生产总值")
    return re.sub(r"的|全市|全省|全区|本市|[\s“”\"'()（）]", "", name)


# How much of a target's name a past figure's name (with its sentence's subject) must cover, in order, to be
# offered as its baseline: "战略性新兴产业增加值" is covered by "全市战略性新兴产业…产业增加值", while
# "新能源汽车制造业产值" is not by "制造业产值" (of all strategic industries).
MATCH_COVERAGE = 0.8


def _common_subsequence(a: str, b: str) -> int:
    """The length of the longest common subsequence (characters in order, gaps allowed)."""
    previous = [0] * (len(b) + 1)
    for char_a in a:
        current = [0]
        for j, char_b in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if char_a == char_b else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def _common_length(a: str, b: str) -> int:
    """The length of the longest common substring."""
    best = 0
    previous = [0] * (len(b) + 1)
    for char_a in a:
        current = [0] * (len(b) + 1)
        for j, char_b in enumerate(b, start=1):
            if char_a == char_b:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _same_goal(a: _Draft, b: _Draft) -> bool:
    if a.kind is not b.kind or a.target.year != b.target.year:
        return False
    if a.kind is Kind.GROWTH:
        same_figure = a.target.rate is not None and a.target.rate == b.target.rate
    elif a.kind is Kind.LEVEL:
        same_figure = (
            a.unit == b.unit
            and a.target.value is not None
            and b.target.value is not None
            and abs(a.target.value.value - b.target.value.value) < 1e-9
        )
    else:
        same_figure = True
    return same_figure


def _drop_duplicates(drafts: list[_Draft]) -> list[_Draft]:
    """A target stated twice (a summary restating the goals, a table row repeating a sentence) is kept once, at
    its first statement; a baseline only the later statement gives is kept."""
    kept: list[_Draft] = []
    for draft in drafts:
        twin_index = next(
            (
                index
                for index, earlier in enumerate(kept)
                if (_comparable(earlier.quote) == _comparable(draft.quote) and earlier.name == draft.name)
                or (_same_goal(earlier, draft) and _similar_names(earlier.name, draft.name))
            ),
            None,
        )
        if twin_index is None:
            kept.append(draft)
            continue
        twin = kept[twin_index]
        if (twin.baseline is None or twin.baseline.value is None) and draft.baseline is not None:
            kept[twin_index] = replace(twin, baseline=draft.baseline)
    return kept


def _similar_names(a: str, b: str) -> bool:
    a, b = _comparable(a), _comparable(b)
    overlap = _common_length(a, b)
    return overlap >= 4 and overlap >= 0.5 * min(len(a), len(b))


# --- ids ---------------------------------------------------------------------------------------------------------

# Words of plan indicators and the English they give to ids, longest first when matched.
_GLOSSARY = {
    "战略性新兴产业": "sei", "地区生产总值": "gdp", "生产总值": "gdp", "国内生产总值": "gdp", "增加值": "value-added",
    "工业总产值": "industrial-output", "规模以上": "above-scale", "高新技术企业": "high-tech-enterprises",
    "集成电路": "ic", "生物医药": "biomedicine", "人工智能": "ai", "新能源汽车": "nev",
    "高端装备": "high-end-equipment", "航空航天": "aerospace", "信息通信": "ict", "新材料": "new-materials",
    "数字产业": "digital-industry", "数字经济": "digital-economy", "软件": "software", "营业收入": "revenue",
    "营收": "revenue", "产值": "output", "产业规模": "scale", "船舶": "ships", "柴油机": "diesel-engines",
    "市场份额": "market-share", "占有率": "market-share", "龙头企业": "leaders", "上市企业": "listed-firms",
    "企业": "firms", "研发经费": "rd-spending", "研发投入": "rd-spending", "研发机构": "rd-institutes", "研发": "rd",
    "投入强度": "intensity", "发明专利": "invention-patents", "专利": "patents", "每万人口": "per-10k",
    "每千人口": "per-1k", "城镇化率": "urbanisation", "常住人口": "population", "人口": "population",
    "城镇调查失业率": "unemployment", "失业率": "unemployment", "城镇就业": "urban-jobs", "就业": "jobs",
    "可支配收入": "disposable-income", "人均": "per-capita", "预期寿命": "life-expectancy",
    "受教育年限": "schooling-years", "医师": "doctors", "托位": "childcare-places", "能源消耗": "energy",
    "能耗": "energy", "二氧化碳": "co2", "排放": "emissions", "细颗粒物": "pm25", "PM2.5": "pm25",
    "浓度": "concentration", "地表水": "surface-water", "森林覆盖率": "forest-cover", "粮食": "grain",
    "生产能力": "capacity", "社会消费品零售总额": "retail-sales", "固定资产投资": "fixed-investment",
    "进出口": "trade", "出口": "exports", "外商直接投资": "fdi", "一般公共预算收入": "budget-revenue",
    "城市道路": "roads", "停车泊位": "parking", "绿道": "greenways", "重点实验室": "key-labs", "实验室": "labs",
    "项目": "projects", "服务业": "services", "工业": "industry", "数字化改造": "digitalisation",
    "覆盖率": "coverage", "基站": "base-stations", "劳动生产率": "labour-productivity",
    "创新平台": "innovation-platforms", "平台": "platforms", "产业集群": "clusters", "纯电动汽车": "bev",
    "燃料电池汽车": "fcv", "技术合同": "tech-contracts", "保障性住房": "affordable-housing", "住房": "housing",
    "养老": "elderly-care", "床位": "beds", "轨道交通": "rail-transit", "可再生能源": "renewables",
    "非化石能源": "non-fossil", "空气质量": "air-quality", "垃圾": "waste", "回收利用率": "recycling",
    "污水处理率": "sewage-treatment", "国际标准": "standards", "独角兽": "unicorns", "科技": "tech",
    "创新": "innovation", "制造业": "manufacturing", "制造": "manufacturing", "比重": "share", "占比": "share",
    "年均增速": "growth", "年均增长": "growth", "增速": "growth", "下降": "reduction", "降低": "reduction",
    "新增": "new", "新建": "new", "累计": "total",
}  # fmt: skip
_GLOSSARY_KEYS = tuple(sorted(_GLOSSARY, key=len, reverse=True))
MAX_ID_WORDS = 4


def suggest_id(name: str, line: int) -> str:
    """An id from the indicator's words ("集成电路产业规模年均增速" → "ic-scale-growth"), or one from its line."""
    words: list[str] = []
    index = 0
    while index < len(name):
        for key in _GLOSSARY_KEYS:
            if name.startswith(key, index):
                if _GLOSSARY[key] not in words:
                    words.append(_GLOSSARY[key])
                index += len(key)
                break
        else:
            index += 1
    if not words:
        return f"target-line-{line}"
    if len(words) > MAX_ID_WORDS:
        words = [*words[: MAX_ID_WORDS - 1], words[-1]]
    return "-".join(words)


def _assign_ids(drafts: Sequence[_Draft]) -> tuple[Candidate, ...]:
    seen: dict[str, int] = {}
    candidates = []
    for draft in drafts:
        base = suggest_id(draft.name, draft.line)
        seen[base] = seen.get(base, 0) + 1
        ident = base if seen[base] == 1 else f"{base}-{seen[base]}"
        candidates.append(
            Candidate(
                id=ident,
                name=draft.name,
                unit=draft.unit,
                kind=draft.kind,
                target=draft.target,
                quote=draft.quote,
                line=draft.line,
                confidence=draft.confidence,
                reasons=draft.reasons,
                baseline=draft.baseline,
                note=draft.note,
            )
        )
    return tuple(candidates)
