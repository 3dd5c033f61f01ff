"""The builder's quick path for the usual actual accepts only what the checked path accepts, identically."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shtarget.build import _Builder
from shtarget.model import Kind, Source, Span
from shtarget.parse import Located, read_located

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10, max_value=3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", "2.6万", "突破2.6萬家", "7328亿元", "yes", "2021", "1:30", "x", "1e3", "约3500亿元"]),
)
ACTUALS = st.dictionaries(
    st.sampled_from(["year", "value", "source", "quote", "note", "done", "months"]),
    st.one_of(SCALARS, st.sampled_from(["web", "doc", "nope"]), st.integers(min_value=1890, max_value=2210)),
)


def builder() -> _Builder:
    """A builder reading PyYAML data (positions fall back to the document's start for these dicts)."""
    parsed = read_located("a: 1\n", "t.yaml")
    assert isinstance(parsed, Located)
    made = _Builder("t.yaml", parsed)
    made.sources = {
        "web": Source("web", Span("t.yaml", 1, 1), "web", None, "https://example.org"),
        "doc": Source("doc", Span("t.yaml", 1, 1), "doc", "seeds/doc.txt"),
    }
    return made


@settings(max_examples=600, deadline=None)
@given(ACTUALS, st.sampled_from(["亿元", "家", "%"]))
def test_the_quick_path_agrees_with_the_checked_path(item: dict[str, object], unit: str) -> None:
    quick = builder().plain_actual(item, unit)
    if quick is None:
        return
    checked = builder()
    full = checked.checked_actual([item], 0, item, "t", "t", Kind.LEVEL, unit)
    assert not checked.findings
    assert full == quick


def test_the_quick_path_takes_the_usual_actual() -> None:
    item: dict[str, object] = {"year": 2021, "value": "7328亿元", "source": "doc", "quote": "7328亿元"}
    quick = builder().plain_actual(item, "亿元")
    assert quick is not None and quick.value is not None and quick.value.value == 7328
    assert builder().plain_actual({**item, "source": "nope"}, "亿元") is None
    assert builder().plain_actual({"year": 2021, "value": 1, "source": "doc"}, "亿元") is None  # file needs a quote
