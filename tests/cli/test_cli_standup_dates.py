"""`compel standup skip|ooo`: the confirmation says its days as a reader does; --json keeps them ISO."""

from __future__ import annotations

import json

from tests.fixtures.oversight import load_demo, run_cli as run


def test_skip_and_ooo_confirm_their_days_in_words(capsys):
    load_demo()
    assert run(capsys, "standup", "setup", "--channel", "C0STAND", "--days", "mon-fri")[0] == 0
    code, out, _ = run(capsys, "standup", "skip", "--channel", "C0STAND", "--user", "U0ANA", "--date", "2026-11-06")
    assert code == 0 and out.strip() == "U0ANA skips the stand-up in C0STAND on Fri 6 Nov 2026."
    code, out, _ = run(capsys, "standup", "ooo", "2", "--channel", "C0STAND", "--user", "U0ANA", "--from", "2026-11-05")
    assert code == 0 and out.strip() == "U0ANA is away from the stand-up in C0STAND from Thu 5 Nov to Fri 6 Nov 2026."
    code, out, _ = run(capsys, "standup", "ooo", "2", "--channel", "C0STAND", "--user", "U0ANA", "--from", "2026-11-05", "--json")
    assert code == 0 and (json.loads(out)["start"], json.loads(out)["end"]) == ("2026-11-05", "2026-11-06")
