"""Engine messages worded for Slack: a pointer at the `compel` command line becomes the `/compel` one, or goes.

The engines' UserFacingErrors are written for the CLI too ("Import it with `compel records import FILE`"). A Slack
user cannot run those, so a pointer Slack has an equal for turns into `/compel ...`, and any other is cut from the
message, which then says who can act on it.
"""

from __future__ import annotations

import re

_POINTER = re.compile(r"`compel ([^`]+)`")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
ASK_ADMIN = "Ask the person who runs compel-bot to see to it on its server."


def _slack_equal(command: str, subcommands: set[str]) -> bool:
    """True when `/compel COMMAND` does the same in Slack: a known subcommand (and, for one with actions such as
    `risk add|update`, one of its actions: Slack has no `risk list`) without CLI-only options or files."""
    words = command.split()
    if not words or words[0] not in subcommands or any(w.startswith("--") or w.isupper() for w in words[1:]):
        return False
    actions = slack_actions().get(words[0])
    return not actions or len(words) == 1 or words[1] in actions


def for_slack(text: str, subcommands: set[str]) -> str:
    """`text` with CLI pointers turned into `/compel` ones where Slack has them, and cut where it has not."""
    if "`compel " not in text:
        return text
    kept: list[str] = []
    cut = False
    for sentence in _SENTENCES.split(text.strip()):
        sentence = _POINTER.sub(lambda m: f"`/compel {m.group(1)}`" if _slack_equal(m.group(1), subcommands) else m.group(0), sentence)
        if not _POINTER.search(sentence):
            kept.append(sentence)
            continue
        if _POINTER.sub("", sentence).strip(" .").lower() == "see":  # "See `compel risk list`.": only a pointer
            continue
        cut = True
        before = sentence[: _POINTER.search(sentence).start()]
        sep = max(before.rfind(";"), before.rfind("("))
        if sep > 0:  # "X; do it with `compel ...`" or "X (`compel ...`)": X still says what is wrong
            kept.append(before[:sep].strip(" ,") + ".")
    if cut:
        kept.append(ASK_ADMIN)
    out = " ".join(kept)
    return out[:1].upper() + out[1:]


def slack_actions() -> dict[str, set[str]]:
    """The actions a `/compel` subcommand takes, where its help lines name them ('risk' -> {'add', 'update'});
    a subcommand whose help gives only arguments (`readiness USE_CASE`) is absent."""
    from bot.slack.views.common_builder import HELP_LINES

    out: dict[str, set[str]] = {}
    for command, _ in HELP_LINES:
        for part in command.split(" | "):  # 'sprint review [N] | sprint retro'
            words = part.split()
            named = words[1].split("|") if len(words) > 1 else []
            if named and all(w.isalpha() and w.islower() for w in named):
                out.setdefault(words[0], set()).update(named)
    return out


def slack_subcommands() -> set[str]:
    """The `/compel` subcommands, as the help lists them (every subcommand has its help line; a test holds this)."""
    from bot.slack.views.common_builder import HELP_LINES

    return {command.split()[0] for command, _ in HELP_LINES}
