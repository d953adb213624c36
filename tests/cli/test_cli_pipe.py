"""`compel … | head -1`: a reader that stops early is not a failure; the exit code stays 0 and nothing is printed over it."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.fixtures.oversight import load_demo
from tests.paths import ROOT


def _closed_early(*args: str) -> subprocess.CompletedProcess:
    """Run `compel ARGS` with its stdout a pipe whose reader is gone before the command writes."""
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    proc.stdout.close()  # the command takes far longer to start than this
    err = proc.stderr.read().decode()
    proc.wait(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, "", err)


def test_a_closed_pipe_ends_a_command_with_exit_0():
    load_demo()
    for args in (("risks",), ("records", "list", "--json")):
        done = _closed_early(*args)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr and "error" not in done.stderr
