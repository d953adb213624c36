"""The analysis of an update that translate, stand-ups, the debt register and ask all reuse."""

from bot.understand.analyse import Understander
from bot.understand.bank import Situation, bank, situations
from bot.understand.model import Analysis, Clause, Issue

__all__ = ["Analysis", "Clause", "Issue", "Situation", "Understander", "bank", "situations"]
