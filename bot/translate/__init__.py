"""Technical status -> business language: the Translation model, its checks, and the offline engine."""

from bot.translate.checks import translation_problems
from bot.translate.clean import MAX_UPDATE_CHARS, clean_slack, detect_language, prepare
from bot.translate.engine import BACKENDS, OfflineTranslator, build_translator
from bot.understand.facts import Fact, FactsReport, check_facts, extract_facts
from bot.translate.model import CATEGORIES, PILLARS, STAGES, Term, Translation

__all__ = [
    "BACKENDS",
    "CATEGORIES",
    "MAX_UPDATE_CHARS",
    "PILLARS",
    "STAGES",
    "Fact",
    "FactsReport",
    "OfflineTranslator",
    "Term",
    "Translation",
    "build_translator",
    "check_facts",
    "clean_slack",
    "detect_language",
    "extract_facts",
    "prepare",
    "translation_problems",
]
