"""Gather App Home's content from the engines; a part that fails is named on the page, not fatal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.engines import StatusRequest
from bot.errors import UserFacingError
from bot.slack.deps import SlackDeps
from bot.slack.scope import program_for
from bot.slack.views.home_builder import build_home

log = logging.getLogger(__name__)


def home_view(deps: SlackDeps, user: str, channel: str = "") -> dict:
    """The Home tab for a person: their program's status, risks, debt register and next stand-up."""
    program = program_for(deps, channel, user, "im")
    if program is None:
        return build_home(None)
    problems: list[str] = []

    def part(name: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except UserFacingError as exc:
            problems.append(f"{name}: {exc.message}")
        except Exception:  # noqa: BLE001 - one broken part must not blank the whole page
            log.exception("App Home: %s failed", name)
            problems.append(f"{name} is unavailable right now.")
        return None

    return build_home(
        program,
        status=part("Status", lambda: deps.engines.status(StatusRequest(program=program))),
        risks=part("Risks", lambda: deps.engines.risks(program)),
        debt=part("Debt register", lambda: deps.engines.debt_register(program).rows),  # judged labels, use cases by name
        next_standup=part("Stand-up", lambda: deps.engines.next_standup(program)),
        problems=problems,
    )
