"""Checks a business text must pass against its update: no contradiction, and grammar a reader can trust.

Both read the update and the text themselves (exact cues), not the analysis that wrote the text, so a wrong
analysis cannot mark its own homework.
"""

from __future__ import annotations

import re

from bot.translate.model import Translation

# The update says a problem still stands.
_STANDING = re.compile(
    r"\bstill\b|\bkeeps?\b|\bkept\b|\bcontinues? to\b|\bisn'?t\b|\baren'?t\b|\bnot (?:yet|wired|working|fixed|resolved|in place)\b|"
    r"\bpaused\b|\bis down\b|\bfailing\b|\bthrash\w*|\bcan'?t\b|\bcannot\b|\bwon'?t\b|\bpending\b|\bblock(?:ed|ing|s)\b|\bstuck\b|"
    r"\bunsigned\b|\bhasn'?t\b|\bhaven'?t\b|\bnobody\b|\bno one\b|\bnever\b",
    re.I,
)
# What a safeguard does when something happens is no problem standing now: "a test that blocks the deploy if the
# schema changes again", "it keeps the old model whenever the new one scores worse".
_CONDITIONAL = re.compile(r"[^.;!?]*?\b(?:if|whenever)\b", re.I)
# The business text says all is well again.
_ALL_CLEAR = re.compile(
    r"\brunning normally\b|\bback to normal\b|\bservice is (?:running|working)\b|\bworking again\b|\bin use again\b|"
    r"\bback on a working version\b|\b(?:problem|issue|incident|fault) (?:is|was|has been) (?:resolved|fixed|solved)\b|"
    r"\bnothing (?:is )?left to do\b|\braises nothing\b",
    re.I,
)
# The business text says nothing is asked of the business: that contradicts an update that asks for a decision,
# not one where a fault stands ("nobody has been paged" is good news, and a fault can stand with nothing to decide).
_NOTHING_ASKED = re.compile(r"\bno (?:decision|action|sign-off|approval) is (?:needed|asked)\b", re.I)
_ASKS = re.compile(
    r"\b(?:need|needs|needed|want|wants|asks?|asking|asked|awaiting|waiting for|requires?)\b[^.;]{0,30}?"
    r"\b(?:sign-?off|decision|approval|go-ahead|budget|call)\b|\b(?:decide|approve)\b|\bsomeone has to\b",
    re.I,
)
_SHORTFALL = re.compile(r"\b(?:below|under|short of|against)\b.{0,40}\b(?:target|budget|SLA|bar|goal)\b|\bonly\b", re.I)
_MEETS = re.compile(r"\bmeets? (?:the|its) (?:target|bar|goal)\b|\bon target\b|\babove (?:the )?target\b|\bwithin budget\b", re.I)


def contradictions(source: str, translation: Translation) -> list[str]:
    """Where the business text says the opposite of the update, one plain line each; empty when it does not."""
    text = translation.business_text()
    out = []
    standing = next((m for m in _STANDING.finditer(source) if not _CONDITIONAL.match(source, m.end())), None)
    if standing:
        for m in _ALL_CLEAR.finditer(text):
            out.append(f"says {m.group()!r} though the update says {standing.group()!r}")
    asks = _ASKS.search(source)
    if asks:
        for m in _NOTHING_ASKED.finditer(text):
            out.append(f"says {m.group()!r} though the update asks {asks.group()!r}")
    if _SHORTFALL.search(source) and _MEETS.search(text):
        out.append(f"says {_MEETS.search(text).group()!r} though the update reports a shortfall")
    if translation.decision is None and any(i.decision for i in translation.issues):
        out.append("an issue needs a decision but no decision is asked for")
    return out


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.I)
_PLURAL_HEDGE = re.compile(r"\w\(s\)")
_BAD_SPACING = re.compile(r"\s[,.;:](?!\d)|[,;:]\.|\.\.(?!\.)|\(\s*\)")
_A_AN = re.compile(r"\b(a|an)\s+([A-Za-z][\w-]*)", re.I)
# Words whose sound does not follow their first letter.
_AN_EXCEPT = {"hour", "hours", "honest", "honour", "heir"}
# Words whose "u" or "o" is said like "you" or "wun" take "a": "a unit", "a user", "a urinal", "a one-off". Before a
# consonant, "ur" is said as in "urgent", "urban" and takes "an"; only "ur" before a vowel sounds like "you".
_A_EXCEPT = ("uni", "unan", "use", "usu", "usa", "uti", "ute", "uto", "ubi", "ura", "ure", "uri", "uro", "uru", "one",
             "once", "eu")


def grammar_problems(text: str) -> list[str]:
    """What is ungrammatical in a business text, one line per problem sentence; empty when it reads right."""
    problems = []
    for s in (p.strip() for p in _SENTENCE_SPLIT.split(text.strip()) if p.strip()):
        first = next((c for c in s if c.isalpha()), "")
        token = s.split()[0]
        if first and first.islower() and not any(ch.isdigit() for ch in token):
            problems.append(f"starts in lowercase: {s[:60]}")
        if _PLURAL_HEDGE.search(s):
            problems.append(f"hedged plural '(s)': {s[:60]}")
        m = _DOUBLED.search(s)
        if m:
            problems.append(f"doubled word {m.group(1)!r}: {s[:60]}")
        if _BAD_SPACING.search(s):
            problems.append(f"broken punctuation: {s[:60]}")
        if s.count("(") != s.count(")"):
            problems.append(f"unbalanced brackets: {s[:60]}")
        if s.endswith(":") or re.search(r":\s*$", s):
            problems.append(f"dangling lead-in: {s[:60]}")
        for art in _A_AN.finditer(s):
            written = art.group(2)
            word = written.lower()
            vowel = (word[0] in "aeiou" and not word.startswith(_A_EXCEPT)) or word in _AN_EXCEPT
            # The case is read before lower-casing: "an XL", "an SLA" are said letter by letter.
            if written.isupper() or any(ch.isdigit() for ch in word):
                continue  # "an SLA", "a 3-day": read as letters or numbers; leave them be
            if art.group(1).lower() == "a" and vowel:
                problems.append(f"'a' before {word!r}: {s[:60]}")
            elif art.group(1).lower() == "an" and not vowel:
                problems.append(f"'an' before {word!r}: {s[:60]}")
    if text.strip() and not text.strip().endswith((".", "!", "?", ")")):
        problems.append(f"no closing full stop: {text.strip()[-40:]}")
    return problems


def translation_grammar(translation: Translation) -> list[str]:
    """Grammar problems over every business text of a Translation."""
    return [p for part in translation.business_texts() for p in grammar_problems(part)]
