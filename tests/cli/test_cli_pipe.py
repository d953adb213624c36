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


def test_help_and_version_into_a_closed_pipe_exit_0():
    # `compel --help` and `--version` print while click parses, before any command runs: the same exit 0.
    for args in (("--help",), ("--version",), ("standup", "--help"), ("debt", "add", "--help")):
        done = _closed_early(*args)
        assert done.returncode == 0, (args, done.stderr)
        assert not done.stderr, (args, done.stderr)


def test_every_help_page_into_a_closed_pipe_exits_0(monkeypatch):
    """In-process over every command path: stdout is a real pipe whose reader is already gone."""
    from tests.cli.test_cli_help import PATHS

    from bot.cli import main

    for path in [(), *PATHS]:
        read, write = os.pipe()
        os.close(read)
        out = os.fdopen(write, "w")
        monkeypatch.setattr(sys, "stdout", out)
        try:
            code = main([*path, "--help"])
        finally:
            monkeypatch.undo()
            try:
                out.close()
            except BrokenPipeError:
                pass
        assert code == 0, path
