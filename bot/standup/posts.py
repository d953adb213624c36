"""What the scheduled posts are called and what became of them, in the words `compel standup post|runs` print."""

from __future__ import annotations

# The kinds the scheduler posts (bot/standup/schedule.KINDS and the reports of bot/standup/cadence.REPORTS).
_NAMES = {
    "prompt": "stand-up prompt",
    "reminder": "stand-up reminder",
    "summary": "stand-up summary",
    "integration": "integration review",
    "steering": "steering update",
}
# What a post's run or a tick's outcome came to (store statuses and Outcome results).
_RESULTS = {
    "posted": "posted",
    "missed": "missed",
    "failed": "failed, to be tried again",
    "claimed": "being posted by a replica",
    "stale": "not posted",
    "nothing": "not needed",
}


def post_name(kind: str) -> str:
    """'prompt' -> 'stand-up prompt', 'steering' -> 'steering update' (an unknown kind as it is)."""
    return _NAMES.get(kind, kind.replace("_", " "))


def result_words(result: str, note: str = "") -> str:
    """'missed' and its note -> 'missed (due Mon 30 Nov 09:30 CET; …)'."""
    words = _RESULTS.get(result, result.replace("_", " "))
    return f"{words} ({note})" if note else words


def days_words(days: list[str]) -> str:
    """Stand-up days as people say them: ['mon', …, 'fri'] -> 'Monday to Friday'; ['mon', 'wed'] -> 'Monday and Wednesday'."""
    import calendar

    from bot.standup.schedule import WEEKDAYS

    picked = sorted({WEEKDAYS.index(d) for d in days})
    names = [calendar.day_name[i] for i in picked]
    if len(picked) >= 3 and picked == list(range(picked[0], picked[-1] + 1)):
        return f"{names[0]} to {names[-1]}"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
