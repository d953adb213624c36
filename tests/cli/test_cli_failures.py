"""`compel` when the data dir cannot be used as it is: one line naming the problem and its fix, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.foundation import write_corpus
from tests.fixtures.oversight import load_demo
from tests.paths import ROOT


def _compel(*args: str, wrap: list[str] | None = None) -> subprocess.CompletedProcess:
    cmd = [*(wrap or []), sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _read_only(folder: Path) -> list[str] | None:
    """A command prefix that runs its command with `folder` mounted read-only (a private mount namespace), if allowed."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    script = f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && exec "$@"'
    wrap = [unshare, "-rm", "sh", "-c", script, "sh"]
    probe = subprocess.run([*wrap, "sh", "-c", f'! touch "{folder}/.probe" 2>/dev/null'], capture_output=True, timeout=30)
    return wrap if probe.returncode == 0 else None


def test_index_on_a_read_only_data_dir_is_one_clear_line(indexed_data_dir: Path, tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus")
    wrap = _read_only(indexed_data_dir)
    if wrap is None:
        pytest.skip("no unprivileged read-only mount here (unshare -rm is not allowed)")
    done = _compel("index", str(corpus), wrap=wrap)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in done.stderr
    assert "read-only" in lines[0] and "COMPEL_DATA_DIR" in lines[0] and "Sorry" not in lines[0]


def test_debt_add_with_a_damaged_vector_store_is_saved_and_says_why_in_one_line(indexed_data_dir: Path):
    load_demo()
    for f in (indexed_data_dir / "chroma").glob("*.sqlite3"):
        f.write_bytes(b"this is not a database" * 100)
    done = _compel("debt", "add", "Scoring job has no retry")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Added" in done.stdout
    note = [ln for ln in (done.stdout + done.stderr).splitlines() if "search index was not updated" in ln]
    assert len(note) == 1 and "move that folder aside" in note[0]
