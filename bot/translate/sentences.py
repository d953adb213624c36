"""A clause told as a whole sentence: its own subject, verb and facts, in the third person, with nothing dangling.

The clause's own grammar carries what happened, so its polarity and tense stay true by construction; what changes is
who speaks ("we" becomes "the team"), a subject the clause left out ("need a call" becomes "the team needs a call"),
and the joining word that tied it to the clause before ("but", "so"), which means nothing on its own.
"""

from __future__ import annotations

import re

from bot.jargon import common_words, is_english
from bot.understand.asked import decider

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


def statements(clause: str, *, joined: bool = True) -> list[str]:
    """The clause's statements: split at a spaced dash or semicolon, each without the joining word that opened it.

    `joined`: also split where a comma, "and" or "but" joins two statements that each stand on their own grammar
    (see own_statements); the update's own options are read unsplit, as one course may hold an "and".
    """
    parts = [s for s in (_LINK.sub("", p.strip()).strip(" ,.") for p in _BREAK.split(clause)) if s]
    if joined:
        parts = [q for p in parts for q in own_statements(p)]
    return parts


# Where one statement may end and the next begin: a comma, "and" or "but" (with or without a comma before it).
_JOIN = re.compile(r",\s+(?:(?:and|but)\s+)?|\s+(?:and|but)\s+")
# What may open a statement's subject: a determiner, a possessive, a pronoun, a quantifier, or a plain noun.
_SUBJECT_OPENERS = frozenset("the a an our their its his her my this these those we they it he she i nobody someone "
                             "everyone each every all some no both one two three four five six seven eight nine ten".split())
_SUBJECT_INNER = frozenset("the a an our their its of".split())
_LEADING_ADVERBS = frozenset("only now still just already also".split())
_PARTICIPLE_END = re.compile(r"\b(?:done|gone|[a-z]{2,}ed|" + "|".join(
    "set sent ran took made got hit built broke fell rose grew came left kept lost paid held found cut put shut".split())
    + r")$", re.I)
_MAX_SUBJECT = 6


def own_statements(text: str) -> list[str]:
    """The text split where a comma, "and" or "but" starts a statement with its own subject and finite verb.

    Exact grammar only: the words after the join open on a subject (a determiner, a pronoun or a noun, up to six
    words, only articles and "of" inside it) followed by a finite verb, and the words before it are a statement too
    (a finite verb of their own, or a report that ends on its participle: "Rollback done"). "the vendor, the bank and
    the auditors agreed" has no verb before its "and", so it stays whole; "and redeploy it" has no subject.
    """
    out, start = [], 0
    for m in _JOIN.finditer(text):
        before, after = text[start : m.start()].strip(), text[m.end() :]
        if not before or not _subject_then_verb(after):
            continue
        if not _has_verb(before):
            continue
        out.append(before)
        start = m.end()
    out.append(text[start:].strip())
    return [o for o in out if o]


def _has_verb(text: str) -> bool:
    """A finite verb that is not only a last word in -s ("finance, then logistics"), or a closing participle."""
    at = verb_start(text)
    if at is not None and re.match(r"[A-Za-z']+,", text[at:]):
        return False  # "the planners, the buyers": a word in -s before a comma is one of a list of nouns
    if at is not None and not (" " not in text[at:].strip() and text.rstrip().endswith("s") and not _AUXILIARY.fullmatch(
            text[at:].strip().lower())):
        return True
    return _PARTICIPLE_END.search(text) is not None and verb_start(text) is None


def _subject_then_verb(text: str) -> bool:
    """True when the text opens on a short subject and then its finite verb ("the hotfix ships tomorrow")."""
    at = verb_start(text)
    if not at:
        return False
    words = [w.lower() for w in _WORD.findall(text[:at])]
    while words and words[0] in _LEADING_ADVERBS:
        words = words[1:]
    if not words or len(words) > _MAX_SUBJECT or re.search(r"[,;:()]", text[:at]):
        return False
    first, rest = words[0], words[1:]
    if first not in _SUBJECT_OPENERS and first in _GRAMMAR:
        return False
    return all(w not in _GRAMMAR or w in _SUBJECT_INNER for w in rest) and (first in _SUBJECT_OPENERS or is_english(first)
                                                                          or words[0][:1].isupper())


def third_person(text: str) -> str:
    """The statement with the writer's "we", "our" and "I" told as the team or the author, contractions written out."""
    for rx, to in _PERSON[-3:]:
        text = rx.sub(to, text)  # "we haven't" is "we have not" first, so its verb agrees: "the team has not"
    text = _WE_VERB.sub(_agree, text)
    for rx, to in _PERSON:
        text = rx.sub(to, text)
    return text


# "we need" -> "the team needs": a present verb after "we" takes the third person's ending (a modal or a past form
# stays as it is). The word after a subject pronoun is its verb, so its form alone decides.
_WE_VERB = re.compile(r"\b([Ww]e|I)(\s+(?:still|also|now|just|only|already|really|all|both|actually|urgently)?\s*)([a-z]+)\b(?!')")
_IRREGULAR = {"are": "is", "were": "was", "have": "has", "do": "does", "go": "goes", "am": "is"}
_UNCHANGED = frozenset("can could will would shall should may might must cannot did had was is ought used".split())
_EED = frozenset("need needs feed speed proceed succeed exceed heed".split())  # base verbs that end in "ed"


def _agree(m: re.Match) -> str:
    who, gap, verb = m.group(1), m.group(2), m.group(3)
    subject = "the team" if who.lower() == "we" else "the author"
    subject = subject.capitalize() if who[:1].isupper() and m.start() == 0 else subject
    if verb in _IRREGULAR:
        verb = _IRREGULAR[verb]
    elif verb in _UNCHANGED or verb.endswith("ed") and verb not in _EED or verb in _PAST_FORMS or verb.endswith("s") and not verb.endswith("ss"):
        pass
    elif verb.endswith(("ch", "sh", "ss", "x", "o")):
        verb += "es"
    elif verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        verb = verb[:-1] + "ies"
    else:
        verb += "s"
    return subject + (gap or " ") + verb


def with_subject(text: str) -> str:
    """A statement that opens on its verb gets the team as its subject ("need a call" -> "the team needs a call").

    An update that opens on a past form reports what the team did ("Moved the service ..." -> "the team moved ...").
    """
    m = _NO_SUBJECT.match(text)
    if not m:
        first = _WORD.match(text)
        nxt = _WORD.match(text, first.end() + 1) if first and first.end() < len(text) else None
        if first and nxt and nxt.group().lower() in _OBJECT_OPENERS | {"back", "up", "off", "out", "over"} and (
                first.group().lower().endswith("ed") and first.group().lower() not in _EED or first.group().lower() in _PAST_FORMS):
            return "the team " + first.group().lower() + text[first.end():]
        return text
    if m.group(1):
        return "the team " + _THIRD[m.group(1).lower()] + text[len(m.group(1)):].lstrip("s")
    if m.group(2):
        return "the team is " + text
    return "the work is " + text


# A finite verb, read by its form: an auxiliary or modal, a past or third-person ending, or an irregular past (a closed
# class of English). A statement with none ("the depot move on 3 October") is a fragment, not a sentence.
# Its irregular pasts, a closed list (the regular "-ed" is read by its ending).
_IRREGULAR_PASTS = ("set sent ran went took made got hit built broke fell rose grew came left kept lost paid held found saw "
                    "told spent cut put began gave brought bought caught felt led met read shut slid split spun stood stuck "
                    "struck swung threw understood won wrote drove froze hid sank shrank woke").split()
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|does|do|did|can|cannot|could|will|would|shall|should|may|might|must|keeps?|"
    + "|".join(_IRREGULAR_PASTS) + r"|[a-z]{2,}ed|[a-z]{2,}(?:[^s\W]s|es))\b", re.I)
_WORD = re.compile(r"[A-Za-z']+")
# The irregular pasts among the finite forms above: a past stays as it is after "we".
_PAST_FORMS = frozenset(_IRREGULAR_PASTS) | {"knew", "thought"}
# What opens a verb's object or complement: after a word in -s, these make it a verb ("wants a"), not a plural noun
# ("alerts from").
_OBJECT_OPENERS = frozenset("a an the to that this these those we it he she they his her their our us them me more no not".split())


def finite_next(text: str, at: int) -> bool:
    """True when the word at `at` is a finite verb by its form ("wants a", "said", "will"), not a plural noun."""
    m = _WORD.match(text, at)
    if not m or not _FINITE.fullmatch(m.group()):
        return False
    if not m.group().lower().endswith("s") or m.group().lower() in {"is", "has", "does", "was", "keeps"}:
        return True
    after = _WORD.match(text, m.end() + 1) if m.end() < len(text) else None
    if after is None:
        return True
    nxt = after.group().lower()
    # "alerts from", "tickets are": a word in -s before a preposition or another verb is a plural noun.
    return nxt in _OBJECT_OPENERS or (nxt not in _PREPOSITIONS and not _AUXILIARY.fullmatch(nxt))


_PREPOSITIONS = frozenset("from in on at of for with by into onto over under about after before since until per via".split())
_AUXILIARY = re.compile(r"is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|do|does|did|keeps?")


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
# Or the word that asks for a choice, then its two courses: "need someone to pick: pay for X or drop Y", "the options
# are to wait or to rent", "decide whether to delay or cut".
_CHOICE = re.compile(r"(?:\b(?:can|could|should|might|may|either)\s+(?:either\s+)?"
                     r"|\b(?:pick|choose|decide|options?|choice|alternatives?)\b\s*(?::\s*|\s+(?:is|are)\s*:?\s*(?:to\s+)?"
                     r"|\s+whether\s+to\s+)(?:either\s+)?(?:to\s+)?)"
                     r"(?P<a>[a-z][^;:]*?)\s*,?\s+or\s+(?:we\s+(?:can|could)\s+)?"
                     r"(?:else\s+)?(?:to\s+)?(?P<b>[a-z][^;:]*)$", re.I)
# A course of action opens on its verb: the words that can open one are not a closed list, but never these.
_NOT_A_VERB = frozenset("a an the this that it its their our not no to of in on at by for from with as".split())


# Courses marked with a letter or number in order: "(a) buy the feed ...; or (b) stay on the free data ...".
_MARK = re.compile(r"(?:^|(?<=[\s;,.:]))\(?(?P<mark>[a-dA-D]|[1-4])\)\s+")
_MARK_ORDER = ("abcd", "1234")
# Where a marked course ends: the joining "or" before the next mark, a stop, or an ask that closes the update.
_MARKED_TAIL = re.compile(r"[\s;,.]*(?:\bor\b)?[\s;,.]*$", re.I)
_MARKED_END = re.compile(r"[.?!]\s+(?=\S)|\s+[-–—]\s+|[.?!]$")


def marked_options(text: str) -> list[str]:
    """The courses an update marks "(a)", "(b)" ... in order, each in its own words, or [] when fewer than two."""
    marks = list(_MARK.finditer(text))
    for order in _MARK_ORDER:
        run: list[re.Match[str]] = []
        for m in marks:  # the marks in their order: "(a)" then "(b)" ..., a stray one in between skipped
            if len(run) < len(order) and m.group("mark").lower() == order[len(run)]:
                run.append(m)
        if len(run) >= 2:
            break
    else:
        return []
    out = []
    for n, m in enumerate(run):
        end = run[n + 1].start() if n + 1 < len(run) else len(text)
        piece = text[m.end():end]
        stop = _MARKED_END.search(piece) if n + 1 == len(run) else None
        piece = _MARKED_TAIL.sub("", piece[: stop.start()] if stop else piece).strip(" ,;.")
        if len(piece.split()) < 2:
            return []
        out.append(third_person(piece))
    return out


def marks_a_course(clause: str) -> bool:
    """True when the clause holds a course marked "(a)", "(b)" ... (it is told in the Options list, not as news)."""
    return _MARK.search(clause) is not None


def stated_options(clauses: list[str]) -> list[str]:
    """The courses of action the update itself offers, each as an imperative ("Patch the mapping by Friday"), or []."""
    marked = marked_options(". ".join(clauses))  # the clauses, each ended as the sentence it was
    if marked:
        return marked
    for clause in clauses:
        for part in statements(clause, joined=False):
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


def named_decider(clauses: list[str]) -> str | None:
    """The person or role the update names as the one to decide, or None when it names nobody.

    The analysis's one reader of asks (bot.understand.asked.decider) answers, so the Decision line and the analysis's
    decider are the same person: "a call from Dana", "sign-off from the CFO", "the records owner for the EU region has
    to sign off"."""
    return decider(clauses)


_CONTENT = re.compile(r"[A-Za-z][\w'-]*")
# Words a statement may add around its facts: grammar, never a noun the reader may not know.
_GRAMMAR = frozenset(
    "a an the this that these those its their our his her my your of in on at to for from with without by into onto "
    "over under about after before since until while when where which who whose and or but nor so yet than then is "
    "are was were be been being has have had do does did can could will would shall should may might must not no now "
    "also only just again there here it they we he she you i because as if though unless per every each still already "
    "cannot team author twice once more less fewer some all any both either neither them him me itself themselves last next first "
    # closed-class words: pronouns, degree adverbs and particles carry no term a reader could miss
    "nobody nothing someone something anyone anything everyone everybody else how what why too very mostly nearly "
    "almost roughly few many much several other another same such between through out off up down back away inside "
    "outside around across along during within against meanwhile instead together ago".split()
)


def adds_only_grammar(text: str, kept: list[tuple[int, int]]) -> bool:
    """True when every word of the statement outside `kept` (facts, terms the glossary explains) is grammar or a verb.

    Jargon lives in nouns ("cold start", "pages"): a whole sentence may add the verb and the little words that make it
    a sentence, never a noun the glossary cannot explain; past forms and verbs taking an object are read by their form.
    """
    return offending(text, kept) == []


def verb_start(text: str) -> int | None:
    """Where the statement's first finite verb starts, or None when it has none."""
    for m in _CONTENT.finditer(text):
        if _FINITE.fullmatch(m.group()) and (not m.group().lower().endswith("s") or finite_next(text, m.start())):
            after = _WORD.match(text, m.end() + 1) if m.end() < len(text) else None
            if m.start() == 0 and m.group().lower().endswith("s") and _LATER_PAST.search(text, m.end()) \
                    and not (after and after.group().lower() in _ARTICLES):
                continue  # "deliveries to the north side slipped": a first word in -s before a past verb is its subject
            return m.start()
    return None


# What only opens a verb's object: "Drops the French support" opens on its verb, "deliveries to" on a noun.
_ARTICLES = frozenset("a an the this that these those their our its his her it them more no".split())
_LATER_PAST = re.compile(r"\b(?:was|were|had|[a-z]{3,}ed)\b")


def offending(text: str, kept: list[tuple[int, int]]) -> list[int] | None:
    """Where the words are that a whole sentence may not add (see adds_only_grammar); None when it has no verb."""
    at = verb_start(text)
    if at is None:
        return None
    words = list(_CONTENT.finditer(text))
    subject = sum(1 for m in words if m.start() < at and m.group().lower() not in _GRAMMAR
                  and not (m.start() and m.group()[:1].isupper()))
    bad = []
    for n, m in enumerate(words):
        if any(a <= m.start() < b for a, b in kept):
            continue
        w = m.group().removesuffix("'s")
        low = w.lower()
        if low in _GRAMMAR or low in _CALENDAR or w[:1].isupper() and m.start() > 0:
            continue  # a name later in the sentence is a fact, kept as written
        if n == 0 and w[:1].isupper() and not is_english(w) and m.end() < len(text) and finite_next(text, m.end() + 1):
            continue  # "Priya will rerun it": a word no dictionary holds, opening on a finite verb, is a name
        if m.start() < at and subject <= _SUBJECT_WORDS and is_english(w) and not _odd_modifier(text, words, n, at, kept):
            continue  # a short subject in everyday words ("finance", "the vendor sync"): what the sentence is about
        if _FINITE.fullmatch(w) and (not low.endswith("s") or finite_next(text, m.start())):
            continue
        if n and words[n - 1].group().lower() in _BEFORE_BASE_VERB and is_english(w):
            continue  # "cannot release", "to sign": the word after a modal or "to" is its verb
        if n and m.start() <= at + 1 and _plural_subject_verb(text, words, n):
            continue  # "unit tests pass", "the stores open at 8am": a plain present verb after its plural subject
        if n and words[n - 1].group().lower() in _COPULAS and is_english(w) and (n + 1 == len(words) or m.end() == len(text)):
            continue  # "the labels are wrong": one plain word closing the sentence after its copula says how it stands
        bad.append(m.start())
    return [b for b in bad if not _everyday_alone(text, words, b, bad, kept)]


def _odd_modifier(text: str, words: list, n: int, at: int, kept: list[tuple[int, int]]) -> bool:
    """A word that modifies the subject's head and is a compound of its own or rare ("desk-booking", "standby"): the
    pair it forms ("standby region") may be a term of the trade, which a reader meets bare only if it is everyday.
    Not before a term the glossary explains: the bracket after it says what the pair is."""
    nxt = words[n + 1] if n + 1 < len(words) else None
    if nxt is None or nxt.start() >= at or text[words[n].end() : nxt.start()] != " " or nxt.group().lower() in _GRAMMAR \
            or any(a <= nxt.start() < b for a, b in kept):
        return False  # the head itself, a word before grammar, or a word before an explained term
    w = words[n].group().lower()
    prev = words[n - 1] if n else None
    stacked = prev is not None and text[prev.end() : words[n].start()] == " " and prev.group().lower() not in _GRAMMAR \
        and prev.group().lower() not in _NOT_A_NOUN and not any(a <= prev.start() < b for a, b in kept)
    rare_head = nxt.group().lower() not in common_words()
    # Three nouns stacked ("warehouse demand model"), or any modifier of a rare head ("route optimiser"): a trade's name.
    return "-" in w or w not in common_words() or stacked or rare_head


def _everyday_alone(text: str, words: list, at: int, bad: list[int], kept: list[tuple[int, int]]) -> bool:
    """One of the commonest English words standing alone between grammar words ("fresh", "pass", "resolve").

    Jargon lives in compounds ("base image", "message types") and in rare words; a common word with no other unknown
    word or term beside it is read by any business reader in its everyday sense.
    """
    n = next(i for i, m in enumerate(words) if m.start() == at)
    w = words[n].group().removesuffix("'s")
    if w[:1].isupper() or w.lower() not in common_words() or "-" in w:
        return False
    for k in (n - 1, n + 1):
        if 0 <= k < len(words):
            near = words[k]
            gap = text[min(near.end(), words[n].end()) : max(near.start(), words[n].start())]
            low = near.group().lower()
            # A fact beside it makes a compound only through a word of its own: "on training this week" stays plain.
            if gap == " " and (near.start() in bad or low not in _GRAMMAR and low not in _CALENDAR and (
                    any(a <= near.start() < b for a, b in kept) or not near.group()[:1].isdigit())):
                return False  # one word of a compound ("reserved capacity", "base image"): the compound may be jargon
    return True


_SUBJECT_WORDS = 3
_COPULAS = frozenset("is are was were remains remain stays stay looks look seems seem became become not".split())
# The calendar's nouns are as plain as its dates: "this week", "next month".
_CALENDAR = frozenset("day days week weeks month months year years quarter quarters today yesterday tomorrow morning "
                      "afternoon evening night weekend time tonight overnight weekends".split())
_BEFORE_BASE_VERB = frozenset("can cannot could will would shall should may might must to not do does did".split())


_NOT_A_NOUN = frozenset("a an the this that these those its their our his her my your it they we he she i you there here "
                        "each every all some any no both one two three four five six seven eight nine ten half only "
                        "just about around roughly nearly almost".split())
_JOINS = frozenset("of in on at to for from with by into and or via".split())


def with_article(text: str) -> str:
    """A statement whose subject is a bare compound noun gets its article ("vendor master sync failed" -> "the ...").

    Only a subject of two or more nouns whose head is singular: "Finance closes" and "Deliveries slipped" read right
    as they are; a name (a word no dictionary holds) keeps its capital.
    """
    at = verb_start(text)
    words = list(_CONTENT.finditer(text[:at])) if at else []
    if len(words) < 2 or words[0].start() != 0 or not all(_CONTENT.fullmatch(text, w.start(), w.end()) for w in words[:2]):
        return text
    first, second = words[0].group(), words[1].group()
    base = re.split(r"['’]", first.lower())[0]  # "it's", "they're": the pronoun before the contraction decides
    if base in _NOT_A_NOUN or base in _GRAMMAR or second.lower() in _GRAMMAR or second[:1].isupper():
        return text
    if first[:1].isupper() and re.search(r"['’]s$", first):  # "Anna's export job failed": a name's possessive is its article
        return text
    if text[words[0].end() : words[1].start()] != " " or _FINITE.fullmatch(second) and second.lower().endswith("ed"):
        return text
    head = second
    for w in words[2:]:
        if w.group().lower() in _JOINS:
            break
        head = w.group()
    if head.lower().endswith("s") and not head.lower().endswith("ss"):
        return text  # a plural subject reads right without one ("Unit tests pass")
    lower = first.lower() if is_english(first) and first[1:].islower() else first
    return "the " + lower + text[words[0].end():]


def _plural_subject_verb(text: str, words: list, n: int) -> bool:
    """The word is the present verb of a plural subject: right after a plural noun, a common word not in -s or -ing."""
    prev, w = words[n - 1].group(), words[n].group()
    low = w.lower()
    if text[words[n - 1].end() : words[n].start()] != " " or prev.lower() in _GRAMMAR or prev.lower() in _CALENDAR:
        return False
    if not prev.lower().endswith("s") or prev.lower().endswith("ss") or low.endswith(("s", "ing", "ed")):
        return False
    return low in common_words() and is_english(w)
