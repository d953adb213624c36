"""Writing the business text from the analysis: whole sentences per issue, the update's facts kept as written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understand.bank import Situation, situations
from bot.understand.model import Analysis, Issue
from knowledge.glossary import Glossary

_WORD = re.compile(r"[^\s]+")
# Words that tie a figure to what it is measured against; a figure keeps them beside it.
_RELATION = {"from", "to", "against", "only", "about", "roughly", "around", "nearly", "almost", "over", "under", "below",
             "above", "of", "at", "by", "until", "since", "vs", "vs.", "versus", "than", "day", "week", "sprint", "ticket",
             "version", "within", "up", "down", "per", "a", "the", "and", "in"}
_LEFT = {"from", "against", "only", "about", "roughly", "around", "nearly", "almost", "over", "under", "below", "above",
         "until", "since", "vs", "vs.", "versus", "day", "ticket", "version", "by", "at", "a", "an", "the"}
_STOP = {"is", "are", "was", "were", "be", "been", "and", "but", "so", "or", "the", "a", "an", "it", "its", "we", "our", "they",
         "this", "that", "these", "those", "to", "for", "with", "on", "has", "have", "had", "will", "would", "can", "could",
         "which", "who", "because", "as", "if", "then", "now", "still", "not", "no", "yet", "also", "just", "need", "needs",
         "after", "before", "while", "when", "since", "until", "without", "but"}
_MAX_SPAN_WORDS = 16
_ARTICLE = re.compile(r"\b([Aa])n?\s+(?=([A-Za-z]))")
_SPACES = re.compile(r"\s{2,}")
_STORE = re.compile(r"store|database|warehouse|lake|cache|index|table|feed", re.I)
_SLOW_RUN = re.compile(r"\d\s?(?:h|hrs?|hours?|mins?|minutes?)\b|\bovernight\b|\bnightly\b|\bbatch\b|\brebuild\b|\brun\b", re.I)


@dataclass
class Written:
    """The four business texts of a Translation."""

    summary: str
    impact: str
    options: list[str]
    decision: str | None


def sentence(text: str) -> str:
    """One sentence: a capital first, a full stop last, spaces tidy."""
    text = _SPACES.sub(" ", text.strip()).rstrip(";:, ")
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _articles(text: str) -> str:
    """'a' or 'an' by the sound of the next word's first letter, after plain words replaced jargon."""
    def fix(m: re.Match[str]) -> str:
        article = "an" if m.group(2).lower() in "aeio" else "a"
        return (article.capitalize() if m.group(1).isupper() else article) + " "

    return _ARTICLE.sub(fix, text)


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

    def write(self, analysis: Analysis) -> Written:
        """Summary, impact, options and decision for one analysed update."""
        known = situations()
        seen: set[str] = set()  # terms already explained: a name is explained once, the first time
        main, others = analysis.issues[0], analysis.issues[1:]
        sit = known[main.situation]
        alone = not any(i.polarity == "open" for i in analysis.issues)
        summary = " ".join(p for p in (self._lead(sit, main, alone), self._figures(main, seen)) if p)
        impact = [self._meaning(sit, main, alone=not others)]
        if main.situation == "incident_fixed" and not alone:
            impact.append(sit.partial)
        for issue in others:
            impact.extend(self._also(known[issue.situation], issue, alone, seen))
        deciding = [i for i in analysis.issues if i.decision]
        options = list(known[deciding[0].situation].options) if deciding else []
        return Written(
            summary=summary,
            impact=" ".join(p for p in impact if p),
            options=[sentence(o) for o in options],
            decision=self._decision(deciding, known) if deciding else None,
        )

    # --- one issue ----------------------------------------------------------------------------------
    def _lead(self, sit: Situation, issue: Issue, alone: bool) -> str:
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
        parts = [sentence(sit.meaning)]
        if sit.risky and "risk" in issue.cues:
            parts.append(sentence(sit.risky))
        return " ".join(parts)

    def _also(self, sit: Situation, issue: Issue, alone: bool, seen: set[str]) -> list[str]:
        figures = self._figures(issue, seen)
        if sit.name == "note":
            return [figures] if figures else []
        lead = self._lead(sit, issue, alone)
        parts = ["Also, " + lead[:1].lower() + lead[1:], figures]
        if sit.name == "incident_fixed" and not alone:
            parts.append(sentence(sit.partial))
        elif issue.polarity == "open":
            parts.append(self._meaning(sit, issue, alone=False))
        return [p for p in parts if p]

    def _decision(self, deciding: list[Issue], known: dict[str, Situation]) -> str:
        """One line per decider, their questions joined, in the order the issues lead."""
        asks: dict[str, list[str]] = {}
        for issue in deciding:
            who = issue.who or known[issue.situation].who
            q = known[issue.situation].question
            if q and q not in asks.setdefault(who, []) and not any(q in v for v in asks.values()):
                asks[who].append(q)
        lines = []
        for n, (who, questions) in enumerate((w, qs) for w, qs in asks.items() if qs):
            what = "; and ".join(questions)
            lines.append(f"Decision needed from the {who}: {what}." if n == 0 else f"And from the {who}: {what}.")
        return " ".join(lines)

    # --- the update's own figures ---------------------------------------------------------------------
    def _figures(self, issue: Issue, seen: set[str]) -> str:
        """The issue's facts with the few words that say what they measure, jargon in plain words."""
        spans: list[str] = []
        for clause in issue.clauses:
            # Names of systems are facts too: the glossary knows them, so they stay and get their bracket.
            names = [m.surface for m in self.glossary.find(clause) if m.entry.kind == "name"]
            for span in self._spans(clause, [f.text for f in issue.facts] + names):
                rendered = self._render(span, seen)
                if rendered and rendered not in spans:
                    spans.append(rendered)
        if not spans:
            return ""
        return sentence("Details as reported: " + "; ".join(spans))

    def _spans(self, clause: str, facts: list[str]) -> list[str]:
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(clause)]
        marks: list[tuple[int, int]] = []
        for fact in facts:
            at = clause.find(fact)
            if at < 0:
                continue
            first = next((i for i, w in enumerate(words) if w[1] > at), None)
            last = next((i for i, w in enumerate(words) if w[1] >= at + len(fact)), None)
            if first is None or last is None:
                continue
            a, b = self._widen(words, first, last)
            a = self._measure(clause, words, a)
            marks.append((a, b))
        if not marks:
            return []
        marks.sort()
        merged = [list(marks[0])]
        for a, b in marks[1:]:
            if a <= merged[-1][1] + 2:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        out = []
        for a, b in merged:
            if b - a + 1 > _MAX_SPAN_WORDS:
                out.extend(clause[words[i][0] : words[i][1]] for i in range(a, b + 1) if any(f in words[i][2] for f in facts))
            else:
                out.append(clause[words[a][0] : words[b][1]])
        return [_balanced(o.strip(" ,;:")) for o in out if o.strip(" ,;:()")]

    def _measure(self, clause: str, words: list[tuple[int, int, str]], a: int) -> int:
        """Start the span at what the figure measures: a name just before it ("Sprint 5") or a term ("precision dropped")."""
        if a > 0 and words[a - 1][2][:1].isupper() and words[a - 1][2].isalpha():
            return a - 1
        for m in self.glossary.find(clause):
            ends = next((i for i, w in enumerate(words) if w[1] >= m.end), None)
            if ends is not None and 0 < a - ends <= 2:
                starts = next(i for i, w in enumerate(words) if w[1] > m.start)
                return starts
        return a

    @staticmethod
    def _widen(words: list[tuple[int, int, str]], first: int, last: int) -> tuple[int, int]:
        def bare(i: int) -> str:
            return words[i][2].lower().strip(",;:()")

        a = first
        while a > 0 and bare(a - 1) in _LEFT and first - a < 3 and not words[a - 1][2].endswith((",", ";")):
            a -= 1
        b = last
        if not words[b][2].endswith((",", ";")):
            if b + 1 < len(words) and bare(b + 1) in _RELATION:
                stop = min(len(words) - 1, b + 3)
                while b < stop and not words[b][2].endswith((",", ";")):
                    b += 1
                while b > last and bare(b) in _STOP | _RELATION:
                    b -= 1  # never end on "the" or "of"
            else:
                while (b + 1 < len(words) and b - last < 2 and bare(b + 1).isalpha() and bare(b + 1) not in _STOP | _RELATION
                       and len(bare(b + 1)) > 2 and not bare(b + 1).endswith(("ed", "ing")) and not words[b][2].endswith((",", ";"))):
                    b += 1  # the thing counted: "12k images", "five open tickets"
        return a, b

    def _render(self, span: str, seen: set[str]) -> str:
        """The span with names explained in brackets the first time and other terms in plain words."""
        out, last = [], 0
        for m in self.glossary.find(span):
            out.append(span[last : m.start])
            if m.entry.kind == "name":
                out.append(m.surface if m.entry.term in seen else f"{m.surface} ({m.entry.plain})")
            else:
                out.append(m.entry.plain_for(m.surface))
            seen.add(m.entry.term)
            last = m.end
        out.append(span[last:])
        return _articles(_SPACES.sub(" ", "".join(out)).strip())
