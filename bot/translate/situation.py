"""What a situation is: how an update of one kind is recognised and how its meaning is said, plus the plain status note."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Decides = Literal["always", "never", "impact"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


@dataclass(frozen=True)
class Situation:
    """One kind of update: how to recognise it and how to say what it means."""

    name: str
    category: str
    cues: re.Pattern[str]
    lead: str
    impact: str
    decides: Decides = "impact"
    needs: re.Pattern[str] | None = None  # a second cue that must also be present
    context: re.Pattern[str] | None = None  # and a third, where the situation only makes sense in a setting
    weight: float = 1.0
    options: tuple[str, ...] = ()
    question: str = ""
    who: str = "business sponsor"
    cite: tuple[str, ...] = ()
    unless: re.Pattern[str] | None = field(default=None)  # a cue that rules this situation out


OPT_TIME = (
    "Accept the extra time and move the date.",
    "Hold the date by reducing what is delivered first.",
    "Add people or budget to win the time back, if the work allows it.",
)

# No situation's cues matched: say only that the team sent a note, and ask for the trade-off it describes.
FALLBACK = Situation(
    name="general",
    category="progress",
    cues=_rx(r"(?!x)x"),
    lead="A status note from the team.",
    impact="Read on for what it may change.",
    decides="impact",
    options=(
        "Accept the effect described and adjust plans around it.",
        "Ask the team for a recovery plan with its options, costs and dates.",
    ),
    question="which way to go on the trade-off the team describes",
    cite=(),
)
