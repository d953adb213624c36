"""The smallest span of the team's words that carries a fact: the fact, what it measures and its preposition.

No whole clause is quoted: a fact keeps only the words that say what it is ("64% of postings", "since Tuesday",
"about 300 EUR a month"), so the jargon around it stays out of the business text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.jargon import _PLAIN_CAPS, common_words, is_english, is_technical_shape
from bot.translate.sentences import _GRAMMAR
from bot.understand.facts import extract_facts, signed

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

# A Slack mention or a link is one word: it is a fact and must never be cut.
_TOKEN = re.compile(r"<[@#!][^>\s]+>|#[\w-]+|https?://\S*[^\s.,;:!?)]|[$€£¥]?[\w][\w.,'’%&/:-]*[\w%]|[$€£¥]?\w")
# Words that may open a fact's span: prepositions and quantifiers that say how the fact stands ("about 300 EUR").
_LEFT = frozenset(
    "about around roughly nearly almost approximately over under only just between from since on by until till at "
    "before after within than against per every each up to of some last next more less fewer past beyond below above "
    "still now barely least most a an the its our their in one half no".split()
)
# Words that end a measure: the grammar turns here (a verb, a connector, another phrase).
_CLOSERS = frozenset(
    "a an the this that these those its their our his her my your of in on at to for from with without by into onto "
    "over under about after before since until while when where which who whose and or but nor so yet than then is "
    "are was were be been being has have had do does did can could will would shall should may might must isn aren "
    "wasn weren hasn haven hadn doesn don didn keeps keep kept gets got still not no now also only just again there "
    "here it they we he she you i because as if though against per every each instead through across during inside "
    "outside via within along behind around near past towards toward despite except like among unless whether "
    # Adverbs and a participle that end a phrase, never name a thing: "POS too", "FLR-77 done".
    "too already soon later anyway tho ok okay done either "
    # Pronouns run into their verb never belong to a noun phrase: "the DVLA lookup we're ..."
    "we're we've we'd we'll they're they've they'd it's that's there's i'm i've you're he's she's "
    "we’re we’ve they’re it’s that’s there’s".split()
)
# A comparative before "than": its -er form, or "more", "less", "fewer" ("gaps longer than 20 minutes").
_COMPARATIVE = re.compile(r"[a-z]{2,}er|more|less|fewer|rather")
# Before a date that dates the noun after it: a determiner, a possessive, or "on"/"in" ("on June imagery").
_DATED_AFTER = frozenset("the a an our their its this that his her on in".split())
_RATE = re.compile(r"(?:an?|per|each|every)\s+(?:second|minute|hour|day|night|week|month|quarter|year|run|user|update)\b", re.I)
_COPULA = frozenset("is are was were stays stayed remains remained sits sat stands stood reached reaches hit hits".split())
_MEASURE_NOUNS = 3
# A setting's value: "pinned maxConn to 4", "set batch_size at 64" (a verb of setting before it, a value after it).
_SET_VERBS = frozenset("set sets pinned pin pins raised raise lowered lower changed change capped cap bumped bump fixed".split())
# Nouns that name a person's group, not a thing a product makes ("Rahul's team").
_PEOPLE_NOUNS = frozenset("team teams manager managers group squad office people colleagues".split())
_NUMBERISH = {"number", "percent", "money", "ratio", "model", "time", "date", "version", "ticket"}


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _gap_breaks(text: str, a: int, b: int) -> bool:
    """True when the text between two words is punctuation that ends a phrase (a comma, a bracket, a semicolon)."""
    return any(c in ",;:()[]" for c in text[a:b])


def fact_spans(clause: str, facts: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """Character spans of the clause that carry its facts (kind, text), each as small as the grammar allows."""
    toks = _tokens(clause)
    if not toks:
        return []
    ranges: list[list[int]] = []
    for kind, text in facts:
        at = _find(clause, text)
        if at < 0:
            continue
        i = next((n for n, t in enumerate(toks) if t[1] > at), None)
        j = next((n for n, t in enumerate(toks) if t[1] >= at + len(text)), None)
        if i is None or j is None:
            continue
        lo, hi = i, j
        while lo > 0 and lo > i - 3 and toks[lo - 1][2].lower() in _LEFT and not _gap_breaks(clause, toks[lo - 1][1], toks[lo][0]):
            lo -= 1
        if toks[lo][2].lower() == "than" and lo > 0 and _COMPARATIVE.fullmatch(toks[lo - 1][2].lower()) \
                and not _gap_breaks(clause, toks[lo - 1][1], toks[lo][0]):
            lo -= 1  # "longer than 20 minutes": the comparison says how the figure stands, so it opens the span
        if kind in _NUMBERISH and kind not in {"date", "time", "ticket"}:
            if lo == i and i > 0 and _nounish(toks[i - 1][2]) and not _gap_breaks(clause, toks[i - 1][1], toks[i][0]) \
                    and text.isdigit():
                lo = i - 1  # "Sprint 5", "line 3": a number right after its noun is that thing's label
            hi = _measure_end(clause, toks, j)
            bare = (hi == j or toks[j + 1][2].lower() in _COMPARING) and not _RATE.match(clause, toks[j][1] + 1 if j + 1 < len(toks) else len(clause))
            opener = toks[lo][2].lower()
            if bare and (lo == i or opener in {"from", "to", "by", "at", "still", "now", "only"} | _COMPARING):
                lo = _subject_start(clause, toks, lo)  # "the error rate is back under 0.5%", never "under 0.5%" alone
        if kind == "name" and hi + 1 < len(toks) and toks[hi + 1][2][:1].islower() and i > 0 \
                and toks[i - 1][2].lower() in {"the", "a", "an", "our", "their", "its", "this", "that"}:
            hi = _measure_end(clause, toks, hi)  # "an XL warehouse", "the Oracle ERP connection": the name with its noun
        if kind == "date" and i > 0 and toks[i - 1][2].lower() in _DATED_AFTER and hi + 1 < len(toks) and toks[hi + 1][2][:1].islower() \
                and _nounish(toks[hi + 1][2], _next(toks, hi + 1)) and not _gap_breaks(clause, toks[hi][1], toks[hi + 1][0]):
            hi = _measure_end(clause, toks, hi)  # "the April launch", "on June imagery": a date before a noun dates that thing
        if toks[hi][2].endswith(("'s", "’s")) and hi + 1 < len(toks):
            hi = _measure_end(clause, toks, hi)  # "before Friday's payment run": a possessive goes with what it owns
        rate = _RATE.match(clause, toks[hi][1] + 1) if hi + 1 < len(toks) else None
        if rate and not _gap_breaks(clause, toks[hi][1], rate.start()):
            hi = next(n for n, t in enumerate(toks) if t[1] >= rate.end())
        ranges.append([lo, hi])
    ranges.sort()
    merged: list[list[int]] = []
    for lo, hi in ranges:
        # Two facts one word apart ("between 2 and 9", "from week 6 to week 9") read as one phrase.
        if merged and lo <= merged[-1][1] + 2 and not _gap_breaks(clause, toks[merged[-1][1]][1], toks[lo][0]):
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    # A figure's sign is part of it ("-2C", "~3%", "+£18k"): a span never starts after it.
    return [(toks[lo][0] - (1 if signed(clause, toks[lo][0]) else 0), toks[hi][1]) for lo, hi in merged]


def _find(clause: str, text: str) -> int:
    """Where `text` first stands as whole words in the clause, else where it first occurs (-1 if nowhere)."""
    # str.find with the edges checked by hand: a pattern per fact meant compiling a new regex for every id and figure.
    at = clause.find(text) if text else -1
    while at >= 0:
        end = at + len(text)
        if not (at and _is_word(clause[at - 1])) and not (end < len(clause) and _is_word(clause[end])):
            return at
        at = clause.find(text, at + 1)
    if not text:
        m = re.search(r"(?<![\w])(?![\w])", clause)
        return m.start() if m else 0
    return clause.find(text)


def _is_word(ch: str) -> bool:
    """What `\\w` matches in a str pattern: a letter, a digit of any script, or the underscore."""
    return ch.isalnum() or ch == "_"


def _measure_end(clause: str, toks: list, j: int) -> int:
    """The last word of what a figure measures: up to three nouns after it, or "of" and up to three more."""
    hi, n, taken = j, j + 1, 0
    if n < len(toks) and toks[n][2].lower() in _COMPARING and not _gap_breaks(clause, toks[j][1], toks[n][0]):
        return _compared_end(clause, toks, n)
    if n < len(toks) and toks[n][2].lower() == "of" and not _gap_breaks(clause, toks[j][1], toks[n][0]):
        n += 1
        if n < len(toks) and toks[n][2].lower() in {"the", "our", "its", "their", "all"}:
            n += 1
        hi_of = n - 1
        while n < len(toks) and taken < _MEASURE_NOUNS and _nounish(toks[n][2], _next(toks, n)) and not _gap_breaks(clause, toks[n - 1][1], toks[n][0]):
            hi_of, n, taken = n, n + 1, taken + 1
        return hi_of if taken else j
    while n < len(toks) and taken < _MEASURE_NOUNS and _nounish(toks[n][2], _next(toks, n)) and not _gap_breaks(clause, toks[n - 1][1], toks[n][0]):
        hi, n, taken = n, n + 1, taken + 1
    return hi


_COMPARING = frozenset("above below over under beyond behind".split())


def _compared_end(clause: str, toks: list, n: int) -> int:
    """"40% above the forecast": the comparison and what it is against, up to two nouns after its article."""
    hi, m = n, n + 1
    if m < len(toks) and toks[m][2].lower() in {"the", "a", "an", "our", "its", "their", "plan", "budget", "target"}:
        hi, m = (m, m + 1) if toks[m][2].lower() in {"plan", "budget", "target"} else (n, m + 1)
    taken = 0
    while m < len(toks) and taken < 2 and _nounish(toks[m][2], _next(toks, m)) and not _gap_breaks(clause, toks[m - 1][1], toks[m][0]):
        hi, m, taken = m, m + 1, taken + 1
    return hi


def _next(toks: list, n: int) -> str | None:
    return toks[n + 1][2] if n + 1 < len(toks) else None


def _nounish(word: str, nxt: str | None = None) -> bool:
    """A word that can belong to a measure's noun phrase: not a closed-class word, not plainly a verb in the past.

    A word in "-ed" is a verb ("5 closed at 62%") unless a noun follows it ("6,000 tagged photos").
    """
    w = word.lower()
    if len(w) > 4 and w.endswith("ed") and not w.endswith("eed") and not (nxt and _nounish(nxt)):
        return False
    return w not in _CLOSERS and w not in _COPULA and not w[:1].isdigit() and w[:1] not in "$€£¥"


def _subject_start(clause: str, toks: list, lo: int) -> int:
    """For a bare figure ("recall fell from 0.9 to 0.7", "the error rate is still 12%"), the start of what it is of.

    Up to three words back, over a verb and the nouns before it, stopping where the grammar turns (a determiner,
    a connector, punctuation): a figure is never shown without the thing it is the value of.
    """
    n, taken = lo, 0
    while n > 0 and not _gap_breaks(clause, toks[n - 1][1], toks[n][0]):
        w = toks[n - 1][2].lower()
        if taken and n >= 3 and w in _DETERMINERS and toks[n - 2][2].lower() in _ATTACHING and _nounish(toks[n - 3][2]) \
                and not _gap_breaks(clause, toks[n - 3][1], toks[n - 1][0]):
            # "the queue delay on the parcels channel has reached 25 minutes": the measure is the noun before "on the".
            n, taken = n - 2, min(taken, _SUBJECT_WORDS - 2)
            continue
        if taken >= _SUBJECT_WORDS:
            break
        if w in _COPULA or w in _AUXILIARIES or (taken == 0 and n == lo and w.endswith("ing") and len(w) > 4):
            n -= 1  # "are running 35%": the verb before the figure is not one of the subject's words
            continue
        if w in _PRONOUNS:
            n -= 1  # "we need 95%": the pronoun is the whole subject
            break
        if w in _CLOSERS or not _nounish(w):
            break
        n, taken = n - 1, taken + 1
    return n


_SUBJECT_WORDS = 3
_AUXILIARIES = frozenset("still now only just already has have had been will would can could".split())
_DETERMINERS = frozenset("the a an our its their this that".split())
_ATTACHING = frozenset("on of for in".split())
_PRONOUNS = frozenset("we they it i you he she".split())


# A label built like an abbreviation or a model name, whole: "GTFS-RT", "IQ/OQ", "Part-145", "T4", "NDVI".
_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*")
_LABEL_SHAPE = re.compile(r"(?:[A-Z]{2,}[A-Za-z0-9]*|[A-Z][a-z]+-\d+[A-Za-z0-9]*)(?:[-/][A-Za-z0-9]+)*")
_PREPOSITIONS_AFTER = frozenset("by to from in on at for with into over under up down".split())
# After a comparing word, a label is what the figure is held against ("sold 40 rooms below BAR").
_COMPARED_TO = frozenset("below above under over against beyond within".split())


_ID_NUMBER = re.compile(r"-\d{2,}$")  # "FLR-77", "OPS-1042"; not "GPT-4"


def _not_a_label(word: str) -> bool:
    """A date, version or figure written like a label ("FY26", "Q3", "v2") or a tracker id ("OPS-1042"): a fact, not a term."""
    kinds = {f.kind for f in extract_facts(word)}
    return bool(kinds & {"date", "time", "version", "money", "percent", "number"}) or ("ticket" in kinds and bool(_ID_NUMBER.search(word)))


def label_role(clause: str, start: int, glossary: "Glossary") -> tuple[int, str, int] | None:
    """A label no glossary holds, explained by its role in the clause, or None: (where the bracket goes, what to say,
    where the words the bracket speaks of end).

    Exact readings of the grammar only. A label before a noun phrase names a kind of that thing: "the AIS feed has
    gaps" reads "the AIS (a specialist term for this kind of feed) feed has gaps", the bracket right after the label as
    every term's is; a label after a comparing word is what a figure is held against ("below BAR (the level it is
    measured against)"). A word the glossary holds, a plain capital ("HR", "IT", "EUR") and a word not built like a
    label get no role here (see role_of for names).
    """
    m = _LABEL.match(clause, start)
    if not m or m.group() in _PLAIN_CAPS or not (_LABEL_SHAPE.fullmatch(m.group()) or is_technical_shape(m.group())):
        return None
    word, end = m.group(), m.end()
    known = [(t.start, t.end) for t in glossary.find(clause)] + glossary.protected(clause)  # a name is not a label
    if any(a < end and start < b for a, b in known) or _not_a_label(word):
        return None
    after = clause[end:]
    head = _head_noun(after) if re.match(r" [a-z]", after) else None
    if head and is_english(head):
        at = after.find(head)
        phrase = after[1 : at + len(head)].strip()
        words = phrase.split()
        more = after[after.find(phrase) + len(phrase):].split()
        following = words[1:] + more[:1]
        for n in range(1, len(words)):
            nxt = following[n] if n < len(following) else ""
            if words[n].lower() in _GRAMMAR or (words[n - 1].endswith("s") and not words[n - 1].endswith("ss")
                                                 and not words[n].endswith("s") and words[n].lower() in common_words()
                                                 and (nxt.lower() in _PREPOSITIONS_AFTER or nxt[:1].isdigit())):
                # "warehouse nobody": grammar closes the phrase; "predictions swing by": a plain word after a plural is its verb
                words = words[:n]
                break
        phrase = " ".join(words)
        reach = end + after.find(phrase) + len(phrase)
        if glossary.find(phrase):
            # "the IBP connector": the glossary explains the thing itself, so the bracket must not name it bare again.
            return end, "a specialist name for the kind that follows", reach
        return end, f"a specialist term for this kind of {phrase}", reach
    before = clause[:start].split()
    if before and before[-1].lower() in _COMPARED_TO and not re.match(r"[\w-]", after):
        return end, "the level it is measured against", end
    return None


def role_of(word: str, clause: str, start: int, glossary: "Glossary") -> str | None:
    """What an unexplained word is, by its role in the clause; None for plain words a reader knows ("Tuesday")."""
    if not (word[:1].isupper() or is_technical_shape(word)) or (word.isupper() and not is_technical_shape(word)):
        return None  # a plain word, or a capital everyone reads ("HR", "IT")
    role = _role(word, clause, start, glossary)
    # The word list is read last, and only when the grammar gave a role: most words never need it.
    return None if role is None or is_english(word) else role


def _role(word: str, clause: str, start: int, glossary: "Glossary") -> str | None:
    """What an unexplained word is, read from the clause's grammar around it, or None when the grammar does not say.

    Exact readings only: "a MAPE of 8%" and "WAPE is 31%" make it a measure; "pinned maxConn to 4" a setting;
    "the Drools engine" names an engine; "Workday's connector" is the product a connector belongs to.
    """
    before = clause[:start].split()
    after = clause[start + len(word):]
    prev = before[-1].lower() if before else ""
    nxt = re.match(r"\s*(?:'s\s+)?([A-Za-z][\w-]*)", after)
    follows = nxt.group(1).lower() if nxt else ""
    shaped = is_technical_shape(word)
    if shaped and re.match(r"\s+(?:to|at|=)\s+[\d$€£]", after) and (word[:1].islower() or "_" in word or prev in _SET_VERBS):
        return "a setting the team can change"
    if shaped and word.isupper() and (re.match(r"\s+(?:of|is|was|at|stays|remains|sits)\s+(?:still\s+|only\s+|just\s+)*[\d$€£]", after)
                                      or re.match(r"\s+(?:on|for)\s+[\w' ]{1,40}?\s+(?:is|was)\s+[\d]", after)):
        return "a measure of how well it performs"
    # "Kwame Mensah's dedup rules": the second part of a person's name owns what follows as a person does.
    surname = bool(before) and before[-1][:1].isupper() and before[-1].isalpha() and not before[-1].isupper()
    if after.startswith("'s ") and follows and follows not in _PEOPLE_NOUNS and (word[:1].isupper()) and not surname:
        head = _head_noun(after[3:])
        # "Femi's spot-checking 50 a day": 's before a verb in -ing standing alone is "is", a person at work.
        gerund = bool(head) and head.lower() == follows and follows.endswith("ing")
        if head and not gerund and head.lower() not in _PEOPLE_NOUNS and (is_english(head) or glossary.find(head)):
            return f"the product this {head} belongs to"
    if word[:1].isupper() and not word.isupper() and prev in _SOURCE_PREPS and len(before) >= 2:
        # "sync from Coupa": what the clause says comes from it makes it the system that thing comes from. What a
        # person gives ("a call from Priya", "sign-off from Ana") never comes from a system, so those stay names.
        thing = _noun_phrase_before(before[:-1])
        if thing and thing.split()[-1].lower() not in _GIVEN_BY_PEOPLE | _PEOPLE_NOUNS:
            return f"the system it {'comes from' if prev == 'from' else 'goes to'}"
    if word[:1].isupper() and not word.isupper() and prev in _SYSTEM_PREPS and not after.startswith("'"):
        return "a system the team uses"  # "stored in Quibble", "runs on Zorvex": a place data lives is a system
    prev2 = before[-2].lower() if len(before) >= 2 else ""
    if prev in _DETERMINERS and prev2 in _SOURCE_PREPS and len(before) >= 3 and not after.startswith("'"):
        # "two more message types from the 3PL": what the clause says comes from it is all a reader needs.
        thing = _noun_phrase_before(before[:-2])
        verb = re.match(r"\s+([a-z]+)\s+(\S+)", after)
        # "Stock counts from the TMS land in ...": after a plural thing, one bare word before a preposition is its verb.
        agrees = bool(thing and verb and thing.endswith("s") and not verb.group(1).endswith("s")
                      and (verb.group(2).lower() in _CLOSERS or verb.group(2)[:1].isdigit()))
        if thing and thing.split()[-1].lower() not in _GIVEN_BY_PEOPLE | _PEOPLE_NOUNS and (agrees or not re.match(r"\s+[a-z]", after)):
            plural = thing.endswith("s") and not thing.endswith("ss")
            return f"where the {thing.lower() if thing[1:].islower() else thing} {'come' if plural else 'comes'} from"
    if prev in _PLACE_PREPS | _DETERMINERS and (prev in _PLACE_PREPS or prev2 in _PLACE_PREPS) and not after.startswith("'") \
            and follows in _CLOSERS | {""} | _COPULA:
        return "a system the team uses"  # "land in Braze", "is timing out in the TMS": where the work happens
    if prev == "the" and follows and word[:1].isupper() and not after.startswith("'"):
        head = _head_noun(after)
        if head and head.lower() not in _PEOPLE_NOUNS and is_english(head) and not glossary.find(head):
            return f"the name of the {head}"
    return None


_SOURCE_PREPS = frozenset({"from", "into"})
_AUXILIARIES_AFTER = re.compile(r"is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|do|does|did|keep|stay|remain")
_SYSTEM_PREPS = frozenset({"via", "inside", "into"})
_PLACE_PREPS = frozenset({"in", "inside", "into", "via"})
# What only a person gives: a thing of this kind "from X" makes X a person, not a system.
_GIVEN_BY_PEOPLE = frozenset("call decision sign-off signoff approval answer go-ahead input word reply email message "
                             "feedback help ok okay yes confirmation agreement permission review view note nod".split())


def _noun_phrase_before(words: list[str]) -> str | None:
    """The noun phrase that ends the words ("Vendor master sync" in "Vendor master sync from"), up to three words."""
    taken: list[str] = []
    for w in reversed(words):
        w = w.strip()
        if not w or w[-1] in ",;:()" or w.lower() in _CLOSERS or w.lower() in _COPULA or not _nounish(w) \
                or not w.replace("-", "").isalpha() or not is_english(w):
            break
        if taken and w.lower().endswith("s") and not w.lower().endswith("ss"):
            break  # "now reads CDR aggregates": a word in -s before the phrase's nouns is its verb, not a modifier
        taken.insert(0, w)
        if len(taken) == 3:
            break
    return " ".join(taken) or None


# A verb is never followed by a subject pronoun: "images we need" is a noun and its relative clause.
_SUBJECT_PRONOUNS = frozenset("we they i you he she".split())


def _head_noun(text: str) -> str | None:
    """The last word of the noun phrase that opens the text ("SCIM connector still isn't" -> "connector")."""
    head = None
    for m in _TOKEN.finditer(text):
        w = m.group()
        if head is not None and (w.lower() in _CLOSERS or w.lower() in _COPULA or _gap_breaks(text, last, m.start())):
            break
        if not _nounish(w) and head is None:
            return None
        if not _nounish(w):
            break
        rest = text[m.end():].split(None, 1)
        if head is not None and w.endswith("s") and not w.endswith("ss") and rest and not (
                rest[0].lower() in _COPULA or _AUXILIARIES_AFTER.fullmatch(rest[0].lower()) or rest[0][:1] in ",;:.)"
                or rest[0].lower() in _SUBJECT_PRONOUNS):
            break  # "exporter drops about 4%", "model scores women": a word in -s after a noun is its verb unless a verb follows
        if head is not None and rest and rest[0][:1].isdigit():
            break  # "feed arrive 40 minutes": after a noun, a word before a figure is its verb
        head, last = w, m.end()
        if len(head) and text[m.end():m.end() + 1] in ",;:.":
            break
    return head
