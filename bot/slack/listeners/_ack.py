"""The acknowledgement shared by event listeners: ack at once, do the work in the lazy listener."""

from __future__ import annotations


def ack_now(ack) -> None:
    """Acknowledge an event immediately (Slack wants it within 3 seconds)."""
    ack()
