"""Facts are sacred: the numbers, dates, ids, versions and names of an update, and the check that keeps them."""

from __future__ import annotations

from collections import OrderedDict

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from bot.jargon import common_words, is_english, is_technical_shape

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

# Letters of names written with accents ("Aurélie", "Łukasz", "Zoë", "Ștefan", "Nguyễn"): Latin-1, Latin Extended-A
# and -B, and Latin Extended Additional (Vietnamese), whose letters mostly alternate case and so stand in both classes.
# One place, for every pattern that reads a capitalised name.
UPPER = "A-ZÀ-ÖØ-ÞĀ-žƀ-ɏḀ-ỿ"
LOWER = "a-zß-öø-ÿĀ-žƀ-ɏḀ-ỿ"
NAME = f"[{UPPER}][{LOWER}]+"  # one capitalised word, as a name is written
# A month's abbreviation may take a full stop ("Dec. 5"); the stop that ends the sentence is not part of the date
# ("... on 28 Nov. Jean-Baptiste is ...").
# The months' short names, for every pattern that reads a date (here, in bot.understand.clauses and .inhand).
MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*(?:\.(?!\s+[A-Z]|\s*$))?"
_UNIT = (
    r"(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|sprints?|"
    r"wks?|yrs?|x|k|K|M|bn|GB|TB|MB|GiB|TiB|rows?|records?|users?|runs?|percent|per cent|pp|points?|°\s?[CF]|(?<=\d)[CF](?![\w°]))"
)
_NUMBER_WORDS = (
    "zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    "eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|"
    "million|millions|billion|dozen|dozens|half|twice"
)

# ("a second" is as often an ordinal, "a second opinion": only "a few seconds" is a span.)
_PERIOD_WORDS = "minute|hour|day|night|week|fortnight|month|quarter|year|sprint|shift"

# Ordered: the first pattern to claim a span wins, so "CHG-8812" is an id, not the number 8812.
_FACT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("url", re.compile(r"https?://[^\s<>()]+[^\s<>().,;:!?]")),
    ("mention", re.compile(r"<@[UW][A-Z0-9]+>|<#[CG][A-Z0-9]+>")),
    ("ticket", re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d+\b")),
    # A numbered item of a tracker written with "#": "PR #1377", "issue #42", "MR #8".
    ("ticket", re.compile(r"\b(?:PR|MR|CR|PRs|issue|ticket|bug|case|build|run|job)\s?#\d+\b", re.I)),
    ("date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b")),
    ("date", re.compile(rf"(?:\b(?:[wW]/[cCeEbB]|[wW][cC]|week (?:of|commencing|beginning|ending))\s+)?"  # "w/c 15 Dec"
                        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?")),
    ("date", re.compile(r"\b[QH][1-4](?:\s+\d{4}|'\d{2}|\s?FY\d{2,4})?\b|\bFY\s?\d{2,4}\b")),
    # A part of a month: "end Jan", "mid-March", "early Feb", "the start of April".
    ("date", re.compile(rf"\b(?:end|mid|early|late|start|beginning)(?:[- ]|\s+of\s+){MONTHS}[a-z]*\b", re.I)),
    ("date", re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")),
    # A weekday's short name, as Slack writes a day ("ships Thu", "live since Mon"): capitalised, so "wed" and "sat" stay
    # verbs, and not before a capitalised word other than a month, which makes it part of a name ("Sun Li").
    ("date", re.compile(rf"\b(?:Mon|Tues?|Weds?|Thu|Thur|Thurs|Fri|Sat|Sun)\b(?![-'’])(?!\s+(?!{MONTHS})[A-Z])")),
    # A month named on its own ("costs reached X in November") is a date; "May" only beside "in"/"by", as it is a verb too.
    ("date", re.compile(r"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b"
                        r"|(?<=\bin )May\b|(?<=\bby )May\b")),
    ("time", re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm|AM|PM)\b|\b\d{1,2}:\d{2}\b")),
    ("version", re.compile(r"\b[vV]\d+(?:\.\d+)*(?:-[A-Za-z0-9]+)?\b")),
    ("money", re.compile(r"[$€£¥]\s?\d(?:[\d,]*\d)?(?:\.\d+)?\s?(?:k|K|m|M|bn|million|billion)?\b|\b\d(?:[\d,]*\d)?(?:\.\d+)?\s?(?:USD|EUR|GBP|CHF)\b")),
    ("percent", re.compile(r"\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b|pp\b)")),
    # Times said relative to today: exact as a calendar is ("tomorrow", "next sprint", "end of month").
    ("date", re.compile(r"\b(?:today|tonight|tomorrow|yesterday)\b|\b(?:this|next|last|coming)\s+(?:week|wk|weekend|month|"
                        r"quarter|qtr|sprint|year|yr)\b|\b(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|week|month|quarter|sprint|year)\b",
                        re.I)),
    # A share or a span of time said in words has no digit to find: "a third", "two thirds", "a week", "a few minutes".
    ("number", re.compile(rf"\b(?:an?|one|two|three|four)\s+(?:third|quarter|fifth|tenth)s?\b(?!\s+(?:{_PERIOD_WORDS})\b)", re.I)),
    ("number", re.compile(rf"\ban?\s+(?:(?:few|couple\s+of)\s+(?:seconds|(?:{_PERIOD_WORDS})s)|(?:{_PERIOD_WORDS}))\b(?!-)", re.I)),
    # "one scan in 400", "one night shift out of 12": a rate with the thing counted (up to three words) between its
    # two numbers.
    ("ratio", re.compile(r"\bone\s+(?:[a-z]+[\s-]){0,2}[a-z]+\s+(?:in|out of)\s+(?:every\s+)?\d(?:[\d,]*\d)?\b", re.I)),
    ("ratio", re.compile(r"\b\d+\s+(?:in|of|out of)\s+(?:the\s+|every\s+)?\d+\b")),
    # An ordinal counts too ("the third re-estimate", "our fifth retrain"); "first" and "second" are as often no count.
    ("number", re.compile(r"\b(?:third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\b", re.I)),
    # One capital letter naming one of several of a thing: "shaft B", "line C", "option A" ("A" and "I" only after a
    # noun that is lettered so often, as they are words of their own).
    ("id", re.compile(r"\b[a-z]{3,}\s[B-HJ-Z]\b(?![\w'’-])|\b(?:option|plan|phase|site|line|wave|stage|zone|block|type|"
                      r"grade|class|tier|shift|team|group|building|hall|gate|terminal|room|ward|floor|shaft|unit|lane|"
                      r"track|bay|dock|pier|route|lot|cohort|arm|variant)\s[AI]\b(?![\w'’-])")),
    ("model", re.compile(r"\b[A-Za-z][A-Za-z]*[-_]?\d+(?:\.\d+)*[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")),
    ("number", re.compile(rf"(?<![\w.])\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?{_UNIT}\b)?")),
    # Whole words only: "ten" in "tenant" is no number.
    ("number", re.compile(rf"\b(?:{_NUMBER_WORDS})\b(?:[- ](?:{_NUMBER_WORDS})\b)*(?:\s+{_UNIT}\b)?", re.I)),
]
# Kinds of figure that may carry a sign written straight before them ("-2C", "~3%", "+£18k"), and the signs (see signed).
_SIGNED_KINDS = frozenset({"number", "percent", "money"})
_SIGNS = "~≈+-−±<>≤≥"
# One capitalised word ("BigQuery", "ERP", "Marta"); _CAPITALISED also reads hyphenated ones ("Jun-seo"), whose first
# part alone must be such a word to stand as a name (see _hyphenated).
_ONE_WORD = rf"[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Z]{{2,}}[A-Za-z0-9]*|[{UPPER}][{LOWER}]{{2,}}"
_CAPITALISED = re.compile(rf"\b(?:{NAME}(?:-[{UPPER}{LOWER}][{LOWER}]+)+|{_ONE_WORD})\b")
_ONE_CAPITALISED = re.compile(rf"(?:{_ONE_WORD})$")
# After a sentence's first word, what only follows a name: "Maria, who ...", "Tom's ...".
_NAMED_AFTER = re.compile(r",\s+who\b|'s\b")
# A second capitalised word straight after the first, as a name's next part is written.
_NEXT_NAME = re.compile(rf" ({NAME})\b")
# A verb of a person after a sentence's first word: with a he or she later in the sentence, the word is a name even
# when it is a common word ("Priya is the only one who ..., and she is off from Monday"); see opening_name.
_PERSON_VERBS = "is|was|has|had|will|leaves|left|joins|joined|moves|moved|built|wrote|owns|knows|resigned"
_PERSON_VERB = re.compile(rf"\s+(?:{_PERSON_VERBS})\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?;:]\s+|\n\s*|[\"'(]\s*)$")
_DIGITS = re.compile(r"\d+(?:[.,:]\d+)*")
_NUMBER_WORD = re.compile(rf"\b(?:{_NUMBER_WORDS})\b", re.I)
# The same words found by token and set lookup: a case-insensitive alternation of forty words tried at every word
# boundary is the slowest pattern here (about three times slower), and most texts hold no number word at all.
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS.split("|"))
_LETTER_TOKEN = re.compile(r"\b[A-Za-z]+\b")
# Capitalised words that start clauses or are ordinary English, never system names.
_COMMON = set(
    "The This That These Those We Our It Its I A An And But Or So Also Only Still Now Today Tomorrow Yesterday "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Team Update FYI Note Please Thanks Heads Good Bad New Next "
    "After Before Since Until When While If As In On At By For From With Without To Of Not No Yes Some All Any".split()
)


_COMMON_LOWER = frozenset(w.lower() for w in _COMMON)


class Fact(BaseModel):
    """One fact from an update: its kind and the text that must appear unchanged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    text: str


class FactsReport(BaseModel):
    """The facts check: facts the business text lost, and numbers it invented."""

    model_config = ConfigDict(extra="forbid")

    missing: list[str] = Field(default_factory=list)
    added: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every fact is kept and nothing was added."""
        return not self.missing and not self.added


_MEMO: "OrderedDict[tuple[int, str], tuple[Fact, ...]]" = OrderedDict()
_MEMO_SIZE = 2048


def extract_facts(text: str, glossary: "Glossary | None" = None) -> list[Fact]:
    """Numbers, percentages, dates, times, ticket ids, versions, money and system or model names, in order.

    Remembered per text and glossary: an update's facts are read by the analysis and again by the facts check.
    """
    key = (id(glossary), text)
    found = _MEMO.get(key)
    if found is None:
        found = tuple(_extract(text, glossary))
        _MEMO[key] = found
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return list(found)


def _extract(text: str, glossary: "Glossary | None") -> list[Fact]:
    """Numbers, percentages, dates, times, ticket ids, versions, money and system or model names, in order.

    With a glossary, its terms are jargon to be rephrased, not names to keep: "DAG" or "Airflow" are left out,
    while the numbers, ids and business system names around them stay facts.
    """
    jargon = [(m.start, m.end) for m in glossary.find(text)] if glossary is not None else []
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Fact]] = []
    patterns = _FACT_PATTERNS if number_words(text) else _FACT_PATTERNS[:-1]  # the last one needs a number word

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def in_jargon(a: int, b: int) -> bool:
        return any(a >= s and b <= e for s, e in jargon)

    for kind, pattern in patterns:
        for m in pattern.finditer(text):
            a, b = m.span()
            value = m.group().strip()
            if not value or not free(a, b) or in_jargon(a, b):
                continue
            if kind == "model" and not any(c.isdigit() for c in value):
                continue
            if kind == "ticket" and "#" in value and any(s < a + value.index("#") and e > a for s, e in jargon):
                # "PR #88" where "PR" is a glossary term the text may rephrase: the number is the fact.
                a, value = a + value.index("#"), value[value.index("#"):]
            if kind in _SIGNED_KINDS and signed(text, a):
                a, value = a - 1, text[a - 1] + value
            taken.append((a, b))
            found.append((a, Fact(kind=kind, text=value)))
    for m in _CAPITALISED.finditer(text):
        a, b = m.span()
        word = m.group()
        if "-" in word:
            word, b = _hyphenated(word, a)
            if not word:
                continue
        if not free(a, b) or word in _COMMON or in_jargon(a, b):
            continue
        at_start = _SENTENCE_START.search(text, 0, a) is not None
        if at_start and not (word.isupper() or any(c.isupper() for c in word[1:])) and not opening_name(text, a, b):
            continue  # "Firewall change request ..." starts a sentence; "ERP", "BigQuery" are names anywhere
        taken.append((a, b))
        found.append((a, Fact(kind="name", text=word)))
    for m in _LOWER_OPENING.finditer(text):  # "emeka moves it to shadow mode Mon": Slack often writes a name small
        a, b = m.span(1)
        word = m.group(1)
        if free(a, b) and not in_jargon(a, b) and word not in _COMMON_LOWER and word not in _OPENERS \
                and not is_english(word) and not _DERIVED.search(word) and not is_technical_shape(word):
            taken.append((a, b))
            found.append((a, Fact(kind="name", text=word)))
    seen: set[str] = set()
    out = []
    for _, fact in sorted(found, key=lambda x: x[0]):
        if fact.text not in seen:
            seen.add(fact.text)
            out.append(fact)
    return out


def signed(text: str, at: int) -> bool:
    """Whether the figure at `at` carries a sign that is part of it: "-2C", "~3%", "+£18k", "<5 ms", "±0.4". A sign
    written straight before the figure after a space, a bracket or the text's start; "5-7" and "Q1-2" are ranges."""
    return at > 0 and text[at - 1] in _SIGNS and (at == 1 or text[at - 2] in " \t\n([/=:,;")


def _hyphenated(word: str, at: int) -> tuple[str, int]:
    """A capitalised word with hyphens, as the fact it is: a name of two parts kept whole ("Jun-seo", "Jean-Luc",
    "Rolls-Royce": a second part with a capital, or a part that is no English word), else its first part alone
    ("Python-based" keeps "Python"; "Wafer-map" is read as "Wafer" was), or nothing when that part is no name shape.
    ("Dong-won", two English words, is read as "Dong": the one hyphenated name this rule cannot tell from a compound.)"""
    first, second = word.split("-", 2)[:2]
    if second[:1].isupper() or not is_english(first) or not is_english(second):
        return word, at + len(word)
    return (first, at + len(first)) if _ONE_CAPITALISED.match(first) else ("", at)


# The words that open English sentences with a capital and are never names (articles, pronouns, connectors, quantifiers).
_OPENERS = frozenset(
    "the a an this that these those it its they there here we our i he she you nobody someone everyone everything "
    "nothing something each every all some most no both also only still now today tomorrow yesterday yes please thanks "
    "and but or so then after before since until when while if as in on at by for from with without to of not our "
    "their his her my your one two three four five six seven eight nine ten".split())
# "Farid, the only engineer who ..., has": a noun phrase between two commas, then the sentence's verb goes on. An
# opening adverb ("Separately, the calendar ..., and ...") is followed by the sentence itself, not by an apposition.
_APPOSITION = re.compile(r",\s+(?:who\b|(?:the|our|a|an|their|one)\b[^,.;:]{1,80},\s+(?!(?:and|but|or|so|then)\b)[a-z])")
# A sentence opening in lower case on a word no dictionary holds, with a person's verb after it: a name written small.
# The person's verbs of opening_name, and those of saying and doing a name written small is seen with.
_LOWER_OPENING = re.compile(rf"(?:^|(?<=[.!?;]\s))([a-z][a-z'’-]{{2,}})(?=\s+(?:{_PERSON_VERBS}|'ll|says|said|reckons|thinks|wants|"
                            r"needs|expects|asked|asks|plans|suggests|proposes|fixed|patched|reran|rolled|found|added|starts|"
                            r"started)\b)")
# Endings English builds words with (past forms, adverbs, nouns of a field): a word absent from the list but ending in
# one ("Onboarded", "Telematics") is an English-built word the list lacks, not a name.
_DERIVED = re.compile(r"(?:ed|ing|ly|ics|tion|sion|ment|ness|able|ible|ise|ize|ised|ized|ity)$")
_POINTER = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def opening_name(text: str, at: int, end: int) -> bool:
    """True when the capitalised word text[at:end], opening a sentence or clause, is a person's or a thing's name.

    The one rule for a sentence's first word, read by exact signs and never from a list of names: the word is none of
    the closed class that opens sentences nor built like a technical label, and
    - it follows a semicolon, where English goes on in lower case ("...; Ingrid starts on ..."), and is none of the
      words that open sentences; or
    - it is absent from the English word list and not built with an English ending ("Onboarded", "Telematics" are
      not names); or
    - an apposition or "who" follows it ("Farid, the only engineer who ..."), or it owns what follows ("Lieke's
      team"); or
    - "he", "she", "him", "his" or "her" points back to it later in the same sentence, and it is not one of the
      commonest English words or a verb of a person follows it ("Priya is the only one who ..., and she ...").
    A finite verb after it alone is no sign: "Finance has moved" and "Accuracy has slid" open on plain words as often
    as "Marta wants" opens on a name.
    """
    word = text[at:end]
    if word.lower() in _OPENERS or is_technical_shape(word):
        return False
    if text[:at].rstrip().endswith(";") and word.lower() not in _COMMON_LOWER:
        return True  # after a semicolon the sentence goes on in lower case: a capital there is the word's own
    if not is_english(word) and not _DERIVED.search(word):
        return True
    if _APPOSITION.match(text, end) or _NAMED_AFTER.match(text, end):
        return True
    after = _NEXT_NAME.match(text, end)
    if after and after.group(1).lower() not in common_words() and not is_technical_shape(after.group(1)):
        return True  # the first of a name in parts ("Nguyen Thi Lan has ..."): the next part is no everyday word
    stop = _SENTENCE_END.search(text, end)
    rest = text[end : stop.start() if stop else len(text)]
    return _POINTER.search(rest) is not None and (word.lower() not in common_words() or _PERSON_VERB.match(text, end) is not None)


def number_words(text: str) -> set[str]:
    """The number words the text uses ("two", "Hundreds"), lower-cased; the same as `_NUMBER_WORD.findall`."""
    return {w for w in map(str.lower, _LETTER_TOKEN.findall(text)) if w in _NUMBER_WORD_SET}


def numbers_in(text: str) -> set[str]:
    """Every number the text states, in digits or words (lower-cased words)."""
    digits = {d.rstrip(".,:") for d in _DIGITS.findall(text)}
    return digits | number_words(text)


def kept_in(fact: Fact, text: str) -> bool:
    """The fact is in the text as written; a number or a time in words may open a sentence there ("two" as "Two")."""
    if fact.text in text:
        return True
    if fact.kind in {"number", "date", "ratio"} and fact.text[:1].isalpha():
        return (fact.text[:1].swapcase() + fact.text[1:]) in text
    return False


def check_facts(source: str, business_text: str, glossary: "Glossary | None" = None) -> FactsReport:
    """Every fact of the source appears unchanged in the business text, and the text adds no number of its own.

    Pass the glossary when the business text rephrases jargon: its terms are then not facts to keep.
    """
    missing = [f.text for f in extract_facts(source, glossary) if not kept_in(f, business_text)]
    added = sorted(numbers_in(business_text) - numbers_in(source))
    return FactsReport(missing=missing, added=added)
