"""Technical terms a question names that the indexed texts never use: exact evidence that it is out of scope.

A near-domain question (one about a named storage product, or what a named regulation demands) sits close to the
articles in meaning, so dense similarity alone cannot refuse it. What it has that an in-scope paraphrase
lacks is a named technical term (a glossary entry) which no indexed passage mentions under any of its
written forms. Chat words ("guys", "took") are not glossary terms, so paraphrases are not penalised, and
a question that also names a term the texts do use is left alone.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable, Sequence

from knowledge.text import terms

if TYPE_CHECKING:
    from knowledge.glossary import Glossary, GlossaryEntry

log = logging.getLogger(__name__)

MENTION_KINDS = frozenset({"bok", "doc", "pack"})  # what the knowledge base says; program records are not its vocabulary
MAX_COUNTED = 2  # two unknown terms are already strong evidence; more add nothing


class UnknownTerms:
    """Counts the glossary terms in a question that the corpus never mentions (0 when it names any it does)."""

    def __init__(self, kinds: Sequence[str], tokens: Sequence[Sequence[str]], glossary: Callable[[], "Glossary"] | None = None):
        self._kinds, self._tokens = kinds, tokens
        self._glossary_loader = glossary
        self._text: str | None = None  # built on first use: confident questions never pay for it
        self._mentioned: dict[str, bool] = {}

    def __call__(self, question: str) -> list[str]:
        """The question's technical terms (as it writes them) the corpus never uses, at most MAX_COUNTED; none if it uses one."""
        unknown: dict[str, str] = {}  # entry -> the question's own wording of it
        for match in self._glossary().find(question):
            if self._is_mentioned(match.entry):
                return []
            unknown.setdefault(match.entry.term.lower(), match.surface)
        return list(unknown.values())[:MAX_COUNTED]

    def _glossary(self) -> "Glossary":
        if self._glossary_loader is None:
            from knowledge.glossary import load_glossary

            self._glossary_loader = load_glossary
        return self._glossary_loader()

    def _is_mentioned(self, entry: "GlossaryEntry") -> bool:
        key = entry.term.lower()
        if key not in self._mentioned:
            text = self._corpus_text()
            # Stemmed, space-delimited: "data lakes" in a passage mentions the entry "data lake".
            self._mentioned[key] = any((t := " ".join(terms(s))) and f" {t} " in text for s in entry.surfaces())
        return self._mentioned[key]

    def _corpus_text(self) -> str:
        if self._text is None:
            # A bar between chunks keeps a term from being found across two passages.
            self._text = " " + " | ".join(" ".join(t) for k, t in zip(self._kinds, self._tokens) if k in MENTION_KINDS) + " "
        return self._text
