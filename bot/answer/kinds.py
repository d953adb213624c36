"""Every record kind the store keeps, as rows one renderer reads: a readable name, the facts as stored, whether the
row needs attention, what it is about (for scope) and how the oversight engine's findings point at it.

A topic about record kinds (milestones, integration points, vendor tickets...) is answered by `kinds_answer`: the
kinds the question names (their own words, an exact rule), else the kind whose rows are nearest the question by
meaning; the rows in scope (a named use case, workstream, person or sprint), those needing attention first; each row
cited to its record with the findings on it and the BoK passage each finding rests on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.answer.claims import Claim, RecordRef, day, joined
from bot.oversight.sources import cite
from bot.oversight.wording import in_sentence, milestone_title, state_word
from bot.prose import counted, share_of
from knowledge.text import plural

MAX_ROWS = 8


@dataclass
class Row:
    """One record (or one part of a use case) as the reader sees it."""

    ref: RecordRef  # what is cited: the record's kind and id (a part of a use case cites the use case)
    name: str  # a readable name, first on the line
    facts: list[str]  # what the record holds, as stored, in words
    attention: bool = False  # needs attention (open, missed, below target, failing ...)
    about: tuple[str, ...] = ()  # ids of the use cases and workstreams it concerns
    people: tuple[str, ...] = ()  # people named on it
    evidence: tuple[str, str] = ("", "")  # how a finding's evidence points at it (kind, id)
    sprint: int | None = None
    stage: str | None = None  # a use case's current stage

    @property
    def line(self) -> str:
        return f"{self.name}: {', '.join(f for f in self.facts if f)}." if self.facts else f"{self.name}."


@dataclass(frozen=True)
class Kind:
    """A record kind: its nouns, the words people name it by, its rows, and what needing attention means."""

    key: str
    noun: str
    nouns: str
    words: tuple[str, ...]
    rows: Callable[[object, Callable[[str], str]], list[Row]]  # (ProgramData, name of an id) -> rows
    attention: str = ""  # "open", "missed or at risk" ... ('' when the kind has no such state)
    bok: str | None = None  # the named BoK reference (bot.oversight.sources) the kind's oversight rests on
    settled: str = ""  # the state of a row not needing attention, where "not" + attention reads wrongly ("granted")

    def fine(self) -> str:
        """What a row not needing attention is ("granted", "not open")."""
        return self.settled or f"not {self.attention}"


def _d(value) -> str:
    return day(value) if value else ""


def _num(value: float) -> str:
    return f"{value:g}"


def _workstreams(data, name) -> list[Row]:
    return [Row(RecordRef("workstream", w.id), w.name, [f"{w.pillar} pillar", f"led by {w.lead}" if w.lead else "no lead named"],
                about=(w.id,), people=(w.lead,) if w.lead else ()) for w in data.workstreams]


def _use_cases(data, name) -> list[Row]:
    return [Row(RecordRef("use_case", u.id), u.name,
                [f"owner {u.owner}" if u.owner else "no owner named", f"{u.stage.replace('_', ' ')} stage",
                 f"{name(u.workstream)} workstream"], about=(u.id, u.workstream), people=(u.owner,) if u.owner else (),
                stage=u.stage)
            for u in data.use_cases]


def _milestones(data, name) -> list[Row]:
    rows = []
    for u in data.use_cases:
        for key, ms in u.milestones.items():
            facts = [state_word(ms.status), f"planned for {_d(ms.planned)}" if ms.planned else "no planned date",
                     f"reached {_d(ms.actual)}" if ms.actual else ""]
            rows.append(Row(RecordRef("use_case", u.id), f"{milestone_title(key)} ({u.name})", facts,
                            ms.status in ("missed", "at_risk"), (u.id, u.workstream), (u.owner,), ("milestone", f"{u.id}.{key}")))
    return rows


def _criteria(data, name) -> list[Row]:
    rows = []
    for u in data.use_cases:
        for c in u.success_criteria:
            target = f"target {_num(c.target)}" + ("" if c.higher_is_better else " or lower")
            latest = (f"latest {_num(c.latest)}" + (f" in sprint {c.measured_sprint}" if c.measured_sprint is not None else "")
                      if c.latest is not None else "not measured yet")
            trail = f"earlier {', '.join(_num(m.value) for m in c.history[:-1])}" if len(c.history) > 1 else ""
            state = "met" if c.met else ("below target" if c.latest is not None else "")
            rows.append(Row(RecordRef("use_case", u.id), f"{u.name}, {c.metric}", [latest, target, state, trail],
                            c.latest is not None and not c.met, (u.id, u.workstream), (u.owner,), ("success_criterion", c.metric)))
    return rows


def _integrations(data, name) -> list[Row]:
    return [Row(RecordRef("use_case", u.id), f"{p.name} ({u.name})",
                [f"added {_d(p.added)}" + (f", sprint {p.added_sprint}" if p.added_sprint is not None else "")],
                about=(u.id, u.workstream), people=(u.owner,), evidence=("integration_point", p.name), sprint=p.added_sprint)
            for u in data.use_cases for p in u.integration_points]


def _sprints(data, name) -> list[Row]:
    rows = []
    for s in sorted(data.sprints, key=lambda s: s.number):
        share = f"{s.completion:.0%}" if s.completion is not None else ""
        facts = [f"{_num(s.completed)} of {_num(s.committed)} committed points completed" + (f" ({share})" if share else ""),
                 f"{s.debt_capacity_share:.0%} of capacity on debt remediation" if s.debt_capacity_share is not None else "",
                 f"{_d(s.start)} to {_d(s.end)}"]
        rows.append(Row(RecordRef("sprint", str(s.number)), f"Sprint {s.number}", facts, evidence=("sprint", str(s.number)), sprint=s.number))
    return rows


def _data_quality(data, name) -> list[Row]:
    order = {"high": 0, "medium": 1, "low": 2}
    return [Row(RecordRef("data_quality", f.id), f.description.rstrip("."),
                [name(f.use_case), f"{f.severity} severity", f"found {_d(f.found)}" if f.found else f"sprint {f.sprint}"],
                f.severity == "high", (f.use_case,), evidence=("data_quality", f.id), sprint=f.sprint)
            for f in sorted(data.data_quality, key=lambda f: (order[f.severity], f.id))]


def _access(data, name) -> list[Row]:
    return [Row(RecordRef("access_request", a.id), f"Access to {a.system} for {name(a.use_case)}",
                [a.status, f"requested {_d(a.requested)}", f"needed by {_d(a.needed_by)}" if a.needed_by else "",
                 f"granted {_d(a.granted)}" if a.granted else ""], a.status != "granted", (a.use_case,),
                evidence=("access_request", a.id)) for a in data.access_requests]


def _procurement(data, name) -> list[Row]:
    return [Row(RecordRef("procurement", p.id), p.item,
                [p.status, f"requested {_d(p.requested)}" if p.requested else "", f"needed by {_d(p.needed_by)}" if p.needed_by else "",
                 f"delivered {_d(p.delivered)}" if p.delivered else "",
                 f"holding up {joined([name(u) for u in p.blocking])}" if p.blocking and p.status != "delivered" else "",
                 f"meanwhile {p.interim}" if p.interim else ""], p.status != "delivered", tuple(p.blocking),
                evidence=("procurement", p.id)) for p in data.procurement]


def _dependencies(data, name) -> list[Row]:
    live = {u.id for u in data.use_cases if u.stage == "production"}
    rows = []
    for d in data.dependencies:
        verb = "waits on" if d.kind == "blocks" else "draws on"
        held = d.kind == "blocks" and d.upstream not in live
        state = ("still blocking" if held else "no longer blocking") if d.kind == "blocks" else ""
        rows.append(Row(RecordRef("dependency", d.id), f"{name(d.downstream)} {verb} {name(d.upstream)}",
                        [d.description.rstrip("."), state], held, (d.upstream, d.downstream), evidence=("dependency", d.id)))
    return rows


def _escalations(data, name) -> list[Row]:
    return [Row(RecordRef("escalation", e.id), e.subject.rstrip("."),
                [f"escalated to {e.to} on {_d(e.raised)}", e.status, name(e.use_case) if e.use_case else "",
                 f"{milestone_title(e.milestone).lower()} milestone" if e.milestone else ""], e.status == "open",
                (e.use_case,) if e.use_case else (), evidence=("escalation", e.id)) for e in data.escalations]


def _vendor_tickets(data, name) -> list[Row]:
    return [Row(RecordRef("vendor_ticket", t.id), f"{t.vendor}: {t.subject.rstrip('.')}",
                [f"opened {_d(t.opened)}", t.status, "escalated with the vendor" if t.escalated else "not escalated",
                 f"resolved {_d(t.resolved)}" if t.resolved else ""], t.status == "open",
                evidence=("vendor_ticket", t.id)) for t in data.vendor_tickets]


def _platform_milestones(data, name) -> list[Row]:
    rows = []
    for m in data.platform_milestones:
        needs = [f"{x.what} from the {x.team[:1].lower()}{x.team[1:]} ({x.lead_time_days} days' lead time, "
                 + (f"requested {_d(x.requested)}" if x.requested else "not requested yet") + (", done" if x.done else ", not done") + ")"
                 for x in m.depends_on]
        rows.append(Row(RecordRef("platform_milestone", m.id), m.name,
                        [f"planned for {_d(m.planned)}", state_word(m.status) if m.status != "pending" else "not reached yet",
                         f"needs {joined(needs)}" if needs else ""], m.status != "met", evidence=("platform_milestone", m.id)))
    return rows


def _pipelines(data, name) -> list[Row]:
    return [Row(RecordRef("pipeline_runs", p.id), f"{p.pipeline}, sprint {p.sprint}",
                [f"{p.failures} failures in {p.runs} runs" if p.failures != 1 else f"1 failure in {p.runs} runs",
                 f"{p.environment} environment", "failures alert someone" if p.alerting else "no alert on failure",
                 name(p.use_case) if p.use_case else ""], p.failures > 0 and not p.alerting, (p.use_case,) if p.use_case else (),
                evidence=("pipeline_runs", p.id), sprint=p.sprint) for p in data.pipeline_runs]


def _environments(data, name) -> list[Row]:
    return [Row(RecordRef("environment", e.id), f"The {e.name} environment",
                ["isolated" if e.isolated else "not isolated",
                 (f"promotes to {e.promotes_to}" + ("" if e.promotion_defined else " with no defined promotion path")) if e.promotes_to else "",
                 ], not e.isolated or (e.promotes_to is not None and not e.promotion_defined), evidence=("environment", e.id))
            for e in data.environments]


def _controls(data, name) -> list[Row]:
    return [Row(RecordRef("platform_control", c.id), f"Platform {c.area.replace('_', ' ')}",
                ["checked against the governance requirements" if c.checked else "not checked against the governance requirements",
                 ("satisfied" if c.satisfied else "not satisfied") if c.checked else "", c.note.rstrip(".")],
                not (c.checked and c.satisfied), evidence=("platform_control", c.id)) for c in data.platform_controls]


def _gates(data, name) -> list[Row]:
    rows = []
    for g in data.quality_gates:
        unmet, met = g.unmet(), [c.name for c in g.criteria if c.met]
        where = name(g.use_case) if g.use_case else name(g.workstream) if g.workstream else ""
        rows.append(Row(RecordRef("quality_gate", g.id), g.deliverable,
                        [f"{g.level} gate" + (f", sprint {g.sprint}" if g.sprint is not None else ""), where,
                         "marked complete" if g.complete else "not complete", f"not met: {joined(unmet)}" if unmet else "every criterion met",
                         f"met: {joined(met)}" if met and unmet else ""], bool(unmet),
                        tuple(x for x in (g.use_case, g.workstream) if x), evidence=("quality_gate", g.id), sprint=g.sprint))
    return rows


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("workstream", "workstream", "workstreams", ("workstream", "workstreams", "stream", "streams", "pillar", "pillars"), _workstreams),
    Kind("use_case", "use case", "use cases", ("use case", "use cases", "owner", "owns", "own", "stage"), _use_cases),
    Kind("milestone", "milestone", "milestones", ("milestone", "milestones", "deadline", "due"), _milestones, "missed or at risk", "milestones"),
    Kind("success_criterion", "success measure", "success measures", ("target", "targets", "metric", "metrics", "score", "scoring"),
         _criteria, "below target", "feasibility"),
    Kind("integration_point", "integration point", "integration points", ("integration point", "integration points", "integrations"),
         _integrations, "", "integration_complexity"),
    Kind("sprint", "sprint", "sprints", ("sprint", "sprints", "velocity", "committed", "commit"), _sprints, "", "sprint_cadence"),
    Kind("data_quality", "data-quality finding", "data-quality findings", ("data quality", "data problem", "data problems", "data issue", "data issues"),
         _data_quality, "high severity", "data_assumptions"),
    Kind("access_request", "access request", "access requests", ("access", "permission", "permissions"), _access, "not granted yet", "source_access", "granted"),
    Kind("procurement", "purchase", "purchases", ("purchase", "purchases", "procurement", "ordered", "order", "orders", "bought", "buy",
                                                   "buying", "licence", "licences", "license", "licenses"),
         _procurement, "not delivered yet", "procurement", "delivered"),
    Kind("dependency", "dependency", "dependencies", ("dependency", "dependencies", "depends", "depend", "waiting on", "waits on"),
         _dependencies, "still blocking", "cross_pillar"),
    Kind("escalation", "escalation", "escalations", ("escalation", "escalations", "escalated", "escalate"), _escalations, "open", "escalation"),
    Kind("vendor_ticket", "vendor ticket", "vendor tickets", ("vendor", "vendors", "ticket", "tickets", "supplier"), _vendor_tickets, "open",
         "platform_implementation"),
    Kind("platform_milestone", "platform milestone", "platform milestones", ("platform milestone", "platform milestones"),
         _platform_milestones, "not met yet", "platform_implementation", "met"),
    Kind("pipeline_runs", "pipeline record", "pipeline records", ("pipeline", "pipelines", "runs", "job", "jobs", "load"), _pipelines,
         "failing without an alert", "pipeline_reliability"),
    Kind("environment", "environment", "environments", ("environment", "environments", "staging", "promote", "promotion", "isolated"),
         _environments, "not isolated or without a promotion path", "data_platform",
         "isolated with a promotion path"),
    Kind("platform_control", "platform control", "platform controls", ("control", "controls", "audit", "security configuration"),
         _controls, "not checked or not satisfied", "platform_implementation",
         "checked and satisfied"),
    Kind("quality_gate", "quality gate", "quality gates", ("quality gate", "quality gates", "gate", "gates", "criteria"), _gates, "with criteria unmet",
         "quality_gates"),
)}

# Program topics answered from record kinds (the intent bank's labels), and the kinds each may draw on.
TOPICS: dict[str, tuple[str, ...]] = {
    "ownership": ("workstream", "use_case"),
    "milestones": ("milestone",),
    "metrics": ("success_criterion",),
    "integrations": ("integration_point",),
    "sprints": ("sprint",),
    "data_quality": ("data_quality",),
    "dependencies": ("dependency",),
    "escalations": ("escalation", "vendor_ticket"),
    "platform": ("vendor_ticket", "platform_milestone", "pipeline_runs", "environment", "platform_control"),
    "quality_gates": ("quality_gate",),
}
# The blockers topic lists a kind whole when the question names it ("which access requests ...", "what have we ordered").
BLOCKER_KINDS = ("access_request", "procurement")


def named_kinds(question: str, keys: tuple[str, ...]) -> list[str]:
    """The kinds among `keys` the question names in their own words (whole words), in the order given."""
    return [k for k in keys if words_named(question, KINDS[k].words)]


def words_named(question: str, words: tuple[str, ...]) -> bool:
    """Whether any of `words` is in the question as whole words."""
    low = " ".join(re.findall(r"[a-z0-9]+", question.lower()))
    return any(re.search(rf"\b{re.escape(w)}\b", low) for w in words)


_SPRINT = re.compile(r"\bsprint (\d+)\b", re.I)
_THIS = re.compile(r"\b(?:this|current|the present) sprint\b", re.I)
_LAST = re.compile(r"\b(?:last|previous|the past) sprint\b", re.I)


def sprints_named(question: str, current: int) -> set[int]:
    """Sprint numbers a question names: 'sprint 6', 'this sprint', 'last sprint' (exact)."""
    found = {int(n) for n in _SPRINT.findall(question)}
    if _THIS.search(question):
        found.add(current)
    if _LAST.search(question):
        found.add(current - 1)
    return found


@dataclass
class Scope:
    """What the question narrows the records to."""

    ids: set[str] = field(default_factory=set)  # use cases and workstreams named
    people: set[str] = field(default_factory=set)
    sprints: set[int] = field(default_factory=set)
    stages: set[str] = field(default_factory=set)  # use-case stages named ("in production")
    label: str = ""  # ' on Route optimisation'
    owned: set[str] = field(default_factory=set)  # the use cases and workstreams the people named own or lead

    def keeps(self, row: Row) -> bool:
        if self.ids and not self.ids & set(row.about):
            return False
        if self.people and not (self.people & set(row.people) or self.owned & set(row.about)):
            return False  # a person's records: theirs by name, or about what they own (an access request has no person)
        if self.stages and row.stage is not None and row.stage not in self.stages:
            return False
        return not (self.sprints and row.sprint is not None and row.sprint not in self.sprints)


def kinds_answer(ctx, keys: tuple[str, ...], question: str) -> list[Claim]:
    """The rows of the kinds the question is about, in scope, those needing attention first, with their findings."""
    data = ctx.data
    scope = Scope({u.id for u in ctx.use_cases} | {w.id for w in data.workstreams if _names(question, w.name)},
                  set(ctx.people), sprints_named(question, data.program.current_sprint))
    scope.owned = {u.id for u in data.use_cases if u.owner in scope.people} | {w.id for w in data.workstreams if w.lead in scope.people}
    scope.label = (f" on {joined(sorted(ctx.name(i) for i in scope.ids))}" if scope.ids
                   else f" for {joined(sorted(scope.people))}" if scope.people else "")
    if "use_case" in keys and not scope.ids:  # "how many use cases are in production": the stage named, exactly
        from bot.answer.stages import named_stages

        scope.stages = set(named_stages(question))
        if scope.stages:
            scope.label += f" at the {joined([s.replace('_', ' ') for s in named_stages(question)])} stage"
    rows_of = {k: KINDS[k].rows(data, ctx.name) for k in keys}
    chosen = named_kinds(question, keys) if len(keys) > 1 else list(keys)
    if not chosen:  # none named: the kind whose rows in scope come nearest the question by meaning
        pool = [(RecordRef(k, str(n)), r.line) for k in keys for n, r in enumerate(rows_of[k]) if scope.keeps(r)]
        near = ctx.related(pool, 3) if ctx.related and pool else []
        chosen = list(dict.fromkeys(ref.kind for ref in near))[:2] or list(keys[:1])
    named = named_records(question, data, getattr(ctx, "ordinary", None))
    claims: list[Claim] = []
    for key in chosen:
        rows = rows_of[key]
        mine = [n.lower() for n, kind in named if kind == key]
        if mine:  # "is the quoting portal hooked up?": that record, not every one of its kind
            rows = [r for r in rows if any(n in r.name.lower() for n in mine)] or rows
        claims += _kind_claims(ctx, KINDS[key], rows, scope, asks_who(question))
    return claims


def _names(question: str, name: str) -> bool:
    words = " ".join(re.findall(r"[a-z0-9]+", name.lower()))
    return bool(words) and f" {words} " in f" {' '.join(re.findall(r'[a-z0-9]+', question.lower()))} "


def asks_who(question: str) -> bool:
    """Whether the question asks for a person ("who", "whom", "whose"), whatever else it asks."""
    return bool(re.search(r"\b(?:who|whom|whose)\b", question, re.I))


def _with_people(row: Row) -> str:
    """The row's line, naming its people first when the line does not already ("..., owner Hannah Cole: latest 0.71")."""
    people = [p for p in row.people if p and p not in row.line]
    return replace(row, facts=[f"owner {joined(people)}", *row.facts]).line if people else row.line


def _kind_claims(ctx, kind: Kind, rows: list[Row], scope: Scope, who: bool = False) -> list[Claim]:
    kept = [r for r in rows if scope.keeps(r)]
    when = f"as of {day(ctx.as_of)}"
    bok = [cite(kind.bok)] if kind.bok else []
    if not kept:
        where = scope.label or ""
        return [Claim(f"The records hold no {kind.nouns}{where} {when}.", bok=bok)]
    flagged = [r for r in kept if r.attention]
    if kind.attention:
        verb = "is" if len(flagged) == 1 else "are"
        head = (f"The {kind.noun}{scope.label} is {kind.attention if flagged else kind.fine()} {when}." if len(kept) == 1
                else f"{share_of(len(flagged), len(kept), kind.noun, kind.nouns)}{scope.label} {verb} {kind.attention} {when}.")
    else:
        head = f"The records hold {plural(len(kept), kind.noun, kind.nouns)}{scope.label} {when}."
    # Many rows and a question about none in particular: those needing attention are the answer.
    shown = kept if len(kept) <= MAX_ROWS or not flagged else flagged
    shown = sorted(shown, key=lambda r: not r.attention)[:MAX_ROWS]
    found = {}
    for f in ctx.findings:
        for e in f.evidence:
            found.setdefault((e.kind, e.id), []).append(f)
    claims = [Claim(head, bok=bok if not any(found.get(r.evidence) for r in shown) else [])]
    said: set[int] = set()  # a finding resting on several rows is told once, at the first of them
    for r in shown:
        ref = RecordRef(r.ref.kind, r.ref.id, r.line)
        line = _with_people(r) if who else r.line  # a question asking who: the people on each row
        flags = sorted({id(f): f for f in found.get(r.evidence, []) if id(f) not in said}.values(), key=lambda f: f.sort_key())[:1]
        said.update(id(f) for f in flags)
        text = line + "".join(f" The oversight engine flags it: {in_sentence(f.title)} ({f.severity})." for f in flags)
        claims.append(Claim(text, [ref], [f.citation for f in flags], item=True))
    rest = len(kept) - len(shown)
    if rest and shown == flagged[:MAX_ROWS] and len(flagged) <= MAX_ROWS:
        claims.append(Claim(f"The other {plural(rest, kind.noun, kind.nouns)} {'is' if rest == 1 else 'are'} {kind.fine()}."))
    elif rest:
        claims.append(Claim(f"{counted(rest, 'more ' + kind.noun, 'more ' + kind.nouns)} not shown."))
    return claims


# The topic that answers each record kind a question may name by a record's own name.
_NAMED_TOPIC = {"procurement": "blockers", "access_request": "blockers", "pipeline_runs": "platform", "vendor_ticket": "platform",
                "platform_milestone": "platform", "environment": "platform", "quality_gate": "quality_gates",
                "integration_point": "integrations", "escalation": "escalations"}


def record_names(data) -> dict[str, str]:
    """The names the records give their things (a purchase's item, a pipeline, a gate's deliverable ...) -> their kind."""
    out: dict[str, str] = {}
    add = lambda kind, *names: out.update({n: kind for n in names if n and n not in out})  # noqa: E731
    for p in data.procurement:
        add("procurement", p.item)
    for a in data.access_requests:
        add("access_request", a.system)
    for r in data.pipeline_runs:
        add("pipeline_runs", r.pipeline)
    for t in data.vendor_tickets:
        add("vendor_ticket", t.vendor)
    for m in data.platform_milestones:
        add("platform_milestone", m.name)
    for e in data.environments:
        add("environment", f"{e.name} environment")
    for g in data.quality_gates:
        add("quality_gate", g.deliverable)
    for e in data.escalations:
        add("escalation", e.subject.rstrip("."))
    for u in data.use_cases:
        add("integration_point", *(p.name for p in u.integration_points))
    return out


def named_records(question: str, data, ordinary=None) -> list[tuple[str, str]]:
    """The records a question names by their own names (exactly, or loosely as use cases are named): (name, kind)."""
    from bot.answer.claims import names_in
    from bot.answer.names import find_names

    names = record_names(data)
    found = find_names(question, names, ordinary)
    # A use case's or a person's name is theirs: a record whose name merely holds it ("Route optimisation integration
    # build") is not named by it, only by its whole name.
    theirs = find_names(question, names_in(data), ordinary)
    found = [f for f in found if question[f[1]:f[2]].lower() == f[0].lower()
             or not any(s < f[2] and f[1] < e for _, s, e in theirs)]
    # The longest name read wins where names overlap ("fuel price feed load" over "fuel price feed").
    found = [f for f in found if not any(o is not f and o[1] <= f[1] and f[2] <= o[2] and o[2] - o[1] > f[2] - f[1] for o in found)]
    return [(n, names[n]) for n, _, _ in found]


def said_kind_topics(question: str) -> list[str]:
    """The topics of the record kinds a question names in their own words ("the licence escalation": escalations)."""
    out = [t for t, keys in TOPICS.items() if named_kinds(question, keys)]
    return out + (["blockers"] if named_kinds(question, BLOCKER_KINDS) else [])


def named_record_topics(question: str, data, ordinary=None) -> list[str]:
    """The topics of the records a question names: "how reliable is the fuel price feed load" names a pipeline,
    whatever its words mean elsewhere."""
    return list(dict.fromkeys(_NAMED_TOPIC[kind] for _, kind in named_records(question, data, ordinary)))
