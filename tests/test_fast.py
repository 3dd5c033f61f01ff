"""The fast path (yaml-rs) must accept exactly what the full load accepts cleanly, with identical values."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_bad_corpus import BAD
from test_cli import run

from conftest import FIXTURES, REPO
from shtarget.load import load_bytes, read_fast
from shtarget.model import Span
from shtarget.trust import read_yaml_rs, trusted_by_yaml_rs, typed_in_yaml11

pytest.importorskip("yaml_rs")
sys.path.insert(0, str(REPO / "benchmarks"))
from run import synthetic

NOWHERE = Span("-", 0, 0)


def without_positions(value: Any) -> Any:
    """The model with every Span replaced by one placeholder and the `located` flag dropped."""
    if isinstance(value, Span):
        return NOWHERE
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        changes = {name: without_positions(getattr(value, name)) for name in value._fields}
        if "located" in changes:
            changes["located"] = True
        return value._replace(**changes)
    if isinstance(value, tuple):
        return tuple(without_positions(item) for item in value)
    if isinstance(value, dict):
        return {key: without_positions(item) for key, item in value.items()}
    return value


def both_paths(raw: bytes, path: Path) -> tuple[Any, Any]:
    """(fast dataset or None, slow LoadResult)."""
    body = raw.removeprefix(b"\xef\xbb\xbf")
    return read_fast(body, path, "t.yaml"), load_bytes(raw, path, "t.yaml")


def assert_equivalent(raw: bytes, path: Path) -> bool:
    fast, slow = both_paths(raw, path)
    if fast is None:
        return False
    assert not slow.errors, [str(f) for f in slow.errors]
    assert without_positions(fast) == without_positions(slow.dataset)
    return True


def valid_files() -> list[Path]:
    return [REPO / "targets.yaml", FIXTURES / "minimal.yaml", FIXTURES / "commented.yaml", BAD / "_valid.yaml"]


@pytest.mark.parametrize("path", valid_files(), ids=lambda p: p.name)
def test_fixtures_load_the_same_either_way(path: Path) -> None:
    raw = path.read_bytes()
    assert assert_equivalent(raw, path)  # every one of them takes the fast path, whatever its size


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.name)
def test_the_fast_path_never_accepts_a_broken_file(path: Path) -> None:
    raw = path.read_bytes()
    fast, slow = both_paths(raw, path)
    if slow.errors:
        assert fast is None
    elif fast is not None:
        assert without_positions(fast) == without_positions(slow.dataset)


def test_synthetic_file_is_equal_on_both_paths(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    raw = synthetic(200).encode()
    path.write_bytes(raw)
    assert assert_equivalent(raw, path)


DIVERGENT = [
    ("value: 7328亿元", "value: 017"),  # 15 in YAML 1.1, 17 in 1.2
    ("value: 7328亿元", "value: 0o17"),  # text in 1.1, 15 in 1.2
    ("value: 7328亿元", "value: 1e3"),  # text in 1.1, 1000.0 in 1.2
    ("value: 7328亿元", "value: 7.328e3"),
    ("year: 2020, value: 7328亿元", "year: 02020, value: 7328亿元"),
    ("title: Fixture plan", "title: yes"),  # true in 1.1, text in 1.2
    ("title: Fixture plan", "title: 1:30"),  # 90 in 1.1 (base 60), text in 1.2
    ("title: Fixture plan", "title: on"),
    ("  bulletin:", "  on:"),  # a key that 1.1 reads as true
    ("title: Fixture plan", "title: !!str Fixture plan"),
    ("period: [2021, 2025]", "period: [02021, 2025]"),
    ("value: 8600亿元", "value: -.5"),  # text in 1.1, -0.5 in 1.2
    ("value: 8600亿元", "value: .5e3"),
    ("schema: 1", "---\nschema: 1"),
    ("  - {year: 2021, value: 2万多家", "  - {? year\n    : 2021, value: 2万多家"),  # a complex key, its key below
    ("  - {year: 2021, value: 2万多家", "  - {?\n    year: 2021, value: 2万多家"),
    ("value: 8600亿元", "value: |\n      # 017\n      x"),  # a "#" line inside a block scalar is text
    ("value: 8600亿元", "value: 017 # 23.8%"),
    ("value: 8600亿元", "value: 1e3%"),
    ("title: Fixture plan", "title: 'x\n  #\\/'"),
]


@pytest.mark.parametrize(("old", "new"), DIVERGENT)
def test_yaml_11_and_12_differences_take_the_slow_path(old: str, new: str) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    raw = text.replace(old, new, 1).encode()
    fast, slow = both_paths(raw, FIXTURES / "minimal.yaml")
    assert fast is None or (not slow.errors and without_positions(fast) == without_positions(slow.dataset))


def test_divergence_scan_on_plain_data() -> None:
    assert trusted_by_yaml_rs((FIXTURES / "minimal.yaml").read_bytes())
    for untrusted in (b"value: 017\n", b"x: <<\n", b"a: !!int 3\n", b"a: &x 1\nb: *x\n", b'"value": 020000'):
        assert not trusted_by_yaml_rs(untrusted), untrusted
    assert trusted_by_yaml_rs(b"quote: R&D 4.44% and 100 * x\nsha256: 67f5ec52a\n")


QUOTED_KEYS = [
    '{"year": 2022, "value": 020000, source: bulletin, quote: "8600亿元"}',
    '{year: 2022, value : 020000, source: bulletin, quote: "8600亿元"}',
    '{"year": 2022, "value": 2.0e4, source: bulletin, quote: "8600亿元"}',
    '{year: 2022, ? value\n : 020000, source: bulletin, quote: "8600亿元"}',
]


@pytest.mark.parametrize("actual", QUOTED_KEYS)
def test_numbers_behind_any_key_spelling_never_split_the_paths(actual: str, tmp_path: Path) -> None:
    """Issue 13.2: a quoted or spaced key hid a YAML 1.1 octal (020000 is 8192 there, 20000 in 1.2)."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    padding = "\n".join(f"# padding {index:06d} " + "x" * 60 for index in range(4000))
    old = '{year: 2022, value: 8600亿元, source: bulletin, quote: "8600亿元"}'
    assert old in text
    raw = (text.replace(old, actual, 1) + padding + "\n").encode()
    assert len(raw) >= 256 * 1024
    fast, _ = both_paths(raw, FIXTURES / "minimal.yaml")
    assert fast is None
    path = tmp_path / "targets.yaml"
    path.write_bytes(raw)
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    both = [run("status", "--file", str(path), "--format", "json", env=env) for env in ({}, {"SHTARGET_FAST": "0"})]
    assert both[0].returncode == both[1].returncode
    assert both[0].stdout == both[1].stdout


def test_an_alias_bomb_is_not_expanded(tmp_path: Path) -> None:
    """Issue 13.1: yaml-rs expands every alias; five levels of ten would need terabytes."""
    lines = ["x: &a " + '"' + "y" * 263_000 + '"']
    lines += [
        f"x{level}: &l{level} [" + ", ".join([f"*{'a' if level == 0 else f'l{level - 1}'}"] * 10) + "]"
        for level in range(5)
    ]
    path = tmp_path / "targets.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", "--file", str(path))
    assert result.returncode == 1, result.stderr
    assert "unknown-field" in result.stdout and "Traceback" not in result.stderr


TRICKY = [
    "yes", "no", "on", "off", "~", "null", "017", "0o17", "0x1F", "0b101", "1e3", "1.5e3", "1.5e+3", "1_000", "1:30",
    ".inf", "-.5", "+.5", ".5e3", "2021-01-01", "2001-12-14 21:59:43.10 -5", "'2021'", '"yes"', "2.6万", "突破2.6萬家",
    "''", "[]", "{}", "true", "False", "3", "3.0", "-1", "+3", "0", "00", "1.", "=", "<<", "23.8%", "'23.8%'", "TRUE",
    "Null", "NULL", "'~'", '"null"', "'2026-01-21'", "2026-01-21", "2026-02-30", "'2026-02-30'", "2026-1-5", "'='",
    "67f5ec52a", "1_000%", "? x",
]  # fmt: skip
FIELDS = [
    "title: Fixture plan", "value: 8600亿元", "year: 2022", 'op: ">"', "unit: 家",
    "quote: 全市高新技术企业数量突破2.6万家", "name: 产业增加值", "period: [2021, 2025]", "source: bulletin",
    "kind: official", "value: 17000", "published: '2024-01-15'",
]  # fmt: skip


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("scalar", TRICKY)
def test_substituted_scalars_never_split_the_paths(field: str, scalar: str) -> None:
    """Every tricky plain scalar in every kind of field: the fast path declines or agrees exactly."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    key = field.split(":")[0]
    raw = text.replace(field, f"{key}: {scalar}", 1).encode()
    fast, slow = both_paths(raw, FIXTURES / "minimal.yaml")
    if fast is not None:
        assert not slow.errors, (field, scalar, [str(f) for f in slow.errors])
        assert without_positions(fast) == without_positions(slow.dataset)


def test_cli_gives_the_same_answers_on_both_paths(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(synthetic(500), encoding="utf-8")
    assert path.stat().st_size > 256 * 1024  # large enough for the fast path
    args = ("status", "--file", str(path), "--format", "json", "--as-of", "2030")
    fast = run(*args)
    slow = run(*args, env={"SHTARGET_FAST": "0"})
    assert fast.returncode == slow.returncode == 0
    assert json.loads(fast.stdout) == json.loads(slow.stdout)


def test_a_bad_quote_near_the_end_is_located(tmp_path: Path) -> None:
    """A fast-loaded file with a finding is loaded again the full way, so the finding has its line."""
    text = synthetic(2000).replace("bulletin: {url: 'https://example.org/bulletin'", "bulletin: {path: doc.txt")
    text = text.replace("title: bulletin, kind: official}", "title: bulletin}")
    lines = text.split("\n")
    (tmp_path / "doc.txt").write_text(
        "\n".join(sorted({line.split("quote: '")[1].split("'")[0] for line in lines if "quote: '" in line})),
        encoding="utf-8",
    )
    bad_line = max(i for i, line in enumerate(lines) if "quote: '" in line and "year: 2030" in line)
    lines[bad_line] = lines[bad_line].replace("quote: '", "quote: '不存在")
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run("check", "--file", str(path))
    assert result.returncode == 1
    column = lines[bad_line].index("quote: '") + len("quote: ") + 1
    assert result.stdout.startswith(f"{path}:{bad_line + 1}:{column}: error[quote-not-found] target-1999 actual 2030")


@settings(max_examples=500, deadline=None)
@given(
    st.integers(min_value=0, max_value=1500),
    st.text(
        alphabet=st.sampled_from(list("0123456789.-+_:eExob &*!|>%@`'\"#\n\t,[]{}?万亿年yesnoONul~\x07\x85\u2028")),
        max_size=12,
    ),
)
def test_spliced_junk_never_splits_the_paths(position: int, junk: str) -> None:
    """Arbitrary YAML-ish junk anywhere in a valid file: yaml-rs is trusted only when both read it alike."""
    assert_splice_never_splits_the_paths(FIXTURES / "minimal.yaml", position, junk)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=1800),
    st.text(alphabet=st.sampled_from(list("0123456789.-:%?`#'\" \n|>万yesNul~")), max_size=10),
)
def test_spliced_junk_in_a_commented_file_never_splits_the_paths(position: int, junk: str) -> None:
    """The same in a file full of comments, which the scan skips line by line."""
    assert_splice_never_splits_the_paths(FIXTURES / "commented.yaml", position, junk)


def assert_splice_never_splits_the_paths(path: Path, position: int, junk: str) -> None:
    text = path.read_text(encoding="utf-8")
    cut = min(position, len(text))
    raw = (text[:cut] + junk + text[cut:]).encode("utf-8")
    fast, slow = both_paths(raw, path)
    if fast is not None:
        assert slow.dataset is not None and not slow.errors, [str(f) for f in slow.errors]
        assert without_positions(fast) == without_positions(slow.dataset)


_PYYAML_RESOLVER = yaml.resolver.Resolver()


def pyyaml_types(value: str) -> bool:
    resolved = _PYYAML_RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(resolved != "tag:yaml.org,2002:str")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789+-._:eExXoObBaAfFiInNtTyYsSlLuUrRZ~<= \t\n")), max_size=14))
def test_text_pyyaml_would_type_is_never_taken_from_yaml_rs(value: str) -> None:
    """`typed_in_yaml11` errs one way only: whatever PyYAML's resolver types, it counts as typed, except the
    words yaml-rs types too (true, null, ~, ""), which reach the builder as text only when they were quoted."""
    if pyyaml_types(value) and value.strip() not in _BOTH_TYPE:
        assert typed_in_yaml11(value), value


_BOTH_TYPE = {"", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}


@pytest.mark.parametrize(
    "value",
    ["yes", "On", "<<", "=", "017", "0x1F", "0b1_0", "1_000", "190:20:30.15", "-.inf", ".NaN", "6.8523015e+5",
     "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2002-12-14", "685_230.15", "yes\n"],
)  # fmt: skip
def test_yaml11_typed_examples(value: str) -> None:
    assert pyyaml_types(value) or value in ("y",)
    assert typed_in_yaml11(value)


@pytest.mark.parametrize(
    "value",
    ["official", "2023年", "67f5ec52a", "bn yuan", "5G base stations", "2026-01", "23.8%", "R&D", "sei-gdp-share"],
)
def test_ordinary_text_is_taken_from_yaml_rs(value: str) -> None:
    assert not pyyaml_types(value)
    assert not typed_in_yaml11(value)


def test_both_parsers_type_the_words_left_out_alike() -> None:
    """The words `typed_in_yaml11` leaves out reach the builder from yaml-rs as text only when quoted."""
    import yaml_rs

    for word in sorted(_BOTH_TYPE - {""}):
        assert yaml_rs.loads(f"a: {word}")["a"] == yaml.safe_load(f"a: {word}")["a"], word
        assert yaml_rs.loads(f"a: '{word}'")["a"] == word


def test_yaml_rs_itself_expands_no_alias() -> None:
    """Large files are parsed while they are checked, so yaml-rs must refuse aliases on its own."""
    assert read_yaml_rs(b"a: &x 1\nb: *x\n") is None
    assert read_yaml_rs(b"a: 1\nb: [2, 3]\n") == {"a": 1, "b": [2, 3]}
    assert read_yaml_rs(b"a: \xff\n") is None  # not UTF-8: refused, not replaced
