"""Oversight: risk signals, stage questions, readiness and status over a program's records (pure, no Slack)."""

from bot.oversight.engine import RULES, evaluate
from bot.oversight.findings import Evidence, Finding
from bot.oversight.view import ProgramView

__all__ = ["RULES", "Evidence", "Finding", "ProgramView", "evaluate"]
