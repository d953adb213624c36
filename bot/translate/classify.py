"""Reading an update: which situation it describes, which pillars it touches, its stage, whether it forces a decision."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from bot.translate.cues import IMPACT_CUES, NAMED_DECIDERS, TRADE_OFF
from bot.translate.rules import FALLBACK, SITUATIONS, Situation
from bot.translate.situation import _rx
from knowledge.glossary import TermMatch

PILLAR_CUES: dict[str, re.Pattern[str]] = {
    "technology": _rx(
        r"\bmodel\b|\bsystem\w*|\bservers?\b|\bdatabase\w*|\binfrastructure\b|\bplatform\w*|\bcode\b|\bsoftware\b|"
        r"\bintegrat\w*|\bdata (?:extract|load|feed)\w*|\bnightly load\b|\bscor\w*|\bcloud\b|\bdashboards?\b|\bjobs?\b|\bre-?ran\b|\breprocess\w*|"
        r"\b(?:loads?|runs?|responds?|renders?) in \S+ (?:ms|seconds?|secs?|minutes?|mins?)\b"
    ),
    "governance": _rx(
        r"\brisk committee\b|\bcomplian\w*|\baudit\w*|\bregulat\w*|\bprivacy\b|\bGDPR\b|\blegal\b|\bpolicy\b|\bpolicies\b|"
        r"\bapprov\w*|\bsign-?off\b|\bgovernance\b|\bexplainab\w*|\bbias\b|\bfairness\b|\bethic\w*|\bconsent\b|\bDPIA\b|"
        r"\bmodel risk\b|\bsecurity (?:review|team|sign-?off)\b|\bpen ?test\w*|\bvulnerabilit\w*|\bcontrols?\b|\bretention\b"
    ),
    "people": _rx(
        r"\busers? (?:haven'?t|have not|aren'?t|don'?t|didn'?t|are not|do not|never)\b|\blogged (?:in|into|on)\b|\badopt\w*|"
        r"\buptake\b|\busage\b|\btraining (?:session|course|material|plan)\w*|\bupskill\w*|\bchange management\b|\bresist\w*|"
        r"\breluctan\w*|\btrust\b|\bmanagers\b|\bstaff\b|\bemployees\b|\bhir(?:e|ed|ing)\b|\battrition\b|\bresign\w*|"
        r"\bleft the (?:team|company)\b|\bheadcount\b|\bmorale\b|\bchampions\b|\bonboard\w*|\bworkshops?\b|\bskills?\b|"
        r"\bon leave\b|\bout sick\b|\b(?:reps|agents|users|staff|planners) (?:say|said|complain\w*)\b|\bwon'?t use\b|\brefuse\w* to use\b|\boverrid\w*|\bengineers\b|\bdata scientists\b|\bvacation\b|\bholidays?\b|\bout of office\b|\bOOO\b|\bPTO\b|\bcontractors?\b|"
        r"\bunderstaffed\b|\bshort-?staffed\b|\bkey person\b"
    ),
    "process": _rx(
        r"\bprocess\b|\bprocesses\b|\bworkflows?\b|\bprocedures?\b|\bmanual(?:ly)?\b|\bhand-?offs?\b|\bhandovers?\b|\bby hand\b|"
        r"\bas planned\b|\broutine\b|\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\bevery (?:morning|day|week|month)\b|\bmornings?\b|"
        r"\bdaily\b|\bweekly\b|\bSOPs?\b|\boperating model\b|\bways of working\b|\bescalation path\w*|\bapproval (?:step|flow)\b|"
        r"\bplanning cycle\b|\bmonth-end\b|\bUAT\b|\bacceptance\b|\bsign-?off from the (?:\w+ )?(?:team|business)\b|\bby hand\b"
    ),
}
_TECH_DOMAINS = {"data", "ml", "mlops", "platform", "delivery", "tools"}
# The pillar a category always touches, whatever words the engineer used.
_CATEGORY_PILLAR = {
    "performance gap": "technology",
    "incident": "technology",
    "access or dependency": "technology",
    "data quality": "technology",
    "governance or compliance": "governance",
    "adoption": "people",
}

STAGE_CUES: dict[str, re.Pattern[str]] = {
    "data preparation": _rx(
        r"\bdata prep\w*|\bpipelines?\b|\bextract\w*|\bingest\w*|\bsource systems?\b|\bcleans?ing\b|\blabell?ing\b|"
        r"\bdata load\b|\bnightly load\b|\bschemas?\b|\bfirewall\b|\bconnection\b|\bdata quality\b"
    ),
    "model development": _rx(
        r"\btraining\b|\bexperiment\w*|\bprototyp\w*|\bfeature engineering\b|\bmodel (?:build|development)\b|\btuning\b|"
        r"\bbaseline\b|\bconverg\w*|\btarget\b"
    ),
    "integration": _rx(r"\bintegrat\w*|\bAPIs?\b|\bendpoints?\b|\bconnectors?\b|\bhook(?:ed|ing)? (?:it )?up\b|\bwir(?:e|ed|ing) up\b"),
    "deployment": _rx(
        r"\bdeploy\w*|\brelease\w*|\bgo-?live\b|\bgo live\b|\bUAT\b|\bcut-?over\b|\broll-?out\b|\bcanary\b|\breadiness\b|\bsign-?off\b"
    ),
    "production": _rx(
        r"\bin prod\w*|\blive\b|\bserving\b|\bsince (?:the )?launch\w*|\bafter (?:the )?launch\w*|\blogged (?:in|into)\b|"
        r"\bmonitoring\b|\bdrift\w*|\brollback\b|\brolled back\b|\bincident\b|\boutage\b|\badoption\b|\bretrain\w*|\busers\b"
    ),
}


@dataclass(frozen=True)
class Reading:
    """What the rules made of an update."""

    situation: Situation
    impacts: frozenset[str]
    trade_off: bool
    decision_needed: bool
    who: str
    pillars: list[str]
    stage: str | None


def _score(situation: Situation, text: str, hints: Counter[str]) -> float:
    if situation.unless is not None and situation.unless.search(text):
        return 0.0
    n = len(situation.cues.findall(text))
    if n == 0 or (situation.needs is not None and not situation.needs.search(text)):
        return 0.0
    if situation.context is not None and not situation.context.search(text):
        return 0.0
    return situation.weight * (1 + 0.25 * (min(n, 4) - 1)) + 0.5 * hints[situation.category]


def pick_situation(text: str, matches: list[TermMatch]) -> Situation:
    """The situation that best explains the update; ties go to the one listed first."""
    hints: Counter[str] = Counter(m.entry.cat for m in matches if m.entry.cat)
    best, best_score = None, 0.0
    for situation in SITUATIONS:
        score = _score(situation, text, hints)
        if score > best_score:
            best, best_score = situation, score
    if best is not None:
        return best
    if hints:
        category = hints.most_common(1)[0][0]
        return _fallback_for(category)
    return FALLBACK


def _fallback_for(category: str) -> Situation:
    """The plain status note, filed under the category the update's terms hint at.

    No situation's cues matched, so no situation's wording may be claimed: "precision up to 93 percent" is not an
    unreliable job, and "impact assessment template published" is not a new requirement.
    """
    return replace(FALLBACK, name=f"general_{category.replace(' ', '_')}", category=category)


def pillars(text: str, matches: list[TermMatch], category: str | None = None) -> list[str]:
    """The COMPEL pillars the update touches, in the BoK's order."""
    found = {p for p, cue in PILLAR_CUES.items() if cue.search(text)}
    if category in _CATEGORY_PILLAR:
        found.add(_CATEGORY_PILLAR[category])
    for m in matches:
        found.add("technology" if m.entry.domain in _TECH_DOMAINS else m.entry.pillar)
        if m.entry.cat == "governance or compliance":
            found.add("governance")
    return [p for p in ("technology", "governance", "people", "process") if p in found]


def stage(text: str, matches: list[TermMatch]) -> str | None:
    """The use-case stage when the update tells it clearly enough; None when it does not."""
    scores: Counter[str] = Counter()
    for name, cue in STAGE_CUES.items():
        scores[name] += len(cue.findall(text))
    for m in matches:
        if m.entry.stage:
            scores[m.entry.stage] += 1
    ranked = [kv for kv in scores.most_common() if kv[1] > 0]
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def named_decider(text: str) -> str | None:
    """A decision body or role the update names, if any."""
    for cue, role in NAMED_DECIDERS:
        if cue.search(text):
            return role
    return None


def read(text: str, matches: list[TermMatch]) -> Reading:
    """Apply every rule to one cleaned update."""
    situation = pick_situation(text, matches)
    impacts = frozenset(name for name, cue in IMPACT_CUES.items() if cue.search(text))
    trade_off = TRADE_OFF.search(text) is not None
    if situation.decides == "always":
        needed = True
    elif situation.decides == "never":
        needed = False
    else:
        needed = trade_off or bool(impacts & {"date", "users", "cost", "scope", "commitment"})
    who = situation.who
    named = named_decider(text)
    if named and named not in who:
        who = f"{who}, with the {named}" if named != "business sponsor" else named
    if situation.name == "compliance_request" and named:
        who = f"business sponsor, with the {named}" if named != "business sponsor" else named
    return Reading(
        situation=situation,
        impacts=impacts,
        trade_off=trade_off,
        decision_needed=needed,
        who=who,
        pillars=pillars(text, matches, situation.category),
        stage=stage(text, matches),
    )
