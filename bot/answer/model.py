"""The answer people read, and the checks a question passes before anything is searched."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.errors import InputError
from knowledge.types import Citation

NOT_COVERED = (
    "The COMPEL Body of Knowledge (and the program records I can see) does not cover this question, "
    "so I won't guess."
)
# Said once, first, when retrieval found only a loose match: the reader should check the sources.
WEAK_MATCH = "The closest passages I found match this question only loosely, so check the sources before relying on them."
MAX_QUOTE = 320


class Answer(BaseModel):
    """An answer and where it comes from, as `compel ask --json` prints it."""

    model_config = ConfigDict(extra="forbid")

    answer: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    context: str = Field("", exclude=True)
    question: str = Field("", exclude=True)
    backend: str = Field("offline", exclude=True)

    def to_json(self) -> dict:
        """Exactly the documented shape: answer, abstained, citations (in the order the answer uses them)."""
        return {
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.model_dump() for c in self.citations],
        }


def check_question(question: str, limit: int) -> str:
    """The question, trimmed, or a one-line refusal in plain words (the setting's name goes to operators only)."""
    text = (question or "").strip()
    if not text:
        raise InputError(
            'The question is empty; ask something, e.g. "Which questions fit a use case at the integration stage?"',
            detail='from the command line: compel ask "Which questions fit a use case at the integration stage?"',
        )
    if len(text) > limit:
        raise InputError(
            f"The question is {len(text):,} characters long; the limit is {limit:,}. Please shorten it and ask again.",
            detail="set by COMPEL_MAX_QUESTION_CHARS",
        )
    return text
