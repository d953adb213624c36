"""Small wording helpers for oversight text a person reads: quotes cut cleanly, labels, pillars, categories."""

from __future__ import annotations

import re

from knowledge.text import sentences

# Register categories as a person reads them (the stored values are identifiers, never shown).
CATEGORY_LABELS: dict[str, str] = {
    "debt": "debt",
    "operational_risk": "operational risk",
    "compliance_violation": "compliance violation",
}
_TRAILING = re.compile(r"[\s,;:\-–—(]+$")


def category_label(category: str, *, capital: bool = False) -> str:
    """'compliance_violation' -> 'compliance violation' (or 'Compliance violation')."""
    text = CATEGORY_LABELS.get(category, category.replace("_", " "))
    return capitalise(text) if capital else text


def capitalise(text: str) -> str:
    """The first letter upper-cased, the rest untouched ('mLOps' is not made; 'MLOps gaps' stays)."""
    return text[:1].upper() + text[1:] if text else text


def in_sentence(label: str) -> str:
    """A title for use mid-sentence: 'Missed milestone' -> 'missed milestone', 'MLOps gaps' stays as it is."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and any(c.isupper() for c in first[1:]):
        return label  # an acronym or a name leads: keep its capitals
    return label[:1].lower() + label[1:]


def clip(text: str, limit: int = 160) -> str:
    """The text whole when short; else its leading sentences that fit, else cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in sentences(text):
        joined = f"{kept} {sentence}".strip()
        if len(joined) > limit:
            break
        kept = joined
    if kept:
        return kept + " …"
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return _TRAILING.sub("", cut) + "…"


def pillar_phrase(pillars: list[str]) -> str:
    """['people'] -> 'the people pillar'; ['people', 'process'] -> 'the people and process pillars'."""
    if not pillars:
        return ""
    if len(pillars) == 1:
        return f"the {pillars[0]} pillar"
    return f"the {', '.join(pillars[:-1])} and {pillars[-1]} pillars"
