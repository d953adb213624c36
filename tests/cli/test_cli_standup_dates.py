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


def test_the_dry_run_and_the_runs_say_their_times_in_words(capsys):
    """`standup post --dry-run` and `standup runs` print days and times as people read them, in the channel's zone."""
    import re
    from datetime import date, datetime, time, timedelta, timezone
    from zoneinfo import ZoneInfo

    from bot.engines import Engines
    from bot.prose import time_text
    from bot.standup.poster import RecordingPoster

    load_demo()
    assert run(capsys, "standup", "setup", "--channel", "C0STAND", "--timezone", "Europe/Oslo")[0] == 0
    # A Tuesday ahead (a schedule posts nothing due before it was saved), at 13:00 and at 17:30 in Oslo.
    day = date.today() + timedelta(days=7 + (1 - date.today().weekday()) % 7)
    oslo = ZoneInfo("Europe/Oslo")
    at = lambda h, m=0: datetime.combine(day, time(h, m), tzinfo=oslo)  # noqa: E731
    code, out, _ = run(capsys, "standup", "post", "--dry-run", "--now", at(13).isoformat())
    assert code == 0
    assert f"C0STAND  stand-up prompt, due {time_text(at(9, 30), zone=True)}" in out.splitlines()
    iso = re.compile(r"\d{4}-\d\d-\d\d|T\d\d:\d\d|[+]\d\d:\d\d")
    assert not iso.search(out), out
    # At 17:30 the prompt is past its deadline (the summary's time): the dry run says the tick will mark it missed.
    code, out, _ = run(capsys, "standup", "post", "--dry-run", "--now", at(17, 30).isoformat())
    lines = out.splitlines()
    assert f"C0STAND  stand-up prompt, due {time_text(at(9, 30), zone=True)}: too late now, it will be marked missed" in lines
    assert f"C0STAND  stand-up summary, due {time_text(at(16), zone=True)}" in lines  # still within its grace
    # The bot down all that day until 17:30: the prompt and the reminder are marked missed, the summary caught up.
    engines = Engines.from_settings()
    try:
        engines.standup_scheduler(RecordingPoster()).tick(at(17, 30).astimezone(timezone.utc))
    finally:
        engines.close()
    code, out, _ = run(capsys, "standup", "runs")
    assert code == 0 and not iso.search(out), out
    when = time_text(at(9, 30), zone=True)
    said = f"{when.rsplit(' ', 2)[0]} {day.year}"  # 'Tue 24 Nov 2026'
    assert (f"C0STAND  stand-up prompt of {said}: missed (due {when}; no replica posted it by "
            f"{time_text(at(16), zone=True)})") in out.splitlines(), out
    assert f"C0STAND  stand-up summary of {said}: posted" in out.splitlines(), out
