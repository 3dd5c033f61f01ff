"""`shtarget record` and `shtarget sources add`: validated, minimal, atomic, serialised edits."""

from __future__ import annotations

import difflib
import hashlib
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_cli import SHTARGET, assert_no_traceback, run

from conftest import FIXTURES
from shtarget.load import load_file


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
    result = run(
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
    assert run(*args, cwd=data.parent).returncode == 0
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
        assert run("record", *args, "--source", "bulletin", cwd=data.parent).returncode == 0
    text = data.read_text(encoding="utf-8")
    assert 'evidence: [{source: bulletin, quote: "10家"}], actuals: [{year: 2022, value: 5, source: bulletin}]}' in text
    assert 'actuals: [{year: 2021, value: "43214.85亿元", source: bulletin}]' in text
    assert "# end of file comment" in text and "title: 'Commented fixture'   # single-quoted on purpose" in text
    assert not load_file(data).errors


def test_replace_rewrites_only_that_actual(data: Path) -> None:
    old = data.read_text(encoding="utf-8").split("\n")
    refused = run("record", "firms", "2021", "2.1万家", "--source", "bulletin", cwd=data.parent)
    assert refused.returncode == 2
    assert "2021 is already recorded as 超2万家 (plan-doc); use --replace" in refused.stderr
    result = run("record", "firms", "2021", "2.1万家", "--source", "bulletin", "--replace", cwd=data.parent)
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
    result = run("record", *args, cwd=data.parent)
    assert result.returncode == 2
    assert f"error[{code}]" in result.stderr
    assert result.stderr.splitlines()[0].startswith("targets.yaml:")
    assert result.stderr.splitlines()[-1] == "shtarget: error: nothing written to targets.yaml"
    assert data.read_bytes() == before
    assert_no_traceback(result)


def test_dry_run_prints_a_diff_and_writes_nothing(data: Path) -> None:
    before = data.read_bytes()
    result = run("record", "firms", "2022", "22000", "--source", "bulletin", "--dry-run", cwd=data.parent)
    assert result.returncode == 0
    assert result.stdout.startswith("--- a/targets.yaml\n+++ b/targets.yaml\n@@ ")
    assert "+      - year: 2022\n+        value: 22000\n+        source: bulletin\n" in result.stdout
    assert data.read_bytes() == before


@pytest.mark.parametrize(("bom", "newline"), [(b"", b"\r\n"), (b"\xef\xbb\xbf", b"\n"), (b"\xef\xbb\xbf", b"\r\n")])
def test_line_endings_and_bom_are_kept(data: Path, bom: bytes, newline: bytes) -> None:
    original = bom + data.read_bytes().replace(b"\n", newline)
    data.write_bytes(original)
    assert run("record", "firms", "2022", "22000", "--source", "bulletin", cwd=data.parent).returncode == 0
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
    for attempt in range(40):
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
    assert run("record", "firms", "2023", "23000", "--source", "bulletin", "--file", str(data)).returncode == 0
    assert list(data.parent.glob(".targets.yaml.*.tmp")) == []  # the next writer clears what killed ones left


def test_sources_add_url_and_path(data: Path) -> None:
    old = data.read_bytes()
    result = run(
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
        run("sources", "add", "new-doc", "--path", "seeds/new.txt", "--title", "新文件", cwd=data.parent).returncode
        == 0
    )
    loaded = load_file(data)
    assert not loaded.errors
    source = loaded.dataset.sources["new-doc"]  # type: ignore[union-attr]
    assert source.sha256 == hashlib.sha256((data.parent / "seeds" / "new.txt").read_bytes()).hexdigest()
    assert (
        run(
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
    result = run("sources", "add", *args, cwd=data.parent)
    assert result.returncode == 2
    assert message in result.stderr
    assert data.read_bytes() == before


def test_sources_add_dry_run(data: Path) -> None:
    before = data.read_bytes()
    result = run("sources", "add", "x", "--url", "https://example.org/x", "--title", "X", "--dry-run", cwd=data.parent)
    assert result.returncode == 0
    assert '+  x: {url: "https://example.org/x", title: "X"}' in result.stdout
    assert data.read_bytes() == before


def test_record_refuses_a_file_that_is_not_utf8(data: Path) -> None:
    data.write_bytes(data.read_bytes().replace("示范规划".encode(), "示范规划".encode("gb18030"), 1))
    before = data.read_bytes()
    result = run("record", "firms", "2022", "22000", "--source", "bulletin", cwd=data.parent)
    assert result.returncode == 2
    assert "targets.yaml is not UTF-8; nothing written" in result.stderr
    assert data.read_bytes() == before


def test_record_refuses_a_file_with_errors(data: Path) -> None:
    data.write_text(data.read_text(encoding="utf-8").replace("plan: demo\n", "plan: nope\n", 1), encoding="utf-8")
    result = run("record", "firms", "2022", "22000", "--source", "bulletin", cwd=data.parent)
    assert result.returncode == 2
    assert "error[unknown-plan]" in result.stderr
