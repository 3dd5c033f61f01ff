"""Every file under tests/bad/ has one defect; `check` must name it at the right place and never crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import assert_no_traceback, run

from conftest import write

BAD = Path(__file__).parent / "bad"

# file → (code, line, col, exit code of `check --strict`)
EXPECTED: dict[str, tuple[str | None, int, int, int]] = {
    "_valid.yaml": (None, 0, 0, 0),
    "quote-spans-tag.yaml": (None, 0, 0, 0),  # a quote across </a> is found: tags are ignored
    "yaml-syntax.yaml": ("yaml-syntax", 3, 8, 2),
    "duplicate-key.yaml": ("duplicate-key", 3, 1, 1),
    "unknown-field.yaml": ("unknown-field", 16, 5, 1),
    "missing-field.yaml": ("missing-field", 12, 5, 1),
    "wrong-type.yaml": ("wrong-type", 22, 16, 1),
    "unknown-schema.yaml": ("unknown-schema", 1, 9, 1),
    "bad-id.yaml": ("bad-id", 12, 9, 1),
    "duplicate-id.yaml": ("duplicate-id", 23, 5, 1),
    "duplicate-year.yaml": ("duplicate-year", 23, 16, 1),
    "unknown-plan.yaml": ("unknown-plan", 13, 11, 1),
    "unknown-source.yaml": ("unknown-source", 16, 50, 1),
    "year-out-of-range.yaml": ("year-out-of-range", 17, 20, 1),
    "target-before-baseline.yaml": ("target-before-baseline", 17, 13, 1),
    "period-mismatch.yaml": ("period-mismatch", 17, 13, 1),
    "baseline-at-goal-year.yaml": ("target-before-baseline", 17, 13, 1),
    "qualifiers-contradict.yaml": ("bad-quantity", 17, 33, 1),
    "digits-split-by-space.yaml": ("bad-quantity", 17, 33, 1),
    "digits-folded.yaml": ("bad-quantity", 18, 14, 1),
    "decimal-comma.yaml": ("bad-quantity", 16, 35, 1),
    "months-out-of-range.yaml": ("bad-months", 23, 30, 1),
    "scope-mixed.yaml": ("scope-mixed", 24, 9, 1),
    "magnitude-mismatch.yaml": ("magnitude-mismatch", 23, 54, 1),
    "bad-quantity.yaml": ("bad-quantity", 17, 33, 1),
    "unit-mismatch.yaml": ("unit-mismatch", 17, 33, 1),
    "non-finite.yaml": ("non-finite", 16, 35, 1),
    "missing-source.yaml": ("missing-source", 23, 9, 1),
    "missing-quote.yaml": ("missing-quote", 23, 9, 1),
    "missing-evidence.yaml": ("missing-evidence", 18, 15, 1),
    "bad-enum.yaml": ("bad-enum", 17, 44, 1),
    "bad-sha256.yaml": ("bad-sha256", 6, 13, 1),
    "bad-period.yaml": ("bad-period", 10, 27, 1),
    "source-missing.yaml": ("source-missing", 4, 3, 1),
    "path-dotdot.yaml": ("path-outside-repo", 4, 3, 1),
    "path-absolute.yaml": ("path-outside-repo", 4, 3, 1),
    "symlinked-seed.yaml": ("path-outside-repo", 4, 3, 1),
    "sha256-mismatch.yaml": ("sha256-mismatch", 4, 3, 1),
    "quote-not-found.yaml": ("quote-not-found", 20, 16, 1),
    "quote-wrong-script-and-text.yaml": ("quote-not-found", 22, 56, 1),
    "number-not-in-quote.yaml": ("number-not-in-quote", 16, 62, 1),
    "source-without-title.yaml": ("source-without-title", 8, 3, 1),
    "unused-source.yaml": ("unused-source", 8, 3, 1),
    "empty-file.yaml": ("empty-file", 1, 1, 2),
    "bare-list.yaml": ("wrong-type", 1, 1, 1),
    "tabs.yaml": ("yaml-syntax", 15, 1, 2),
    "bom-duplicate-key.yaml": ("duplicate-key", 3, 1, 1),
    "crlf-unknown-field.yaml": ("unknown-field", 16, 5, 1),
    "deep-nesting.yaml": ("too-deep", 1, 1, 2),
    "alias-bomb.yaml": ("wrong-type", 9, 4, 1),  # an alias is reported where its anchor is
    "empty-value.yaml": ("empty-value", 2, 8, 1),
    "unsupported-yaml.yaml": ("unsupported-yaml", 13, 5, 1),
    "bad-source.yaml": ("bad-source", 8, 14, 1),
    "bad-setting.yaml": ("bad-setting", 3, 23, 1),
    "unexpected-field.yaml": ("unexpected-field", 17, 40, 1),
    "source-unreadable.yaml": ("source-unreadable", 4, 3, 1),
    "bad-relation.yaml": ("bad-relation", 24, 20, 1),
    "relation-violated.yaml": ("relation-violated", 30, 5, 1),
    "relation-undefined.yaml": ("relation-undefined", 30, 5, 1),
    "not-utf8.yaml": ("not-utf8", 2, 15, 2),
    "binary-garbage.yaml": ("not-utf8", 2, 118, 2),
    "bad-date.yaml": ("bad-date", 8, 90, 1),
    "bad-months.yaml": ("bad-months", 23, 30, 1),
    "draft-target.yaml": ("draft-target", 12, 5, 1),
    "scope-mismatch.yaml": ("scope-mismatch", 24, 9, 1),
    "huge-number.yaml": ("non-finite", 16, 35, 1),
    "huge-magnitude.yaml": ("non-finite", 16, 35, 1),
    "relation-too-long.yaml": ("bad-relation", 24, 20, 1),
    "path-with-nul.yaml": ("source-unreadable", 4, 3, 1),
    "control-character.yaml": ("yaml-syntax", 2, 15, 2),
    "formula-name.yaml": (None, 0, 0, 0),  # valid: CSV output guards the formula, the rest shows it as text
}


def test_the_corpus_is_complete() -> None:
    on_disk = {path.name for path in BAD.glob("*.yaml")}
    assert on_disk == set(EXPECTED)
    assert len([name for name, (code, *_) in EXPECTED.items() if code]) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_defect_is_located(name: str) -> None:
    code, line, col, exit_code = EXPECTED[name]
    result = run("check", "--strict", "--file", name, "--lang", "en", cwd=BAD)
    assert_no_traceback(result)
    assert result.returncode == exit_code, result.stdout + result.stderr
    output = result.stdout + result.stderr
    if code is None:
        assert output.strip() == "no problems found"
    else:
        assert f"{name}:{line}:{col}: " in output and f"[{code}]" in output, output
        located = [row for row in output.splitlines() if row.startswith(f"{name}:{line}:{col}: ")]
        assert any(f"[{code}]" in row for row in located), output


def test_ten_megabyte_file(tmp_path: Path) -> None:
    padding = "# padding line to make the file large ............................................\n" * 125_000
    text = (BAD / "unknown-field.yaml").read_text(encoding="utf-8")
    path = tmp_path / "big.yaml"
    path.write_text(padding + text, encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    result = run("check", "--file", str(path))
    assert result.returncode == 1
    assert f"{path}:{125_000 + 16}:5: error[unknown-field]" in result.stdout


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes_check(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text, name="fuzz.yaml")
    result = run("check", "--file", str(path))
    assert result.returncode in (0, 1, 2), result.stdout + result.stderr
    assert_no_traceback(result)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=2000), st.text(alphabet="[]{}:,-&*!|>'\"#\n 0123456789abc万", max_size=40))
def test_corrupting_a_valid_file_never_crashes_check(tmp_path: Path, position: int, junk: str) -> None:
    valid = (BAD / "_valid.yaml").read_text(encoding="utf-8")
    cut = min(position, len(valid))
    path = tmp_path / "fuzz.yaml"
    path.write_text(valid[:cut] + junk + valid[cut:], encoding="utf-8")
    (tmp_path / "seeds").mkdir(exist_ok=True)
    result = run("check", "--file", str(path))
    assert result.returncode in (0, 1, 2), result.stdout + result.stderr
    assert_no_traceback(result)
