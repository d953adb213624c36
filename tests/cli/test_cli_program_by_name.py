"""Confirmations and listings name the program as people call it (its name), never by its record id.

The id stays where it is a handle to type (`compel ask --program halvorsen`) and in --json.
"""

from __future__ import annotations

from tests.fixtures.oversight import load_demo, run_cli as run

NAME = "Halvorsen Freight AI Transformation"


def test_every_confirmation_names_the_program_not_its_id(capsys):
    pid = load_demo()
    commands = [
        ("risk", "add", "Label supplier may raise prices in spring", "--severity", "high", "--owner", "Ana Lima", "--mitigation", "second supplier"),
        ("debt", "add", "Nightly feature refresh is started by hand from a laptop", "--sprint", "9"),
        ("standup", "setup", "--channel", "C0NAME", "--timezone", "Europe/Oslo"),
        ("standup", "list"),
        ("report", "schedule", "integration", "--channel", "C0NAME", "--on", "mon"),
        ("report", "schedules"),
        ("decision", "list", "--status", "decided"),
        ("risk", "list", "--status", "closed"),
        ("calendar", "list"),
    ]
    for args in commands:
        code, out, err = run(capsys, *args)
        assert code == 0, (args, err)
        text = out.replace(f"--program {pid}", "")  # a command to copy keeps the id it takes
        assert pid not in text, (args, out)
    for args in commands[:6]:  # these say which program they changed or list
        code, out, _ = run(capsys, *args)
        assert NAME in out, (args, out)
