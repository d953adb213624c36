"""Small wording helpers for oversight text a person reads: quotes cut cleanly, labels, pillars, categories."""

from __future__ import annotations

import re

from knowledge.text import sentences
from bot.prose import date_text

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


# --- milestones, signals and status reasons as sentences (every renderer reads these, none builds its own) --------

# A milestone key named as a reader says it mid-sentence ("the model viability milestone").
MILESTONE_NOUNS: dict[str, str] = {
    "data_preparation_complete": "data preparation",
    "model_viability_demonstrated": "model viability",
    "integration_testing_passed": "integration testing",
    "deployment_readiness_confirmed": "deployment readiness",
}
# Milestone and stage states as words: the stored values are identifiers ("at_risk"), never shown.
STATE_WORDS: dict[str, str] = {
    "pending": "not reached yet", "met": "reached", "missed": "missed", "at_risk": "at risk", "overdue": "missed",
    "due": "due", "met late": "reached late",
}
# Where a purchase stands, as a clause ("is still ordered" and "licence (ordered)" left the stored word to the reader).
PURCHASE_STATES: dict[str, str] = {"pending": "not ordered yet", "ordered": "ordered but not delivered"}
_SERIOUS = ("critical", "high")


def words(value: object) -> str:
    """An identifier as words: 'model_development' -> 'model development'."""
    return str(value or "").replace("_", " ")


def milestone_title(key: str) -> str:
    """'data_preparation_complete' -> 'Data preparation complete' (also accepts the spaced label)."""
    return capitalise(words(key))


def milestone_noun(key: str) -> str:
    """'data_preparation_complete' -> 'data preparation milestone'."""
    key = key.replace(" ", "_")
    return f"{MILESTONE_NOUNS.get(key, words(key))} milestone"


def state_word(state: str) -> str:
    """A milestone state as words: 'at_risk' -> 'at risk', 'pending' -> 'not reached yet'."""
    return STATE_WORDS.get(state, words(state))


def day_label(day, *, year: bool = False) -> str:
    """A date as people read it: '12 Nov' (or '12 Nov 2026')."""
    return f"{date_text(day, year=True)}" if year else f"{date_text(day)}"


def next_milestone(title: str | None, state: str, planned, *, year: bool = True) -> str:
    """'Next milestone: Data preparation complete, planned 26 Nov 2026, missed' (or 'All milestones met')."""
    if not title:
        return "All milestones met"
    bits = [f"planned {day_label(planned, year=year)}"] if planned else ["no planned date"]
    if state and state != "pending":
        bits.append(state_word(state))
    return f"Next milestone: {milestone_title(title)}, {', '.join(bits)}"


def milestone_evidence(key: str, state: str, planned) -> str:
    """A milestone as evidence: 'Model viability demonstrated: planned 12 Nov 2026, missed'."""
    when = f"planned {day_label(planned, year=True)}" if planned else "no planned date"
    return f"{milestone_title(key)}: {when}, {state_word('missed' if state == 'pending' else state)}"


def join_words(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'; items that hold a comma are kept apart with semicolons."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    sep = "; " if any("," in i for i in items) else ", "
    return sep.join(items[:-1]) + (f"{sep.strip()} and " if sep == "; " else " and ") + items[-1]


def sentence(text: str) -> str:
    """The text as a sentence: a capital first, a full stop last (unless it ends in one already)."""
    text = text.strip()
    if not text:
        return text
    return capitalise(text) + ("" if text[-1] in ".!?" else ".")


def subject_reason(subject: str | None, missed: list[tuple[str, object]], signals: list[tuple[str, str, str]]) -> str:
    """One subject's part of a workstream status, in sentences that name the subject once.

    `subject` is the use case's name, or None when the subject is the workstream itself (its name is already the
    heading); `missed` holds (milestone key, planned date); `signals` holds (rule, title, severity).
    """
    parts: list[str] = []
    unescalated = bool(missed) and any(rule == "missed_milestone_unescalated" for rule, _, _ in signals)
    if missed:
        said = join_words([milestone_noun(key) + (f" (planned {day_label(planned)})" if planned else "") for key, planned in missed])
        tail = ", and it was not escalated" if unescalated else ""
        parts.append(sentence(f"{subject} missed its {said}{tail}" if subject else f"the {said} was missed{tail}"))
    kept = [(t, s) for rule, t, s in signals if not (unescalated and rule == "missed_milestone_unescalated")]
    serious = [in_sentence(t) for t, s in kept if s in _SERIOUS]
    other = [in_sentence(t) for t, s in kept if s not in _SERIOUS]
    lead = f"{subject} has " if subject and not parts else ""
    if serious:
        what = "serious signals" if len(serious) > 1 else "a serious signal"
        parts.append(sentence(f"{lead}{what}: {join_words(serious)}"))
        lead = ""
    if other:
        what = ("signals" if len(other) > 1 else "a signal") + " to watch"
        parts.append(sentence(f"{lead}{what}: {join_words(other)}" if lead or not parts else f"Also to watch: {join_words(other)}"))
    return " ".join(parts)


def signal_line(title: str, severity: str, explanation: str) -> str:
    """A signal on its own line, its weight in words as subject_reason says it: 'To watch: debt overdue. 2 items ….'"""
    what = "A serious signal" if severity in _SERIOUS else "To watch"
    return f"{what}: {in_sentence(title).rstrip('.')}. {sentence(explanation.split('. ', 1)[0].rstrip('.'))}"
