"""Every `--json` follows one convention (bot/cli/output.py; README.md, "The command line"): one object, never a bare
list; `program` first on every command that takes --program; lists under a plural key; writes name their kind."""

from __future__ import annotations

import json

import click

from tests.cli.test_cli_help import _paths
from tests.fixtures.oversight import load_demo, run_cli as run

# One run of each command with --json, in an order that works on the demo (a schedule before its list, ...).
RUNS: list[tuple[str, ...]] = [
    ("records", "import", "knowledge/demo/standups-sprint7.csv", "--no-index"),
    ("records", "list"),
    ("demo", "load", "--no-index"),
    ("risks",), ("status",), ("readiness", "Spot pricing"),
    ("questions", "--use-case", "eta"), ("questions", "--stage", "integration"),
    ("debt", "list"), ("debt", "add", "Nightly export is started by hand", "--sprint", "9"), ("debt", "resolve", "debt-001"),
    ("risk", "add", "Label supplier may raise prices", "--owner", "Ana Lima"), ("risk", "update", "rk-001", "--status", "closed"),
    ("risk", "list"),
    ("decision", "add", "Extend the pilot by a sprint?", "--owner", "Ana Lima"), ("decision", "list"),
    ("milestone", "set", "eta", "integration testing passed", "met"),
    ("standup", "setup", "--channel", "C0JSON"), ("standup", "list"), ("standup", "summary"),
    ("standup", "skip", "--channel", "C0JSON", "--user", "U0ANA"), ("standup", "ooo", "2", "--channel", "C0JSON", "--user", "U0ANA"),
    ("standup", "post", "--dry-run"), ("standup", "runs"),
    ("sprint", "review"), ("sprint", "retro"), ("report", "integration"), ("report", "steering"),
    ("report", "schedule", "integration", "--channel", "C0JSON"), ("report", "schedules"),
    ("calendar", "add", "2026-12-24"), ("calendar", "list"), ("calendar", "remove", "2026-12-24"),
    ("translate", "the nightly feature backfill failed twice this week"),
]
# Covered where their set-up lives: `ask` and `index` need an index (tests/cli/test_cli_knowledge.py); `records export`
# prints the program file itself, the convention's one exception (tests/unit/store/test_records_io.py).
ELSEWHERE = {("ask",), ("index",), ("records", "export")}
WRITES = {("debt", "add"), ("debt", "resolve"), ("risk", "add"), ("risk", "update"), ("decision", "add"), ("milestone", "set")}


def _json_commands() -> dict[tuple[str, ...], click.Command]:
    return {path: cmd for path, cmd in _paths() if any("--json" in p.opts for p in cmd.params)}


def test_every_json_command_is_run_here():
    ran = {next(p for p in _json_commands() if args[:len(p)] == p) for args in RUNS}
    assert set(_json_commands()) == ran | ELSEWHERE


def test_every_json_output_is_one_object_with_the_program_first(capsys, monkeypatch):
    from tests.paths import ROOT

    monkeypatch.chdir(ROOT)
    pid = load_demo()
    commands = _json_commands()
    for args in RUNS:
        path = next(p for p in commands if args[:len(p)] == p)
        code, out, err = run(capsys, *args, "--json")
        assert code == 0, (args, err)
        data = json.loads(out)
        assert isinstance(data, dict), (args, type(data))
        takes_program = any("--program" in p.opts for p in commands[path].params)
        if takes_program:
            assert next(iter(data)) == "program", (args, list(data))
            assert data["program"] in (pid, None) and (data["program"] == pid or args[:2] == ("questions", "--stage")), (args, data["program"])
        rest = [k for k in data if k != "program"]
        if len(rest) == 1 and isinstance(data[rest[0]], list):  # a listing: its items under a plural noun
            assert rest[0] in ("findings", "programs", "items", "risks", "decisions", "schedules", "posts", "runs", "days_off"), (args, rest)
        if path in WRITES:
            assert list(data)[:3] == ["program", "kind", "id"] and data["lines"], (args, list(data))
