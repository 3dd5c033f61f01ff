"""The README stays true: its commands are the ones CI runs, and it documents every finding code."""

from __future__ import annotations

import re

from conftest import REPO


def code_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_opens_with_the_two_commands() -> None:
    install_and_run, run_tests = code_blocks()[:2]
    assert install_and_run.strip().endswith("shtarget status")
    assert "pytest" in run_tests
    assert run_tests.strip() in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def finding_codes() -> set[str]:
    sources = "".join(path.read_text(encoding="utf-8") for path in (REPO / "shtarget").rglob("*.py"))
    codes = set(re.findall(r'(?:error|warn|Finding|QuantityError|SourceProblem)\(\s*"([a-z0-9-]+)"', sources))
    assert len(codes) > 30
    return codes


def test_every_finding_code_is_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    undocumented = sorted(code for code in finding_codes() if f"`{code}`" not in readme)
    assert not undocumented


def test_every_finding_code_is_triggered_by_a_test() -> None:
    from test_bad_corpus import EXPECTED

    corpus = {code for code, *_ in EXPECTED.values()}
    tests = "".join(path.read_text(encoding="utf-8") for path in (REPO / "tests").glob("test_*.py"))
    untested = sorted(code for code in finding_codes() if code not in corpus and f'"{code}"' not in tests)
    assert not untested


def test_the_field_reference_is_the_format_table() -> None:
    """README's field list is generated from fileformat.py, which the loader and the JSON Schema use too."""
    from shtarget.fileformat import field_reference

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    between = readme.split("<!-- field-reference:start -->\n", 1)[1].split("<!-- field-reference:end -->", 1)[0]
    assert between == field_reference(), "run: python scripts/field-reference.py"


def test_every_field_of_the_table_is_in_the_json_schema() -> None:
    from shtarget.fileformat import SECTIONS
    from shtarget.schema import targets_schema

    schema = targets_schema()
    for name, section in SECTIONS.items():
        shape = schema if name == "file" else schema["$defs"][name]
        assert set(shape["properties"]) == section.names, name
        assert set(shape.get("required", ())) == set(section.required), name


def output_examples() -> list[tuple[int, str, list[str], list[str]]]:
    """The README's example outputs, each under `<!-- output COLUMNS=N first|last lines: shtarget ARGS -->`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pattern = r"<!-- output COLUMNS=(\d+) (first|last) lines: shtarget ([^>]*?) -->\n```\n(.*?)```"
    return [
        (int(width), which, args.split(), block.splitlines())
        for width, which, args, block in re.findall(pattern, readme, re.S)
    ]


def test_readme_dashboard_examples_are_what_shtarget_prints() -> None:
    from test_cli import run

    examples = output_examples()
    assert len(examples) >= 4
    for width, which, args, shown in examples:
        result = run(*args, "--file", str(REPO / "targets.yaml"), env={"COLUMNS": str(width)})
        assert result.returncode == 0, result.stderr
        printed = result.stdout.splitlines()
        expected = printed[: len(shown)] if which == "first" else printed[-len(shown) :]
        assert shown == expected, f"README example at {width} columns: shtarget {' '.join(args)}"
