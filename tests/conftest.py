from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the fixture data set (targets file and seeds) in a scratch directory."""
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "targets.yaml")
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    return tmp_path


def write(directory: Path, text: str, name: str = "targets.yaml") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path
