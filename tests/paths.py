"""Where the tests find the repository, their data and the material beside it, wherever a test file sits."""

from __future__ import annotations

from pathlib import Path


def _repo_root() -> Path:
    """The folder holding pyproject.toml, found upwards, so moving this module or a test never breaks a path."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        if (folder / "pyproject.toml").is_file():
            return folder
    raise RuntimeError(f"no pyproject.toml above {here}: the tests must run inside the compel-bot repository")


ROOT = _repo_root()
TESTS = ROOT / "tests"
DATA = TESTS / "data"
CASSETTES = TESTS / "cassettes"
SHARED_BOK = ROOT.parent / "shared" / "bok"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
