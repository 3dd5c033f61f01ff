"""Draft actuals: written by `scan --into`, accepted or dropped by `review`, never assessed (shtarget/review.py,
edit.py's remove_actual_key and delete_actual, assess's filter, check's draft-actual)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, write
from shtarget.assess import assess
from shtarget.check import CheckOptions, check_dataset
from shtarget.edit import EditError, delete_actual, remove_actual_key
from shtarget.load import load_text
from shtarget.model import Dataset, Finding, Status
from shtarget.record import Change
from shtarget.review import ReviewRequest, ScanInto, drafts_of, review_drafts, scan_into

SCAN = FIXTURES / "scan"


def loaded(text: str, path: Path) -> Dataset:
    result = load_text(text, path, "targets.yaml")
    assert result.dataset is not None and not result.errors, result.errors
    return result.dataset


@pytest.fixture
def working(tmp_path: Path) -> Path:
    shutil.copy(SCAN / "targets.yaml", tmp_path / "targets.yaml")
    (tmp_path / "bulletins").mkdir()
    shutil.copy(SCAN / "bulletin.txt", tmp_path / "bulletins" / "bulletin-2024.txt")
    return tmp_path


def into(working: Path, source: str | None = None) -> Change | list[Finding]:
    path = working / "targets.yaml"
    document = working / "bulletins" / "bulletin-2024.txt"
    request = ScanInto(document, document.read_text(encoding="utf-8"), source)
    return scan_into(path.read_text(encoding="utf-8"), path, "targets.yaml", request, 2026)


# --- scan --into ----------------------------------------------------------------------------------------------


def test_scan_into_writes_new_figures_as_drafts_and_registers_the_file(working: Path) -> None:
    change = into(working)
    assert isinstance(change, Change), change
    dataset = loaded(change.new_text, working / "targets.yaml")
    source = dataset.sources["bulletin-2024"]
    assert source.path == "bulletins/bulletin-2024.txt" and source.sha256 is not None
    drafts = {(figure.id, actual.year, actual.months) for figure, actual in drafts_of(dataset)}
    assert drafts == {
        ("gdp", 2024, None),
        ("gdp", 2024, 3),
        ("sei-value", 2024, None),
        ("sei-share", 2024, None),
        ("industrial-share", 2024, None),
        ("ic-growth", 2024, None),
        ("ic-doubling", 2024, None),
        ("high-tech", 2024, None),
        ("nev-output", 2024, 11),
    }
    assert "added 9 draft actuals" in change.summary and "registered source 'bulletin-2024'" in change.summary
    # the recorded figure that differs (sei-value 2023: 12000 recorded, 12500 in the text) is never overwritten
    sei = next(figure for figure in dataset.targets if figure.id == "sei-value")
    assert [(a.year, a.value.value if a.value else None, a.draft) for a in sei.actuals if a.year == 2023] == [
        (2023, 12000.0, False)
    ]
    assert "1 differing from a recorded figure, left as recorded: sei-value 2023" in change.summary
    assert not [f for f in change.warnings if f.severity == "error"]


def test_a_second_scan_adds_nothing(working: Path) -> None:
    change = into(working)
    assert isinstance(change, Change)
    (working / "targets.yaml").write_text(change.new_text, encoding="utf-8")
    again = into(working)
    assert isinstance(again, Change) and again.new_text == again.old_text
    assert again.summary.startswith("nothing new to add to targets.yaml")


def test_scan_into_cites_a_given_source(working: Path) -> None:
    change = into(working, "bulletin-2023")
    assert isinstance(change, Change)
    dataset = loaded(change.new_text, working / "targets.yaml")
    assert "bulletin-2024" not in dataset.sources
    assert {actual.citation.source for _, actual in drafts_of(dataset) if actual.citation} == {"bulletin-2023"}


def test_scan_into_refuses_an_unknown_source(working: Path) -> None:
    problems = into(working, "bulletin-2O23")
    assert isinstance(problems, list)
    assert problems[0].code == "unknown-source" and "did you mean 'bulletin-2023'" in problems[0].message


def test_scan_into_refuses_a_document_outside_the_repository(tmp_path: Path) -> None:
    data = tmp_path / "repo"
    data.mkdir()
    shutil.copy(SCAN / "targets.yaml", data / "targets.yaml")
    document = tmp_path / "bulletin.txt"
    shutil.copy(SCAN / "bulletin.txt", document)
    path = data / "targets.yaml"
    request = ScanInto(document, document.read_text(encoding="utf-8"))
    problems = scan_into(path.read_text(encoding="utf-8"), path, "targets.yaml", request, 2026)
    assert isinstance(problems, list) and problems[0].code == "path-outside-repo"


# --- drafts are shown, never assessed, and checked ------------------------------------------------------------


def test_drafts_are_not_assessed_and_check_warns(working: Path) -> None:
    change = into(working)
    assert isinstance(change, Change)
    dataset = loaded(change.new_text, working / "targets.yaml")
    high_tech = next(target for target in dataset.targets if target.id == "high-tech")
    assessment = assess(high_tech, 2024, dataset.settings)
    assert assessment.latest is not None and assessment.latest.year == 2022  # the 2024 draft is left out
    assert assessment.target is high_tech  # shown: the assessment keeps the target with its drafts
    without = high_tech._replace(actuals=tuple(a for a in high_tech.actuals if not a.draft))
    assert assess(without, 2024, dataset.settings)._replace(target=high_tech) == assessment
    codes = [f for f in check_dataset(dataset, CheckOptions(2026)) if f.code == "draft-actual"]
    assert len(codes) == 9 and all(f.severity == "warning" for f in codes)
    gdp = next(f for f in codes if f.target == "gdp" and "first 3 months" in f.message)
    assert "shtarget review accept gdp 2024 --months 3" in gdp.message


def test_a_draft_deciding_nothing_leaves_the_status(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        schema: 1
        title: t
        sources: {s: {url: "https://example.org", title: s}}
        plans: {p: {name: p, period: [2021, 2025]}}
        targets:
          - id: x
            plan: p
            name: 某指标
            unit: 家
            baseline: {year: 2020, value: 100, source: s}
            target: {year: 2025, value: 200, op: ">="}
            evidence: [{source: s}]
            actuals:
              - {year: 2025, value: 300, source: s, draft: true}
        """,
    )
    dataset = loaded(path.read_text(encoding="utf-8"), path)
    assert assess(dataset.targets[0], 2026, dataset.settings).status is Status.NO_DATA


# --- review: accept and drop --------------------------------------------------------------------------------


def review(working: Path, request: ReviewRequest) -> Change | list[Finding]:
    path = working / "targets.yaml"
    return review_drafts(path.read_text(encoding="utf-8"), path, "targets.yaml", request, 2026)


def test_accept_one_draft(working: Path) -> None:
    change = into(working)
    assert isinstance(change, Change)
    (working / "targets.yaml").write_text(change.new_text, encoding="utf-8")
    accepted = review(working, ReviewRequest("accept", "gdp", 2024, 3))
    assert isinstance(accepted, Change), accepted
    assert accepted.summary == "accepted 1 draft actual: gdp 2024 (first 3 months); it is assessed from now on"
    dataset = loaded(accepted.new_text, working / "targets.yaml")
    gdp = next(series for series in dataset.series if series.id == "gdp")
    assert {(a.year, a.months, a.draft) for a in gdp.actuals if a.year == 2024} == {
        (2024, None, True),
        (2024, 3, False),
    }
    removed = [line for line in change.new_text.splitlines() if line not in accepted.new_text.splitlines()]
    assert len(removed) == 1 and "draft: true" in removed[0]


def test_drop_every_draft_restores_the_figures(working: Path) -> None:
    original = (working / "targets.yaml").read_text(encoding="utf-8")
    change = into(working, "bulletin-2023")
    assert isinstance(change, Change)
    (working / "targets.yaml").write_text(change.new_text, encoding="utf-8")
    dropped = review(working, ReviewRequest("drop", everything=True))
    assert isinstance(dropped, Change) and dropped.summary.startswith("dropped 9 draft actuals: ")
    dataset = loaded(dropped.new_text, working / "targets.yaml")
    assert drafts_of(dataset) == ()
    before = loaded(original, working / "targets.yaml")

    def figures(data: Dataset) -> list[list[tuple[object, ...]]]:  # positions aside: an emptied `actuals:` stays
        return [
            [(a.year, a.months, a.value, a.citation.source if a.citation else None) for a in f.actuals]
            for f in data.figures
        ]

    assert figures(before) == figures(dataset)


def test_accept_all_with_no_drafts_changes_nothing(working: Path) -> None:
    change = review(working, ReviewRequest("accept", everything=True))
    assert isinstance(change, Change) and change.new_text == change.old_text
    assert change.summary == "no draft actuals in targets.yaml"


def test_review_of_a_figure_that_is_no_draft(working: Path) -> None:
    problems = review(working, ReviewRequest("accept", "sei-value", 2023))
    assert isinstance(problems, list)
    assert problems[0].code == "no-draft"
    assert problems[0].message == "sei-value 2023: no draft actual there; `shtarget review` lists the drafts"
    unknown = review(working, ReviewRequest("drop", "sei-valu", 2023))
    assert isinstance(unknown, list) and unknown[0].code == "unknown-target" and "sei-value" in unknown[0].message


# --- the edits, in every layout -----------------------------------------------------------------------------

FLOW_IN_BLOCK = """targets:
  - id: x
    actuals:
      - {year: 2023, value: 1, source: s}
      - {year: 2024, value: 2, source: s, draft: true}  # a comment stays
      - {year: 2025, value: 3, source: s}
"""
BLOCK = """targets:
  - id: x
    actuals:
      - year: 2024
        value: 2
        draft: true
        source: s
      - draft: true
        year: 2025
        value: 3
"""
FLOW_LIST = """targets:
  - id: x
    actuals: [{year: 2023, value: 1}, {draft: true, year: 2024, value: 2}]
"""
FLOW_LINES = """targets:\r
  - id: x\r
    actuals: [\r
      {year: 2023, value: 1},\r
      {year: 2024, value: 2, draft: true},\r
    ]\r
"""


def test_remove_key_keeps_every_other_byte() -> None:
    assert remove_actual_key(FLOW_IN_BLOCK, "x", (2024, 12), "draft") == FLOW_IN_BLOCK.replace(", draft: true", "")
    assert remove_actual_key(BLOCK, "x", (2024, 12), "draft") == BLOCK.replace("        draft: true\n", "", 1)
    assert remove_actual_key(BLOCK, "x", (2025, 12), "draft") == BLOCK.replace(
        "      - draft: true\n        year: 2025", "      - year: 2025"
    )
    assert remove_actual_key(FLOW_LIST, "x", (2024, 12), "draft") == FLOW_LIST.replace("draft: true, ", "")
    assert remove_actual_key(FLOW_LINES, "x", (2024, 12), "draft") == FLOW_LINES.replace(", draft: true", "")
    assert remove_actual_key(FLOW_IN_BLOCK, "x", (2023, 12), "draft") == FLOW_IN_BLOCK  # nothing to remove


def test_delete_actual_in_every_layout() -> None:
    assert delete_actual(FLOW_IN_BLOCK, "x", (2024, 12)) == FLOW_IN_BLOCK.replace(
        "      - {year: 2024, value: 2, source: s, draft: true}  # a comment stays\n", ""
    )
    assert delete_actual(BLOCK, "x", (2024, 12)) == BLOCK.replace(
        "      - year: 2024\n        value: 2\n        draft: true\n        source: s\n", ""
    )
    assert delete_actual(FLOW_LIST, "x", (2024, 12)) == FLOW_LIST.replace(", {draft: true, year: 2024, value: 2}", "")
    assert delete_actual(FLOW_LIST, "x", (2023, 12)) == FLOW_LIST.replace("{year: 2023, value: 1}, ", "")
    assert delete_actual(FLOW_LINES, "x", (2024, 12)) == FLOW_LINES.replace(
        "},\r\n      {year: 2024, value: 2, draft: true},", "},"
    )


def test_edits_refuse_what_is_not_there_or_shared() -> None:
    assert isinstance(delete_actual(FLOW_LIST, "y", (2024, 12)), EditError)
    assert isinstance(delete_actual(FLOW_LIST, "x", (2022, 12)), EditError)
    shared = "a: &one {year: 2024, draft: true}\ntargets:\n  - id: x\n    actuals: [*one]\n"
    problem = remove_actual_key(shared, "x", (2024, 12), "draft")
    assert isinstance(problem, EditError) and "alias" in problem.message
