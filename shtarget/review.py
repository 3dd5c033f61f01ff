"""Draft actuals: `shtarget scan --into` writes what a text gives as actuals marked `draft: true`; `shtarget
review` lists them, and accepts (removes the mark) or drops (deletes) each or all.

A draft is shown everywhere and assessed nowhere until it is accepted (`assess` leaves drafts out); `check`
warns `draft-actual` while one remains. Every change goes through the same splice, validation and atomic,
locked write as `record` (edit.py, record.py, store.py). Pure: text in, text out.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from shtarget.drafts import slug, unused_id
from shtarget.edit import EditError, delete_actual, put_actual, remove_actual_key
from shtarget.load import load_text
from shtarget.model import Actual, Dataset, Finding, Series, Severity, Span, Target, period_text, slot_of
from shtarget.provenance import check_path
from shtarget.record import Change, SourceRequest, _revalidate, add_source_entry
from shtarget.scalars import Entry, Style
from shtarget.scan import Proposal, document_lines, document_title, scan_text

# --- scan --into ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanInto:
    document: Path
    text: str  # the document's text, already read
    source_id: str | None = None  # cite this source; None: the document itself, registered when it is not yet
    year: int | None = None  # the year of figures the text gives none for


def scan_into(text: str, path: Path, display: str, request: ScanInto, as_of: int) -> Change | list[Finding]:
    """Add every new figure the document gives as a draft actual; figures the data holds already, the same or
    different, are left as they are."""
    before = load_text(text, path, display)
    if before.dataset is None or before.errors:
        return list(before.errors) or [_problem("unreadable", "cannot read the file", display)]
    dataset = before.dataset
    result = scan_text(request.text, dataset, request.year)
    new = [proposal for proposal in result.proposals if proposal.state == "new"]
    conflicts = [proposal for proposal in result.proposals if proposal.state == "conflict"]
    left = _left_out(result.proposals, conflicts)
    source_id, registration = _citing_source(dataset, request, display)
    if isinstance(source_id, Finding):
        return [source_id]
    if not new:
        return Change(text, text, f"nothing new to add to {display}{left}")
    edited, notes = text, []
    if registration is not None:
        added = add_source_entry(edited, path, display, registration)
        if isinstance(added, list):
            return added
        edited = added.new_text
        notes.append(f"registered source '{registration.source_id}' ({registration.path})")
    for proposal in new:
        entries = [Entry("year", proposal.year)]
        if proposal.months is not None:
            entries.append(Entry("months", proposal.months))
        entries += [
            Entry("value", proposal.text, Style.QUANTITY),
            Entry("source", source_id, Style.WORD),
            Entry("quote", proposal.quote),
            Entry("draft", True),
        ]
        spliced = put_actual(edited, proposal.figure_id, slot_of(proposal.year, proposal.months), entries)
        if isinstance(spliced, EditError):
            return [_problem("cannot-edit", f"{proposal.figure_id}: {spliced.message}", display)]
        edited = spliced
    after = _revalidate(text, edited, path, display, as_of)
    if isinstance(after, list):
        return after
    warnings = tuple(finding for finding in after[1] if finding.code != "draft-actual")
    shown = ", ".join(_slot_words(p.figure_id, p.year, p.months) for p in new)
    count = len(new)
    summary = f"added {count} draft actual{'s' if count != 1 else ''} to {display} (source {source_id}): {shown}"
    summary += "".join(f"; {note}" for note in notes) + left
    summary += ".\nThey are shown but not assessed until reviewed: `shtarget review` lists them."
    return Change(text, edited, summary, warnings)


def _left_out(proposals: tuple[Proposal, ...], conflicts: list[Proposal]) -> str:
    same = sum(proposal.state == "same" for proposal in proposals)
    words = f"; {same} already recorded" if same else ""
    if conflicts:
        listed = ", ".join(_slot_words(p.figure_id, p.year, p.months) for p in conflicts)
        words += f"; {len(conflicts)} differing from a recorded figure, left as recorded: {listed}"
    return words


def _citing_source(dataset: Dataset, request: ScanInto, display: str) -> tuple[str | Finding, SourceRequest | None]:
    """The source the drafts cite, and the registration of the document when it is not a source yet."""
    if request.source_id is not None:
        if request.source_id not in dataset.sources:
            close = difflib.get_close_matches(request.source_id, list(dataset.sources), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return _problem("unknown-source", f"--source: unknown source '{request.source_id}'{hint}", display), None
        return request.source_id, None
    document = request.document.resolve()
    for source in dataset.sources.values():
        if source.path is not None:
            resolved = check_path(dataset.root, source.path)
            if isinstance(resolved, Path) and resolved == document:
                return source.id, None
    relative = os.path.relpath(document, dataset.root.resolve()).replace(os.sep, "/")
    source_id = unused_id(slug(request.document, "bulletin"), set(dataset.sources))
    title = document_title(document_lines(request.text)) or request.document.name
    return source_id, SourceRequest(source_id, title[:200], relative)


# --- review ---------------------------------------------------------------------------------------------------


def drafts_of(dataset: Dataset) -> tuple[tuple[Target | Series, Actual], ...]:
    """Every draft actual, in file order."""
    return tuple((figure, actual) for figure in dataset.figures for actual in figure.actuals if actual.draft)


@dataclass(frozen=True)
class ReviewRequest:
    action: str  # accept | drop
    figure_id: str | None = None
    year: int | None = None
    months: int | None = None
    everything: bool = False  # --all


def review_drafts(text: str, path: Path, display: str, request: ReviewRequest, as_of: int) -> Change | list[Finding]:
    """Accept (remove `draft: true`) or drop (delete) one draft actual, or every one."""
    before = load_text(text, path, display)
    if before.dataset is None or before.errors:
        return list(before.errors) or [_problem("unreadable", "cannot read the file", display)]
    dataset = before.dataset
    drafts = drafts_of(dataset)
    if not request.everything:
        chosen = _chosen(dataset, drafts, request, display)
        if isinstance(chosen, Finding):
            return [chosen]
        drafts = (chosen,)
    if not drafts:
        return Change(text, text, f"no draft actuals in {display}")
    edited = text
    for figure, actual in drafts:
        slot = actual.slot
        changed = (
            remove_actual_key(edited, figure.id, slot, "draft")
            if request.action == "accept"
            else delete_actual(edited, figure.id, slot)
        )
        if isinstance(changed, EditError):
            return [_problem("cannot-edit", f"{figure.id}: {changed.message}", display)]
        edited = changed
    after = _revalidate(text, edited, path, display, as_of)
    if isinstance(after, list):
        return after
    shown = ", ".join(_slot_words(figure.id, actual.year, actual.months) for figure, actual in drafts)
    count = len(drafts)
    done = "accepted" if request.action == "accept" else "dropped"
    summary = f"{done} {count} draft actual{'s' if count != 1 else ''}: {shown}"
    if request.action == "accept":
        summary += f"; {'they are' if count != 1 else 'it is'} assessed from now on"
    return Change(text, edited, summary, tuple(f for f in after[1] if f.code != "draft-actual"))


def _chosen(
    dataset: Dataset, drafts: tuple[tuple[Target | Series, Actual], ...], request: ReviewRequest, display: str
) -> tuple[Target | Series, Actual] | Finding:
    figure_id = request.figure_id or ""
    if not any(figure.id == figure_id for figure in dataset.figures):
        ids = [figure.id for figure in dataset.figures]
        close = difflib.get_close_matches(figure_id, ids, n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return _problem("unknown-target", f"unknown target or series '{figure_id}'{hint}", display)
    slot = slot_of(request.year or 0, request.months)
    found = next(((f, a) for f, a in drafts if f.id == figure_id and a.slot == slot), None)
    if found is None:
        period = period_text(request.year or 0, request.months)
        message = f"{figure_id} {period}: no draft actual there; `shtarget review` lists the drafts"
        return _problem("no-draft", message, display)
    return found


def _slot_words(figure_id: str, year: int, months: int | None) -> str:
    return f"{figure_id} {period_text(year, months)}"


def _problem(code: str, message: str, display: str) -> Finding:
    return Finding(code, Severity.ERROR, message, Span(display, 1, 1))
