"""The reports engine for Slack listeners: from the Services behind the engines, else built from Settings once."""

from __future__ import annotations

from typing import Any

from bot.slack.deps import SlackDeps


def reports(deps: SlackDeps) -> Any:
    """The Reports service shared by the `/compel sprint` and `/compel report` commands."""
    found = deps.extra.get("reports")
    if found is None:
        services = getattr(deps.engines, "services", None)
        if services is None:
            from bot.services import Services

            services = Services(deps.settings)
        found = deps.extra["reports"] = services.reports
    return found
