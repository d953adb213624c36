"""The exact rules beside the embedding: figures against targets, named bodies and roles, trade-offs."""

from __future__ import annotations

import re

from bot.understand.bank import situations
from bot.understand.clauses import slip_is_elsewhere
from bot.understand.model import Clause

_TECH_DOMAINS = {"data", "ml", "mlops", "platform", "delivery", "tools"}

# Named bodies, offices and laws: exact names, so an entity list, not meaning. Which pillar a clause touches
# otherwise is read by meaning (the "pillar:" examples in bank.yaml).
NAMED_BODIES: dict[str, re.Pattern[str]] = {
    "governance": re.compile(
        r"\blegal (?:team|department|counsel)\b|\bcompliance (?:team|office|officer)\b|\bInfoSec\b|\bsecurity team\b|\bCISO\b|"
        r"\bDPO\b|\bdata protection officer\b|\bprivacy (?:office|team)\b|\brisk committee\b|\bworks council\b|\bGDPR\b|"
        r"\bDPIA\b|\bAI Act\b|\bHIPAA\b|\bSOC ?2\b|\bISO ?27001\b|\bethics board\b",
        re.I,
    ),
    "people": re.compile(r"\bworks council\b|\bHR\b|\bhuman resources\b", re.I),
}

# Who a named body is when it takes part in a decision.
DECIDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\brisk committee\b", re.I), "risk committee"),
    (re.compile(r"\bsteer(?:ing)? ?co(?:mmittee)?\b", re.I), "steering committee"),
    (re.compile(r"\bworks council\b", re.I), "works council"),
    (re.compile(r"\bcomplian\w*", re.I), "compliance team"),
    (re.compile(r"\blegal\b", re.I), "legal team"),
    (re.compile(r"\bDPO\b|\bprivacy office\w*|\bdata protection officer\b", re.I), "data protection officer"),
    (re.compile(r"\bdata owners?\b", re.I), "data owner"),
    (re.compile(r"\bprocess owners?\b", re.I), "business process owner"),
    (re.compile(r"\bproduct owners?\b", re.I), "product owner"),
    (re.compile(r"\bCISO\b|\bInfoSec\b|\bsecurity team\b", re.I), "security lead"),
    (re.compile(r"\bprocurement\b", re.I), "procurement"),
)

_OPEN = tuple(name for name, sit in situations().items() if sit.polarity == "open")
# How much an exact cue moves a situation's score: about the gap between a near and a far example.
BOOST = 0.12


def boosts(clause: Clause) -> dict[str, float]:
    """Score moves from the exact cues of one clause."""
    c = set(clause.cues)
    out: dict[str, float] = {}

    def add(name: str, value: float = BOOST) -> None:
        out[name] = out.get(name, 0.0) + value

    if "compared_worse" in c:
        if "time_figure" in c:
            add("performance_gap")
        elif "money" in c:
            add("cost_over")
        else:
            add("quality_below_target")
        if "duration" in c:
            # Short of the target after sprints of trying is the stalled-experimentation pattern by definition.
            add("experimentation_stalled", 3 * BOOST)
    if "compared_better" in c:
        add("progress", BOOST)
        # A figure on the right side of its target is not the gap its measure would otherwise be.
        # The comparison is exact, so with no shortfall said beside it, it outweighs what the topic alone suggests.
        gap = "performance_gap" if "time_figure" in c else "cost_over" if "money" in c else "quality_below_target"
        add(gap, -BOOST if c & {"still", "short"} else -2 * BOOST)
        add("incident_open", -BOOST / 2)
        if "better" in c or not c & {"still", "short", "negated"}:
            # A figure on the right side of the one it is set against (its target, or its own old value), said
            # outright to be better or with no shortfall beside it, is good news, not a gap of any kind.
            for name in _OPEN:
                add(name, -BOOST)
        add("experimentation_stalled", -BOOST)
    if "better" in c and "negated" not in c:
        add("performance_gap", -BOOST)  # "resolves cases faster" is about speed, but not a speed problem
    if "duration" in c and ("still" in c or "negated" in c):
        add("experimentation_stalled", BOOST / 2)
    if "resolved" in c and "still" not in c:
        add("incident_fixed", 1.5 * BOOST)
        add("incident_open", -BOOST)
    if not c & {"compared_worse", "short", "negated", "duration"}:
        add("quality_below_target", -2 * BOOST)  # a figure with no target and no shortfall is a report, not a gap
    if "money" not in c:
        add("cost_over", -2 * BOOST)  # an overspend is said in money words
    if "grows" in c:
        add("integration_scope", 2 * BOOST)  # work said to grow past its scope, in exact words
    if "fairness" in c:
        add("governance_gap", 2 * BOOST)
    if not c & {"resolved", "no_problem"}:
        add("incident_fixed", -2 * BOOST)  # a fix is claimed only where the update says it worked
    if "plan" in c and "negated" not in c:
        add("note", BOOST)
    if "no_problem" in c:
        add("progress", BOOST)
        if not c & {"short", "compared_worse", "still"}:
            for name in _OPEN:
                add(name, -BOOST / 2)  # "no requests failed" says a fault did not happen
    if "steady" in c and not c & {"negated", "still", "short", "compared_worse", "change"}:
        add("progress", BOOST)
        for name in _OPEN:
            add(name, -BOOST / 2)  # a measure that held where it was is not news of a problem
    if "done" in c and not c & {"negated", "still", "short", "compared_worse", "unapproved"}:
        add("progress", 1.5 * BOOST)
        for name in _OPEN:
            add(name, -BOOST)  # a step reported done is not, by itself, a gap of any kind
    if "better" in c and not c & {"negated", "still", "short", "compared_worse"}:
        add("progress", BOOST)
        for name in _OPEN:
            add(name, -BOOST)  # a measure the update says got better is good news, not a gap or a drop
    if "on_track" in c:
        add("progress", BOOST)
        add("delivery_slip", -2 * BOOST)
    if "outage" in c and "resolved" not in c:
        add("incident_open", 2 * BOOST)
    if "change" in c and not c & {"better", "compared_better", "time_figure", "money"}:
        add("quality_drop", BOOST)
    for cue, name in (("unapproved", "governance_gap"), ("shortcut", "shortcut_debt")):
        if cue in c:
            add(name, 1.5 * BOOST)
    if not c & {"done", "on_track", "compared_better", "better", "no_problem", "resolved", "steady"}:
        add("progress", -BOOST)  # a step is done only where the update says so
    if "slip" in c:
        add("dependency_slip" if slip_is_elsewhere(clause.text) else "delivery_slip", BOOST)
    if "demand" in c:
        add("compliance_requirement", BOOST / 2)
    if "demand" not in c:
        add("compliance_requirement", -2 * BOOST)
    if "change" not in c:
        add("quality_drop", -BOOST)
    if "live" not in c:
        add("incident_fixed", -BOOST)  # "fixed four bugs" is work done, not a live fault dealt with
    if "negated" not in c and "still" not in c:
        # A gap in watching or in showing results is an absence: without a word saying so, it is not one.
        add("monitoring_risk", -BOOST)
        add("progress_no_advancement", -BOOST)
    if "still" in c:
        out["progress"] = out.get("progress", 0.0) - BOOST / 2
        out["incident_fixed"] = out.get("incident_fixed", 0.0) - BOOST
    return out


def pillars_of(texts: list[str], matches) -> set[str]:
    """Pillars of the bodies the words name outright, and of the glossary terms used."""
    found = {p for p, rx in NAMED_BODIES.items() if any(rx.search(t) for t in texts)}
    for m in matches:
        found.add("technology" if m.entry.domain in _TECH_DOMAINS else m.entry.pillar)
    return found


def named_decider(text: str) -> str | None:
    """A decision body or role the text names, if any."""
    for rx, role in DECIDERS:
        if rx.search(text):
            return role
    return None
