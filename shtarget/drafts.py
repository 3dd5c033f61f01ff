"""`shtarget extract --into`: add extracted candidates to a targets file as drafts, through the same splice,
validation and atomic write as `record`.

The document must be a source of the data file for its quotes to count. When it is not one yet, the same
change registers it (`sources add … --path`, its sha256 pinned) and, when no plan cites it and `--plan` names
none that exists, adds a plan for it (named after the document's title, over the period the document names).
Candidates whose id the file already has are left out, so running extract again adds only what is new; so are
candidates whose year lies outside the plan's period. Every appended target carries `draft: true`, which
`check` reports as `draft-target` until a person has reviewed it.

Pure: text in, text out. Locking and the write are the CLI's, through store.py.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, replace
from pathlib import Path

from shtarget.edit import EditError, add_plan, append_targets
from shtarget.extract import Candidate
from shtarget.load import load_text
from shtarget.model import Dataset, Finding, Severity, Span
from shtarget.provenance import check_path, normalise
from shtarget.record import Change, SourceRequest, _revalidate, add_source_entry
from shtarget.render.extract_format import target_lines
from shtarget.scalars import Entry, Style


@dataclass(frozen=True)
class Placement:
    """Which source and plan the candidates cite, and whether either has to be added first."""

    source_id: str
    plan_id: str
    source_path: str  # the document's path relative to the data file's directory
    new_source: bool
    new_plan: bool
    period: tuple[int, int] | None  # the plan's years

    def registration(self, title: str) -> str | None:
        """The command that registers the document, when it is not a source yet."""
        if not self.new_source:
            return None
        words = ["shtarget", "sources", "add", self.source_id, "--path", str(self.source_path), "--title", title]
        return shlex.join(words)  # printed to be pasted into a shell: every word quoted as it needs


@dataclass(frozen=True)
class DraftRequest:
    document: Path
    candidates: tuple[Candidate, ...]
    title: str
    period: tuple[int, int]  # the period the document names, for a plan added with it
    plan_id: str | None = None


def place(dataset: Dataset | None, document: Path, plan_id: str | None, period: tuple[int, int]) -> Placement | Finding:
    """Where the document's candidates go in `dataset` (or, with none, the ids a new data file would use)."""
    if dataset is None:
        return _fresh(document, plan_id, period)
    relative = _relative(document, dataset.root)
    registered = next(
        (
            source.id
            for source in dataset.sources.values()
            if source.path is not None
            and isinstance(resolved := check_path(dataset.root, source.path), Path)
            and resolved == document.resolve()
        ),
        None,
    )
    new_source = registered is None
    source_id = registered if registered is not None else unused_id(slug(document), set(dataset.sources))
    if plan_id is not None:
        plan = dataset.plans.get(plan_id)
        plan_period = plan.period if plan is not None else period
        return Placement(source_id, plan_id, relative, new_source, plan is None, plan_period)
    citing = [plan for plan in dataset.plans.values() if plan.source == source_id and not new_source]
    if len(citing) > 1:
        names = ", ".join(plan.id for plan in citing)
        message = f"several plans cite source '{source_id}' ({names}); choose one with --plan"
        return Finding("ambiguous-plan", Severity.ERROR, message, Span(str(dataset.path), 1, 1))
    if citing:
        return Placement(source_id, citing[0].id, relative, new_source, False, citing[0].period)
    return Placement(source_id, unused_id(source_id, set(dataset.plans)), relative, new_source, True, period)


def suggest_placement(
    dataset: Dataset | None, document: Path, plan_id: str | None, period: tuple[int, int]
) -> Placement:
    """The ids to show candidates under: as `place` would choose them, or fresh ones where it cannot choose."""
    placement = place(dataset, document, plan_id, period)
    return placement if isinstance(placement, Placement) else _fresh(document, plan_id, period)


def _fresh(document: Path, plan_id: str | None, period: tuple[int, int]) -> Placement:
    """Ids for a document no data file knows yet, its path relative to the current directory."""
    source_id = slug(document)
    return Placement(source_id, plan_id or source_id, _relative(document, Path.cwd()), True, True, period)


def _relative(document: Path, root: Path) -> str:
    return os.path.relpath(document.resolve(), root.resolve()).replace(os.sep, "/")


def append_drafts(text: str, path: Path, display: str, request: DraftRequest, as_of: int) -> Change | list[Finding]:
    before = load_text(text, path, display)
    if before.dataset is None or before.errors:
        return list(before.errors) or [_problem("unreadable", "cannot read the file", display)]
    dataset = before.dataset
    placement = place(dataset, request.document, request.plan_id, request.period)
    if isinstance(placement, Finding):
        return [placement]
    edited = text
    notes: list[str] = []
    if placement.new_source:
        source = SourceRequest(placement.source_id, request.title, placement.source_path)
        added = add_source_entry(edited, path, display, source)
        if isinstance(added, list):
            return added
        edited = added.new_text
        notes.append(f"registered source '{placement.source_id}' ({placement.source_path})")
    if placement.new_plan:
        entries = [Entry("name", request.title), Entry("source", placement.source_id, Style.WORD)]
        if placement.period is not None:
            entries.append(Entry("period", f"[{placement.period[0]}, {placement.period[1]}]", Style.RAW))
        with_plan = add_plan(edited, placement.plan_id, entries)
        if isinstance(with_plan, EditError):
            return [_problem("cannot-edit", with_plan.message, display)]
        edited = with_plan
        notes.append(f"added plan '{placement.plan_id}'")
    cited = {
        normalise(citation.quote)
        for target in dataset.targets
        for citation in target.evidence
        if citation.source == placement.source_id and citation.quote
    }
    present = [c.id for c in request.candidates if normalise(c.quote) in cited]
    period = placement.period
    outside = [c.id for c in request.candidates if period and not period[0] <= c.target.year <= period[1]]
    chosen = _unique_ids(
        [c for c in request.candidates if c.id not in present and c.id not in outside],
        {figure.id for figure in dataset.figures},
        placement.plan_id,
    )
    left_out = []
    if present:
        left_out.append(f"left out {len(present)} already there (same source and quote): {', '.join(present)}")
    if outside and period:
        left_out.append(
            f"left out {len(outside)} outside the plan's years {period[0]}–{period[1]}: {', '.join(outside)}"
        )
    if not chosen:  # running extract again on the same document: nothing to do, and that is fine
        untouched = [
            what
            for what, new in (("source", placement.new_source), (f"plan '{placement.plan_id}'", placement.new_plan))
            if new
        ]
        summary = f"nothing new to add to {display}; " + "; ".join(left_out)
        if untouched:
            summary += f"; {' and '.join(untouched)} not added either"
        return Change(text, text, summary + f"; {display} unchanged")
    blocks = [target_lines(candidate, placement.source_id, placement.plan_id) for candidate in chosen]
    appended = append_targets(edited, blocks)
    if isinstance(appended, EditError):
        return [_problem("cannot-edit", appended.message, display)]
    after = _revalidate(text, appended, path, display, as_of)
    if isinstance(after, list):
        return after
    count = len(chosen)
    summary = (
        f"added {count} draft target{'s' if count != 1 else ''} to {display} "
        f"(source {placement.source_id}, plan {placement.plan_id})"
    )
    summary += "".join(f"; {note}" for note in notes + left_out)
    summary += ".\nReview each, then delete its `draft: true` line; `shtarget check --strict` fails until then."
    return Change(text, appended, summary)


def _unique_ids(candidates: list[Candidate], taken: set[str], plan_id: str) -> list[Candidate]:
    """Candidates whose suggested id another target has already are given the plan's id as a prefix."""
    unique = []
    for candidate in candidates:
        ident = candidate.id
        if ident in taken:
            ident = unused_id(f"{plan_id}-{ident}", taken)
        taken.add(ident)
        unique.append(replace(candidate, id=ident))
    return unique


def slug(document: Path, fallback: str = "plan-document") -> str:
    """An id made from a document's file name: `2024年统计公报.txt` → `2024`; nothing usable → `fallback`."""
    made = re.sub(r"[^a-z0-9]+", "-", document.stem.lower()).strip("-")
    return made or fallback


def unused_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, … — the first not in `taken`."""
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def _problem(code: str, message: str, display: str) -> Finding:
    return Finding(code, Severity.ERROR, message, Span(display, 1, 1))
