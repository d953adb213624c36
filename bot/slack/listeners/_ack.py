"""The acknowledgement shared by listeners with nothing to say in it: ack at once, do the work in the lazy listener."""

from __future__ import annotations


def ack_now(ack) -> None:
    """Acknowledge a request immediately (Slack wants it within 3 seconds)."""
    ack()
