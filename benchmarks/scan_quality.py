"""How well `shtarget scan` finds the figures a person would record: recall and precision against hand-labelled
answers (benchmarks/scan_expected.yaml) for the texts in benchmarks/scan_texts/, scanned against the shipped
targets.yaml.

A proposal is right when an expected entry has its target or series id, year, months and value (to 1e-9);
matching is one to one. Every proposal counts, whatever its state (new, same or conflict): the question is
whether the scanner read the figure right, not whether the data already holds it.

    python benchmarks/scan_quality.py             # the table, held-out texts and development texts apart
    python benchmarks/scan_quality.py --details   # also every miss and every wrong proposal

Exits 1 when the held-out texts fall below recall 0.85 or precision 0.90 (the goals of issue 24).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any, NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "benchmarks" / "scan_texts"
ANSWERS = ROOT / "benchmarks" / "scan_expected.yaml"
RECALL_GOAL, PRECISION_GOAL = 0.85, 0.90


class Score(NamedTuple):
    name: str
    expected: int
    proposed: int
    right: int
    misses: tuple[str, ...]
    wrong: tuple[str, ...]


def score_text(name: str, entry: dict[str, Any], dataset: Any) -> Score:
    from shtarget.scan import scan_text

    text = (TEXTS / name).read_text(encoding="utf-8")
    year = (entry.get("options") or {}).get("year")
    result = scan_text(text, dataset, year)
    expected = [
        (item["id"], int(item["year"]), item.get("months"), float(item["value"])) for item in entry["expected"] or ()
    ]
    left = list(expected)
    wrong = []
    for proposal in result.proposals:
        hit = next(
            (
                item
                for item in left
                if item[:3] == (proposal.figure_id, proposal.year, proposal.months)
                and math.isclose(item[3], proposal.value, rel_tol=1e-9)
            ),
            None,
        )
        if hit is None:
            shown = f"{proposal.figure_id} {proposal.year}"
            wrong.append(f"{shown}{f' ({proposal.months} months)' if proposal.months else ''} {proposal.value:g}")
        else:
            left.remove(hit)
    misses = tuple(f"{i} {y}{f' ({m} months)' if m else ''} {v:g}" for i, y, m, v in left)
    right = len(result.proposals) - len(wrong)
    return Score(name, len(expected), len(result.proposals), right, misses, tuple(wrong))


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss and wrong proposal")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from shtarget.load import load_file

    loaded = load_file(ROOT / "targets.yaml")
    if loaded.dataset is None or loaded.errors:
        print("targets.yaml does not load", file=sys.stderr)
        return 2
    answers = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))["texts"]
    scores = [score_text(name, entry, loaded.dataset) for name, entry in answers.items()]
    print("| text | expected | proposed | right | recall | precision |")
    print("|---|---:|---:|---:|---:|---:|")
    failed = False
    for group, prefix in (("held out", "heldout-"), ("development", "dev-")):
        chosen = [score for score in scores if score.name.startswith(prefix)]
        for score in chosen:
            recall, precision = _ratio(score.right, score.expected), _ratio(score.right, score.proposed)
            counts = f"{score.expected} | {score.proposed} | {score.right}"
            print(f"| {score.name} | {counts} | {recall:.1%} | {precision:.1%} |")
        expected = sum(score.expected for score in chosen)
        proposed = sum(score.proposed for score in chosen)
        right = sum(score.right for score in chosen)
        recall, precision = _ratio(right, expected), _ratio(right, proposed)
        print(f"| **all {group}** | {expected} | {proposed} | {right} | **{recall:.1%}** | **{precision:.1%}** |")
        if group == "held out":
            failed = recall < RECALL_GOAL or precision < PRECISION_GOAL
    if arguments.details:
        for score in scores:
            for miss in score.misses:
                print(f"{score.name}: missed {miss}")
            for wrong in score.wrong:
                print(f"{score.name}: wrong {wrong}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
