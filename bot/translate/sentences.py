"""A clause told as a whole sentence: its own subject, verb and facts, in the third person, with nothing dangling.

The clause's own grammar carries what happened, so its polarity and tense stay true by construction; what changes is
who speaks ("we" becomes "the team"), a subject the clause left out ("need a call" becomes "the team needs a call"),
and the joining word that tied it to the clause before ("but", "so"), which means nothing on its own.
"""

from __future__ import annotations

import re

# A joining word opens a clause only to tie it to the one before: alone it would dangle.
_LINK = re.compile(r"^(?:(?:but|so|and|also|then|plus|though|although|however|meanwhile|anyway|still)\b,?\s+)+", re.I)
# A spaced dash, a semicolon or a colon ends one statement and begins another.
_BREAK = re.compile(r"\s+[\u2014\u2013]\s+|\s+-{1,2}\s+|\s*;\s+")
# The writer speaks for the team: in a business text, the team is named in the third person.
_PERSON = [
    (re.compile(r"\bwe're\b", re.I), "the team is"), (re.compile(r"\bwe've\b", re.I), "the team has"),
    (re.compile(r"\bwe'll\b", re.I), "the team will"), (re.compile(r"\bwe'd\b", re.I), "the team would"),
    (re.compile(r"\bour team\b", re.I), "the team"), (re.compile(r"\bwe\b", re.I), "the team"),
    (re.compile(r"\bour\b", re.I), "the team's"), (re.compile(r"\bours\b", re.I), "the team's"),
    (re.compile(r"\bus\b"), "the team"),  # lower case only: "US" is a country
    (re.compile(r"\bI'm\b"), "the author is"), (re.compile(r"\bI've\b"), "the author has"), (re.compile(r"\bI\b"), "the author"),
    (re.compile(r"\bcan't\b", re.I), "cannot"), (re.compile(r"\bwon't\b", re.I), "will not"),
    (re.compile(r"\b(is|are|was|were|has|have|had|does|do|did|could|would|should|must)n't\b", re.I), r"\1 not"),
]
# A clause that opens on its verb has left its subject out; the team is the one that needs, wants or is waiting.
_NO_SUBJECT = re.compile(r"^(?:(need|want)s?|(waiting|looking|hoping|planning|working|trying|aiming)|(blocked|stuck))\b", re.I)
_THIRD = {"need": "needs", "want": "wants"}
# A question word left at the end ("a call on which") points at options the sentence no longer holds.
_DANGLING = re.compile(r"\b(?:on|about|for|of|to)?\s*(?:which|what|whom|who|whether|how)\s*[?.]?$", re.I)
_MAX_WORDS = 32


def statements(clause: str) -> list[str]:
    """The clause's statements: split at a spaced dash or semicolon, each without the joining word that opened it."""
    return [s for s in (_LINK.sub("", p.strip()).strip(" ,.") for p in _BREAK.split(clause)) if s]


def third_person(text: str) -> str:
    """The statement with the writer's "we", "our" and "I" told as the team or the author, contractions written out."""
    for rx, to in _PERSON:
        text = rx.sub(to, text)
    return text


def with_subject(text: str) -> str:
    """A statement that opens on its verb gets the team as its subject ("need a call" -> "the team needs a call")."""
    m = _NO_SUBJECT.match(text)
    if not m:
        return text
    if m.group(1):
        return "the team " + _THIRD[m.group(1).lower()] + text[len(m.group(1)):].lstrip("s")
    if m.group(2):
        return "the team is " + text
    return "the work is " + text


# A finite verb, read by its form: an auxiliary or modal, a past or third-person ending, or an irregular past (a closed
# class of English). A statement with none ("the depot move on 3 October") is a fragment, not a sentence.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|does|do|did|can|cannot|could|will|would|shall|should|may|might|must|keeps?|"
    r"set|sent|ran|went|took|made|got|hit|built|broke|fell|rose|grew|came|left|kept|lost|paid|held|found|saw|told|"
    r"spent|cut|put|began|gave|brought|bought|caught|felt|led|met|read|shut|slid|split|spun|stood|stuck|struck|swung|"
    r"threw|understood|won|wrote|drove|froze|hid|sank|shrank|woke|[a-z]{3,}(?:ed|[^s\W]s|es))\b", re.I)
_SUBORDINATE = re.compile(r"(?:^|\W)(since|after|before|until|because|while|when|as|from|once)\W*$", re.I)


def opening_link(gap: str) -> str:
    """The subordinating word between a clause and the one before ("since"), which the clause split took off."""
    m = _SUBORDINATE.search(gap)
    return m.group(1).lower() if m else ""


def stands_alone(text: str) -> bool:
    """True when the statement can be a sentence of its own: short enough, a verb in it, nothing left dangling."""
    words = text.split()
    if not 3 <= len(words) <= _MAX_WORDS or _DANGLING.search(text) or not _FINITE.search(text):
        return False
    return text.count("(") == text.count(")") and text.count('"') % 2 == 0


# An option the update states: a modal, then two courses joined by "or" ("we can patch it by Friday or wait for ...").
_CHOICE = re.compile(r"\b(?:can|could|should|might|may|either)\s+(?:either\s+)?(?P<a>[a-z][^;:]*?)\s*,?\s+or\s+(?:we\s+(?:can|could)\s+)?"
                     r"(?:else\s+)?(?P<b>[a-z][^;:]*)$", re.I)
# A course of action opens on its verb: the words that can open one are not a closed list, but never these.
_NOT_A_VERB = frozenset("a an the this that it its their our not no to of in on at by for from with as".split())


def stated_options(clauses: list[str]) -> list[str]:
    """The courses of action the update itself offers, each as an imperative ("Patch the mapping by Friday"), or []."""
    for clause in clauses:
        for part in statements(clause):
            m = _CHOICE.search(part)
            if not m:
                continue
            a, b = m.group("a").strip(" ,."), m.group("b").strip(" ,.")
            b = _DANGLING_ASK.sub("", b).strip(" ,.")
            if any(w.split()[0].lower() in _NOT_A_VERB for w in (a, b) if w) or not a or not b:
                continue
            if len(a.split()) < 2 or len(b.split()) < 2:
                continue  # "X or Y" of single words is a pair of things, not two courses of action
            return [third_person(a), third_person(b)]
    return []


# The ask that sometimes trails the options in the same statement ("..., need a call from Dana").
_DANGLING_ASK = re.compile(r",?\s+(?:and\s+)?(?:we\s+)?need\s+.*$", re.I)


_WHICH = re.compile(r"\s*\b(?:on|about)?\s*which\s*[?.]?$", re.I)


def which_option(text: str) -> str:
    """"a call from Dana on which", said after the update's own options, asks which of them to take."""
    return _WHICH.sub(" on which option to take", text)


# Whom the update asks for its call: a person or role that gives a decision ("a call from Dana", "sign-off from the
# CFO"). The assent nouns are the same closed set spans reads as given by people.
_FROM_DECIDER = re.compile(
    r"\b(?:call|decision|sign-?off|approval|answer|go-ahead|yes or no|ok|okay|verdict|ruling)\s+(?:\w+\s+){0,3}?from\s+"
    r"(?P<who>(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)|the\s+(?-i:[A-Z]{2,6}|[a-z]+(?:\s+[a-z]+)?(?=\s+(?:on|about|by|before)\b|\s*[,.;]|$)))",
    re.I,
)


def named_decider(clauses: list[str]) -> str | None:
    """The person or role the update names as the one to decide, or None when it names nobody."""
    for clause in clauses:
        m = _FROM_DECIDER.search(clause)
        if m:
            return m.group("who")
    return None
