"""Test isolation: no real env, no shared data dir, no network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.paths import SHARED_BOK, SHARED_EVAL

# Fixtures shared by every test, one module per area in tests/fixtures/ (add a new module to this list).
pytest_plugins = [
    "tests.fixtures.db",
    "tests.fixtures.fake_slack",
    "tests.fixtures.foundation",
    "tests.fixtures.language",
    "tests.fixtures.llm",
    "tests.fixtures.oversight",
    "tests.fixtures.records",
    "tests.fixtures.replicas",
    "tests.fixtures.reports",
    "tests.fixtures.slack",
]


_ENV_PREFIXES = ("COMPEL_", "SLACK_", "OPENAI_", "CHROMA_")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data dir and working dir, and none of the caller's settings."""
    for key in list(os.environ):
        if key.startswith(_ENV_PREFIXES):
            monkeypatch.delenv(key, raising=False)
    data = tmp_path / "data"
    monkeypatch.setenv("COMPEL_DATA_DIR", str(data))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # no stray .env is read
    return data


@pytest.fixture
def bok_dir() -> Path:
    """The licensed BoK articles beside the repository; tests that need them skip where they are absent."""
    if not SHARED_BOK.is_dir() or not any(SHARED_BOK.glob("*.txt")):
        pytest.skip(f"the BoK articles are not at {SHARED_BOK} (licensed text kept outside the repository)")
    return SHARED_BOK


@pytest.fixture
def eval_dir() -> Path:
    """The development question sets beside the repository."""
    if not SHARED_EVAL.is_dir():
        pytest.skip(f"the development question sets are not at {SHARED_EVAL}")
    return SHARED_EVAL


@pytest.fixture(scope="session")
def _built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The knowledge pack plus the real BoK (when present) indexed once per test session."""
    from bot.config import Settings
    from bot.services import Services

    data = tmp_path_factory.mktemp("built-index")
    services = Services(Settings(data_dir=data))
    if SHARED_BOK.is_dir():
        services.index.index_paths([SHARED_BOK])
    else:
        services.index.ensure_pack()
    return data


@pytest.fixture
def indexed_data_dir(_built_index: Path, isolated_env: Path) -> Path:
    """This test's own data dir, holding a copy of the session's index (pack + BoK when present)."""
    import shutil

    shutil.copytree(_built_index, isolated_env, dirs_exist_ok=True)
    return isolated_env
