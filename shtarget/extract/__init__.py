"""From a plan's text to draft targets: one candidate per quantified target the text states, with its quote.

Rules, not a model. The stages, one module each:

- document.py  the text read line by line (HTML tags and entities removed, line numbers kept), every line also
               folded to one canonical form of the same length (full-width forms to ASCII, traditional script
               to simplified), so the patterns are written once, in simplified characters, while quotes are cut
               from the original text at the same positions and so are found verbatim by `shtarget check`;
- lexicon.py   the words: units, verbs, time words, past words, headings, name noise;
- quantities.py, periods.py  figures ("2.6万家", "3-4个", "20%以上") and years ("到2025年", "十四五" → 2021–2025);
- reader.py    the walk down the document: sections.py keeps the headings (background or goals, topic, year),
               tables.py reads main-indicator tables (指标 | 单位 | 2020年 | 2025年 | 年均[累计] | 属性, as text or
               HTML), clauses.py the prose: sentences split into clauses, a clause stating a target when a verb
               governs a quantity ("…比重达到20%以上", "培育20家…企业", "年均增长6%左右"), shared subjects,
               "A和B分别…", enumerations after one verb, increases without a figure, multiples of a base year;
               past facts (a background section, "“十三五”期间…", "已", "比上年") are kept aside as baselines;
- merging.py   after reading: baselines from the past facts, a goal stated twice kept once;
- naming.py    indicator names tidied and completed, and the ids suggested from them;
- records.py   what the stages hand each other and what `extract` returns.

Every stage takes time linear in the text, whatever it holds (benchmarks/extract_scaling.py): no regex is
retried from every position of a long run, nothing is compared with everything before it, and a clause is read
up to clauses.MAX_CLAUSE characters, a longer one cut with a `clause-cut` finding.
"""

from __future__ import annotations

from shtarget.extract.document import document_title, prepare
from shtarget.extract.merging import drop_duplicates, with_pool_baselines
from shtarget.extract.naming import assign_ids, suggest_id
from shtarget.extract.periods import plan_period
from shtarget.extract.reader import read
from shtarget.extract.records import Baseline, Candidate, Extraction, ExtractOptions, Figure, Goal
from shtarget.model import Finding, Severity, Span

__all__ = [
    "Baseline",
    "Candidate",
    "ExtractOptions",
    "Extraction",
    "Figure",
    "Goal",
    "document_title",
    "extract",
    "extract_targets",
    "plan_period",
    "suggest_id",
]


def extract(text: str, options: ExtractOptions | None = None, path: str = "") -> Extraction:
    """Every target `text` states, in file order, duplicates (a goal restated, a table row repeating a
    sentence) dropped after their first statement; and findings about the reading, located in `path`."""
    options = options or ExtractOptions()
    reading = read(prepare(text), options)
    drafts = with_pool_baselines(reading.drafts, reading.facts)
    kept = drop_duplicates(sorted(drafts, key=lambda d: (d.line, d.column)))
    findings = tuple(
        Finding(notice.code, Severity.WARNING, notice.message, Span(path, notice.line, notice.column))
        for notice in reading.notices
    )
    return Extraction(assign_ids(kept), findings)


def extract_targets(text: str, options: ExtractOptions | None = None) -> tuple[Candidate, ...]:
    """The candidates of `extract`."""
    return extract(text, options).candidates
