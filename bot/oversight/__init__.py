"""Oversight: risk signals, stage questions, readiness and status over a program's records (pure, no Slack).

The names below load on first use: stage questions (a BoK question) import this package without the rules and the
record models they read.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.oversight.engine import RULES, evaluate
    from bot.oversight.findings import Evidence, Finding
    from bot.oversight.view import ProgramView

__all__ = ["RULES", "Evidence", "Finding", "ProgramView", "evaluate"]
_WHERE = {"RULES": "engine", "evaluate": "engine", "Evidence": "findings", "Finding": "findings", "ProgramView": "view"}


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
