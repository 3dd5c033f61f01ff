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


def test_every_finding_code_is_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sources = "".join(path.read_text(encoding="utf-8") for path in (REPO / "shtarget").rglob("*.py"))
    codes = set(re.findall(r'(?:error|warn|Finding|QuantityError)\(\s*"([a-z0-9-]+)"', sources))
    assert len(codes) > 20
    undocumented = sorted(code for code in codes if f"`{code}`" not in readme)
    assert not undocumented
