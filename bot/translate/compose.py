"""Writing the business text from the analysis: whole sentences per issue, the update's facts kept as written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understand.bank import Situation, situations
from bot.jargon import find_unexplained, run_end, unknown_technical_words
from bot.understand.asked import ASSENT_WORDS
from bot.understand.facts import NAME, extract_facts, number_words
from bot.understand.model import Analysis, Issue
from bot.translate.keep import grammar_facts
from bot.translate.brackets import ROLE_MARK, Unit, grouped, role_units
from bot.translate.plainer import without_unknown_modifiers
from bot.translate.sentences import (finite_next, marks_a_course, named_decider, offending, opening_link, own_statements,
                                     stands_alone, stated_options,
                                     statements, third_person, verb_start, which_option, with_article, with_subject)
from bot.translate.spans import fact_spans, label_role, role_of
from knowledge.glossary import Glossary

_SPACES = re.compile(r"\s{2,}")
_STORE = re.compile(r"store|database|warehouse|lake|cache|index|table|feed", re.I)
_SLOW_RUN = re.compile(r"\d\s?(?:h|hrs?|hours?|mins?|minutes?)\b|\bovernight\b|\bnightly\b|\bbatch\b|\brebuild\b|\brun\b", re.I)


# Each further issue opens differently, so a reader never meets "Also," twice.
_OPENERS = ("Separately, ", "In addition, ", "Beyond that, ", "One more point: ")
# The analysis's own cues that a fault still stands ("still", "keeps", a negation): the composer reads these, not the
# contradiction checker's words, so the checker stays an independent reader of the update.
_STANDS = {"still", "negated"}
# A fix is only partial when a live fault of the kind a fix answers is still open beside it.
_LIVE_FAULTS = {"incident_open", "quality_drop", "performance_gap"}
# An incident's headline says "not working" only when the update says something stopped or fails (exact words);
# a live system that wobbles (a setting flapping, a queue lagging) is told as that, not as an outage.
_DOWN = re.compile(
    r"\b(?:down|outage|offline|unavailable|broken|crash\w*|fail(?:s|ed|ing|ures?)?|errors?|5\d\d s?|not working|"
    r"stopped|stalled|logged out|can'?t|cannot|timing out|time[sd]? out|wrong|misrout\w*|lost|corrupt\w*|rejected)\b",
    re.I,
)
_UNSTEADY_LEAD = "A live system is not behaving steadily; the update does not say it has stopped working."
# An open problem the update says the team is already dealing with (the analysis's in_hand: someone acting on it, or
# the plan holding): the situation's usual meaning ("until the cause is found and fixed") would say the opposite.
_IN_HAND_MEANING = "The team says it is already dealing with this, so nothing is needed from the business unless that changes."
# The same, beside another issue of the update that does need a decision: it is this part that needs nothing.
_IN_HAND_PART = "The team says it is already dealing with this part, so it needs nothing from the business unless that changes."
# A step done or a plain note that still puts a decision to the business (the update lays out two courses, or asks
# for a sign-off): the situation's own wording ("It raises nothing that needs the business") would say the opposite.
_CHOICE_LEAD = "The team sets out a choice for the business."
_ASK_LEAD = "The team asks the business for a decision."
_DECISION_MEANING = "It needs a decision from the business, set out below."
_UNSTEADY_MEANING = ("Until the team finds the cause, it may serve people less reliably or cost more to run than planned, "
                     "so it needs watching.")


def _unsettled(analysis: Analysis) -> bool:
    """True when the update reports a fix and a live fault still open: the fix has not settled it."""
    return any(i.situation in _LIVE_FAULTS and i.polarity == "open" for i in analysis.issues)


@dataclass
class Written:
    """The four business texts of a Translation."""

    summary: str
    impact: str
    options: list[str]
    decision: str | None
    whole: int = 0  # statements with facts told as whole sentences
    listed: int = 0  # statements whose facts went to "The details given: ..." instead


def sentence(text: str) -> str:
    """One sentence: a capital first, a full stop last, spaces tidy."""
    text = _SPACES.sub(" ", text.strip()).rstrip(";:, ")
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _balanced(text: str) -> str:
    """A span cut inside brackets gets its bracket closed (or its stray one dropped)."""
    text = text.strip()
    while text.count("(") > text.count(")"):
        text += ")"
    while text.count(")") > text.count("(") and text.endswith(")"):
        text = text[:-1].rstrip()
    return text


class Composer:
    """Composes whole sentences from an Analysis; it never rewrites the engineer's sentence word by word."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.counts = (0, 0)
        self._deciding_any = False

    def write(self, analysis: Analysis) -> Written:
        """Summary, impact, options and decision for one analysed update."""
        known = situations()
        seen: set[str] = set()  # terms already explained: a name is explained once, the first time
        main, others = analysis.issues[0], analysis.issues[1:]
        self._unsettled = _unsettled(analysis)
        sit = known[main.situation]
        # "Working as before" only when nothing is left open and the update says no fault still stands.
        alone = not any(i.polarity == "open" or _STANDS & set(i.cues) for i in analysis.issues)
        self._down = _DOWN.search(analysis.text) is not None
        deciding = [i for i in analysis.issues if i.decision]
        self._deciding_any = bool(deciding)
        # The update's own options, when it states them, are the Options list: a reader weighs what the team offers.
        offered = stated_options([c for i in deciding for c in i.clauses]) if deciding else []
        self._offered = {c for i in deciding for c in i.clauses if offered and (stated_options([c]) or marks_a_course(c))}
        self._offered_any = bool(offered)
        self._text = analysis.text
        # Names opening a sentence, seasons and spoken rates: facts the exact rules cannot see, read by grammar.
        self._grammar_facts = grammar_facts(analysis.text, self.glossary)
        self._named = named_decider([c for i in deciding for c in i.clauses])
        self._whole = self._listed = 0
        figures = self._figures(main, seen)
        self._told: set[int] = set()
        if not figures:
            # The leading issue has no figure of its own: the summary (all a stand-up line shows) still carries
            # the update's facts, taken from the first other issue that has some, and not repeated below.
            for n, other in enumerate(others):
                figures = self._figures(other, seen)
                if figures:
                    self._told.add(n)
                    break
        summary = " ".join(p for p in (self._lead(sit, main, alone), figures) if p)
        impact = [self._meaning(sit, main, alone=not others)]
        if main.situation == "incident_fixed" and _unsettled(analysis):
            impact.append(sit.partial)
        # The impact is read as a part of its own (Slack shows it as its own section, a stand-up line shows the summary
        # alone): a term the summary explained is explained again the first time the impact uses it.
        seen_here: set[str] = set()
        for n, issue in enumerate(others):
            impact.extend(self._also(known[issue.situation], issue, alone, seen_here, n))
        if offered:
            options = [sentence(self._render(self._roles(o, 0, len(o)), set())) for o in offered]
        else:
            options = [sentence(o) for o in known[deciding[0].situation].options] if deciding else []
        self.counts = (self._whole, self._listed)  # the last update's, for bench_translate's whole-sentence share
        return Written(
            summary=summary,
            impact=" ".join(p for p in impact if p),
            options=options,
            decision=self._decision(deciding, known, len(offered)) if deciding else None,
            whole=self._whole,
            listed=self._listed,
        )

    # --- one issue ----------------------------------------------------------------------------------
    def _lead(self, sit: Situation, issue: Issue, alone: bool) -> str:
        if sit.name == "note" and issue.decision:
            return _CHOICE_LEAD if self._offered_any else _ASK_LEAD
        if sit.name == "incident_open" and not self._down:
            return _UNSTEADY_LEAD
        if sit.name == "incident_fixed" and alone and sit.lead_alone:
            return sentence(sit.lead_alone)
        if sit.leads:
            words = " ".join(issue.clauses)
            if "batch" in sit.leads and _SLOW_RUN.search(words):
                return sentence(sit.leads["batch"])
            if "data" in sit.leads and any(_STORE.search(m.entry.term) for m in self.glossary.find(issue.clauses[0])):
                return sentence(sit.leads["data"])
        return sentence(sit.lead)

    def _meaning(self, sit: Situation, issue: Issue, *, alone: bool) -> str:
        if sit.name in {"progress", "note"} and not alone:
            return ""  # "nothing needs the business" is true of the step, not of an update that raises more
        if issue.in_hand:
            # Where another issue of the update does need a decision, "nothing is needed" speaks of this part only.
            return _IN_HAND_PART if self._deciding_any else _IN_HAND_MEANING
        if issue.decision and sit.polarity in {"done", "none"}:
            return _DECISION_MEANING
        parts = [_UNSTEADY_MEANING if sit.name == "incident_open" and not self._down else sentence(sit.meaning)]
        if sit.risky and "risk" in issue.cues:
            parts.append(sentence(sit.risky))
        return " ".join(parts)

    def _also(self, sit: Situation, issue: Issue, alone: bool, seen: set[str], n: int) -> list[str]:
        figures = "" if n in self._told else self._figures(issue, seen)
        if sit.name == "note":
            return [figures] if figures else []
        lead = self._lead(sit, issue, alone)
        opener = "On the positive side, " if issue.polarity == "done" else _OPENERS[min(n, len(_OPENERS) - 1)]
        parts = [opener + lead[:1].lower() + lead[1:], figures]
        if sit.name == "incident_fixed" and self._unsettled:
            parts.append(sentence(sit.partial))
        elif issue.polarity == "open":
            parts.append(self._meaning(sit, issue, alone=False))
        return [p for p in parts if p]

    def _decision(self, deciding: list[Issue], known: dict[str, Situation], offered: int = 0) -> str:
        """One line per decider, their questions joined, in the order the issues lead."""
        asks: dict[str, list[str]] = {}
        for n, issue in enumerate(deciding):
            who = issue.who or known[issue.situation].who
            if self._named and n == 0 and who == known[issue.situation].who:
                who = self._named  # the update names who decides; the situation's usual decider is only a default
            # The update's own options make the question which of them to take, not the situation's usual trade-off.
            # No count in words: "two" would be a number the update never gave.
            q = "which of the options above to take" if offered and n == 0 else known[issue.situation].question
            if not (offered and n == 0) and "asks" in issue.cues and ASSENT_WORDS.search(" ".join(issue.clauses)):
                q = known["note"].question  # the update asks for a sign-off: giving it is the decision, not the usual trade-off
            if q and q not in asks.setdefault(who, []) and not any(q in v for v in asks.values()):
                asks[who].append(q)
        lines = []
        for n, (who, questions) in enumerate((w, qs) for w, qs in asks.items() if qs):
            what = "; and ".join(questions)
            whom = who if who[:1].isupper() or who.startswith("the ") else f"the {who}"  # a name or "the CFO" as asked
            lines.append(f"Decision needed from {whom}: {what}." if n == 0 else f"And from {whom}: {what}.")
        return " ".join(lines)

    # --- the update's own figures ---------------------------------------------------------------------
    def _figures(self, issue: Issue, seen: set[str]) -> str:
        """What the issue's clauses report, as whole sentences with their facts; a span list only for what none carries.

        Each statement that holds a fact is told as a sentence of its own grammar (subject, verb, facts), in the third
        person, every term explained the first time. A statement that cannot stand alone (a fragment, a word no reader
        knows and nothing explains) gives only its facts, each in the fewest of the team's words that say what it is.
        """
        facts = [f.text for f in issue.facts]
        told: list[str] = []
        parts: list[str] = []
        for clause in issue.clauses:
            if clause in self._offered:
                continue  # the update's own options are told in the Options list, with their facts
            link = self._link_before(clause)
            for n, part in enumerate(self._pieces(clause, issue, facts, seen)):
                part = which_option(part) if self._offered_any else part
                here = self._facts_in(part, issue)
                if not here or self._named and named_decider([part]) == self._named and all(
                        self._named.endswith(t) or t in self._named for _, t in here):
                    continue  # the ask names only who decides: the Decision line says it, with the name
                self._kinds = here
                if n == 0 and link and told:
                    # "..., since the depot move on 3 October": a clause the split cut off its "since" goes on the one before.
                    joined = self._statement(f"{link} {part}", facts, seen, after=told[-1])
                    if joined:
                        told[-1] = joined
                        self._whole += 1
                        continue
                whole = self._statement(part, facts + [t for _, t in here], seen)
                if whole:
                    told.append(whole)
                    self._whole += 1
                else:
                    self._spans(part, here, facts, seen, parts)
                    self._listed += 1
        details = ""
        if parts:
            # Mid-sentence now, after the colon: an opening article or "Only" is no longer a sentence's first word.
            parts = [_OPENING_WORD.sub(lambda m: m.group().lower(), p) for p in parts]
            body = parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + "; and " + parts[-1]
            details = sentence("The details given: " + body)
        return " ".join([*told, details]).strip()

    def _pieces(self, clause: str, issue: Issue, facts: list[str], seen: set[str]) -> list[str]:
        """The clause's statements, two joined by a comma, "and" or "but" told apart (sentences.own_statements).

        A statement the split freed that carries no fact goes back onto its neighbour when the two can still be told
        as one whole sentence ("the runbook is stale and four of the nine alerts go to nobody"); else it is
        left to the situation's lead, as a statement with no fact always was, so its neighbour can be told whole.
        """
        out: list[str] = []
        for part in statements(clause, joined=False):
            pieces = own_statements(part)

            def span(first: str, last: str) -> str:
                at = part.find(first)
                return part[at : part.find(last, at) + len(last)]

            merged: list[list] = []  # [text, carries a fact]
            pending = None  # a fact-less piece with a verb, which may go onto the next one
            for piece in pieces:
                fact = bool(self._facts_in(piece, issue))
                if fact and pending is not None and self._whole_with(span(pending, piece), issue, facts, seen):
                    merged.append([span(pending, piece), True])
                elif fact:
                    merged.append([piece, True])
                elif verb_start(piece) is not None and merged and merged[-1][1] \
                        and self._whole_with(span(merged[-1][0], piece), issue, facts, seen):
                    merged[-1][0] = span(merged[-1][0], piece)
                    piece = None
                elif verb_start(piece) is None:
                    piece = None  # a report with no verb ("Migration finished"): the lead says it
                pending = piece if not fact else None
            out += [p for p, _ in merged] if len(pieces) > 1 else pieces
        return out

    def _whole_with(self, text: str, issue: Issue, facts: list[str], seen: set[str]) -> bool:
        """True when the text, a fact-less statement put back onto its neighbour, can still be told whole."""
        here = self._facts_in(text, issue)
        self._kinds = here
        return self._statement(text, facts + [t for _, t in here], set(seen)) is not None

    def _facts_in(self, clause: str, issue: Issue) -> list[tuple[str, str]]:
        here = [(f.kind, f.text) for f in issue.facts if f.text and f.text in clause]
        here += [(kind, w) for kind, w in _loose_facts(clause) if not any(w in t for _, t in here)]
        here += [(kind, w) for kind, w in self._grammar_facts
                 if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", clause) and not any(w in t for _, t in here)]
        # A system or product the glossary names stays, explained: the business meets it by that name.
        here += [("name", m.surface) for m in self.glossary.find(clause) if m.entry.kind == "name"]
        return here

    def _link_before(self, clause: str) -> str:
        at = self._text.find(clause)
        return opening_link(self._text[max(0, at - 12) : at]) if at > 0 else ""

    def _statement(self, part: str, facts: list[str], seen: set[str], after: str = "") -> str | None:
        """The statement as a whole sentence, its terms explained, or None when it cannot stand alone in plain words.

        `after`: a sentence already told that the statement goes on (a clause whose "since" the split took off).
        """
        part = _OPTION_MARK.sub("", part)  # "(b) add the weather feed, ...": a letter naming an option opens no sentence
        text = with_article(with_subject(third_person(part))) if not after else third_person(part)
        if not stands_alone(after.rstrip(".") + " " + text if after else text):
            return None
        if not after and verb_start(text) == 0:
            return None  # "Drops the French support", "Would slow searches": the clause left out who, and the update does not say
        kept = [(m.start, m.end) for m in self.glossary.find(text)]
        kept += [(a, b) for a, b in fact_spans(text, [(k, f) for k, f in self._kinds if f in text])]
        bad = offending(text, kept)
        verb = verb_start(text)
        verb_end = verb + len(text[verb:].split(" ", 1)[0]) if verb else 0
        if bad and not after and verb and all(x < verb for x in bad) and not any(a < verb for a, _ in kept) \
                and _OWN_SUBJECT.match(text) is None and not finite_next(text, verb_end + 1) \
                and not re.search(r"[,;:]", text[:verb]) and not _NOT_FOR_IT.search(text[:verb_end]) \
                and not _CLAUSE_AFTER.match(text, verb_end) and not _COPULA_FACT.match(text, verb):
            # Only the subject holds words no reader knows, and no fact: the sentence before (the situation's lead)
            # has named it in plain words, so "it" takes its place ("It failed twice this week"). Not when another
            # finite form follows the verb ("plots reads"): the first was a plural noun of the subject, not its verb.
            text, bad = "it " + text[verb:], []
        if bad or bad is None:
            return None  # a noun nothing explains would reach the reader: the facts alone are told instead
        local = set(seen)
        span = without_unknown_modifiers(self._roles(text, 0, len(text)), facts, self.glossary)
        rendered = _balanced(self._render(span, local))
        first = rendered.split(" ", 1)[0]
        if not after and first[:1].islower() and any(c.isdigit() for c in first) and any(first.startswith(f) for f in facts):
            return None  # "v4.1 handles the traffic now": a capital would change the fact that opens the sentence
        out = after.rstrip(".") + " " + rendered + "." if after else sentence(rendered)
        # The brackets are the glossary's own plain words ("analysing"), not the engineer's: only the rest is read.
        bare = _BRACKETED.sub("", out)
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", bare) for w in unknown_technical_words(out, self.glossary)) or any(h.term not in seen for h in find_unexplained(out, self.glossary)):
            return None
        if any(f not in out and f[:1].swapcase() + f[1:] not in out[:len(f)] for f in facts if f in part):
            return None  # a fact the rewording lost: the span list keeps it instead
        seen.update(local)
        return out

    def _spans(self, clause: str, here: list[tuple[str, str]], facts: list[str], seen: set[str], parts: list[str]) -> None:
        """The clause's facts, each in the fewest of the team's words that say what it is, added to `parts`."""
        terms = [(m.start, m.end) for m in self.glossary.find(clause)]
        for a, b in fact_spans(clause, here):
            # A span never cuts a term in two ("Embedding index rebuild"): it takes in the whole term.
            a = min([a] + [s for s, e in terms if s < a < e])
            b = max([b] + [e for s, e in terms if s < b < e])
            # Nor does it cut a label from the thing it names ("the BIM model"): the bracket speaks of that thing.
            labels = [label_role(clause, m.start(), self.glossary) for m in _NAME.finditer(clause, a, b)]
            b = max([b] + [r[2] for r in labels if r and r[0] <= b < r[2] and r[2] - b <= _LABEL_REACH])
            span = self._roles(clause, a, b)
            span = without_unknown_modifiers(span, facts + [t for _, t in here], self.glossary)
            rendered = _balanced(self._render(span, seen))
            if rendered and not any(rendered in p for p in parts):
                parts[:] = [p for p in parts if p not in rendered] + [rendered]

    def _roles(self, clause: str, a: int, b: int) -> str:
        """The clause's span a..b with each word the glossary lacks explained by its role, where the grammar says it."""
        known = [(m.start, m.end) for m in self.glossary.find(clause)]
        out, last = [], a
        for m in _NAME.finditer(clause, a, b):
            if m.start() < last or any(s <= m.start() < e for s, e in known):
                continue
            label = label_role(clause, m.start(), self.glossary)
            if label and label[2] <= b and not clause.startswith((" (", ")"), label[0]):
                out.append(clause[last : label[0]] + f" ({ROLE_MARK}{label[1]})")  # "the AIS (a specialist term for ...) feed"
                last = label[0]
                continue
            role = role_of(m.group(), clause, m.start(), self.glossary)
            head = role.removeprefix("the product this ").removesuffix(" belongs to") if role else ""
            owned = re.compile(r"'s\s+((?:[\w-]+\s+){0,3}?" + re.escape(head) + r")\b").match(clause, m.end()) \
                if role and head != role else None
            if owned and owned.end() <= b:
                # "Coupa's fix" reads "the fix from Coupa (...)": a bracket never sits between a name and its "'s".
                out.append(clause[last : m.start()] + f"the {owned.group(1)} from {m.group()} ({ROLE_MARK}{role})")
                last = owned.end()
            elif role:
                out.append(clause[last : m.end()] + f" ({ROLE_MARK}{role})")
                last = m.end()
        out.append(clause[last:b])
        return "".join(out)

    def _render(self, span: str, seen: set[str]) -> str:
        """The part with each term explained in brackets the first time; the team's own words stay as written.

        Words explained side by side ("the serving-layer SLA", "the OSIsoft PI connector") share one bracket after
        the last of them, naming each ("(serving-layer: ...; SLA: ...)"), instead of a bracket after every word.
        """
        span = self._unglued(span, seen)
        span, units = role_units(span)
        edits: list[tuple[int, int, str]] = []  # (start, end, text): span[start:end] becomes text
        inside = [(x.start(), x.end()) for x in _BRACKETED.finditer(span)]
        for m in self.glossary.find(span):
            if any(a <= m.start < b for a, b in inside):
                continue  # a role or note in brackets is already the plain words
            fresh = m.entry.term not in seen and not span.startswith(")", m.end) and not span.startswith(" (", m.end)
            obj = _OBJECT_PRONOUN.match(span, m.end) if fresh and m.entry.kind != "name" else None
            if obj is None and fresh and m.entry.kind != "name" and m.surface.lower().endswith(("ed", "ing")):
                obj = _OBJECT_NOUN.match(span, m.end)  # "patched the join": a verb form before its object's article
            if obj:
                # "rerun it": the term is a verb with its object; a bracket between them would split the clause.
                swap = m.entry.plain_for(m.surface)
                if swap != m.entry.plain and len(swap.split()) <= 2:
                    swap = swap[:1].upper() + swap[1:] if m.surface[:1].isupper() else swap
                    edits.append((m.start, m.end, swap))  # the plain verb in its place ("restart it")
                else:
                    edits.append((obj.end(), obj.end(), f" ({m.entry.plain})"))  # the gloss right after "it"
            elif fresh:
                # A figure or version right after the term is its own ("F1 0.93", "Airflow 2.9", "alarms/wk"): the
                # bracket goes after it, so the fact stays as written (bot.jargon's rule for explain()).
                units.append(Unit(m.start, _bracket_at(span, m.end), m.surface, m.entry.plain, role=False))
            seen.add(m.entry.term)
        edits += grouped(span, sorted(units, key=lambda u: u.start), edits)
        out, last = [], 0
        for a, b, text in sorted(edits, key=lambda e: (e[0], e[1])):
            if a < last:
                continue
            out.append(span[last:a] + text)
            last = b
        out.append(span[last:])
        return _SPACES.sub(" ", "".join(out)).strip()

    def _unglued(self, span: str, seen: set[str]) -> str:
        """"Snowflake's warehouse" told as "the warehouse of Snowflake": a gloss never sits between a name and what it owns."""
        for m in self.glossary.find(span):
            if not m.surface.lower().endswith("'s") or m.entry.term in seen:
                continue
            owned = _OWNED.match(span, m.end)
            if not owned or any(w.lower() in _CLOSING for w in owned.group(1).split()):
                continue
            head = owned.group(1)
            det = _DET_BEFORE.search(span, 0, m.start)
            start = det.start(1) if det else m.start
            whose = (det.group(1).lower() + " " if det else "") + m.surface[:-2]
            the = "The" if start == 0 or span[start - 2 : start] in {". ", "? "} else "the"
            return span[:start] + f"{the} {head} of {whose}" + span[owned.end():]
        return span


# A clause that opens with a word no dictionary holds and then a finite verb ("Marta wants ...", "Kofi said ...")
# opens with a name: the verb is read by its form (sentences.finite_next), not from a list of verbs.
# A subject that is a person or the team is never "it".
_OWN_SUBJECT = re.compile(rf"(?:the team|the author|{NAME})\b(?!\s+[a-z]+\s)")
# "It" agrees with a singular verb only, and never stands for a subject that a relative clause closes ("the fix she
# asked for will land": the verb found, "asked", belongs to the relative clause), nor for a name or a date ("is 31 March").
_NOT_FOR_IT = re.compile(r"\b(?:are|were|have|do)$|\b(?:for|to|with|on|at|about|from|of|he|she|they|we|who|that)\s+\S+$", re.I)
# "the deep-dive the board asked for will land": a preposition and another verb after the verb close a relative clause.
_CLAUSE_AFTER = re.compile(r"\s+(?:for|to|with|on|about|from)\s+(?:will|would|is|was|has|had|can|could|must|should)\b")
# "the regulator deadline is 31 March" is not "It is 31 March": a copula straight before a figure says what the subject is.
_COPULA_FACT = re.compile(r"(?:is|was|are|were)\s+\d", re.I)
_OPENING_NAME = re.compile(rf"\s*({NAME})\s+")
_OPENERS_NOT_NAMES = frozenset("the a an this that these those it its they there here we our i he she you nobody someone "
                               "everyone everything nothing something each every all some most no both".split())
_LINKS = re.compile(r"<[@#!][^>\s]+>|https?://\S+")
_DIGIT_WORD = re.compile(r"[\w.,%$€£¥:/-]*\d[\w.,%$€£¥:/-]*")
_LATER_CAPITAL = re.compile(r"(?<=[\w,)] )[A-Z][\w&-]*")


def _bracket_at(span: str, end: int) -> int:
    """Where the bracket after a term ending at `end` goes: after a figure or version that belongs to it ("F1 0.93"),
    after a fact the term opens ("PR #1377"), and never inside a fact ("EOD 11 Dec": after "EOD", not in the date)."""
    spans = []
    for fact in extract_facts(span):
        at = span.find(fact.text)
        while at != -1:
            spans.append((at, at + len(fact.text)))
            at = span.find(fact.text, at + 1)
    # A fact the term opens ("PR #1377"): the bracket goes after the whole fact.
    end = max([end] + [b for a, b in spans if a < end < b])
    after = run_end(span, end)
    if after == end or any(a < after < b for a, b in spans):
        return end
    return after


def _loose_facts(clause: str) -> list[tuple[str, str]]:
    """Words a reader may need that the fact rules did not claim: any word with a digit, a number word, a name.

    Spans are small, so what a fact rule misses would be lost; these keep the composer as safe as a quote was.
    """
    found = [("number", m.group().strip(".,:;")) for m in _DIGIT_WORD.finditer(_LINKS.sub(" ", clause))]
    spoken = number_words(clause)
    found += [("number", w) for w in re.findall(r"[A-Za-z]+", clause) if w.lower() in spoken] if spoken else []
    found += [("name", m.group()) for m in _LATER_CAPITAL.finditer(clause)]
    found += [("name", m.group()) for m in re.finditer(r"(?<![\w&])#[\w-]+", clause)]  # a Slack channel
    first = _OPENING_NAME.match(clause)
    if first and finite_next(clause, first.end()) and first.group(1).lower() not in _OPENERS_NOT_NAMES:
        found.append(("person", first.group(1)))  # "Marta wants ...": a word no dictionary holds, opening a clause, is a name
    return [(k, w) for k, w in found if w]


_OPENING_WORD = re.compile(r"^(?:The|A|An|Only|About|Since|After|Before|Until|From|On|At|By|In|Our|Its|Their|This|That|Roughly|Around|Nearly|Almost|Just|Still|Now|Up|Some|Last|Next)\b(?!-)")
# The letter or number an update puts before one of its options: "(a) ", "b) ", "2) ".
_OPTION_MARK = re.compile(r"^\s*\(?(?:[a-eA-E]|[1-5])\)\s+")
_BRACKETED = re.compile(r"\([^()]*\)")
# A verb form ("patched", "retraining") right before an article or possessive is a verb with its object.
_OBJECT_NOUN = re.compile(r"(?=\s+(?:the|a|an|its|their|our|his|her|this|that|these|those|all|both)\s)")
# An object pronoun right after a term marks the term as a verb ("rerun it", "retrained them").
_OBJECT_PRONOUN = re.compile(r"\s+(?:it|them)\b(?!')")
# What a possessive owns: up to three lower-case words after "'s" ("Snowflake's warehouse bill").
_OWNED = re.compile(r"\s+((?:[a-z][\w-]*)(?:\s+[a-z][\w-]*){0,2}?)(?=\s+(?:is|are|was|were|has|have|had|will|would|can|could|"
                    r"cost|costs|fell|rose|dropped|jumped|went|stays|stayed|sits|remains|keeps|failed|broke|stalled|"
                    r"for|from|in|on|at|by|of|with|to|and|but|since|after|before|still|now|only|against|[a-z]{3,}ed)\b|[,.;:]|$)")
_DET_BEFORE = re.compile(r"\b(the|The|our|their|its)\s+$")
_CLOSING = frozenset("a an the this that these those is are was were and or but of in on at to for".split())
_NAME = re.compile(r"[A-Za-z][\w]*(?:-[A-Za-z0-9]+)*")
_LABEL_REACH = 40  # characters a span may grow by to take in the thing a label names
