"""The LLM paths by task: each wraps an offline engine and keeps its calls and result types."""

from __future__ import annotations

from typing import Any

from bot.llm.call import Caller


def _answer(engine: Any, caller: Caller) -> Any:
    from bot.llm.answer import LLMAnswerer

    return LLMAnswerer(engine, caller)


def _translate(engine: Any, caller: Caller) -> Any:
    from bot.llm.translate import LLMTranslator

    return LLMTranslator(engine, caller)


def _summary(engine: Any, caller: Caller) -> Any:
    from bot.llm.summary import LLMStandups

    return LLMStandups(engine, caller)


def _questions(engine: Any, caller: Caller) -> Any:
    from bot.llm.questions import LLMOversight

    return LLMOversight(engine, caller)


PATHS = {"answer": _answer, "translate": _translate, "standup_summary": _summary, "stage_questions": _questions}


def wrap(task: str, engine: Any, caller: Caller) -> Any:
    """The engine wrapped in the task's LLM path (same methods, same models, offline fallback)."""
    return PATHS[task](engine, caller)
