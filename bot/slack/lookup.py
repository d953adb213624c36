"""What Slack says about a person (their name) or a message (its permalink), for stand-up updates."""

from __future__ import annotations

from typing import Any


def author_name(client: Any, user: str) -> str:
    """A person's display name for their update, or their Slack id when Slack will not say."""
    try:
        info = client.users_info(user=user)["user"]
        return info.get("real_name") or info.get("profile", {}).get("real_name") or info.get("name") or user
    except Exception:  # noqa: BLE001 - a missing scope or an unknown user just keeps the id
        return user


def permalink(client: Any, channel: str, ts: str) -> str | None:
    """The message's permalink, so every claim in the summary links back to it."""
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"]
    except Exception:  # noqa: BLE001 - without a permalink the update id still traces the claim
        return None
