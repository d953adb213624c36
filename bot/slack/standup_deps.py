"""The stand-up engine for Slack listeners: from the Services behind the engines, else built from Settings once."""

from __future__ import annotations

from typing import Any

from bot.slack.deps import SlackDeps


def standups(deps: SlackDeps) -> Any:
    """The Standups service shared by every stand-up listener."""
    found = deps.extra.get("standups")
    if found is None:
        services = getattr(deps.engines, "services", None)
        if services is None:
            from bot.services import Services

            services = Services(deps.settings)
        found = deps.extra["standups"] = services.standups
    return found


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
