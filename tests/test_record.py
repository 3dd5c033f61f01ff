"""`shtarget record` and `shtarget sources add`: validated, minimal, atomic, serialised edits."""

from __future__ import annotations

import difflib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_cli import SHTARGET, assert_no_traceback, run_en, run_process

from conftest import FIXTURES, write
from shtarget.load import load_file
from shtarget.model import Actual, Series, Target


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "commented.yaml", tmp_path / "targets.yaml")
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    return tmp_path / "targets.yaml"


def only_inserted(old: bytes, new: bytes) -> list[bytes]:
    """The lines `new` adds to `old`, asserting that nothing of `old` changed."""
    a, b = old.split(b"\n"), new.split(b"\n")
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, a[i1:i2], b[j1:j2])
        if tag == "insert":
            added += b[j1:j2]
    return added


def test_record_inserts_in_year_order_and_keeps_everything_else(data: Path) -> None:
    old = data.read_bytes()
    result = run_en(
        "record", "value-added", "2022", "8500亿元", "--source", "bulletin", "--quote", "8500亿元", cwd=data.parent
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("value-added 2022: 8500亿元 (bulletin); status as of ")
    added = only_inserted(old, data.read_bytes())
    assert added == ['      - {year: 2022, value: "8500亿元", source: bulletin, quote: "8500亿元"}'.encode()]
    text = data.read_text(encoding="utf-8")
    assert (
        text.index("{year: 2021, value: 8000") < text.index("{year: 2022, value:") < text.index("{year: 2023, value:")
    )


def test_record_block_style_and_note(data: Path) -> None:
    old = data.read_bytes()
    args = (
        "record",
        "firms",
        "2022",
        "突破2.2万",
        "--source",
        "bulletin",
        "--quote",
        "突破2.2万家",
        "--note",
        "a: note",
    )
    assert run_en(*args, cwd=data.parent).returncode == 0
    added = only_inserted(old, data.read_bytes())
    assert added == [
        b"      - year: 2022",
        '        value: "突破2.2万"'.encode(),
        b"        source: bulletin",
        '        quote: "突破2.2万家"'.encode(),
        b'        note: "a: note"',
    ]
    loaded = load_file(data)
    assert not loaded.errors
    firms = next(t for t in loaded.dataset.targets if t.id == "firms")  # type: ignore[union-attr]
    assert [a.year for a in firms.actuals] == [2021, 2022]
    assert firms.actuals[1].note == "a: note"


def test_record_into_flow_collections_and_series(data: Path) -> None:
    for args in (("flow-target", "2022", "5"), ("gdp", "2021", "43214.85亿元")):
        assert run_en("record", *args, "--source", "bulletin", cwd=data.parent).returncode == 0
    text = data.read_text(encoding="utf-8")
    assert 'evidence: [{source: bulletin, quote: "10家"}], actuals: [{year: 2022, value: 5, source: bulletin}]}' in text
    assert 'actuals: [{year: 2021, value: "43214.85亿元", source: bulletin}]' in text
    assert "# end of file comment" in text and "title: 'Commented fixture'   # single-quoted on purpose" in text
    assert not load_file(data).errors


def test_replace_rewrites_only_that_actual(data: Path) -> None:
    old = data.read_text(encoding="utf-8").split("\n")
    refused = run_en("record", "firms", "2021", "2.1万家", "--source", "bulletin", cwd=data.parent)
    assert refused.returncode == 2
    assert "2021 is already recorded as 超2万家 (plan-doc); use --replace" in refused.stderr
    result = run_en("record", "firms", "2021", "2.1万家", "--source", "bulletin", "--replace", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    new = data.read_text(encoding="utf-8").split("\n")
    changed = [
        (tag, old[i1:i2], new[j1:j2])
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes()
        if tag != "equal"
    ]
    assert changed == [
        (
            "replace",
            [
                "        value: 2万多家",
                "        source: plan-doc",
                "        quote: 2021年高新技术企业达到2万多家   # block actual",
            ],
            ['        value: "2.1万家"', "        source: bulletin"],
        )
    ]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("firms", "2022", "3万个", "--source", "bulletin"), "unit-mismatch"),
        (("firms", "2022", "lots", "--source", "bulletin"), "bad-quantity"),
        (("nobody", "2022", "1", "--source", "bulletin"), "unknown-target"),
        (("firms", "2022", "22000", "--source", "bulletn"), "unknown-source"),
        (("firms", "2042", "22000", "--source", "bulletin"), "year-out-of-range"),
        (("firms", "2022", "22000", "--source", "plan-doc"), "missing-quote"),
        (("firms", "2022", "22000", "--source", "plan-doc", "--quote", "不在文件里"), "quote-not-found"),
    ],
)
def test_refusals_leave_the_file_untouched(data: Path, args: tuple[str, ...], code: str) -> None:
    before = data.read_bytes()
    result = run_en("record", *args, cwd=data.parent)
    assert result.returncode == 2
    assert f"error[{code}]" in result.stderr
    assert result.stderr.splitlines()[0].startswith("targets.yaml:")
    assert result.stderr.splitlines()[-1] == "shtarget: error: nothing written to targets.yaml"
    assert data.read_bytes() == before
    assert_no_traceback(result)


@pytest.mark.parametrize(
    ("args", "located"),
    [
        # an id the file does not hold: at the section that would hold it, never at 1:1
        (("nobody", "2022", "1", "--source", "bulletin"), "targets.yaml:15:1: error[unknown-target]"),
        (("firms", "2022", "22000", "--source", "bulletn"), "targets.yaml:5:1: error[unknown-source]"),
        # a quote a file source needs, or cannot find: at that source
        (("firms", "2022", "22000", "--source", "plan-doc"), "targets.yaml:7:3: error[missing-quote]"),
        (
            ("firms", "2022", "22000", "--source", "plan-doc", "--quote", "无"),
            "targets.yaml:7:3: error[quote-not-found]",
        ),
        # about the figure: at its entry
        (("firms", "2042", "22000", "--source", "bulletin"), "targets.yaml:32:5: error[year-out-of-range]"),
        (("firms", "2022", "3万个", "--source", "bulletin"), "targets.yaml:32:5: error[unit-mismatch]"),
        (
            ("firms", "2022", "22000", "--source", "bulletin", "--as-of", "2021"),
            "targets.yaml:32:5: warning[future-year]",
        ),
    ],
)
def test_record_findings_point_at_what_they_name(data: Path, args: tuple[str, ...], located: str) -> None:
    result = run_en("record", *args, "--dry-run", cwd=data.parent)
    assert result.stderr.startswith(located + " "), result.stderr


def test_sources_add_points_at_the_sources_section(data: Path) -> None:
    result = run_en("sources", "add", "x", "--path", "../x.txt", "--title", "X", cwd=data.parent)
    assert result.returncode == 2
    assert result.stderr.startswith("targets.yaml:5:1: error[path-outside-repo] "), result.stderr


def test_dry_run_prints_a_diff_and_writes_nothing(data: Path) -> None:
    before = data.read_bytes()
    result = run_en("record", "firms", "2022", "22000", "--source", "bulletin", "--dry-run", cwd=data.parent)
    assert result.returncode == 0
    assert result.stdout.startswith("--- a/targets.yaml\n+++ b/targets.yaml\n@@ ")
    assert "+      - year: 2022\n+        value: 22000\n+        source: bulletin\n" in result.stdout
    assert data.read_bytes() == before


@pytest.mark.parametrize(("bom", "newline"), [(b"", b"\r\n"), (b"\xef\xbb\xbf", b"\n"), (b"\xef\xbb\xbf", b"\r\n")])
def test_line_endings_and_bom_are_kept(data: Path, bom: bytes, newline: bytes) -> None:
    original = bom + data.read_bytes().replace(b"\n", newline)
    data.write_bytes(original)
    assert run_en("record", "firms", "2022", "22000", "--source", "bulletin", cwd=data.parent).returncode == 0
    new = data.read_bytes()
    assert new.startswith(bom + b"#") and new.count(b"\xef\xbb\xbf") == len(bom) // 3
    if newline == b"\r\n":
        assert new.count(b"\n") == new.count(b"\r\n")
    else:
        assert b"\r" not in new
    plain = lambda raw: raw.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")  # noqa: E731
    assert only_inserted(plain(original), plain(new)) == [
        b"      - year: 2022",
        b"        value: 22000",
        b"        source: bulletin",
    ]


def test_twenty_concurrent_writers(data: Path) -> None:
    processes = [
        subprocess.Popen(
            [SHTARGET, "record", "gdp", str(year), f"{40000 + year}亿元", "--source", "bulletin", "--file", str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for year in range(2001, 2021)
    ]
    codes = [process.wait(timeout=120) for process in processes]
    assert codes == [0] * 20, [p.stderr.read() for p in processes if p.stderr]  # type: ignore[union-attr]
    loaded = load_file(data)
    assert not loaded.errors
    gdp = loaded.dataset.series[0]  # type: ignore[union-attr]
    assert sorted(a.year for a in gdp.actuals) == list(range(2001, 2021))


def test_killed_writers_never_tear_the_file(data: Path) -> None:
    versions = {hashlib.sha256(data.read_bytes()).hexdigest()}
    rng = random.Random(20261122)
    for attempt in range(15):
        value = f"{20000 + attempt}"
        process = subprocess.Popen(
            [SHTARGET, "record", "firms", "2022", value, "--source", "bulletin", "--replace", "--file", str(data)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.0, 0.35))
        process.send_signal(signal.SIGKILL)
        process.wait()
        content = data.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        loaded = load_file(data)
        assert not loaded.errors, content
        firms = next(t for t in loaded.dataset.targets if t.id == "firms")  # type: ignore[union-attr]
        recorded = {a.year: a.value.value for a in firms.actuals if a.value}
        assert recorded.get(2022) in (None, *(20000.0 + i for i in range(attempt + 1)))
        versions.add(digest)
    assert len(versions) > 1  # some writes did complete
    assert run_en("record", "firms", "2023", "23000", "--source", "bulletin", "--file", str(data)).returncode == 0
    assert list(data.parent.glob(".targets.yaml.*.tmp")) == []  # the next writer clears what killed ones left


def test_sources_add_url_and_path(data: Path) -> None:
    old = data.read_bytes()
    result = run_en(
        "sources",
        "add",
        "stats-2024",
        "--url",
        "https://example.org/2024",
        "--title",
        "2024年统计公报",
        "--kind",
        "official",
        cwd=data.parent,
    )
    assert result.returncode == 0, result.stderr
    assert only_inserted(old, data.read_bytes()) == [
        'stats-2024: {url: "https://example.org/2024", title: "2024年统计公报", kind: official}'.join(
            ["  ", ""]
        ).encode()
    ]
    (data.parent / "seeds" / "new.txt").write_text("2024年全市高新技术企业突破2.6万家\n", encoding="utf-8")
    assert (
        run_en("sources", "add", "new-doc", "--path", "seeds/new.txt", "--title", "新文件", cwd=data.parent).returncode
        == 0
    )
    loaded = load_file(data)
    assert not loaded.errors
    source = loaded.dataset.sources["new-doc"]  # type: ignore[union-attr]
    assert source.sha256 == hashlib.sha256((data.parent / "seeds" / "new.txt").read_bytes()).hexdigest()
    assert (
        run_en(
            "record", "firms", "2024", "突破2.6万家", "--source", "new-doc", "--quote", "突破2.6万家", cwd=data.parent
        ).returncode
        == 0
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bulletin", "--url", "https://example.org/x", "--title", "t"), "error[duplicate-key]"),
        (("outside", "--path", "../escape.txt", "--title", "t"), "error[path-outside-repo]"),
        (("missing", "--path", "seeds/none.txt", "--title", "t"), "error[source-missing]"),
        (
            ("both", "--path", "seeds/plan.txt", "--url", "https://e.org", "--title", "t"),
            "exactly one of --path or --url",
        ),
        (("kinded", "--url", "https://e.org", "--title", "t", "--kind", "blog"), "Invalid value for '--kind'"),
    ],
)
def test_sources_add_refusals(data: Path, args: tuple[str, ...], message: str) -> None:
    before = data.read_bytes()
    result = run_en("sources", "add", *args, cwd=data.parent)
    assert result.returncode == 2
    assert message in result.stderr
    assert data.read_bytes() == before


def test_sources_add_dry_run(data: Path) -> None:
    before = data.read_bytes()
    result = run_en(
        "sources", "add", "x", "--url", "https://example.org/x", "--title", "X", "--dry-run", cwd=data.parent
    )
    assert result.returncode == 0
    assert '+  x: {url: "https://example.org/x", title: "X"}' in result.stdout
    assert data.read_bytes() == before


def test_record_refuses_a_file_that_is_not_utf8(data: Path) -> None:
    data.write_bytes(data.read_bytes().replace("示范规划".encode(), "示范规划".encode("gb18030"), 1))
    before = data.read_bytes()
    result = run_en("record", "firms", "2022", "22000", "--source", "bulletin", cwd=data.parent)
    assert result.returncode == 2
    assert "targets.yaml is not UTF-8; nothing written" in result.stderr
    assert data.read_bytes() == before


def test_record_refuses_a_file_with_errors(data: Path) -> None:
    data.write_text(data.read_text(encoding="utf-8").replace("plan: demo\n", "plan: nope\n", 1), encoding="utf-8")
    result = run_en("record", "firms", "2022", "22000", "--source", "bulletin", cwd=data.parent)
    assert result.returncode == 2
    assert "error[unknown-plan]" in result.stderr


# --- issue 12: values and text written exactly ---------------------------------------------------------------


def figure_of(path: Path, figure_id: str) -> Target | Series:
    loaded = load_file(path)
    assert not loaded.errors, loaded.errors
    assert loaded.dataset is not None
    return next(f for f in loaded.dataset.figures if f.id == figure_id)


def actual_of(path: Path, figure_id: str, year: int) -> Actual:
    return next(a for a in figure_of(path, figure_id).actuals if a.year == year)


@pytest.mark.parametrize(
    ("typed", "written", "number"), [("0123", "123", 123.0), ("010", "10", 10.0), ("+075.0", "75.0", 75.0)]
)
def test_octal_looking_numbers_are_written_as_decimals(data: Path, typed: str, written: str, number: float) -> None:
    result = run_en("record", "firms", "2022", typed, "--source", "bulletin", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert f"        value: {written}\n" in data.read_text(encoding="utf-8")
    assert actual_of(data, "firms", 2022).value.value == number  # type: ignore[union-attr]
    assert result.stdout.startswith(f"firms 2022: {number:g}家 (bulletin)")


SHARED = """\
schema: 1
title: shared lists
sources:
  web: {url: "https://example.org", title: Web}
plans:
  p: {name: P, period: [2021, 2025], source: web}
targets:
  - id: t
    plan: p
    name: T
    unit: 家
    target: {year: 2025, value: 100}
    evidence: [{source: web, quote: "100"}]
    actuals: &a [{year: 2021, value: 10, source: web}]
  - id: u
    plan: p
    name: U
    unit: 家
    target: {year: 2025, value: 100}
    evidence: [{source: web, quote: "100"}]
    actuals: *a
  - id: v
    plan: p
    name: V
    unit: 家
    target: {year: 2025, value: 100}
    evidence: [{source: web, quote: "100"}]
    actuals:
      - &one {year: 2021, value: 10, source: web}
  - id: w
    plan: p
    name: W
    unit: 家
    target: {year: 2025, value: 100}
    evidence: [{source: web, quote: "100"}]
    actuals:
      - *one
"""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("u", "2023", "50"), "u actuals is an alias (*a) of what is anchored at line 14"),
        (("t", "2023", "50"), "t actuals carries an anchor (&a)"),
        (("v", "2021", "20", "--replace"), "v actuals[0] carries an anchor (&one)"),
        (("w", "2023", "20"), "w actuals[0] is an alias (*one)"),
    ],
)
def test_record_refuses_shared_yaml(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    data = write(tmp_path, SHARED)
    result = run_en("record", *args, "--source", "web", cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert "error[cannot-edit]" in result.stderr and message in result.stderr
    assert "shtarget does not edit" in result.stderr
    assert data.read_text(encoding="utf-8") == SHARED
    assert_no_traceback(result)


def test_sources_add_refuses_an_anchored_sources_mapping(tmp_path: Path) -> None:
    text = SHARED.replace("sources:\n", "sources: &s\n")
    data = write(tmp_path, text)
    result = run_en("sources", "add", "new", "--url", "https://example.org/n", "--title", "N", cwd=tmp_path)
    assert result.returncode == 2
    assert "sources carries an anchor (&s)" in result.stderr
    assert data.read_text(encoding="utf-8") == text


def test_a_numeric_quote_is_written_as_text(data: Path) -> None:
    args = ("record", "firms", "2022", "22000", "--source", "bulletin", "--quote", "18.9")
    dry = run_en(*args, "--dry-run", cwd=data.parent)
    assert dry.returncode == 0, dry.stderr
    assert '+        quote: "18.9"\n' in dry.stdout
    assert run_en(*args, cwd=data.parent).returncode == 0
    assert actual_of(data, "firms", 2022).citation.quote == "18.9"  # type: ignore[union-attr]


def test_line_separators_and_controls_are_escaped(data: Path) -> None:
    separators = "\u2028\u2029\x85\r\x1b\u202e\ufeff"  # YAML would fold the first three; the rest are hidden
    note, quote, title = f"a{separators}b", f"突破2.2万家{separators}", f"t{separators}t"
    args = ("firms", "2022", "22000", "--source", "bulletin", "--quote", quote, "--note", note)
    first = run_en("record", *args, cwd=data.parent)
    assert first.returncode == 0, first.stderr
    added = run_en("sources", "add", "sep", "--url", "https://example.org/s", "--title", title, cwd=data.parent)
    assert added.returncode == 0, added.stderr
    raw = data.read_text(encoding="utf-8")
    assert not any(char in raw for char in separators)
    assert '"a\\u2028\\u2029\\x85\\r\\x1b\\u202e\\ufeffb"' in raw
    recorded = actual_of(data, "firms", 2022)
    assert (recorded.note, recorded.citation.quote) == (note, quote)  # type: ignore[union-attr]
    assert load_file(data).dataset.sources["sep"].title == title  # type: ignore[union-attr]
    later = run_en("record", "firms", "2023", "23000", "--source", "bulletin", cwd=data.parent)  # still editable
    assert later.returncode == 0, later.stderr


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (("record", "value-added", "2024", "1万亿元", "--source", "bulletin", "--note"), "--note"),
        (("record", "value-added", "2024", "1万亿元", "--source", "bulletin", "--quote"), "--quote"),
        (("sources", "add", "q", "--url", "https://example.org/q", "--title"), "--title"),
        (("sources", "add", "q", "--title", "t", "--url"), "--url"),
    ],
)
def test_arguments_that_are_not_utf8_are_refused(data: Path, command: tuple[str, ...], option: str) -> None:
    before = data.read_bytes()
    result = run_en(*command, "x" + os.fsdecode(b"\xff"), cwd=data.parent)  # the shell passes the raw byte
    assert result.returncode == 2
    assert f"error[not-utf8] {option} is not valid UTF-8 text (byte 0xff)" in result.stderr
    assert_no_traceback(result)
    assert data.read_bytes() == before


def test_record_shows_check_warnings_first_and_strict_refuses(data: Path) -> None:
    args = ("record", "value-added", "2024", "1万亿元", "--source", "bulletin", "--quote", "x")
    before = data.read_bytes()
    strict = run_en(*args, "--strict", cwd=data.parent)
    assert strict.returncode == 2
    warning = "warning[number-not-in-quote] value-added actual 2024: quote does not state the value 10000 亿元"
    assert warning in strict.stderr
    assert "--strict: 1 warning about the change; nothing written to targets.yaml" in strict.stderr
    assert data.read_bytes() == before
    plain = run_en(*args, cwd=data.parent)
    assert plain.returncode == 0
    assert warning in plain.stderr
    assert plain.stdout.startswith("value-added 2024: 1万亿元 (bulletin)")
    clean = run_en(
        "record",
        "value-added",
        "2022",
        "8500亿元",
        "--source",
        "bulletin",
        "--quote",
        "8500亿元",
        "--strict",
        cwd=data.parent,
    )
    assert clean.returncode == 0 and clean.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ("gdp", "2024", "--", "-5", "--source", "bulletin"),  # README's advice
        ("gdp", "2024", "--source", "bulletin", "--", "-5"),
        ("--source", "bulletin", "--", "gdp", "2024", "-5"),
        ("gdp", "2024", "--note", "--", "--source", "bulletin", "--", "-5"),  # "--" as the note's text
        ("gdp", "2024", "--", "-5", "-f", "targets.yaml", "--source=bulletin"),
    ],
)
def test_a_negative_value_goes_after_double_dash(data: Path, args: tuple[str, ...]) -> None:
    result = run_en("record", *args, cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert actual_of(data, "gdp", 2024).value.value == -5  # type: ignore[union-attr]


def test_record_suggests_close_ids(data: Path) -> None:
    result = run_en("record", "fims", "2024", "5", "--source", "bulletin", cwd=data.parent)
    assert result.returncode == 2
    assert "error[unknown-target] unknown target or series 'fims'; did you mean firms?" in result.stderr
    source = run_en("record", "firms", "2024", "5", "--source", "buletin", cwd=data.parent)
    assert "unknown source 'buletin' (did you mean 'bulletin'?)" in source.stderr


MULTILINE_FLOW = """\
schema: 1
title: flow lists over several lines
sources:
  web: {url: "https://example.org", title: Web}
plans:
  p: {name: P, period: [2020, 2025], source: web}
targets:
  - id: t
    plan: p
    name: T
    unit: 家
    target: {year: 2025, value: 100}
    evidence: [{source: web, quote: "100"}]
    actuals: [
      {year: 2021, value: 10, source: web},
      {year: 2023, value: 30, source: web},{COMMA}
    ]
  - {id: u, plan: p, name: U, unit: 家, target: {year: 2025, value: 100}, evidence: [{source: web, quote: "100"}], }
"""


@pytest.mark.parametrize("trailing_comma", [",", ""])
def test_record_into_a_multiline_flow_list(tmp_path: Path, trailing_comma: str) -> None:
    text = MULTILINE_FLOW.replace(",{COMMA}", trailing_comma)
    data = write(tmp_path, text)
    for year in ("2024", "2022", "2020"):
        result = run_en("record", "t", year, year[-1], "--source", "web", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert run_en("record", "u", "2021", "1", "--source", "web", cwd=tmp_path).returncode == 0
    lines = data.read_text(encoding="utf-8").splitlines()
    start = lines.index("    actuals: [")
    assert lines[start : start + 7] == [
        "    actuals: [",
        "      {year: 2020, value: 0, source: web},",
        "      {year: 2021, value: 10, source: web},",
        "      {year: 2022, value: 2, source: web},",
        "      {year: 2023, value: 30, source: web},",
        "      {year: 2024, value: 4, source: web}" + trailing_comma,
        "    ]",
    ]
    assert lines[-1].endswith('quote: "100"}], actuals: [{year: 2021, value: 1, source: web}], }')
    assert [a.year for a in figure_of(data, "t").actuals] == [2020, 2021, 2022, 2023, 2024]


def test_record_into_an_explicit_null_list(tmp_path: Path) -> None:
    start, end = MULTILINE_FLOW.index("    actuals: ["), MULTILINE_FLOW.index("    ]\n") + len("    ]\n")
    data = write(tmp_path, MULTILINE_FLOW[:start] + "    actuals: ~   # none yet\n" + MULTILINE_FLOW[end:])
    assert run_en("record", "t", "2021", "1", "--source", "web", cwd=tmp_path).returncode == 0
    assert "    actuals: [{year: 2021, value: 1, source: web}]   # none yet\n" in data.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "url",
    [
        "https://x\n\n<script>",
        "https://example.org/a b",
        "javascript:alert(1)",
        "ftp://example.org/f",
        "https://",
        "https://example.org/\u2028",
        "HTTPS://example.org",
        'https://example.org/"><img src=x>',
    ],
)
def test_sources_add_refuses_urls_that_are_not_plain_http(data: Path, url: str) -> None:
    code = "bad-source"  # the loader's code for a source it cannot use
    before = data.read_bytes()
    result = run_en("sources", "add", "u", "--url", url, "--title", "t", cwd=data.parent)
    assert result.returncode == 2
    assert f"error[{code}] --url: " in result.stderr
    assert data.read_bytes() == before


def test_record_refuses_a_value_a_magnitude_away_from_its_quote(data: Path) -> None:
    # issue 23: `record high-tech-enterprises 2024 2.5 --quote "全市高新技术企业突破2.5万家"` wrote 2.5家.
    from typer.testing import CliRunner

    from shtarget.cli import app

    before = data.read_bytes()
    runner = CliRunner()
    args = ["record", "firms", "2024", "2.5", "--source", "bulletin", "--quote", "全市高新技术企业突破2.5万家"]
    refused = runner.invoke(app, [*args, "--file", str(data), "--lang", "en"])
    assert refused.exit_code == 2
    assert "error[magnitude-mismatch] firms actual 2024: the value '2.5' (2.5家)" in refused.stderr
    assert "«突破2.5万家» (25,000家)" in refused.stderr
    assert "error[fractional-count]" in refused.stderr
    assert data.read_bytes() == before
    dropped = runner.invoke(app, ["record", "firms", "2024", "2.5万", *args[4:], "--file", str(data), "--strict"])
    assert dropped.exit_code == 2
    assert "warning[qualifier-dropped]" in dropped.stderr and "'突破2.5万家'" in dropped.stderr
    assert data.read_bytes() == before
    written = runner.invoke(app, ["record", "firms", "2024", "突破2.5万", *args[4:], "--file", str(data), "--strict"])
    assert written.exit_code == 0, written.output
    assert written.stderr == ""
    assert data.read_bytes() != before


def test_record_warns_about_a_part_year_quote(data: Path) -> None:
    from typer.testing import CliRunner

    from shtarget.cli import app

    args = ["record", "value-added", "2024", "8500亿元", "--source", "bulletin", "--quote", "1-11月增加值8500亿元"]
    result = CliRunner().invoke(app, [*args, "--file", str(data), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "warning[part-year-quote]" in result.stderr and "add months: 11" in result.stderr


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("schema: 1\ntargets:\n  - id: a\n", 2),
        ("\ufeffschema: 1\r\n# targets: in a comment\r\ntargets :\r\n", 3),
        ("\ufefftargets: []\n", 1),
        ("{schema: 1, targets: []}\n", 1),  # no key at a line's start: the file's top
    ],
)
def test_section_span_is_the_line_of_the_key(text: str, line: int) -> None:
    from shtarget.record import section_span

    assert section_span(text, "t.yaml", "targets") == ("t.yaml", line, 1)


# --- sources pin ------------------------------------------------------------------------------------------


def sha256_hex(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sources_pin_repins_an_edited_file_and_warns_of_quotes_it_lost(data: Path) -> None:
    seed = data.parent / "seeds" / "plan.txt"
    old = data.read_bytes()
    first = run_en("sources", "pin", "plan-doc", cwd=data.parent)  # a file source with no pin gets one
    assert first.returncode == 0, first.stderr
    assert only_inserted(old, data.read_bytes()) == [f'    sha256: "{sha256_hex(seed)}"'.encode()]
    pinned, old_digest = data.read_bytes(), sha256_hex(seed)

    seed.write_text(seed.read_text(encoding="utf-8").replace("突破2.6万家", "突破2.7万家"), encoding="utf-8")
    new_digest = sha256_hex(seed)
    assert "error[sha256-mismatch]" in run_en("check", cwd=data.parent).stdout

    dry = run_en("sources", "pin", "plan-doc", "--dry-run", cwd=data.parent)
    assert dry.returncode == 0, dry.stderr
    assert f'-    sha256: "{old_digest}"\n+    sha256: "{new_digest}"\n' in dry.stdout
    lost = (
        "targets.yaml:45:16: warning[quote-not-found] firms evidence[0]: quote not found in seeds/plan.txt as it is now"
    )
    assert dry.stderr.startswith(lost), dry.stderr
    assert data.read_bytes() == pinned

    strict = run_en("sources", "pin", "plan-doc", "--strict", cwd=data.parent)
    assert strict.returncode == 2
    assert strict.stderr.splitlines()[-1] == (
        "shtarget: error: --strict: 1 warning about the change; nothing written to targets.yaml"
    )
    assert data.read_bytes() == pinned

    result = run_en("sources", "pin", "plan-doc", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"sources.plan-doc: seeds/plan.txt pinned, sha256 {old_digest} → {new_digest}; 1 quote not found in it\n"
    )
    assert result.stderr.startswith(lost) and len(result.stderr.splitlines()) == 1
    changed = [(a, b) for a, b in zip(pinned.splitlines(), data.read_bytes().splitlines(), strict=True) if a != b]
    assert changed == [(f'    sha256: "{old_digest}"'.encode(), f'    sha256: "{new_digest}"'.encode())]
    codes = run_en("check", "--lang", "en", cwd=data.parent).stdout
    assert "sha256-mismatch" not in codes and "error[quote-not-found] firms evidence[0]" in codes


def test_sources_pin_leaves_a_file_already_pinned_untouched(data: Path) -> None:
    assert run_en("sources", "pin", "plan-doc", cwd=data.parent).returncode == 0
    before, stamp = data.read_bytes(), data.stat().st_mtime_ns
    for args in ((), ("--dry-run",), ("--strict",)):
        again = run_en("sources", "pin", "plan-doc", *args, cwd=data.parent)
        assert again.returncode == 0, again.stderr
        digest = sha256_hex(data.parent / "seeds" / "plan.txt")
        assert again.stdout == f"sources.plan-doc: seeds/plan.txt is already pinned to sha256 {digest}\n"
        assert again.stderr == ""
    assert data.read_bytes() == before and data.stat().st_mtime_ns == stamp


def test_sources_pin_through_the_real_entry_point(data: Path) -> None:
    result = run_process("sources", "pin", "plan-doc", "--dry-run", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert f'+    sha256: "{sha256_hex(data.parent / "seeds" / "plan.txt")}"' in result.stdout


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("bulletin", "targets.yaml:10:3: error[bad-source] sources.bulletin is a URL source; only a file source"),
        ("plan-dok", "targets.yaml:5:1: error[unknown-source] unknown source 'plan-dok' (did you mean 'plan-doc'?)"),
    ],
)
def test_sources_pin_refuses_a_url_source_or_an_unknown_id(data: Path, source: str, said: str) -> None:
    before = data.read_bytes()
    result = run_en("sources", "pin", source, cwd=data.parent)
    assert result.returncode == 2
    assert result.stderr.startswith(said), result.stderr
    assert result.stderr.splitlines()[-1] == "shtarget: error: nothing written to targets.yaml"
    assert data.read_bytes() == before
    assert_no_traceback(result)


def test_sources_pin_refuses_a_missing_file(data: Path) -> None:
    (data.parent / "seeds" / "plan.txt").unlink()
    result = run_en("sources", "pin", "plan-doc", cwd=data.parent)
    assert result.returncode == 2
    assert "error[source-missing] sources.plan-doc: file 'seeds/plan.txt' does not exist" in result.stderr


PINNED = "ab" * 32
NEW = "cd" * 32


@pytest.mark.parametrize(
    ("written", "rewritten"),
    [
        (f"    sha256: {PINNED}   # plain, commented", f"    sha256: {NEW}   # plain, commented"),
        (f"    sha256: '{PINNED}'", f"    sha256: '{NEW}'"),
        (f'    sha256: "{PINNED}"', f'    sha256: "{NEW}"'),
    ],
)
def test_pin_rewrites_only_the_digest_in_its_own_quoting(written: str, rewritten: str) -> None:
    from shtarget.edit import pin_source

    text = (FIXTURES / "commented.yaml").read_text(encoding="utf-8")
    text = text.replace("    path: seeds/plan.txt\n", f"    path: seeds/plan.txt\n{written}\n")
    edited = pin_source(text, "plan-doc", NEW)
    assert edited == text.replace(written, rewritten)


def test_pin_in_a_flow_mapping_and_a_digest_that_reads_as_a_number() -> None:
    import yaml

    from shtarget.edit import pin_source

    text = (FIXTURES / "commented.yaml").read_text(encoding="utf-8")
    flow = text.replace('bulletin: {url: "https://example.org/bulletin"', "bulletin: {path: seeds/plan.txt")
    edited = pin_source(flow, "bulletin", NEW)
    assert isinstance(edited, str)
    assert f'bulletin: {{path: seeds/plan.txt, sha256: "{NEW}", title: Example bulletin' in edited
    plain = flow.replace("bulletin: {path: seeds/plan.txt", f"bulletin: {{path: seeds/plan.txt, sha256: {PINNED}")
    digits = "1" * 32 + "2" * 32  # an integer to YAML: quoted, so that it reads back as text
    edited = pin_source(plain, "bulletin", digits)
    assert isinstance(edited, str) and f'sha256: "{digits}"' in edited
    assert yaml.safe_load(edited)["sources"]["bulletin"]["sha256"] == digits
