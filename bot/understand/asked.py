"""Explicit asks and whom they name: a request for assent (approval, sign-off, a yes or no) or for a choice ("has to
decide whether ...") is said in a closed set of grammatical forms, so an exact rule reads it; who is asked is a name or
a role, exact too. This is the analysis's one reader of "the update asks for something" (the clause cue "asks" is this
reader's answer), and the composer's too: its Decision line names whom `decider` reads, as the analysis does ("a call
from Dana", "sign-off from the CFO", "the records owner for the EU region has to sign off"). The contradiction checker
keeps its own, broader copy on purpose.

The embedding was measured for this first (leave-one-out on the "ask" examples against the bank) and could not tell
"needs the sponsor's approval" from "the sponsor approved": both are the same topic to it.
"""

from __future__ import annotations

import re

# Words that ask without naming anyone: the decider then stays the situation's own.
_NOBODY = {"someone", "somebody", "anyone", "anybody", "whoever", "we", "you", "us", "they", "it", "this", "that", "who",
           "the team", "team", "everyone", "people", "someone senior", "somebody senior"}
# The person or role asked: a capitalised name ("Tomás", "Ana Ruiz"), an acronym ("the CFO", "HR"), or a role of up to
# five lower-case words after "the", "our" or "their" ("the head of payroll", "the service owner").
# A lower-case word of a role's name: never a preposition or a joining word ("the finance lead by Monday" ends at "lead").
_WORD = (r"(?!(?:to|by|on|for|from|before|after|about|whether|if|that|and|or|with|in|at|this|next|last|is|are|was|were|has|"
         r"have|had|did|can|will|must|needs?)\b)[a-z][\w-]*(?:['’]s)?")  # "the council's planning officer"
# A role may carry a qualifier that says which one: "the records owner for the EU region", "the head of procurement for
# the Nordic entities", "the data owner for HR records" (a preposition, then up to three words, names or not).
_QWORD = r"(?!(?:to|by|on|before|after|about|whether|if|that|and|or|with|is|are|has|have|can|will|must|needs?|this|next)\b)[\w-]+"
_QUALIFIER = rf"(?:\s+(?:for|in|at|of)\s+(?:the\s+)?{_QWORD}(?:\s+{_QWORD}){{0,2}})?"


def _party_of(qualifier: str = "") -> str:
    # A title in capitals keeps what it is of: "the Head of Membership", "the Director of Clinical Services".
    return (r"(?P<party>(?-i:(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})?"
            rf"|(?:[Tt]he|[Oo]ur|[Tt]heir)\s+(?:{_WORD}\s+){{0,3}}(?:{_WORD}|[A-Z]{{2,6}})(?:\s+of\s+{_WORD}(?:\s+{_WORD})?)?{qualifier}"
            r"|someone|somebody|anyone|anybody))")


_PARTY = _party_of()
# Only where the role is the subject of the ask, with its verb right after ("the records owner for the EU region has to
# sign off", "can the head of risk for retail approve"), is all of it the role's name; after "from" at a clause's end a
# "for ..." may be the purpose instead ("a go-ahead from our operations manager for the weekend cut-over").
_SUBJECT = _party_of(_QUALIFIER)
# What is asked for: assent in one of its few names.
_ASSENT = (r"(?:sign[- ]?off|approval|go[- ]ahead|green light|go(?:/| or )no[- ]go|yes(?:/| or )no|decision|answer|"
           r"confirmation|agreement|permission|ok|okay|OK)")
# Assent asked for in any of its names or verbs ("sign-off from ...", "sign it off", "approve", "a go-ahead"): the
# composer asks whether to give it where the update asks for one.
ASSENT_WORDS = re.compile(rf"\b{_ASSENT}\b|\bsign\s+(?:it\s+)?off\b|\bapprov\w*", re.I)
# Assent nouns that, followed by "from" someone, name who gives it. A "call" is a ruling only where it is waited for or
# is on a question ("need a call from Dana", "a call from Dana on which"); "got a call from the vendor" is a phone call.
_ASSENT_FROM = r"decision|sign[- ]?off|approval|answer|go[- ]ahead|green light|yes(?:/| or )no|verdict|ruling|ok|okay"
_VERB = r"(?:approve|sign(?:\s+off)?|confirm|agree|accept|decide|choose|say\s+(?:yes|whether|if)|tell\s+us|okay|ok|answer|pick|authori[sz]e)"
_REQUEST = (r"(?:need|needs|needed|want|wants|looking\s+for|request|requesting|requested|asking\s+for|ask\s+for|awaiting|"
            r"waiting\s+(?:on|for)|pending|require|requires|would\s+like)")
_FORMS = (
    # "need sign-off from the CFO", "looking for a yes or no from Tomás", "requesting approval from the data owner"
    re.compile(rf"\b{_REQUEST}\s+(?:(?:a|an|the|your|their|his|her|formal|final|written|quick|clear)\s+)*(?:[\w-]+\s+)?{_ASSENT}\b"
               rf"(?:\s+(?:[^\s,;.]+\s+){{0,12}}?from\s+{_PARTY})?", re.I),  # a long object, but never past a comma or a stop
    # A call waited for, or on a question: "need a call from the sponsor", "a call from Dana on which".
    re.compile(rf"\b{_REQUEST}\s+(?:(?:a|the|your|their|final|quick)\s+)*call\s+from\s+{_PARTY}", re.I),
    re.compile(rf"\bcall\s+from\s+{_PARTY}\s+(?:on|about)\s+(?:whether|which|how|if)\b", re.I),
    # "can the head of payroll approve ...", "could Marta confirm ...", "can someone sign off ..."
    re.compile(rf"(?:^|[.;?!]\s*|\b)(?:[Cc]an|[Cc]ould|[Ww]ill|[Ww]ould|[Mm]ay)\s+{_SUBJECT}\s+(?:please\s+)?{_VERB}\b"),
    # "the service owner has to sign off ...", "HR needs to tell us ..."
    re.compile(rf"{_SUBJECT}\s+(?:has|have|needs?|must|is\s+to|are\s+to|will\s+need)\s+(?:to\s+)?{_VERB}\b", re.I),
    # "asking Jonas to confirm ...", "need the sponsor to say whether ..."
    re.compile(rf"\b(?:asking|ask|need|needs|want|wants|would\s+like)\s+{_SUBJECT}\s+to\s+{_VERB}\b", re.I),
    # "please approve ...", "who can confirm ...", "yes or no by Friday"
    re.compile(rf"\bplease\s+{_VERB}\b|\bwho\s+(?:can|could|will|is\s+able\s+to)\s+{_VERB}\b|\byes(?:/| or )no\b|\bgo(?:/| or )no[- ]go\b", re.I),
    # A choice asked for without naming whom: "we have to decide whether ...", "decide between ...", "a decision on ...".
    re.compile(r"\b(?:has|have|needs?|need) to (?:decide|choose|agree|accept)\b|\bdecide (?:whether|if|between|how|what)\b"
               r"|\b(?:a|your|their|[\w-]+'s) decision (?:on|about|whether)\b"
               r"|\b(?:a|your|their|[\w-]+'s) call (?:on |about )?(?:whether|if|which|how)\b", re.I),  # not "a call on Monday"
)
# Assent said to come from someone, with no verb asking for it ("sign-off from the CFO", "the go-ahead from the records
# owner for the EU region"): it names who gives it, but is no ask by itself ("approval from the CFO came in"), so it only
# names the decider of an issue that already needs one. The party ends where the sentence goes on (a stop, a comma, a
# preposition or a date), so a role is never read into the words after it.
_FROM_ONLY = re.compile(rf"\b(?:{_ASSENT_FROM})\s+(?:[^\s,;.]+\s+){{0,3}}?from\s+{_PARTY}"
                        r"(?=\s+(?:on|about|by|before|for|to|this|next|if|whether|ideally|today|tomorrow)\b|\s*[,.;:?!)]|\s*$)", re.I)
# A verb that moves or reads data, said as a verb (after "to", or as "-ing"): a "from" after it in the asked-for object is
# where the data comes from, not who is asked ("approval to copy the table from the warehouse"); the noun in "the
# archive move to the cold tier from the records manager" is no verb, so that "from" still names whom.
_MOVE = r"(?:copy|move|pull|load|extract|export|import|read|take|fetch|transfer|migrate|sync|stream|download|query|ingest|bring|draw|get)"
_SOURCE_VERB = re.compile(rf"\bto\s+(?:\w+\s+)?{_MOVE}\b|\b(?:copy|mov|pull|load|extract|export|import|read|tak|fetch|transferr?|"
                          r"migrat|sync|stream|download|query|ingest|bring|draw|gett)ing\b", re.I)
# An assent said not to be needed: "no sign-off needed", "without approval" (a shortcut, not an ask).
_NOT_NEEDED = re.compile(rf"\b(?:no|without|don't need|do not need|doesn't need|does not need)\s+(?:\w+\s+)?{_ASSENT}\b", re.I)
_LEAD = re.compile(r"^(?:the|our|their)\s+", re.I)
# Capitalised words that open a sentence or a question, or name a day, not a person.
_NOT_NAMES = {"Need", "Needs", "Can", "Could", "Will", "Would", "May", "Please", "Looking", "Waiting", "Asking", "Is", "Are",
              "Do", "Does", "Who", "We", "Our", "The", "Before", "After", "If", "Yes", "No", "Monday", "Tuesday",
              "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "It", "This", "That", "Nobody", "Someone", "Somebody",
              "Anyone", "Everyone", "Whoever", "They", "You", "I"}


# Every form needs one of these words: a clause without any is no ask, and a set lookup of its words says so (the forms
# that find a party try it at every word, which costs most clauses far more than the lookup).
_KEYWORDS = frozenset({"sign", "signoff", "approval", "approve", "go", "green", "yes", "decision", "answer", "confirmation",
                       "agreement", "permission", "ok", "okay", "confirm", "agree", "accept", "decide", "choose", "say",
                       "tell", "pick", "authorise", "authorize", "call", "ruling", "verdict"})
_TOKEN = re.compile(r"[a-z]+")


def asks(text: str) -> bool:
    """True when the clause asks someone outright for approval, sign-off, a go-ahead or a yes or no."""
    if _KEYWORDS.isdisjoint(_TOKEN.findall(text.lower())) or _NOT_NEEDED.search(text):
        return False
    return any(rx.search(text) for rx in _FORMS)


def asked_party(text: str) -> str | None:
    """The person or role an ask names ("the CFO", "Tomás", "the head of payroll"), or None when it names nobody."""
    if not asks(text):
        return None
    return _party(text, _FORMS)


def decider(texts: list[str] | tuple[str, ...]) -> str | None:
    """Who the update names to decide: the party of an ask, else the one an assent is said to come from ("a call from
    Dana", "sign-off from the CFO"); for an issue that already needs a decision. The composer and the analysis both read
    it here, so they name the same person."""
    for text in texts:
        party = asked_party(text)
        if party:
            return party
    for text in texts:
        if not _KEYWORDS.isdisjoint(_TOKEN.findall(text.lower())):
            party = _party(text, (_FROM_ONLY,))
            if party:
                return party
    return None


def _party(text: str, forms) -> str | None:
    """The first party one of these forms names that is a person or role (not a source of data, not "we")."""
    for rx in forms:
        for m in rx.finditer(text):
            party = (m.groupdict().get("party") or "").strip()
            if party and _SOURCE_VERB.search(text[m.start() : m.start("party")]):
                continue  # the "from" belongs to a verb that moves data: the party named is a source
            words = party.split()
            if not words or words[-1] in _NOT_NAMES or words[0] in _NOT_NAMES and len(words) == 1:
                continue
            bare = _LEAD.sub("", party)
            if party.lower() in _NOBODY or bare.lower() in _NOBODY:
                continue
            # The text's own article is kept ("the CFO", "HR", "Tomás"), so the sentence that names them reads right.
            return f"the {bare}" if bare != party else bare
    return None
