"""Plain data: what either parser hands the builder (build.py).

Mappings are dicts with text keys, lists are lists, and scalars are str, int, float, bool, None or a date.
A scalar PyYAML could not construct is `INVALID`: the parser has reported it already, and the builder
skips it without a second message.
"""

from __future__ import annotations


class Invalid:
    """Stands for a scalar that could not be constructed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<invalid>"


INVALID = Invalid()
