"""The BoK passage a finding rests on: the sentence of its cited section nearest the finding's point, with a score.

Read at run time from the indexed article (the licensed text never enters the repository) and remembered per code
version, so after a write a recomputation pays only dictionary look-ups.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable
from pathlib import Path

from bot.oversight.findings import Finding
from bot.oversight.wording import clip
from knowledge.text import sentences, terms

log = logging.getLogger(__name__)

SectionText = Callable[[str, int, str], "str | None"]
_MAX_QUOTE = 320


def best_passage(section: str, query: str) -> tuple[str, float]:
    """The section's sentence sharing most terms with the query (set cosine), cut cleanly, and that score."""
    wanted = set(terms(query))
    best, top = "", 0.0
    for sentence in sentences(section):
        have = set(terms(sentence))
        if not have or not wanted:
            continue
        score = len(wanted & have) / math.sqrt(len(wanted) * len(have))
        if score > top:
            best, top = sentence, score
    return (clip(best, _MAX_QUOTE), round(top, 3)) if best else ("", 0.0)


def _query(f: Finding) -> str:
    """What the rule says in general: its title and the explanation's closing sentences (the case-free part)."""
    parts = f.explanation.split(". ")
    return f"{f.title}. {'. '.join(parts[1:]) if len(parts) > 1 else f.explanation}"


class QuoteBook:
    """Quotes by (rule, title, section), kept in one JSON file per code version beside the findings cache."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._known: dict[str, list] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._known = {}
        self._dirty = False

    def attach(self, findings: list[Finding], section_text: SectionText | None) -> list[Finding]:
        """The findings with their citations' quote and score filled, where the cited section is indexed."""
        texts: dict[tuple, str | None] = {}
        out = []
        for f in findings:
            c = f.citation
            if c.quote or c.module is None or c.article is None or not c.section:
                out.append(f)
                continue
            key = f"{f.rule}|{f.title}|{c.module}|{c.article}|{c.section}"
            hit = self._known.get(key)
            if hit is None and section_text is not None:
                where = (c.module, c.article, c.section)
                if where not in texts:
                    texts[where] = section_text(*where)
                if texts[where]:
                    hit = list(best_passage(texts[where], _query(f)))
                    self._known[key], self._dirty = hit, True
            if hit and hit[0]:
                f = f.model_copy(update={"citation": c.model_copy(update={"quote": hit[0], "score": hit[1]})})
            out.append(f)
        self._save()
        return out

    def _save(self) -> None:
        if not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._known), encoding="utf-8")
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            log.debug("could not keep the quotes at %s", self.path, exc_info=True)
