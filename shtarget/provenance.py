"""Provenance: file sources stay inside the repository, match their sha256 pins, and contain their quotes.

A quote is found when it appears in the file after both are normalised the same way: HTML tags and entities
removed (seed pages are scraped HTML), whitespace dropped, full-width forms folded (NFKC), and traditional
characters converted to simplified with OpenCC, so a quote in either script matches a page in the other.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# A tag opens with a name, "/", "!" or "?": "<5.5 … >42" in a plain-text table is text, not markup.
_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")
_WHITESPACE = re.compile(r"\s+")
CONTEXT_CHARS = 40
CLOSEST_PROBE_CHARS = 80


@dataclass(frozen=True)
class SourceProblem:
    """Why a file source cannot be used; `code` is the finding code."""

    code: str
    message: str


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found: the 1-based line of the file it starts on."""

    line: int


@dataclass(frozen=True)
class QuoteMiss:
    """A quote that is not in the file, with the passage that comes closest."""

    closest_line: int | None
    closest_passage: str


@dataclass(frozen=True)
class SourceText:
    """A source file prepared for quote search: its normalised text and where each original line starts in it."""

    path: Path
    lines: tuple[str, ...]
    normalised: str
    line_starts: tuple[int, ...]

    def find(self, quote: str) -> QuoteMatch | QuoteMiss:
        wanted = normalise(quote)
        if not wanted:
            return QuoteMiss(None, "")
        index = self.normalised.find(wanted)
        if index >= 0:
            return QuoteMatch(self.line_of(index))
        return self._closest(wanted)

    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.line_starts, index)

    def _closest(self, wanted: str) -> QuoteMiss:
        # The longest common run costs about len(file) × len(quote); the quote's start is enough to point at
        # the passage meant, and keeps a long quote in a large file to a fraction of a second.
        wanted = wanted[:CLOSEST_PROBE_CHARS]
        matcher = difflib.SequenceMatcher(None, self.normalised, wanted, autojunk=False)
        match = matcher.find_longest_match(0, len(self.normalised), 0, len(wanted))
        if match.size < max(2, len(wanted) // 4):
            return QuoteMiss(None, "")
        line = self.line_of(match.a)
        passage = _strip_markup(self.lines[line - 1]).strip()
        if len(passage) > 2 * CONTEXT_CHARS:
            anchor = max(0, _locate_in_line(passage, self.normalised[match.a : match.a + match.size]))
            start = max(0, anchor - CONTEXT_CHARS // 2)
            passage = ("…" if start else "") + passage[start : start + 2 * CONTEXT_CHARS] + "…"
        return QuoteMiss(line, passage)


def normalise(text: str) -> str:
    """The form quotes are compared in: no markup or whitespace, NFKC-folded, simplified script, lower case."""
    folded = unicodedata.normalize("NFKC", html.unescape(_strip_markup(text)))
    return _WHITESPACE.sub("", _to_simplified()(folded)).casefold()


def load_source_text(path: Path) -> SourceText:
    """Read and normalise a source file line by line, so a match maps back to its line."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    # Tags may span lines; blank them out first but keep their newlines so line numbers stay true.
    without_tags = _TAG.sub(lambda tag: "\n" * tag.group().count("\n"), raw)
    lines = tuple(raw.split("\n"))  # split on \n only, as editors number lines
    clean_lines = without_tags.split("\n")
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for clean in clean_lines:
        starts.append(offset)
        piece = normalise(clean)
        parts.append(piece)
        offset += len(piece)
    return SourceText(path, lines, "".join(parts), tuple(starts))


def check_path(root: Path, relative: str) -> Path | SourceProblem:
    """The file a source's `path` names, if it exists and lies inside `root` (symlinks followed)."""
    candidate = Path(relative)
    if candidate.is_absolute():
        return SourceProblem("path-outside-repo", f"path '{relative}' is absolute; give it relative to the repository")
    if "\x00" in relative:
        return SourceProblem("source-unreadable", f"path '{relative}' contains a NUL character")
    try:
        base = root.resolve()
        resolved = (base / candidate).resolve()
        if not resolved.is_relative_to(base):
            return SourceProblem("path-outside-repo", f"path '{relative}' leads outside the repository ({base})")
        if not resolved.exists():
            return SourceProblem("source-missing", f"file '{relative}' does not exist")
        if not resolved.is_file():
            return SourceProblem("source-unreadable", f"'{relative}' is not a regular file")
    except RuntimeError:  # Path.resolve on a symlink loop
        return SourceProblem("source-unreadable", f"path '{relative}' is a symlink loop")
    except (OSError, ValueError) as exc:  # a name too long for the file system, say
        return SourceProblem(
            "source-unreadable", f"path '{relative}' cannot be used: {getattr(exc, 'strerror', None) or exc}"
        )
    return resolved


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def simplified(text: str) -> str:
    """`text` in simplified script (OpenCC t2s, phrase-aware); simplified text passes unchanged."""
    return _to_simplified()(text)


@cache
def _to_simplified() -> Callable[[str], str]:
    """OpenCC's traditional→simplified converter, built once and only when a quote is checked."""
    import opencc

    converter = opencc.OpenCC("t2s")
    convert: Callable[[str], str] = converter.convert
    return convert


def _strip_markup(text: str) -> str:
    return _TAG.sub("", text)


def _locate_in_line(line: str, normalised_piece: str) -> int:
    """Roughly where a normalised fragment sits in an original line (for showing context)."""
    probe = normalised_piece[:6]
    for index in range(len(line)):
        if normalise(line[index : index + len(probe) * 2]).startswith(probe):
            return index
    return -1
