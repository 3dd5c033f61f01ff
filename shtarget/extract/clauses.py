"""The prose: a paragraph split into sentences and clauses, each clause read for the targets it states.

A clause states a target when a verb governs a quantity ("…比重达到20%以上", "培育20家…企业", "…控制在5.5%以内",
"年均增长6%左右"), or "进一步提升" follows a measurable subject (an `increase`), or a multiple of a base year
("比2020年翻一番", "比2020年增长40%"). It knows shared subjects ("增加值超过1万亿元" after "…增加值占…比重达到
20%以上"), "A和B分别下降14%和18%" and enumerations after one verb ("新增停车泊位2万个、充电桩1万个"). A clause with
no year of its own inherits one from its sentence, paragraph or section (said in `reasons`). Past facts (a
background section, "“十三五”期间…", "2015年的…", "已", "比上年") are never proposed: they are kept as facts, which
merging.py offers as baselines."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

from shtarget.extract.document import Line, one_line
from shtarget.extract.lexicon import (
    ACTION,
    ACTION_GAP,
    ASPIRATION,
    BASE_YEAR,
    COUNTERS,
    DOUBLING,
    DOWN,
    FIELD_WORDS,
    FUTURE_WORDS,
    GENERIC,
    GROWTH,
    GROWTH_NAME,
    HOLD_LEVEL,
    IN_FIELDS,
    LABEL,
    LEVEL,
    MEASURABLE_END,
    MEASURE,
    NAMING,
    NEEDS_ADJACENT,
    PAST_LEAD,
    PAST_WORDS,
    PLAN_SPAN,
    QUANTITY,
    RISE,
    UP,
    VERB,
    YEAR_OF,
)
from shtarget.extract.naming import growth_unit, increase_unit, level_form, measure_of, owner_of, subject_of, tidy
from shtarget.extract.periods import YearCue, explicit_year, five_year_period, past_year_before
from shtarget.extract.quantities import Mention, find_mentions
from shtarget.extract.records import Baseline, Draft, ExtractOptions, Fact, Figure, Goal, Notice
from shtarget.extract.sections import Sections
from shtarget.model import Kind, Op
from shtarget.provenance import simplified


@dataclass(frozen=True)
class _Verb:
    start: int
    end: int
    word: str


class _Verbs(NamedTuple):
    """A clause's verbs in order (they do not overlap), with their ends for bisecting."""

    found: list[_Verb]
    ends: list[int]


def _verbs(folded: str) -> _Verbs:
    found = [_Verb(m.start(), m.end(), m.group()) for m in VERB.finditer(folded)]
    return _Verbs(found, [verb.end for verb in found])


# The longest clause read: real ones stay under about 110 characters; past this the clause is cut (and said so),
# so no single clause costs more than a bounded amount whatever the text holds.
MAX_CLAUSE = 400


@dataclass
class _Clause:
    clean: str
    folded: str
    line: int
    column: int  # where the clause starts in its line

    @cached_property
    def quote(self) -> str:
        return one_line(self.clean)


@dataclass
class _Context:
    """What a clause inherits: the sentence's year and subject, the paragraph's, the section's."""

    past: bool
    future_words: bool
    sentence_year: YearCue | None = None
    paragraph_year: YearCue | None = None
    previous_name: str | None = None
    subject: str | None = None  # a past sentence's opening subject, with no figure of its own
    label: str | None = None
    reasons: list[str] = field(default_factory=list)
    opening_year: int | None = None  # a past year the sentence opens on ("2025年，…"): its figures' year


class ClauseReader:
    """Reads a plan's prose paragraph by paragraph: targets go to `drafts`, past figures to `facts`."""

    def __init__(
        self,
        period: tuple[int, int],
        is_plan: bool,
        options: ExtractOptions,
        sections: Sections,
        fallback: tuple[int, str],
    ) -> None:
        self.period = period
        self.fallback = fallback  # the year for a target that states none, and where it comes from
        self.is_plan = is_plan
        self.options = options
        self.sections = sections
        self.drafts: list[Draft] = []
        self.facts: list[Fact] = []
        self.notices: list[Notice] = []

    def _earlier_plan_span(self, folded: str) -> bool:
        """Whether a sentence opens with an earlier plan's period ("“十三五”期间，…"): a record of the past."""
        span = PLAN_SPAN.match(folded.lstrip(" \t\u3000—-"))
        return span is not None and (span["when"] == "以来" or five_year_period(span["ordinal"])[1] < self.period[0])

    def paragraph(self, line: Line) -> None:
        label = LABEL.match(line.folded)
        context = _Context(
            past=self.sections.in_background(), future_words=False, label=label["label"] if label else None
        )
        for sentence in _spans(line.folded, _SENTENCE_END):
            start, end = sentence
            folded = line.folded[start:end]
            if not folded.strip():
                continue
            sentence_past = context.past or bool(PAST_LEAD.match(folded)) or self._earlier_plan_span(folded)
            opening = _OPENING_YEAR.match(folded)
            opening_year = int(opening[1]) if opening else None
            if sentence_past is False and opening_year is not None:
                sentence_past = opening_year < self.period[0] or not self.is_plan
            if not sentence_past and PAST_WORDS.search(folded) and not FUTURE_WORDS.search(folded):
                # "累计建成5G基站8600个，高新技术企业数量已突破1500家": perfect aspect anywhere, no future word
                sentence_past = explicit_year(folded, line.number, self.period, self.is_plan) is None
            sentence_context = replace(
                context,
                past=sentence_past,
                future_words=bool(FUTURE_WORDS.search(folded)),
                sentence_year=None,
                previous_name=None,
                subject=context.subject if folded.lstrip().startswith("其中") else None,  # "among them": same subject
                reasons=[],
                opening_year=opening_year if opening_year is not None and opening_year < self.period[0] else None,
            )
            for clause_start, clause_end in _spans(folded, _CLAUSE_END, keep_numbers=True):
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
        if len(clause.folded) > MAX_CLAUSE:
            cut = _cut_point(clause.folded)
            message = f"clause cut at {cut} characters (it has {len(clause.folded)}): the rest is not read"
            self.notices.append(Notice("clause-cut", clause.line, clause.column + 1, message))
            clause = _Clause(clause.clean[:cut], clause.folded[:cut], clause.line, clause.column)
        cue = explicit_year(clause.folded, clause.line, self.period, self.is_plan)
        if cue is not None and not context.past:
            context.sentence_year = cue
            if self.sections.current is not None:
                self.sections.current.year = cue
        # A clause naming the years it commits to ("在“十四五”期间提供…") is a target even in a sentence that opens
        # on a past date; a background section or past-tense words in the clause itself still make it a fact.
        sentence_past = context.past and not (cue is not None and not self.sections.in_background())
        past = sentence_past or bool(PAST_WORDS.search(clause.folded))
        quantities = find_mentions(clause.folded, clause.clean)
        if past:
            if not quantities and context.subject is None:
                context.subject = subject_of(clause.folded)
            self._remember_facts(clause, quantities, context)
            return
        if not self.is_plan and cue is None and context.sentence_year is None and not context.future_words:
            self._remember_facts(clause, quantities, context)  # a report's figures are facts unless it says otherwise
            return
        found = self._quantified(clause, quantities, context, cue)
        if not found and not quantities:
            found = self._factor_without_number(clause, context, cue) or self._increase(clause, context, cue)
            if not found and self.options.milestones:
                self._milestone(clause, context, cue)

    # --- one clause, quantified

    def _quantified(self, clause: _Clause, quantities: list[Mention], context: _Context, cue: YearCue | None) -> bool:
        if not quantities:
            return False
        folded = clause.folded
        verbs = _verbs(folded)
        respectively = folded.find("分别")
        if respectively >= 0 and self._respectively(clause, quantities, verbs, respectively, context, cue):
            return True
        openers = _openers(folded, quantities)
        made = False
        region_start = 0
        previous: tuple[_Verb, Mention] | None = None
        for index, quantity in enumerate(quantities):
            verb = _governing_verb(verbs, region_start, quantity.start, folded)
            gap_start = region_start
            if _is_from_figure(folded, quantity, _following(quantities, index)) or _attributive(folded, quantity):
                continue
            past_year = past_year_before(folded, quantity.start)
            if past_year is not None and past_year < self.period[0]:
                continue
            if verb is None and previous is not None and re.match(r"[、和及与]", folded[gap_start : quantity.start]):
                name = tidy(folded[gap_start : quantity.start])
                if not name:
                    continue
                verb = previous[0]
                prefix = verb.word if verb.word in NAMING else ""
                made |= self._propose(clause, quantity, verb, prefix + name, context, cue, openers)
                region_start = quantity.end
                continue
            if verb is None and _counts_fields(folded, gap_start, quantity):
                verb = _Verb(quantity.start, quantity.start, "在")
            if verb is None:
                continue  # a figure inside the indicator's name ("3岁以下婴幼儿"): the name runs on past it
            name = self._name_for(clause, verb, quantity, gap_start, context)
            if self._propose(clause, quantity, verb, name, context, cue, openers):
                made = True
                previous = (verb, quantity)
            region_start = quantity.end
        if not made and not any(_governing_verb(verbs, 0, q.start, folded) for q in quantities):
            lone = [q for q in quantities if q.suffix_op is not None]
            if len(lone) == 1 and lone[0].end == len(folded.rstrip()):
                name = tidy(folded[: lone[0].start])
                if name:
                    made = self._propose(clause, lone[0], None, name, context, cue, openers)
        return made

    def _name_for(self, clause: _Clause, verb: _Verb, quantity: Mention, gap_start: int, context: _Context) -> str:
        folded = clause.folded
        if verb.word == "在":
            return tidy(folded[quantity.end :])
        if verb.word in ACTION:
            between = tidy(folded[verb.end : quantity.start])
            after = tidy(_up_to_separator(folded, quantity.end))
            core = (between + after) if between and after and not between.endswith(after) else (between or after)
            return (verb.word + core) if verb.word in NAMING and core else core
        before = re.sub(r"(?:由|从)(?:(?:19|20|21)\d{2}年(?:末|底)?的?)?\d.*$", "", folded[gap_start : verb.start])
        if verb.word in GROWTH:
            return tidy(before) + verb.word
        name = tidy(BASE_YEAR.sub("", before.rstrip()))
        after = tidy(_up_to_separator(folded, quantity.end))
        if after and len(name) <= 3 and re.match(r"[\u4e00-\u9fff“\"]", after):
            return name + after  # "每年推出不少于20个“一件事”集成服务场景": the count is of what follows
        return name

    def _propose(
        self,
        clause: _Clause,
        quantity: Mention,
        verb: _Verb | None,
        name: str,
        context: _Context,
        cue: YearCue | None,
        openers: list[Mention],
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
        base_match = BASE_YEAR.search(before.rstrip()[-16:])
        if word in GROWTH or (word in LEVEL and GROWTH_NAME.search(name) and "年均" in name):
            if unit != "%":
                return False
            kind, rate, value = Kind.GROWTH, quantity.value.value, None
            unit, unit_reason = growth_unit(name)
            reasons.append(unit_reason)
            confidence -= 0.1
        elif word in UP and base_match and unit in ("%", "倍"):
            factor = 1 + quantity.value.value / 100 if unit == "%" else 1 + quantity.value.value
            return self._factor(clause, name, factor, int(base_match[1]), op, context, cue, quantity.start)
        elif word in DOWN and base_match and unit == "%":
            name = name + word  # "单位GDP能耗较2020年下降13%": the reduction from that year is the indicator
            op = quantity.suffix_op or Op.AT_LEAST
            notes.append(f"reduction from the {base_match[1]} level")
        elif word in UP and unit == "%" and not name.endswith(("率", "比重", "占比", "强度")):
            kind, rate, value = Kind.GROWTH, quantity.value.value, None
            name = name + word
            unit, unit_reason = growth_unit(name)
            reasons += [f"'{word}{quantity.value.text}%' without 年均: read as growth a year", unit_reason]
            confidence -= 0.15
        elif word in UP or word in DOWN:
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
        if ASPIRATION.search(folded) or (verb is not None and ASPIRATION.search(folded[: verb.start])):
            reasons.append("力争/争取 (strive to): an aspiration rather than a commitment")
            confidence -= 0.1
        baseline = self._from_to_baseline(clause, quantity, openers, unit)
        if kind is Kind.GROWTH and baseline is None:
            baseline = Baseline(self.period[0] - 1)  # growth a year over the plan's period, from its base year
        self.drafts.append(
            Draft(
                name=simplified(name),
                unit=unit,
                kind=kind,
                target=Goal(year, op, value, rate, quantity.upper if kind is Kind.LEVEL else None),
                quote=clause.quote,
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
            level = level_form(previous)
            return level + name, f"indicator from the previous clause ('{simplified(level)}')"
        if name and name not in GENERIC and not name.startswith("占"):
            return name, None
        if previous:
            level = level_form(previous)
            if not name:
                return level, f"indicator from the previous clause ('{simplified(level)}')"
            if name.startswith("占"):
                return owner_of(level) + measure_of(level) + name, "indicator completed from the previous clause"
            return owner_of(
                level
            ) + name, f"indicator completed from the previous clause ('{simplified(owner_of(level))}')"
        owner = context.label or self.sections.topic()
        if name and owner and not MEASURE.search(owner):
            return owner + name, f"indicator completed from the heading '{simplified(owner)}'"
        return name, None

    def _year(self, clause: _Clause, context: _Context, cue: YearCue | None) -> tuple[int, list[str], float]:
        if cue is not None:
            return cue.year, [], 0.0
        if context.sentence_year is not None:
            found = context.sentence_year
            return found.year, [f"year {found.year} from '{simplified(found.phrase)}' earlier in the sentence"], 0.05
        if context.paragraph_year is not None:
            found = context.paragraph_year
            return found.year, [f"year {found.year} from '{simplified(found.phrase)}' earlier in the paragraph"], 0.05
        section = self.sections.year()
        if section is not None:
            return section.year, [f"year {section.year} from '{simplified(section.phrase)}' (line {section.line})"], 0.1
        year, source = self.fallback
        return year, [f"no year stated: {year} ({source})"], 0.2

    def _from_to_baseline(
        self, clause: _Clause, quantity: Mention, openers: list[Mention], unit: str
    ) -> Baseline | None:
        """ "从2020年的15%提高到18.9%" in a target clause: the first figure is the baseline."""
        earlier = bisect_right([opener.end for opener in openers], quantity.start)
        if not earlier or openers[earlier - 1].unit != unit:
            return None
        source = openers[earlier - 1]
        year = past_year_before(clause.folded, source.start) or self.period[0] - 1
        return Baseline(year, source.value, clause.quote, clause.line)

    def _respectively(
        self,
        clause: _Clause,
        quantities: list[Mention],
        verbs: _Verbs,
        at: int,
        context: _Context,
        cue: YearCue | None,
    ) -> bool:
        """ "A和B分别下降14%和18%": one target per subject, in order."""
        folded = clause.folded
        subjects = [s for s in (tidy(part) for part in re.split(r"和|、|与|及|以及", folded[:at])) if s]
        after = [q for q in quantities if q.start > at]
        verb = next((v for v in verbs.found if v.start >= at), None)
        if verb is None or len(subjects) != len(after) or len(subjects) < 2:
            return False
        openers = _openers(folded, quantities)
        for subject, quantity in zip(subjects, after, strict=True):
            self._propose(clause, quantity, verb, subject, context, cue, openers)
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
        cue: YearCue | None,
        column: int,
    ) -> bool:
        """A multiple of a base year's level (翻一番, 比2020年增长40%): the average growth a year that reaches it
        (the base level is rarely stated beside it)."""
        name, inherited = self._complete_name(tidy(name), context)
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
        unit, unit_reason = growth_unit(name)
        reasons += [
            f"×{factor:g} of the {base} level, written as {rate:g}% a year over {year - base} years",
            unit_reason,
        ]
        if ASPIRATION.search(clause.folded):
            reasons.append("力争/争取 (strive to): an aspiration rather than a commitment")
            penalty += 0.1
        self.drafts.append(
            Draft(
                name=simplified(name),
                unit=unit,
                kind=Kind.GROWTH,
                target=Goal(year, op if op is not Op.ABOUT else Op.ABOUT, None, rate, None, factor),
                quote=clause.quote,
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

    def _factor_without_number(self, clause: _Clause, context: _Context, cue: YearCue | None) -> bool:
        match = DOUBLING.search(clause.folded)
        if not match or re.search(r"翻了", clause.folded):
            return False
        factor = {"一": 2.0, None: 2.0, "两": 4.0, "二": 4.0, "三": 8.0}[match["times"]]
        name = tidy(re.sub(r"实现$", "", clause.folded[: match.start()]))
        base = int(match["base"]) if match["base"] else None
        return self._factor(clause, name, factor, base, Op.AT_LEAST, context, cue, match.start())

    def _increase(self, clause: _Clause, context: _Context, cue: YearCue | None) -> bool:
        """An `increase`: "…比重进一步提升" beats the baseline, "…不低于“十三五”末水平" at least holds it."""
        folded = clause.folded.rstrip("。.")
        floor = HOLD_LEVEL.search(folded)
        rise = RISE.search(folded)
        if floor:
            subject, op = folded[: floor.start()], Op.AT_LEAST
        elif rise:
            subject, op = folded[: rise.start()], Op.ABOVE
        else:
            return False
        name = tidy(subject)
        name, inherited = self._complete_name(name, context)
        if not name or not MEASURABLE_END.search(name) or len(name) < 3:
            return False
        year, reasons, penalty = self._year(clause, context, cue)
        reasons = ([inherited] if inherited else []) + reasons
        self.drafts.append(
            Draft(
                name=simplified(name),
                unit=increase_unit(name),
                kind=Kind.INCREASE,
                target=Goal(year, op),
                quote=clause.quote,
                line=clause.line,
                column=clause.column,
                confidence=round(max(0.1, 0.75 - penalty), 2),
                reasons=(*reasons, "no figure: to beat the baseline"),
            )
        )
        context.previous_name = name
        return True

    def _milestone(self, clause: _Clause, context: _Context, cue: YearCue | None) -> None:
        folded = tidy(clause.folded)
        if not re.match(r"(?:基本|初步|全面)?(?:建成|形成|完成|实现|进入|成为|跻身|建立)", folded) or len(folded) < 6:
            return
        if (
            cue is None
            and context.sentence_year is None
            and not (self.sections.current is not None and self.sections.current.goals)
        ):
            return
        year, reasons, penalty = self._year(clause, context, cue)
        self.drafts.append(
            Draft(
                name=simplified(folded),
                unit="",
                kind=Kind.MILESTONE,
                target=Goal(year, Op.AT_LEAST),
                quote=clause.quote,
                line=clause.line,
                column=clause.column,
                confidence=round(max(0.1, 0.6 - penalty), 2),
                reasons=(*reasons, "a qualitative goal (milestone)"),
            )
        )

    # --- past facts

    def _remember_facts(self, clause: _Clause, quantities: list[Mention], context: _Context) -> None:
        folded = clause.folded
        verbs = _verbs(folded)
        region_start = 0
        plan_years: tuple[int, int] | None = None  # the plan period the clause (or its section) names, once
        for index, quantity in enumerate(quantities):
            verb = _governing_verb(verbs, region_start, quantity.start, folded)
            gap_start, region_start = region_start, quantity.end
            from_figure = _is_from_figure(folded, quantity, _following(quantities, index))
            year = past_year_before(folded, quantity.start)
            if year is None and not from_figure:
                year = context.opening_year
            if year is None:
                if plan_years is None:
                    span = PLAN_SPAN.search(folded) or (
                        PLAN_SPAN.search(self.sections.current.title) if self.sections.current else None
                    )
                    plan_years = five_year_period(span["ordinal"]) if span else (self.period[0] - 5, self.period[0] - 1)
                first, last = plan_years
                year = first - 1 if from_figure else last
            if from_figure:
                cut = _FROM.search(folded, max(0, quantity.start - 10), quantity.start)
                name = tidy(folded[gap_start : cut.start()]) if cut else ""
            elif verb is not None and verb.word not in DOWN and verb.word not in UP:
                name = self._name_for(clause, verb, quantity, gap_start, context)
            else:
                name = tidy(folded[gap_start : quantity.start])
                name = re.sub(r"(?:为|是)$", "", name)
            name, _ = self._complete_name(name, context)
            if not name or year >= self.period[0]:
                continue
            context.previous_name = name
            subject = simplified(context.subject or "")
            self.facts.append(
                Fact(simplified(name), quantity.unit, year, quantity.value, clause.quote, clause.line, subject)
            )


_OPENING_YEAR = re.compile(r"\s*((?:19|20|21)\d{2})年[,，]")
_SENTENCE_END = re.compile(r"[。!?！？\t]")
_CLAUSE_END = re.compile(r"[,;:，；：]")


def _spans(text: str, separator: re.Pattern[str], keep_numbers: bool = False) -> Iterator[tuple[int, int]]:
    """Spans of `text` between separators; a comma or colon between digits ("1,000", "1:2") does not split."""
    start = 0
    for match in separator.finditer(text):
        index = match.start()
        between_digits = 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()
        if keep_numbers and match.group() in ",:" and between_digits:
            continue
        yield start, index
        start = index + 1
    yield start, len(text)


def _cut_point(folded: str) -> int:
    """Where to cut an overlong clause: at MAX_CLAUSE, moved back out of a number it would split."""
    cut = MAX_CLAUSE
    while cut > 0 and (folded[cut - 1].isdigit() or folded[cut - 1] in ".,") and folded[cut] in "0123456789.,":
        cut -= 1
    return cut


def _trim_clause(clause: _Clause) -> _Clause | None:
    """The clause without surrounding space, dashes and list labels ("——", "1.", "(一)")."""
    folded = clause.folded
    lead = re.match(r"^[\s\u3000—\-·•●]*(?:\d+[.、](?!\d)|\([一二三四五六七八九十\d]+\)|[①-⑳])?[\s\u3000]*", folded)
    start = lead.end() if lead else 0
    end = len(folded.rstrip(" \t\u3000。.!?"))
    if end <= start:
        return None
    return _Clause(clause.clean[start:end], folded[start:end], clause.line, clause.column + start)


def _governing_verb(verbs: _Verbs, region_start: int, quantity_start: int, folded: str) -> _Verb | None:
    """The verb a figure answers to: the nearest before it in its stretch of the clause, close enough for its
    kind (an action verb may have its object between: "新增公共停车泊位2万个"). None further than ACTION_GAP
    before the figure qualifies, so the search stops there."""
    for index in range(bisect_right(verbs.ends, quantity_start) - 1, -1, -1):
        verb = verbs.found[index]
        if verb.start < region_start or quantity_start - verb.end > ACTION_GAP:
            break
        gap = folded[verb.end : quantity_start]
        if verb.word in ACTION:
            if len(gap) <= ACTION_GAP and not _holds_figure(gap):
                return verb
            continue
        if verb.word in NEEDS_ADJACENT:
            if not gap:
                return verb
            continue
        if (len(gap) <= 1 and not re.search(r"\d", gap)) or YEAR_OF.fullmatch(gap):
            return verb  # "增长至2020年的7328亿元": the year between names the figure's year
    return None


def _holds_figure(text: str) -> bool:
    """Whether `text` states a figure of its own; one qualifying a noun ("超10亿元的企业") does not count."""
    return any(not text[match.end() :].startswith("的") for match in QUANTITY.finditer(text))


def _attributive(folded: str, quantity: Mention) -> bool:
    """A figure that qualifies the noun after it ("年营业收入超10亿元的企业"): part of a name, not a target."""
    return folded[quantity.end : quantity.end + 1] == "的"


def _counts_fields(folded: str, gap_start: int, quantity: Mention) -> bool:
    """ "在3-4个关键领域…取得明显成效": the figure counts fields where something is achieved."""
    return (
        quantity.unit in COUNTERS
        and bool(IN_FIELDS.search(folded[gap_start : quantity.start]))
        and bool(FIELD_WORDS.match(folded, quantity.end))
    )


_FROM = re.compile(r"(?:由|从)(?:(?:19|20|21)\d{2}年(?:末|底)?的?)?$")  # at most 8 characters
_CHANGE_TO = re.compile(r"(?:提高|提升|增长|增加|上升|扩大|下降|降低|减少|降)(?:到|至)")
_NAME_END = re.compile(r"[、,;]")


def _is_from_figure(folded: str, quantity: Mention, following: Mention | None) -> bool:
    """Whether `quantity` is the start of "由/从 X 提高到 Y" (a past figure, not the target)."""
    if following is None:
        return False
    return bool(_FROM.search(folded, max(0, quantity.start - 10), quantity.start)) and bool(
        _CHANGE_TO.match(folded, quantity.end, following.start)
    )


def _following(quantities: Sequence[Mention], index: int) -> Mention | None:
    return quantities[index + 1] if index + 1 < len(quantities) else None


def _openers(folded: str, quantities: Sequence[Mention]) -> list[Mention]:
    """The figures that open a "由/从 X 提高到 Y" (X), in order: each is the baseline of the target after it."""
    return [q for index, q in enumerate(quantities) if _is_from_figure(folded, q, _following(quantities, index))]


def _up_to_separator(folded: str, start: int) -> str:
    """The words after `start` up to the next 、 , or ;."""
    end = _NAME_END.search(folded, start)
    return folded[start : end.start() if end else len(folded)]


def _op_for(quantity: Mention, verb: str) -> Op:
    """Suffix qualifier first (左右, 以上, 以内), then 多/余, then the verb."""
    if quantity.suffix_op is not None:
        return quantity.suffix_op
    if quantity.over:
        return Op.ABOVE
    return LEVEL.get(verb, Op.AT_LEAST)
