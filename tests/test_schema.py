from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from test_bad_corpus import BAD
from test_cli import run

from conftest import FIXTURES, REPO
from shtarget.schema import targets_schema


def validator() -> jsonschema.Draft202012Validator:
    schema = targets_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_checked_in_copy_is_up_to_date() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == targets_schema()
    checked_in = (REPO / "schema" / "targets.schema.json").read_text(encoding="utf-8")
    assert checked_in == result.stdout, "regenerate: shtarget schema > schema/targets.schema.json"


def test_shipped_file_points_editors_at_the_schema() -> None:
    first_line = (REPO / "targets.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=schema/targets.schema.json"


@pytest.mark.parametrize("path", [REPO / "targets.yaml", FIXTURES / "minimal.yaml", BAD / "_valid.yaml"])
def test_valid_files_validate(path: object) -> None:
    document = yaml.safe_load((path if hasattr(path, "read_text") else REPO / str(path)).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    errors = [error.message for error in validator().iter_errors(document)]
    assert errors == []


@pytest.mark.parametrize(
    "name",
    [
        "unknown-field.yaml",
        "missing-field.yaml",
        "bad-id.yaml",
        "unknown-schema.yaml",
        "bad-enum.yaml",
        "bad-period.yaml",
    ],
)
def test_structural_defects_fail_validation(name: str) -> None:
    document = yaml.safe_load((BAD / name).read_text(encoding="utf-8"))
    assert list(validator().iter_errors(document))
