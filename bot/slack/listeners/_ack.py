"""The acknowledgement shared by listeners with nothing to say in it: ack at once, do the work in the lazy listener."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.slack.deps import SlackDeps

log = logging.getLogger(__name__)


def ack_now(ack) -> None:
    """Acknowledge a request immediately (Slack wants it within 3 seconds)."""
    ack()


def first_run(deps: "SlackDeps", body: dict) -> bool:
    """False for a replay of a request that already ran (the same signed body sent again within its 5-minute window).

    Slack issues one trigger_id per invocation and signs it with the body, so a replay repeats it and nothing else
    can; the check runs in the lazy listener, after the ack, so it never costs the acknowledgement any time.
    """
    trigger = body.get("trigger_id") if isinstance(body, dict) else None
    if not trigger or deps.state.first_time(f"trigger:{trigger}"):
        return True
    log.warning("a request with trigger %s already ran; acknowledged the replay without running it again", trigger)
    return False
