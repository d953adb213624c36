"""Stage questions: the BoK's own (quoted from the indexed article), else the pack's, then the use case's findings."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.errors import InputError
from bot.oversight.findings import Finding
from bot.oversight.labels import STAGE_LABELS
from knowledge.types import Citation
from store.names import edit_distance

log = logging.getLogger(__name__)

# (module, article, section) -> the section's indexed text, or None when it is not indexed.
SectionText = Callable[[str, int, str], "str | None"]

_OPEN_QUOTES = {'"': '"', "“": "”", "'": "'"}
_MAX_QUOTE = 600


class Question(BaseModel):
    """One question for the EATP to ask, with where it comes from."""

    model_config = ConfigDict(extra="forbid")

    text: str
    origin: Literal["bok", "pack", "finding", "llm"]  # llm: worded by a language model from the cited question's grounds
    citation: Citation
    rule: str | None = Field(None, description="The finding rule a question was drawn from.")


class QuestionSet(BaseModel):
    """The questions for a stage, or for a use case at its current stage."""

    model_config = ConfigDict(extra="forbid")

    stage: str
    stage_name: str
    use_case: str | None = None
    use_case_name: str | None = None
    questions: list[Question]


def parse_stage(value: str) -> str:
    """'model development', 'Model-Development' or 'model_development' -> 'model_development'."""
    key = re.sub(r"[\s\-]+", "_", value.strip().lower())
    if key in STAGE_LABELS:
        return key
    # a misspelt stage ("integraton") is still that stage when exactly one stage is a near miss; a prefix is not
    # enough here, since a use case may be named "production line"
    near = [stage for stage in STAGE_LABELS if edit_distance(key, stage) <= max(1, len(key) // 4)]  # chosen, not offered: stricter
    if len(near) == 1:
        return near[0]
    raise InputError(f"Unknown stage {value!r}; use one of: {', '.join(STAGE_LABELS.values())}.")


def quote_after(text: str, label: str) -> str | None:
    """The question the article gives after a lead-in like 'During integration:', without its quote marks."""
    pattern = "(?:^|(?<=[\\n.;:!?\"\u201d]))\\s*" + re.escape(label) + r"\s*:"
    match = re.search(pattern, text) or re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return None
    rest = text[match.end():].lstrip()
    if not rest:
        return None
    close = _OPEN_QUOTES.get(rest[0])
    if close is not None:
        end = rest.find(close, 1)
        body = rest[1:end] if end > 0 else rest[1:]
    else:
        body = rest.split("\n", 1)[0]
    body = " ".join(body.split())[:_MAX_QUOTE].strip()
    return body if "?" in body else None


PACK_SOURCE = "COMPEL knowledge pack"


def stage_questions(stage: str, section_text: SectionText | None = None) -> list[Question]:
    """The BoK's questions for a use-case stage: quoted from the indexed article, else the pack's paraphrase."""
    from bot.oversight.sources import bok_source
    from knowledge.pack import load_pack

    pack = load_pack()
    out: list[Question] = []
    quoted: set[tuple[str, str, int, str]] = set()
    for q in pack.stage_questions.get(stage, []):
        src = q.source
        key = (q.stage_label, src.module, src.article, src.section)
        if key in quoted:
            continue
        text = section_text(src.module, src.article, src.section) if section_text else None
        quote = quote_after(text, q.stage_label) if text else None
        if quote:
            quoted.add(key)
            cite = Citation(
                source=bok_source(src.module, src.article),
                module=src.module, article=src.article, section=src.section, quote=quote, kind="bok",
            )
            out.append(Question(text=quote, origin="bok", citation=cite))
            continue
        cite = Citation(source=PACK_SOURCE, module=src.module, article=src.article, section=src.section, kind="pack")
        out.append(Question(text=q.text, origin="pack", citation=cite))
    return out


def finding_questions(findings: list[Finding]) -> list[Question]:
    """The questions a use case's own findings raise, most severe first, without repeats."""
    seen: set[str] = set()
    out: list[Question] = []
    for f in sorted(findings, key=Finding.sort_key):
        for text in f.questions:
            if text not in seen:
                seen.add(text)
                out.append(Question(text=text, origin="finding", citation=f.citation, rule=f.rule))
    return out


def questions_for_stage(stage: str, section_text: SectionText | None = None) -> QuestionSet:
    """The question set for a stage on its own."""
    key = parse_stage(stage)
    return QuestionSet(stage=key, stage_name=STAGE_LABELS[key], questions=stage_questions(key, section_text))


def questions_for_use_case(uc, findings: list[Finding], section_text: SectionText | None = None) -> QuestionSet:
    """The stage questions for a use case's current stage, then those its findings raise."""
    own = [f for f in findings if f.subject == uc.id]
    return QuestionSet(
        stage=uc.stage,
        stage_name=STAGE_LABELS[uc.stage],
        use_case=uc.id,
        use_case_name=uc.name,
        questions=stage_questions(uc.stage, section_text) + finding_questions(own),
    )
