"""The stand-up summary (pure): records, findings and translations for one day -> a Summary for an audience."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date as Date
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.oversight.engine import evaluate
from bot.oversight.findings import SEVERITY_ORDER, Finding
from bot.oversight.status import program_status
from bot.oversight.view import ProgramView
from bot.oversight.wording import sentence
from bot.standup.freshness import freshness
from bot.standup.collect import analyse
from bot.standup.items import Understand, file_updates
from bot.standup.model import Claim, DecisionNeeded, Source, Summary, WorkstreamSection
from knowledge.text import plural
from store.models import ProgramData, StandupUpdate
from bot.prose import date_text

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

log = logging.getLogger(__name__)

Translate = Callable[[str], Any]  # text -> Translation (summary, decision, ...)
_RAG_ORDER = {"green": 0, "amber": 1, "red": 2}
_DECISION = re.compile(r"^Decision needed from (?:the )?(?P<who>[^:]+):\s*(?P<what>.+)$", re.S)
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.S)
_ROLE = re.compile(
    r"\b(?:committee|board|council|director|directors|team|office|officer|lead|head|manager|owner|sponsor|desk|group|"
    r"department|procurement|legal|security|operations|finance|compliance|architecture|authority|forum|panel)\b", re.I
)


def _first(text: str) -> str:
    m = _FIRST_SENTENCE.match(text.strip())
    return (m.group(1) if m else text).strip()


def window_start(day: Date) -> Date:
    """The first day a stand-up on `day` covers: the day after the previous weekday (Monday covers the weekend)."""
    prev = day - timedelta(days=1)
    while prev.weekday() >= 5:
        prev -= timedelta(days=1)
    return prev + timedelta(days=1)


def src(u: StandupUpdate) -> Source:
    """The source of a claim taken from an update: its id and permalink."""
    return Source(kind="update", id=u.id, link=u.source_link)


def _fsrc(f: Finding) -> Source:
    return Source(kind="finding", id=f"{f.rule}:{f.subject}")


def _finding_sources(f: Finding, by_id: dict[str, StandupUpdate], limit: int = 3) -> list[Source]:
    """A finding, then the latest stand-up updates its evidence rests on (so the claim links back to what people said)."""
    said = [by_id[e.id] for e in f.evidence if e.kind == "standup_update" and e.id in by_id]
    said.sort(key=lambda u: (u.date, u.id), reverse=True)
    return [_fsrc(f), *(src(u) for u in said[:limit])]


class AudienceWords:
    """Shapes text for an audience: the team reads it as written; sponsor and steering get plain words and roles, no names."""

    def __init__(self, data: ProgramData, audience: str, glossary: "Glossary | None") -> None:
        self.audience = audience
        self.glossary = glossary
        roles: dict[str, str] = {}
        for ws in data.workstreams:
            if ws.lead:
                roles.setdefault(ws.lead, f"the {ws.name} lead")
        for uc in data.use_cases:
            if uc.owner:
                roles.setdefault(uc.owner, f"the {uc.name} owner")
        people = set(roles) | {u.author for u in data.updates} | {d.owner for d in data.decisions}
        # An escalation goes to a role ("Steering committee", "Procurement director") as often as to a person; a role
        # is no one's name, and its first word ("Procurement") must not turn into "a team member" in prose.
        people |= {r.owner for r in data.risks if r.owner} | {e.to for e in data.escalations if e.to and not _ROLE.search(e.to)}
        self.roles = roles
        # Glossary terms already explained in this document: a term is explained once, where it first appears.
        self.explained: set[str] = set()
        # Proper names keep their words (a bracket explains any term in them); only the prose around them is rephrased.
        proper = sorted({data.program.name, *(w.name for w in data.workstreams), *(uc.name for uc in data.use_cases)}, key=len, reverse=True)
        self._proper = re.compile("|".join(re.escape(p) for p in proper if p)) if proper else None
        # Full names first, then first names on their own ("Hannah said ...").
        names = sorted(people, key=len, reverse=True)
        firsts = sorted({n.split()[0] for n in people if " " in n and len(n.split()[0]) > 2}, key=len, reverse=True)
        self.names = tuple(names) + tuple(firsts)
        parts = [re.escape(n) for n in self.names if n]
        self._pattern = re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?:'s)?(?![\w])") if parts else None

    @property
    def plain(self) -> bool:
        return self.audience != "team"

    def who(self, person: str) -> str:
        """A person for this audience: their name for the team, their role for sponsor and steering."""
        if not self.plain:
            return person
        role = self.text(self.roles.get(person, "the accountable owner"))
        return "the" + role[3:] if role.startswith("The ") else role

    def label(self, text: str) -> str:
        """A short label (a finding's title, a status reason) for this audience: its terms are explained in brackets
        rather than swapped, because a swapped phrase inside a noun label breaks its grammar ("source-system access
        late" would become "business application the data comes from access late")."""
        return self.text(text, rewrite=False)

    def text(self, text: str, *, rewrite: bool = True) -> str:
        """Text for this audience: as written for the team; plain words and no names for the others."""
        if not self.plain:
            return text
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: self.roles.get(m.group(0).removesuffix("'s"), "a team member"), text)
        if self.glossary is not None:
            from bot.jargon import explain, plain_rewrite

            kept: list[str] = []

            def hide(m: re.Match) -> str:
                kept.append(m.group(0))
                return f"\ue000{len(kept) - 1}\ue001"

            # A proper name is read as a name: no term in it is rephrased or explained ("the Responsible AI
            # governance lead", not "the Responsible AI governance (the rules ...) lead").
            masked = self._proper.sub(hide, text) if self._proper is not None else text
            rewritten = explain(plain_rewrite(masked, self.glossary) if rewrite else masked, self.glossary, self.explained)
            text = re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m.group(1))], rewritten)
        return text[:1].upper() + text[1:]

    def masked(self, text: str) -> str:
        """The text with every proper name (program, workstream, use case) taken out, for the jargon check."""
        return self._proper.sub(" ", text) if self._proper is not None else text

    def said(self, clause: str, u: StandupUpdate) -> str:
        """A clause with who said it (team only)."""
        return f"{clause} ({u.author})" if not self.plain else self.text(clause)


def _role(who: str) -> str:
    """A decider named by the analysis ("business sponsor, with the product owner") as a reader expects it."""
    return who if who.lower().startswith("the ") else f"the {who}"


def proper_names(data: ProgramData) -> tuple[str, ...]:
    """The program's, workstreams' and use cases' names: read as names, never rephrased."""
    return tuple(n for n in (data.program.name, *(w.name for w in data.workstreams), *(uc.name for uc in data.use_cases)) if n)


def person_names(data: ProgramData) -> tuple[str, ...]:
    """Every person's name the records hold (authors, owners, leads), full names and first names: none may reach the sponsor."""
    return AudienceWords(data, "sponsor", None).names


def _escalations(updates: list[StandupUpdate], day: Date, days: int, window: int, data: ProgramData, words: AudienceWords) -> list[Claim]:
    """Blockers about the same thing reported on `days` or more separate days within `window` weekdays up to `day`."""
    start = day
    counted = 0
    while counted < window - 1:
        start -= timedelta(days=1)
        if start.weekday() < 5:
            counted += 1
    by_key: dict[tuple, list[StandupUpdate]] = {}
    for u in updates:
        if u.blockers and start <= u.date <= day:
            key = tuple(u.use_cases) or (u.workstream or u.author,)
            by_key.setdefault(key, []).append(u)
    names = {uc.id: uc.name for uc in data.use_cases} | {w.id: w.name for w in data.workstreams}
    out = []
    for key, items in by_key.items():
        dates = sorted({u.date for u in items})
        if len(dates) < days or dates[-1] < day - timedelta(days=3):  # still reported at this or the previous stand-up
            continue
        latest = max(items, key=lambda u: (u.date, u.id))
        what = ", ".join(names.get(k, k) for k in key)
        text = f"{what}: blocked on {len(dates)} stand-ups running, latest: {words.said(latest.blockers[0], latest)}"
        if words.plain:
            text = f"{words.text(what)}: the same blocker was reported on {len(dates)} stand-ups running and needs help to clear: {words.text(latest.blockers[0])}"
        out.append(Claim(text=text, sources=[src(u) for u in sorted(items, key=lambda u: (u.date, u.id))]))
    return out


def _risk_line(f: Finding, how: str, name: str, words: AudienceWords) -> str:
    """A new or worsened signal as a reader takes it in: what changed and how serious, then what it is and why.

    The signal's title is a label: its terms are explained, never swapped; the explanation is prose for the audience.
    """
    change = f"New signal, {f.severity} severity" if how == "new" else f"Now {f.severity} severity, {how}"
    return words.label(f"{change}: {f.title} on {name}.") + " " + sentence(words.text(_first(f.explanation)))


def _changed_findings(now: list[Finding], before: list[Finding]) -> list[tuple[Finding, str]]:
    """Findings that are new since the previous stand-up, or more severe than they were."""
    old = {(f.rule, f.subject): f for f in before}
    out = []
    for f in now:
        prev = old.get((f.rule, f.subject))
        if prev is None:
            out.append((f, "new"))
        elif SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[prev.severity]:
            out.append((f, f"up from {prev.severity}"))
    return out


def build_summary(
    data: ProgramData,
    day: Date,
    settings: Settings,
    *,
    audience: str = "team",
    translate: Translate | None = None,
    understand: Understand | None = None,
    glossary: "Glossary | None" = None,
    since: Date | None = None,
    expected: list[str] | None = None,
    away: set[str] | frozenset[str] = frozenset(),
    reported: set[str] | frozenset[str] = frozenset(),
    day_off: bool = False,
    escalate_days: int = 3,
    escalate_window: int = 5,
) -> Summary:
    """The summary of one program's stand-up on `day` for an audience; every claim names the records it came from."""
    since = since or window_start(day)
    words = AudienceWords(data, audience, glossary)
    upto = [u for u in data.updates if u.date <= day]
    today = [u for u in upto if u.date >= since]
    now_view = ProgramView(data.model_copy(update={"updates": upto}), as_of=day)
    findings = evaluate(now_view, settings)
    before_view = ProgramView(data.model_copy(update={"updates": [u for u in upto if u.date < since]}), as_of=since - timedelta(days=1))
    changed = _changed_findings(findings, evaluate(before_view, settings))
    status = program_status(now_view, findings)
    ws_status = {w.id: w for w in status.workstreams}
    today_ucs = {uc for u in today for uc in u.use_cases}
    by_id = {u.id: u for u in upto}
    flagged = {f.subject for f in findings if f.severity != "low"}

    # Per workstream: each issue of each of today's updates under its heading, from the shared update analysis.
    sections: dict[str, WorkstreamSection] = {
        w.id: WorkstreamSection(id=w.id, name=w.name, pillar=w.pillar, rag=ws_status[w.id].rag) for w in data.workstreams
    }
    filed = file_updates(today, understand)
    quiet_ucs: dict[str, bool] = {}  # use case -> only progress reported on it today, and no risk signal on it
    for u in today:
        for uc in u.use_cases:
            quiet_ucs[uc] = quiet_ucs.get(uc, True) and all(i.heading == "progress" for i in filed.get(u.id, [])) and uc not in flagged
    for u in today:
        ws = u.workstream or (now_view.use_cases[u.use_cases[0]].workstream if u.use_cases else None)
        section = sections.get(ws or "")
        if section is None:
            continue
        on_track = bool(u.use_cases) and all(quiet_ucs.get(uc) for uc in u.use_cases)
        for item in filed.get(u.id, []):
            detail = item.heading == "progress" and not item.facts and glossary is not None and bool(glossary.find(item.text))
            if words.plain and detail and on_track:
                continue  # a technical step with no figure or date, on a use case said to be on track: the on-track line covers it
            claim = Claim(text=words.said(item.text, u), sources=[src(u)])
            {"progress": section.done, "risk": section.risks, "blocker": section.blockers, "decision": section.decisions}[item.heading].append(claim)

    escalations = _escalations(upto, day, escalate_days, escalate_window, data, words)

    # Headline: the worst workstream status, with each red or amber workstream's reasons.
    reasons: list[Claim] = []
    for w in status.workstreams:
        if w.rag == "green":
            continue
        own = [_fsrc(f) for f in findings if (f.subject == w.id) or getattr(now_view.use_cases.get(f.subject), "workstream", None) == w.id]
        # The reasons are sentences already; their labels keep their own words, a term explained once (not swapped).
        text = f"{w.name} is {w.rag}. {' '.join(w.reasons[:2])}"
        reasons.append(Claim(text=words.label(text), sources=[Source(kind="workstream", id=w.id), *own[:5]]))
    rag = max((w.rag for w in status.workstreams), key=_RAG_ORDER.__getitem__, default="green")

    shown = [(f, how) for f, how in changed if f.rule != "cross_pillar_impact" and (audience != "steering" or f.severity == "high")]
    risks = [
        Claim(text=_risk_line(f, how, f.subject_name or now_view.name_of(f.subject), words), sources=_finding_sources(f, by_id))
        for f, how in shown
    ]
    impacts = []
    new_keys = {(f.rule, f.subject) for f, _ in changed}
    for f in findings:
        if f.rule == "cross_pillar_impact" and (f.subject in today_ucs or (f.rule, f.subject) in new_keys):
            about = [src(u) for u in today if f.subject in u.use_cases]
            impacts.append(Claim(text=words.text(f.explanation), sources=[*_finding_sources(f, by_id, 0), *about]))

    decisions = []
    for d in sorted((d for d in data.decisions if d.status == "open"), key=lambda d: (d.deadline or Date.max, d.id)):
        about = [src(u) for u in today if d.use_case and d.use_case in u.use_cases]
        overdue = " (overdue)" if d.deadline and d.deadline < day else ""
        decisions.append(DecisionNeeded(text=words.text(d.question) + overdue, who=words.who(d.owner), by=d.deadline,
                                        sources=[Source(kind="decision", id=d.id), *about]))

    technical = []
    if translate is not None and audience != "steering":
        for u in today:
            if glossary is not None and not analyse(u.text, glossary).technical:
                continue
            try:
                t = translate(u.text)
            except Exception:  # noqa: BLE001 - one update the engine refuses must not sink the summary
                log.warning("could not translate update %s", u.id, exc_info=True)
                continue
            # The sponsor reads each issue in plain words already, and "the team reports progress on the work" tells no one anything.
            if audience == "team" and t.category != "progress":
                technical.append(Claim(text=f"{t.summary} ({u.author})", sources=[src(u)]))
            # A decision is asked for only where the update itself puts a choice (a decision heading); a gist that
            # merely could be decided would flood the list with every risk of the day.
            m = _DECISION.match(t.decision or "") if any(i.heading == "decision" for i in filed.get(u.id, [])) else None
            if m:
                what = words.text(m.group("what").strip())
                what = what[:1].upper() + what.rstrip(". ")[1:]
                about = ", ".join(now_view.name_of(uc) for uc in u.use_cases)
                decisions.append(DecisionNeeded(text=f"{about}: {what}" if about else what, who=_role(m.group("who").strip()), sources=[src(u)]))

    # Who reported: authors of today's updates, plus identities the caller knows answered (Slack user ids).
    reporters = {u.author for u in today} | set(reported)
    if expected is None:
        recent = since - timedelta(days=14)
        expected = sorted({u.author for u in upto if recent <= u.date < since} | {u.author for u in today})
    # On one of the program's days off nobody owes an update, so nobody is listed as not reporting.
    missing = [] if day_off else [p for p in expected if p not in reporters and p not in away]
    n_reported = sum(1 for p in expected if p in reporters)

    n_red = sum(1 for w in status.workstreams if w.rag == "red")
    n_amber = sum(1 for w in status.workstreams if w.rag == "amber")
    counts = [f"{n_red} red and {n_amber} amber of {plural(len(status.workstreams), 'workstream')}"]
    if escalations:
        counts.append(f"{plural(len(escalations), 'blocker')} escalated")
    if decisions:
        counts.append(f"{plural(len(decisions), 'decision')} needed")
    counts.append(f"{n_reported} of {plural(len(expected), 'person', 'people')} reported" if expected else "no stand-up updates in this period")
    headline = f"{data.program.name} is {rag.upper()} on {date_text(day, year=True, weekday=True)}: {'; '.join(counts)}."
    workstreams = [s for s in sections.values() if not s.empty]
    if audience == "sponsor":
        workstreams = [s.model_copy(update={"next": []}) for s in workstreams]
    on_track = [now_view.name_of(uc) for uc, quiet in quiet_ucs.items() if quiet]
    on_track += [w.name for w in status.workstreams if w.rag == "green" and w.id not in {s.id for s in workstreams}]
    fresh = freshness(data, day, settings.stale_after_days)
    return Summary(
        program=data.program.id,
        program_name=data.program.name,
        date=day,
        since=since,
        sprint=now_view.sprint_for(day),
        audience=audience,  # type: ignore[arg-type]
        rag=rag,  # type: ignore[arg-type]
        headline=words.text(headline),
        reasons=reasons,
        workstreams=workstreams,
        risks=risks,
        impacts=impacts,
        decisions=decisions,
        technical=technical,
        escalations=escalations,
        not_reported=missing if audience == "team" else [],
        not_reported_count=len(missing),
        updates=[u.id for u in today],
        on_track=list(dict.fromkeys(on_track)),
        notice=fresh.notice,
    )
