"""What the records say on each program topic: at risk, blockers, stand-up reporting, decisions, readiness, spend,
debt and risks. Each topic turns records and findings into claims; names in the text, ids only in citations."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from bot.answer.claims import Claim, RecordRef, day, evidence_refs, first_sentence, joined
from bot.prose import count_word, counted, share_of
from knowledge.text import plural
from bot.oversight.findings import SEVERITY_ORDER
from bot.oversight.wording import in_sentence
from bot.oversight.sources import cite


def _months_over(over: int, months: int) -> str:
    """'two of the three months ran above budget' (mid-sentence, counts in words); a single month said as such."""
    if months == 1:
        return "the one month on record ran above budget" if over else "the one month on record stayed within budget"
    words = share_of(over, months, "month")
    return f"{words[:1].lower()}{words[1:]} ran above budget"


def high_severity(high: int, shown: int) -> str:
    """How many of the use cases shown have a high-severity signal, in words: ', each with a high-severity one'."""
    if shown == 1:
        return ", a high-severity one among them" if high else ", none of them high-severity"
    if high == shown:
        return ", each with a high-severity one" if shown > 2 else ", both with a high-severity one"
    return f", {count_word(high) if high else 'none'} of them with a high-severity one"


def terms_of(text: str) -> list[str]:
    """Lower-case words of a text, for matching a use case's name inside a record's free text."""
    return re.findall(r"[a-z0-9]+", text.lower())

MAX_ITEMS = 8
_CATEGORY = {"debt": "ordinary debt item"}


@dataclass
class Context:
    """One program's records and findings, with what the question names."""

    data: object  # store.models.ProgramData
    findings: list
    as_of: object  # datetime.date
    use_cases: list = field(default_factory=list)  # use cases the question names (empty: all)
    people: list[str] = field(default_factory=list)  # people the question names
    related: Callable[[list[tuple[RecordRef, str]], int], list[RecordRef]] | None = None  # records nearest the question
    ordinary: Callable[[str], bool] | None = None  # whether a phrase is the BoK's own wording (bot/answer/names.py)
    question: str = ""  # the question itself, for records it names by their own titles

    @property
    def names(self) -> dict[str, str]:
        d = self.data
        return {**{w.id: w.name for w in d.workstreams}, **{u.id: u.name for u in d.use_cases}}

    def name(self, node: str | None) -> str:
        return self.names.get(node or "", node or "")

    def quote(self, kind: str, rid: str) -> str:
        """A short readable line for a record (shown under its citation)."""
        d = self.data
        if kind == "use_case" and (uc := d.use_case(rid)):
            return f"{uc.name}: {uc.stage.replace('_', ' ')} stage, owner {uc.owner or 'not named'}."
        table = {"update": d.updates, "decision": d.decisions, "debt": d.debt, "risk": d.risks, "dependency": d.dependencies, "escalation": d.escalations, "data_quality": d.data_quality}
        for rec in table.get(kind, []):
            if rec.id == rid:
                for attr in ("text", "question", "title", "description", "system", "item", "subject"):
                    if getattr(rec, attr, None):
                        return str(getattr(rec, attr))
        if kind == "access_request":
            for a in d.access_requests:
                if a.id == rid:
                    return f"Access to {a.system} for {self.name(a.use_case)}: {a.status}, requested {day(a.requested)}."
        if kind == "procurement":
            for p in d.procurement:
                if p.id == rid:
                    return f"{p.item}: {p.status}" + (f", needed by {day(p.needed_by)}." if p.needed_by else ".")
        if kind == "cost":
            for c in d.costs:
                if c.id == rid:
                    return f"{c.month:%B %Y}: {c.actual:,.0f} spent of a {c.budget:,.0f} budget."
        if kind == "sprint":
            for s in d.sprints:
                if str(s.number) == rid:
                    return f"Sprint {s.number}: {s.completed:g} of {s.committed:g} points completed."
        return ""

    def ref(self, kind: str, rid: str) -> RecordRef:
        return RecordRef(kind, rid, self.quote(kind, rid))

    def wanted(self, uc_id: str | None) -> bool:
        return not self.use_cases or uc_id in {u.id for u in self.use_cases}

    def wanted_text(self, uc_id: str | None, text: str) -> bool:
        """Whether a record is about the use cases asked for: linked to one, or unlinked and naming one in its text."""
        if self.wanted(uc_id):
            return True
        if uc_id is not None:
            return False
        words = f" {' '.join(terms_of(text))} "
        return any(f" {' '.join(terms_of(n))} " in words for u in self.use_cases for n in (u.name, *u.aliases) if terms_of(n))


def at_risk(ctx: Context) -> list[Claim]:
    """Use cases with risk signals, worst first, each with its most serious finding."""
    by_uc: dict[str, list] = {}
    for f in ctx.findings:
        if f.subject_kind == "use_case" and ctx.wanted(f.subject):
            by_uc.setdefault(f.subject, []).append(f)
    ranked = sorted(by_uc.items(), key=lambda kv: (min(SEVERITY_ORDER[f.severity] for f in kv[1]), -len(kv[1]), kv[0]))
    total = len(ctx.data.use_cases)
    if not ranked:
        scope = joined([u.name for u in ctx.use_cases]) or f"any of the {plural(total, 'use case')}"
        return [Claim(f"The oversight engine finds no risk signals on {scope} as of {day(ctx.as_of)}.",
                      [ctx.ref("use_case", u.id) for u in ctx.use_cases])]
    high = sum(1 for _, fs in ranked if any(f.severity == "high" for f in fs))
    claims = [Claim(f"{share_of(len(ranked), total, 'use case')} {'shows' if len(ranked) == 1 else 'show'} risk signals as of {day(ctx.as_of)} "
                    f"(sprint {ctx.data.program.current_sprint}){high_severity(high, len(ranked))}.")]
    for uc_id, fs in ranked[:MAX_ITEMS]:
        fs.sort(key=lambda f: f.sort_key())
        worst = fs[0]
        others = [f.title.lower() for f in fs[1:3]]
        more = f"; also {joined(others)}" if others else ""
        text = f"{ctx.name(uc_id)}: {worst.title.lower()} ({worst.severity}). {first_sentence(worst.explanation)}"
        text = text.rstrip(".") + f"{more}."
        claims.append(Claim(text, evidence_refs(worst, ctx.quote)[:3] or [ctx.ref("use_case", uc_id)], [worst.citation], item=True))
    program_level = [f for f in ctx.findings if f.subject_kind != "use_case"]
    if program_level and not ctx.use_cases:
        f = min(program_level, key=lambda f: f.sort_key())
        claims.append(Claim(f"Across the program: {f.title.lower()}. {first_sentence(f.explanation)}", evidence_refs(f, ctx.quote)[:3], [f.citation]))
    return claims


def blockers(ctx: Context) -> list[Claim]:
    """What each use case waits on: access, purchases, other work, open escalations, blockers raised at stand-up."""
    d = ctx.data
    claims: list[Claim] = []
    for a in d.access_requests:
        if a.status != "granted" and ctx.wanted(a.use_case):
            need = f", needed by {day(a.needed_by)}" if a.needed_by else ""
            claims.append(Claim(f"{ctx.name(a.use_case)} waits on access to {a.system}, requested {day(a.requested)}{need} and still {a.status}.",
                                [ctx.ref("access_request", a.id)], [cite("source_access")], item=True))
    for p in d.procurement:
        held = [uc for uc in p.blocking if ctx.wanted(uc)]
        if p.status != "delivered" and held:
            need = f", needed by {day(p.needed_by)}" if p.needed_by else ""
            claims.append(Claim(f"{joined([ctx.name(u) for u in held])} waits on {p.item} ({p.status}{need}).",
                                [ctx.ref("procurement", p.id)], [cite("procurement")], item=True))
    live = {u.id for u in d.use_cases if u.stage == "production"}
    for dep in d.dependencies:
        if dep.kind == "blocks" and ctx.wanted(dep.downstream) and dep.downstream in ctx.names and dep.upstream not in live:
            claims.append(Claim(f"{ctx.name(dep.downstream)} depends on {ctx.name(dep.upstream)}: {dep.description}",
                                [ctx.ref("dependency", dep.id)], item=True))
    for e in d.escalations:
        if e.status == "open" and e.use_case and ctx.wanted(e.use_case):
            claims.append(Claim(f"An open escalation to {e.to} since {day(e.raised)}: {e.subject}.", [ctx.ref("escalation", e.id)],
                                [cite("escalation")], item=True))
    recent = [u for u in d.updates if u.blockers and u.date >= ctx.as_of - timedelta(days=14)]
    for u in sorted(recent, key=lambda u: (u.date, u.id), reverse=True)[:4]:
        about = [uc for uc in u.use_cases if ctx.wanted(uc)]
        if ctx.use_cases and not about:
            continue
        what = f" on {joined([ctx.name(x) for x in about])}" if about else ""
        claims.append(Claim(f"At stand-up on {day(u.date)}, {u.author} reported a blocker{what}: {'; '.join(u.blockers)}.",
                            [ctx.ref("update", u.id)], item=True))
    scope = joined([u.name for u in ctx.use_cases]) or "the program's use cases"
    if not claims:
        return [Claim(f"The records show nothing blocking {scope} as of {day(ctx.as_of)}.", [ctx.ref("use_case", u.id) for u in ctx.use_cases])]
    count = counted(len(claims), "open blocker")  # in words mid-sentence: "one open blocker", not "1 open blocker"
    return [Claim(f"The records show {count[:1].lower()}{count[1:]} for {scope} as of {day(ctx.as_of)}."), *claims[:MAX_ITEMS]]


def not_reported(ctx: Context) -> list[Claim]:
    """Who reported at recent stand-ups before but not at the latest one (the stand-up summary's own rule)."""
    from bot.standup.summary import window_start

    updates = ctx.data.updates
    if not updates:
        return [Claim("The records hold no stand-up updates yet.")]
    if ctx.people:  # "what did Jonas post last?": the named people's own latest reports
        return _last_reports(ctx)
    latest = max(u.date for u in updates)
    since = window_start(latest)
    today = [u for u in updates if since <= u.date <= latest]
    expected = sorted({u.author for u in updates if since - timedelta(days=14) <= u.date < since} | {u.author for u in today})
    reporters = {u.author for u in today}
    missing = [p for p in expected if p not in reporters]
    if not missing:
        return [Claim(f"Everyone who has been reporting sent an update for the stand-up of {day(latest)}: {joined(sorted(reporters))}.",
                      [ctx.ref("update", u.id) for u in today[:4]])]
    claims = [Claim(f"{share_of(len(missing), len(expected), 'person', 'people')} who reported in the two weeks before "
                    f"had not reported by the stand-up of {day(latest)}.")]
    for person in missing[:MAX_ITEMS]:
        last = max((u for u in updates if u.author == person), key=lambda u: (u.date, u.id))
        claims.append(Claim(f"{person}, last update on {day(last.date)}.", [ctx.ref("update", last.id)], item=True))
    shown = sorted(today, key=lambda u: u.id)[:3]
    claims.append(Claim(f"{joined(sorted(reporters))} reported.", [ctx.ref("update", u.id) for u in shown]))
    return claims


def _last_reports(ctx: Context, per_person: int = 2) -> list[Claim]:
    """Each named person's latest stand-up updates, newest first, in their own words."""
    claims = []
    for person in ctx.people:
        mine = sorted((u for u in ctx.data.updates if u.author == person), key=lambda u: (u.date, u.id), reverse=True)
        if not mine:
            claims.append(Claim(f"The records hold no stand-up update from {person}."))
            continue
        said = ""
        for n, u in enumerate(mine[:per_person]):
            lead = f"{person} last reported on {day(u.date)}" if n == 0 else f"Before that, on {day(u.date)}"
            about = joined([ctx.name(x) for x in u.use_cases])  # the update's own words may not name its use case
            lead += f", about {about}" if about and about != said else ""
            said = about
            claims.append(Claim(f"{lead}: {u.text.rstrip()}", [ctx.ref("update", u.id)]))
    return claims


def decisions(ctx: Context) -> list[Claim]:
    """Open decisions with their owners and deadlines, overdue ones marked."""
    found = [x for x in ctx.data.decisions if ctx.wanted(x.use_case) and (not ctx.people or x.owner in ctx.people)]
    open_ = sorted((x for x in found if x.status == "open"), key=lambda x: (x.deadline or ctx.as_of + timedelta(days=3650), x.id))
    if not open_:
        who = f"{joined(ctx.people)} {'owns' if len(ctx.people) == 1 else 'own'} no open decisions" if ctx.people else "No decisions are open"
        about = f" on {joined([u.name for u in ctx.use_cases])}" if ctx.use_cases else ""
        return [Claim(f"{who}{about} as of {day(ctx.as_of)}.", [ctx.ref("decision", x.id) for x in found[:3]])]
    late = sum(1 for x in open_ if x.deadline and x.deadline < ctx.as_of)
    head = f"{counted(len(open_), 'decision is', 'decisions are')} open" + (f", {late} past its deadline" if late == 1 else f", {late} past their deadlines" if late else "")
    claims = [Claim(f"{head} as of {day(ctx.as_of)}.")]
    for x in open_[:MAX_ITEMS]:
        when = f", due {day(x.deadline)}" + (" (overdue)" if x.deadline < ctx.as_of else "") if x.deadline else ", no deadline set"
        about = f" ({ctx.name(x.use_case)})" if x.use_case else ""
        claims.append(Claim(f"{x.question}{about} Owner: {x.owner}{when}.", [ctx.ref("decision", x.id)], [cite("escalation")], item=True))
    return claims


def readiness(ctx: Context, report_of: Callable[[str], object]) -> list[Claim]:
    """Deployment readiness of the named use cases (else those in integration or later), pillar by pillar."""
    order = ("integration", "deployment", "production")
    cases = ctx.use_cases or [u for u in ctx.data.use_cases if u.stage in order]
    claims: list[Claim] = []
    for uc in cases[:MAX_ITEMS]:
        r = report_of(uc.id)
        refs = [ctx.ref("use_case", uc.id)] + [ref for f in r.findings[:2] for ref in evidence_refs(f, ctx.quote) if ref.kind != "use_case"]
        bok = [r.findings[0].citation] if r.findings else r.citations[:1]
        if r.ready:
            text = f"{r.name} ({r.stage}) is ready: all four pillars, MLOps and governance approval are in place."
        else:
            names = [u.name for u in ctx.data.use_cases]
            text = f"{r.name} ({r.stage}) is not ready: {'; '.join(_gap(g, names) for g in r.gaps[:4])}."
        claims.append(Claim(text, refs, bok, item=len(cases) > 1))
    if len(cases) > 1:
        ready = sum(1 for c in claims if " is ready:" in c.text)
        verb = "is" if ready == 1 else "are"
        claims.insert(0, Claim(f"{share_of(ready, len(cases), 'use case')} in integration or later {verb} ready for production."))
    return claims or [Claim("No use case is far enough along to judge its readiness.")]


def _gap(gap: str, names: Sequence[str] = ()) -> str:
    """'people not ready: training booked.' -> 'people not ready (training booked)'; a note that opens on one of the
    program's names ('Spot pricing is planned ...') keeps the name as it is written."""
    head, sep, note = gap.rstrip(". ").partition(": ")
    head = in_sentence(head)  # it follows a colon or a semicolon mid-sentence
    if not sep:
        return head
    named = any(note.startswith(n) and note[len(n):len(n) + 1] in ("", " ", ",", "'", "’") for n in names if n)
    return f"{head} ({note if named else in_sentence(note)})"


def debt(ctx: Context) -> list[Claim]:
    """The open debt register: categories, remediation plans (missing or overdue), and the debt budget finding."""
    d = ctx.data
    items = [x for x in d.debt if ctx.wanted_text(x.use_case, x.description)]
    open_ = [x for x in items if x.status == "open"]
    now = d.program.current_sprint
    if not open_:
        if not items:
            return [Claim("The debt register holds no items for what you asked about.")]
        return [Claim(f"The debt register holds no open items for what you asked about; {plural(len(items), 'item')} resolved.",
                      [ctx.ref("debt", x.id) for x in items[:3]])]
    cats: dict[str, int] = {}
    for x in open_:
        cats[x.category] = cats.get(x.category, 0) + 1
    counts = joined([plural(n, _CATEGORY.get(c, c.replace("_", " "))) for c, n in sorted(cats.items(), key=lambda kv: -kv[1])])
    unplanned = sum(1 for x in open_ if x.planned_sprint is None)
    overdue = sum(1 for x in open_ if x.planned_sprint is not None and x.planned_sprint < now)
    claims = [Claim(f"The debt register holds {plural(len(open_), 'open item')} ({counts}); {unplanned} without a remediation sprint and "
                    f"{overdue} past the sprint planned for it (sprint {now} now).")]
    weight = {"compliance_violation": 0, "operational_risk": 1}
    for x in sorted(open_, key=lambda x: (weight.get(x.category, 2), x.planned_sprint is not None, x.planned_sprint or 0, x.id))[:MAX_ITEMS]:
        plan = "no remediation planned" if x.planned_sprint is None else f"remediation planned for sprint {x.planned_sprint}" + (
            " (overdue)" if x.planned_sprint < now else "")
        about = f", {ctx.name(x.use_case)}" if x.use_case else ""
        claims.append(Claim(f"{x.description} ({x.category.replace('_', ' ')}{about}): {plan}.", [ctx.ref("debt", x.id)],
                            [cite(x.category if x.category in ("compliance_violation", "operational_risk") else "debt")], item=True))
    budget = [f for f in ctx.findings if f.rule == "debt_budget"]
    if budget and not ctx.use_cases:
        claims.append(Claim(first_sentence(budget[0].explanation), evidence_refs(budget[0], ctx.quote)[:3], [budget[0].citation]))
    return claims


def risks(ctx: Context) -> list[Claim]:
    """The risk register, open risks first and worst first, with owners and mitigations."""
    found = [r for r in ctx.data.risks if (not ctx.use_cases or r.use_case in {u.id for u in ctx.use_cases})
             and (not ctx.people or r.owner in ctx.people)]
    if ctx.question and (titled := _named_titles(ctx, [r.title for r in found])):  # "the peak season risk": that one
        found = [r for r in found if r.title in titled]
    if not found:
        return [Claim("The risk register holds no risks in scope.")]
    open_ = [r for r in found if r.status == "open"]
    claims = [Claim(f"The risk register holds {plural(len(found), 'risk')}, {len(open_)} of them open.")]
    for r in sorted(found, key=lambda r: (r.status != "open", SEVERITY_ORDER[r.severity], r.id))[:MAX_ITEMS]:
        about = f" ({ctx.name(r.use_case or r.workstream)})" if (r.use_case or r.workstream) else ""
        mitigation = f"; mitigation: {r.mitigation.rstrip('.')}" if r.mitigation else "; no mitigation recorded"
        review = ""
        if r.status == "open" and getattr(r, "review_by", None):  # an open risk's review date, and whether it has passed
            review = f", review by {day(r.review_by)}" + (" (passed)" if r.review_by < ctx.as_of else "")
        claims.append(Claim(f"{r.title}{about}: {r.severity}, {r.status}, owner {r.owner or 'not named'}{review}{mitigation}.",
                            [ctx.ref("risk", r.id)], item=True))
    return claims


def _named_titles(ctx: Context, titles: list[str]) -> set[str]:
    """The titles a question names, exactly or loosely as names are read (bot/answer/names.py)."""
    from bot.answer.names import find_names

    return {n for n, _, _ in find_names(ctx.question, titles, ctx.ordinary)}


def spend(ctx: Context) -> list[Claim]:
    """Money: infrastructure spend month by month against budget, then the risks, purchases and updates nearest."""
    d = ctx.data
    claims = _cost_claims(ctx)
    pool: list[tuple[RecordRef, str]] = []
    for r in d.risks:
        pool.append((ctx.ref("risk", r.id), f"{r.title}. {r.description} {r.mitigation}"))
    for p in d.procurement:
        pool.append((ctx.ref("procurement", p.id), p.item))
    for x in d.debt:
        pool.append((ctx.ref("debt", x.id), f"{x.description}. {x.risk_implication}"))
    for u in d.updates[-60:]:
        pool.append((ctx.ref("update", u.id), u.text))
    near = ctx.related(pool, 2 if claims else 3) if ctx.related else []
    if not claims:
        claims = [Claim("The records hold no budget or spend figures against plan; these are the records closest to the question.")]
    elif near:
        claims.append(Claim("Also in the records on this:"))
    by_id = {(r.kind, r.id): r for r, _ in pool}
    for ref in near:
        rec = by_id[(ref.kind, ref.id)]
        claims.append(Claim(_spend_line(ctx, rec), [rec], item=True))
    if len(claims) == 1 and not d.costs:
        return [Claim("The records hold no budget or spend figures, and nothing in them is about spending.")]
    return claims


def _cost_claims(ctx: Context) -> list[Claim]:
    """Spend against budget from the cost records: the latest month, the months over, and the total so far."""
    costs = sorted(ctx.data.costs, key=lambda c: c.month)
    if not costs:
        return []
    latest = costs[-1]
    over = [c for c in costs if c.actual > c.budget]
    spent, planned = sum(c.actual for c in costs), sum(c.budget for c in costs)
    share = latest.actual / latest.budget - 1
    trend = f"{abs(share):.0%} {'over' if share > 0 else 'under'}" if round(share, 2) else "on"
    claims = [Claim(f"Infrastructure spend in {latest.month:%B %Y} was {latest.actual:,.0f} against a budget of {latest.budget:,.0f} "
                    f"({trend} budget); {_months_over(len(over), len(costs))}, {spent:,.0f} spent "
                    f"against {planned:,.0f} planned in all.", [ctx.ref("cost", latest.id)])]
    for c in costs:
        claims.append(Claim(f"{c.month:%B %Y}: {c.actual:,.0f} of {c.budget:,.0f}.", [ctx.ref("cost", c.id)], item=True))
    found = [f for f in ctx.findings if f.rule == "infrastructure_cost"]
    if found:
        claims.append(Claim(f"The oversight engine flags it: {found[0].title.lower()} ({found[0].severity}).",
                            evidence_refs(found[0], ctx.quote)[:1], [found[0].citation]))
    return claims


def _spend_line(ctx: Context, ref: RecordRef) -> str:
    d = ctx.data
    if ref.kind == "risk":
        r = next(x for x in d.risks if x.id == ref.id)
        mitigation = f"; mitigation: {r.mitigation.rstrip('.')}" if r.mitigation else ""
        return f"Risk register: {r.title} ({r.severity}, {r.status}, owner {r.owner or 'not named'}){mitigation}."
    if ref.kind == "procurement":
        p = next(x for x in d.procurement if x.id == ref.id)
        return f"Purchase: {p.item}, {p.status}" + (f", needed by {day(p.needed_by)}" if p.needed_by else "") + "."
    if ref.kind == "debt":
        x = next(x for x in d.debt if x.id == ref.id)
        return f"Debt register: {x.description} ({x.status})."
    u = next(x for x in d.updates if x.id == ref.id)
    return f"Stand-up on {day(u.date)}, {u.author}: {u.text}"
