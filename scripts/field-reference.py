"""Rewrite README.md's field reference from the format's table (shtarget/fileformat.py)."""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- field-reference:start -->\n", "<!-- field-reference:end -->"


def with_reference(readme: str, reference: str) -> str:
    head, rest = readme.split(START, 1)
    return head + START + reference + rest[rest.index(END) :]


if __name__ == "__main__":
    sys.path.insert(0, str(README.parent))
    from shtarget.fileformat import field_reference

    README.write_text(with_reference(README.read_text(encoding="utf-8"), field_reference()), encoding="utf-8")
