"""From a bulletin's or press release's text to proposed actuals for the targets and series already in the data.

Rules, not a model, in one pass over the text's lines (HTML folded to lines, line numbers kept; each line also
folded one character for one to narrow forms and simplified script, so patterns are written once and quotes
are cut from the original at the same positions):

- every quantity the text states (`quantity.quantities_in`) is a candidate figure; times (2025年, 11月) and
  bare numbers (3D, 5G, 第5位) are not quantities;
- its indicator is the words before it in its clause; a clause with no subject of its own ("占全市GDP的24.8%",
  "2021年总规模1.27万亿元", "从2021年的7617.14亿元…") takes the subject of the clause before it in the sentence;
- it measures a target or series when one of the figure's phrases (its `name`, shorn of 全市 and of words like
  年均增速 or 数量, and its `terms`) ends the indicator, with nothing after it but verbs, qualifiers, times and
  words like 总量 ("集成电路产业规模达到", not "…产业规模…制造业产值从"); both sides are compared in one canonical
  form (no 全市/上海/的, GDP as 生产总值, 规上 as 规模以上);
- it is not proposed when it is a goal (预计, 力争, 有望, 目标, 将突破, 到2030年), a growth rate or change
  (增长8.6%, 提高0.4个百分点, 增加1200家) where a level is tracked, in a unit that does not convert to the target's
  (辆 for 亿元), a year's new entries (新增, 新认定) for a total, a single month's figure, or for a year the
  target's plan does not cover;
- its year is the nearest year before it in its sentence ("2024年的9847.02亿元" binds that number alone), else
  the last one earlier in its paragraph, else the document's (`--year`, the title's, else the year the text
  names most); its part of the year likewise (1-11月, 前三季度, 上半年 → months; 全年 and 年末 mean the year).

Pure: text and a dataset in, proposals out. Nothing here prints, reads files or writes them.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

from shtarget.fileformat import YEAR_RANGE
from shtarget.model import Actual, Dataset, Kind, Qualifier, Series, Target, slot_of
from shtarget.provenance import simplified
from shtarget.quantity import QuantityError, Stated, parse_quantity, part_year_stated, quantities_in
from shtarget.render.words import QUALIFIER_SIGNS

# --- what the module returns -------------------------------------------------------------------------------


class Proposal(NamedTuple):
    """A figure the text gives for one target or series: `value` in the figure's unit, `text` as written."""

    figure_id: str
    unit: str
    year: int
    months: int | None
    value: float
    qualifier: Qualifier
    text: str  # the figure as the text writes it, e.g. "突破2.4萬家" (a value `record` reads)
    quote: str  # the clause that carries it, exactly as written
    line: int
    recorded: Actual | None  # what the data holds for the same (year, months), or the baseline for its year
    recorded_value: float | None
    state: str  # new | same | conflict


class Unmatched(NamedTuple):
    """A quantity of the text that is not proposed, and why (a code `render.scan_format` words)."""

    text: str
    quote: str
    line: int
    reason: str
    figure_id: str | None = None  # the target or series it would have measured, where one was named
    detail: str | None = None  # a year, a unit or a line, as the reason needs


class ScanResult(NamedTuple):
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Unmatched, ...]
    year: int | None  # the document's year: for figures whose sentence names none


REASONS = (
    "goal",  # 预计, 力争, 有望, 目标, 将…, 到2030年
    "growth-rate",  # a growth rate where a level is tracked
    "change",  # an increase or a change in percentage points, not a level
    "untracked",  # no target or series names this indicator
    "unit",  # its unit does not convert to the target's
    "new-entries",  # a year's (or a period's) new entries, for a total
    "single-month",  # one month's figure, not the first N months
    "no-year",  # neither the text nor --year gives its year
    "year-out-of-range",  # a year the target's plan does not cover
    "repeated",  # another figure for the same target and period earlier in the text
)

# --- the text as lines --------------------------------------------------------------------------------------

_HTML_HINT = re.compile(r"<(?:html|body|p|div|br|table|tr|td|span|h[1-6])\b", re.IGNORECASE)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|tr|td|th|h[1-6]|table|section|article|ul|ol|dd|dt)\b[^>]*>", re.IGNORECASE
)
_ANY_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")  # as provenance.py: "<5.5 … >42" is text
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_BREAK = "\t"  # where a block tag stood: a sentence ends there


def document_lines(text: str) -> tuple[str, ...]:
    """The text's lines as a reader sees them: HTML tags and entities removed (a block tag ends a sentence),
    every line where the file has it, so line numbers are the file's. Our own small folding helper: extract's
    is private to it."""
    text = text.removeprefix("\ufeff")
    if _HTML_HINT.search(text):
        text = _SCRIPT.sub(lambda m: "\n" * m.group().count("\n"), text)
        text = _BLOCK_TAG.sub(lambda m: _BREAK + "\n" * m.group().count("\n"), text)
        text = _ANY_TAG.sub(lambda m: "\n" * m.group().count("\n"), text)
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return tuple(line.removesuffix("\r") for line in text.split("\n"))


def _narrow(char: str) -> str:
    if char == "\u3000":
        return " "
    if unicodedata.decomposition(char).startswith(("<wide>", "<narrow>")):
        return unicodedata.normalize("NFKC", char)
    return char


def fold(text: str) -> str:
    """Narrow forms and simplified script, one character for one, so positions carry over to `text`."""
    narrowed = "".join(_narrow(char) for char in text)
    converted = simplified(narrowed)
    if len(converted) == len(narrowed):
        return converted
    return "".join(c if len(c := simplified(char)) == 1 else char for char in narrowed)


def document_title(lines: Sequence[str]) -> str | None:
    """The first line with words (a header line of `# …` aside)."""
    return next((line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")), None)


# --- canonical indicator text ---------------------------------------------------------------------------------

_CANON_STEPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[\s“”\"'‘’「」『』《》〈〉]", ""),
        (r"[(（]\s*gdp\s*[)）]", ""),
        (r"r&d", "研发"),
        (r"地区生产总值|国内生产总值|gdp", "生产总值"),
        (r"(?:3年)?有效期内", ""),
        (r"规上", "规模以上"),
        (r"规模以上工业总产值", "规模以上工业"),
        (r"上海市|上海|全市|本市|我市|沪", ""),
        (r"的", ""),
    )
)


def canon(text: str) -> str:
    """The form indicators are compared in (`text` already folded): "全市GDP的" → "生产总值"."""
    text = text.casefold()
    for pattern, replacement in _CANON_STEPS:
        text = pattern.sub(replacement, text)
    return text


_NAME_TAIL = re.compile(r"(?:年均增速|年均增长率?|年均增长|实现翻一番|翻一番|翻番)$")
_COUNT_TAIL = re.compile(r"(?:数量|总量|总数)$")
_PARENTHESES = re.compile(r"[(（][^)）]*[)）]")


def phrases(figure: Target | Series) -> tuple[str, ...]:
    """The canonical phrases that name a figure: its name (without 全市, a parenthesis, or the measure words
    年均增速 / 数量 a bulletin does not write) and its `terms`."""
    name = _PARENTHESES.sub("", fold(figure.name))
    name = _COUNT_TAIL.sub("", _NAME_TAIL.sub("", canon(name)))
    found = [name] if name else []
    for term in figure.terms:
        phrase = canon(fold(term))
        if phrase and phrase not in found:
            found.append(phrase)
    return tuple(found)


# What may stand between an indicator and its number: verbs of reaching, qualifiers, times, counting words, and
# (in "从2021年的X增长至2024年的Y") the earlier figure.
_FILLER = re.compile(
    r"(?:达到|达|为|是|约为|约|实现|完成|突破|超过|超|逾|近|将近|接近|不到|不足|高于|低于|"
    r"(?:增长|增加|提高|提升|上升|下降|减少|回升|扩大|回落)(?:到|至)|增至|升至|降至|"
    r"从|由|持续增长|持续|稳步|快速|迅速|较快|大幅|显著|逐年|首次|已经|已|再次|迈上|站上|总规模|规模|总量|数量|总数|了|共|共计|合计|全年|"
    r"年末|年底|末|底|其中|分别|截至|(?:19|20)\d\d年|上半年|前三季度|[一二三四1-4]季度|前\d{1,2}个月|"
    r"1?[-—–~至]\d{1,2}月|\d+(?:\.\d+)?[万亿千]*(?:元|家|个|项|%)?|[,，、:：;；])*"
)
# A clause whose words, filler aside, are only these has no subject of its own: it takes the one before it.
_BARE = re.compile(
    r"(?:产业规模|总规模|规模|总产值|产值|增加值|营收|营业收入|比重|比例|占比|总量|数量|年均复合增长率|复合增长率|"
    r"增长率|增速|增幅|降幅|同比|比上年|比上年末|增长|下降|占[^,，;；]*)*"
)
_BLOCKING_PREFIX = re.compile(r"(?:人均|单位|每万人|每|平均|户均|外资|全国)$")
# Another place or body than the data's (a region, a corridor, a park, a firm): not the city's own figure.
_OTHER_SCOPE = re.compile(r"全国|长三角|走廊|园区|新区|示范区|开发区|片区|集团|公司|百强|中国|世界|全球")
# Where a clause's subject ends: its first verb, comparison or number.
_SUBJECT_END = re.compile(
    r"同比|比上年|比去年|较上年|较|增长(?!率|面)|下降|增加(?!值)|减少|提高|提升|达到|达|为|突破|超过|超|实现|持续|"
    r"完成|占|\d"
)
_RATE_NOUN = re.compile(r"增速|增幅|降幅|增长率|增长面|涨幅|跌幅")
_RATE_END = re.compile(
    r"(?:增长|增速|增幅|下降|降幅|减少|提高|提升|回升|上涨|上升|下滑|回落|收窄|扩大|加快|放缓|同比|比上年|"
    r"年均增长|复合增长率|增长率|分别增长|分别)(?:了|为|达到|达|是)?$"
)
_CHANGE_END = re.compile(r"(?:增加|增长|减少|下降|新增|多|少)(?:了)?$")
_NEW_ENTRIES = re.compile(r"新增|新认定|新认证|新设立|新设|新注册|新引进|新培育|新落户|新获批|累计认定|累计新增")
_GOAL = re.compile(
    r"预计|力争|争取|有望|目标(?!任务|完成)|预期(?!性|信心)|计划到|规划到|"
    r"将(?!近)[^,，。;；]{0,8}?(?:达|突破|超|实现|增|提|迈|破|建成|形成)"
)
_GOAL_YEAR = re.compile(r"(?<![长高升加至提])到((?:19|20)\d\d)年")
_YEAR = re.compile(r"((?:19|20)\d\d)年(?!\d{1,2}月\d{1,2}日)(的)?")
_FULL_YEAR = re.compile(r"全年|年末|年底")
_SINGLE_MONTH = re.compile(r"(?<![\d\-—–~至])(?:1[0-2]|[1-9])月份")
_TIME_UNITS = frozenset({"年", "月", "日", "天", "周", "个月", "季度", "小时"})
_SENTENCE_END = re.compile(r"[。！？!?\t]")
_CLAUSE_END = re.compile(r"[,，;；:：]")
_EXACT_WORDS = ("达到", "達到", "达", "達")
_QUALIFIER_WORDS = QUALIFIER_SIGNS["zh"]


class _Figure(NamedTuple):
    figure: Target | Series
    phrases: tuple[str, ...]
    years: tuple[int, int]  # the years a figure may be recorded for, as `record` allows


class _Cue(NamedTuple):
    """The year and part of the year in force at a point of a paragraph."""

    year: int | None
    months: int | None
    single_month: bool


class _Found(NamedTuple):
    """A quantity of a sentence, with what its sentence says about it."""

    stated: Stated
    start: int  # in the line
    end: int
    line: int
    sentence: tuple[int, int]  # the sentence's span in the line
    context: str  # the canonical words naming it (inherited subject + its clause's words before it)
    lead: str  # canonical words of its own clause before it
    quote_start: int  # where its quote starts in the line
    quote_end: int


def scan_text(text: str, dataset: Dataset, year: int | None = None) -> ScanResult:
    """Every figure the text gives for the data's targets and series, and every quantity it leaves out."""
    lines = document_lines(text)
    folded = [fold(line) for line in lines]
    doc_year = year if year is not None else _document_year(folded)
    doc_months = _title_months(folded)
    is_plan = _is_plan(folded)
    figures = tuple(_figure(dataset, figure) for figure in dataset.figures if _measurable(figure))
    proposals: list[Proposal] = []
    unmatched: list[Unmatched] = []
    seen: dict[tuple[str, int, int], Proposal] = {}
    for found in _quantities(folded):
        line_text, line_folded = lines[found.line - 1], folded[found.line - 1]
        cue = _cue_at(line_folded, found, doc_year, doc_months)
        quote = line_text[found.quote_start : found.quote_end].strip()
        written = _written(line_text[found.start : found.end], found.stated)
        reason = _not_a_level(line_folded, found, doc_year, is_plan)
        if reason is not None:
            unmatched.append(Unmatched(written, quote, found.line, reason))
            continue
        matched = [candidate for candidate in figures if _names(candidate, found)]
        if not matched:
            unmatched.append(Unmatched(written, quote, found.line, "untracked"))
            continue
        refusals: list[Unmatched] = []
        proposed = False
        for candidate in matched:
            outcome = _propose(candidate, found, cue, written, quote)
            if isinstance(outcome, Unmatched):
                refusals.append(outcome)
                continue
            key = (outcome.figure_id, *slot_of(outcome.year, outcome.months))
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = outcome
                proposals.append(outcome)
                proposed = True
            elif math.isclose(earlier.value, outcome.value, rel_tol=1e-9) and earlier.qualifier == outcome.qualifier:
                proposed = True  # the same figure stated again (a title and its article)
            else:
                refusals.append(Unmatched(written, quote, found.line, "repeated", outcome.figure_id, str(earlier.line)))
        if not proposed and refusals:
            unmatched.append(refusals[0])
    return ScanResult(tuple(proposals), tuple(unmatched), doc_year)


# --- the figures of the data ----------------------------------------------------------------------------------


def _measurable(figure: Target | Series) -> bool:
    return not (isinstance(figure, Target) and figure.kind is Kind.MILESTONE) and bool(figure.unit.strip())


def _figure(dataset: Dataset, figure: Target | Series) -> _Figure:
    low, high = YEAR_RANGE
    if isinstance(figure, Target):
        plan = dataset.plans.get(figure.plan)
        if plan is not None and plan.period is not None:
            starts = [plan.period[0] - 1] + ([figure.baseline.year] if figure.baseline else [])
            low, high = min(starts), plan.period[1]
    return _Figure(figure, phrases(figure), (low, high))


# --- reading the text -------------------------------------------------------------------------------------------


def _document_year(folded: Sequence[str]) -> int | None:
    """The year of a figure whose paragraph names none: the title's, else the year the text names most."""
    title = document_title(folded)
    if title is not None:
        found = _YEAR.search(title)
        if found is not None:
            return int(found.group(1))
    counts = Counter(
        int(m.group(1)) for line in folded if not line.lstrip().startswith("#") for m in _YEAR.finditer(line)
    )
    if not counts:
        return None
    most = max(counts.values())
    return max(year for year, count in counts.items() if count == most)


_PLAN_TITLE = re.compile(r"\s*《[^》]*(?:规划|纲要|计划|方案|意见|措施)(?:\([^)]*\))?》(?!\S{0,2}(?:执行|解读))")


def _is_plan(folded: Sequence[str]) -> bool:
    """Whether the document is a plan: one of its first three lines opens with a plan's name in 《…》 (its
    title, or "《…规划》发布"). Its figures are goals. A plan named later in a text is only mentioned."""
    head = [line for line in folded if line.strip() and not line.lstrip().startswith("#")][:3]
    return any(_PLAN_TITLE.match(line) for line in head)


def _title_months(folded: Sequence[str]) -> int | None:
    title = document_title(folded)
    stated = part_year_stated(title) if title is not None else ()
    return stated[0][1] if stated else None


def _spans(text: str, pattern: re.Pattern[str], start: int, end: int) -> Iterator[tuple[int, int]]:
    """The pieces of text[start:end] between matches of `pattern`."""
    position = start
    for match in pattern.finditer(text, start, end):
        yield position, match.start()
        position = match.end()
    yield position, end


def _quantities(folded: Sequence[str]) -> Iterator[_Found]:
    for number, line_folded in enumerate(folded, start=1):
        if not line_folded.strip() or line_folded.lstrip().startswith("#"):
            continue
        for sentence_start, sentence_end in _spans(line_folded, _SENTENCE_END, 0, len(line_folded)):
            clauses = list(_spans(line_folded, _CLAUSE_END, sentence_start, sentence_end))
            for clause_index, (clause_start, clause_end) in enumerate(clauses):
                sentence = line_folded[clause_start:clause_end]
                for stated in quantities_in(sentence):
                    if stated.unit in _TIME_UNITS or (not stated.unit and not stated.magnitude):
                        continue
                    start, end = clause_start + stated.start, clause_start + stated.end
                    lead = canon(line_folded[clause_start:start])
                    context, quote_start = lead, clause_start
                    back = clause_index
                    while _bare(context) and back > 0:  # no subject of its own: the nearest one before
                        back -= 1
                        before_start, before_end = clauses[back]
                        words = line_folded[before_start:before_end]
                        cut = _SUBJECT_END.search(words)
                        subject = canon(words[: cut.start()] if cut else words)
                        if not _bare(subject):
                            context, quote_start = subject + lead, before_start
                    yield _Found(
                        stated,
                        start,
                        end,
                        number,
                        (sentence_start, sentence_end),
                        context,
                        lead,
                        quote_start,
                        clause_end,
                    )


def _bare(words: str) -> bool:
    """Whether canonical clause words, filler aside, name nothing but a measure ("2021年总规模", "占生产总值")."""
    return bool(_BARE.fullmatch(_FILLER.sub("", words)))


def _cue_at(line: str, found: _Found, doc_year: int | None, doc_months: int | None) -> _Cue:
    """The year and months in force where the quantity stands: cues earlier in its paragraph, the nearest last;
    a year written "2016年的" binds only the number right after it."""
    events: list[tuple[int, str, int | None]] = []
    for match in _YEAR.finditer(line, 0, found.start):
        if match.group(2) and match.end() < found.start - 2:
            continue  # "较2016年的6938家": that number's year, not the sentence's
        if _GOAL_YEAR.match(line, match.start() - 1) and match.start() > 0:
            continue
        events.append((match.start(), "year", int(match.group(1))))
    for phrase, covered in part_year_stated(line[: found.start]):
        events.append((line.rfind(phrase, 0, found.start), "months", covered))
    for match in _FULL_YEAR.finditer(line, 0, found.start):
        events.append((match.start(), "full", None))
    for match in _SINGLE_MONTH.finditer(line, 0, found.start):
        events.append((match.start(), "single", None))
    clause_start = found.quote_start if found.lead == found.context else _clause_start(line, found)
    from_to = _FROM.search(line, clause_start, found.start)
    if from_to is not None and not _YEAR.search(line, from_to.end(), found.start):
        if not _TO.search(line, from_to.end(), found.start):  # "从3.31%增长到…": whose year the clause omits
            return _Cue(None, None, False)
        latest = [int(m.group(1)) for m in _YEAR.finditer(line, found.sentence[0], found.start)]
        if latest:  # "…到2021年的1819.8亿元,研发投入强度从3.31%增长到4.21%": the to-year stated before
            return _Cue(latest[-1], None, False)
    year: int | None = doc_year
    months: int | None = doc_months
    single = False
    for _, kind, value in sorted(events, key=lambda event: event[0]):
        if kind == "year":
            year, months, single = value, None, False
        elif kind == "months":
            months, single = value, False
        elif kind == "full":
            months, single = None, False
        else:
            single = True
    return _Cue(year, months, single)


_FROM = re.compile(r"[从由]")
_TO = re.compile(r"(?:增长|增加|提高|提升|上升|下降|减少|降|增|升)?(?:到|至)")


def _clause_start(line: str, found: _Found) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(line, found.sentence[0], found.start)]
    return ends[-1] if ends else found.sentence[0]


def _not_a_level(line: str, found: _Found, doc_year: int | None, is_plan: bool) -> str | None:
    """Why a quantity is no figure to record, whatever it measures: a goal, a growth rate or a change."""
    sentence_start = found.sentence[0]
    before = line[sentence_start : found.start]
    if is_plan:  # a plan states goals; only a figure its sentence ties to an earlier year is a fact
        years = [int(match.group(1)) for match in _YEAR.finditer(before)]
        if not years or doc_year is None or years[-1] >= doc_year:
            return "goal"
    if _GOAL.search(line, sentence_start, found.end):  # through the figure: "将突破…" puts 突破 in the figure
        return "goal"
    goal_year = _GOAL_YEAR.search(before)
    if goal_year is not None and doc_year is not None and int(goal_year.group(1)) > doc_year:
        return "goal"
    stated, lead = found.stated, found.lead
    if stated.unit in ("个百分点", "百分点"):
        return "change"
    if stated.unit == "倍" or (stated.unit in ("%", "‰") and (_RATE_NOUN.search(lead) or _RATE_END.search(lead))):
        return "growth-rate"
    if stated.unit not in ("%", "‰") and _CHANGE_END.search(lead) and not _NEW_ENTRIES.search(lead):
        return "change"
    return None


def _names(candidate: _Figure, found: _Found) -> bool:
    """Whether one of the figure's phrases ends the words naming the quantity (filler aside)."""
    context = found.context
    if found.stated.unit in ("%", "‰") and "占" in context and not re.search(r"占.*(?:比重|比例|占比)", context):
        context += "比重"  # "占全市GDP的24.8%" is a share
    for phrase in candidate.phrases:
        at = context.rfind(phrase)
        while at >= 0:
            tail = context[at + len(phrase) :]
            before = context[:at]
            if not _BLOCKING_PREFIX.search(before) and not _OTHER_SCOPE.search(before) and not _FILLER.sub("", tail):
                return True
            at = context.rfind(phrase, 0, at)
    return False


def _propose(candidate: _Figure, found: _Found, cue: _Cue, written: str, quote: str) -> Proposal | Unmatched:
    figure, stated = candidate.figure, found.stated
    miss = Unmatched(written, quote, found.line, "", figure.id)
    converted = stated.in_unit(figure.unit)
    if converted is None:
        return miss._replace(reason="unit", detail=figure.unit)
    if _NEW_ENTRIES.search(found.context) and not _NEW_ENTRIES.search(canon(fold(figure.name))):
        return miss._replace(reason="new-entries")
    if cue.single_month:
        return miss._replace(reason="single-month")
    if cue.year is None:
        return miss._replace(reason="no-year")
    low, high = candidate.years
    if not low <= cue.year <= high:
        return miss._replace(reason="year-out-of-range", detail=f"{cue.year}|{low}|{high}")
    qualifier = stated.qualifier or Qualifier.EXACT
    value = float(converted)
    if isinstance(parse_quantity(written, figure.unit), QuantityError):  # "35.8万元" for 万元/人: the number
        written = _QUALIFIER_WORDS[qualifier] + format(converted.normalize(), "f")
    recorded = _recorded(figure, cue.year, cue.months)
    recorded_value = recorded.value.value if recorded is not None and recorded.value is not None else None
    if recorded_value is None and cue.months is None and isinstance(figure, Target):
        baseline = figure.baseline
        if baseline is not None and baseline.year == cue.year and baseline.value is not None:
            recorded_value = baseline.value.value
    state = "new" if recorded_value is None else ("same" if _agrees(stated, converted, recorded_value) else "conflict")
    return Proposal(
        figure.id, figure.unit, cue.year, cue.months, value, qualifier, written, quote, found.line,
        recorded, recorded_value, state,
    )  # fmt: skip


def _recorded(figure: Target | Series, year: int, months: int | None) -> Actual | None:
    slot = slot_of(year, months)
    return next((actual for actual in figure.actuals if actual.slot == slot), None)


def _agrees(stated: Stated, converted: Decimal, recorded: float) -> bool:
    """Whether the recorded figure, written as the text writes its number, is that number: 10641.19亿元 is the
    "1.06万亿元" a text rounds it to."""
    if converted == 0:
        return recorded == 0
    scale = stated.number / converted
    exponent = stated.number.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return (Decimal(repr(recorded)) * scale).quantize(places) == stated.number


def _written(original: str, stated: Stated) -> str:
    """The figure as the text writes it, readable as a value: "突破2.4萬家", "10641.19億元" (达 dropped)."""
    text = unicodedata.normalize("NFKC", original).strip()
    for word in _EXACT_WORDS:
        if text.startswith(word):
            text = text[len(word) :]
            break
    text = re.sub(r"\s+", "", text)
    readable = not isinstance(parse_quantity(text, stated.magnitude + stated.unit), QuantityError)
    return text if readable else f"{stated.number}{stated.magnitude}{stated.unit}"
