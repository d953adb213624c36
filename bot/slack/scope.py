"""Which program a channel or a person speaks for: `/compel link`, COMPEL_CHANNEL_PROGRAMS, then defaults."""

from __future__ import annotations

import logging

from bot.errors import NotFoundError
from bot.slack.deps import SlackDeps

log = logging.getLogger(__name__)


def program_for(deps: SlackDeps, channel: str, user: str, channel_type: str = "channel") -> str | None:
    """The program whose records answers in this channel (or DM) may use; None means the BoK only.

    Order: `/compel link`, COMPEL_CHANNEL_PROGRAMS, the channel's stand-up (or, in a DM, the person's stand-ups),
    COMPEL_PROGRAM, the only program on record.
    """
    linked = deps.state.linked_program(channel) or deps.settings.channel_programs.get(channel)
    if linked:
        return linked
    try:
        # A channel running a program's stand-up speaks for it; a DM for the programs the person takes part in.
        # (a person's own programs only in their DM: a shared channel must not show one member's records to all)
        mine = deps.engines.programs_for(user if channel_type == "im" else "", channel)
        if mine:
            return deps.settings.program if deps.settings.program in mine else mine[0]
        if deps.settings.program:
            return deps.settings.program
        programs = deps.engines.programs()
    except Exception:  # noqa: BLE001 - no records store yet means answers from the BoK alone
        log.debug("programs unavailable", exc_info=True)
        return deps.settings.program
    # A workspace with exactly one program needs no linking; with several, a channel must be linked.
    return programs[0] if len(programs) == 1 else None


def require_program(deps: SlackDeps, channel: str, user: str, channel_type: str = "channel") -> str:
    """Like program_for, but a command about records needs one: say how to link it when there is none."""
    program = program_for(deps, channel, user, channel_type)
    if program is None:
        raise NotFoundError("This channel is not linked to a program. An admin can run `/compel link PROGRAM` here to link it.")
    return program
