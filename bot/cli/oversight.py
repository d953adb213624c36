"""`compel risks | questions | readiness | debt | status`: the oversight engine at the terminal."""

from __future__ import annotations

import json
import logging
import re
import textwrap

import click

from bot.cli.output import about, emit, written
from bot.cli.params import DAY, FILLED, Words

from bot.engines import DebtAdd, FindingsRequest, QuestionsRequest, ReadinessRequest, StatusRequest
from bot.errors import InputError
from bot.oversight.rules_readiness import MLOPS_LABELS
from bot.oversight.wording import capitalise, words, milestone_title, next_milestone, state_word
from knowledge.text import plural
from bot.prose import date_text

log = logging.getLogger(__name__)

_PROGRAM = click.option("--program", "program_id", help="Program to look at (default: COMPEL_PROGRAM or the only one stored).")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
_MARK = {"high": "!!!", "medium": " !!", "low": "  !"}
_RAG = {"red": "RED  ", "amber": "AMBER", "green": "GREEN"}


def _engines():
    from bot.engines import Engines

    return Engines.from_settings()


def _quiet_gc(fn):
    """Run a short-lived command with the cyclic GC paused: it loads up to 100k acyclic records, and full GC
    passes over them (triggered by the engine's allocations) would cost more than the work itself."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from store.memory import paused_gc

        with paused_gc():
            return fn(*args, **kwargs)

    return wrapper


def _wrap(text: str, indent: str = "    ", then: str | None = None) -> str:
    # A hyphenated word ("sign-on") is never split across lines: a reader sees it whole.
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent if then is None else then, break_on_hyphens=False, break_long_words=False)


def _print_finding(f) -> None:
    # The rule id and the records' ids stay in --json (`rule`, `evidence[].id`); the text names and describes them.
    click.echo(f"{_MARK[f.severity]} [{f.severity}] {f.title} — {f.subject_name or f.subject}")
    click.echo(_wrap(f.explanation))
    sprints = f.sprints()
    if sprints:
        click.echo(f"    Sprints: {', '.join(map(str, sprints))}")
    shown = [(f"Sprint {e.sprint}: " if e.sprint is not None else "") + (e.detail or words(e.kind)) for e in f.evidence[:6]]
    more = f"; and {len(f.evidence) - 6} more" if len(f.evidence) > 6 else ""
    click.echo(_wrap("Evidence: " + "; ".join(shown) + more, "    "))
    click.echo(f"    Source: {f.citation.label()}")
    for q in f.questions:
        click.echo(_wrap(f"Ask: {q}", "    "))
    click.echo("")


@click.command()
@_PROGRAM
@click.option("--rule", "rules", multiple=True, help="Only this rule (repeatable; a rule id, as `--json` shows in `rule`).")
@click.option("--severity", type=Words(["high", "medium", "low"]), help="Only findings at least this severe.")
@click.option("--as-of", type=DAY, help="Judge the program at this date (YYYY-MM-DD).")
@_JSON
@_quiet_gc
def risks(program_id, rules, severity, as_of, as_json) -> None:
    """Risk signals found in a program's records, each with evidence, BoK citation and questions to ask."""
    from bot.oversight.findings import SEVERITY_ORDER

    engines = _engines()
    try:
        findings = engines.findings(FindingsRequest(program=program_id, rules=list(rules) or None, as_of=as_of.date() if as_of else None))
        pid = engines.program_id(program_id) if as_json else None
    finally:
        engines.close()
    if severity:
        findings = [f for f in findings if SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[severity]]
    if as_json:
        from pydantic import TypeAdapter

        from bot.oversight.findings import Finding

        # pydantic's encoder: ~10x faster than json.dumps for hundreds of findings; the object as emit() would print it
        body = TypeAdapter(list[Finding]).dump_json(findings, indent=2).decode()
        click.echo(f'{{\n  "program": {json.dumps(pid)},\n  "findings": ' + body.replace("\n", "\n  ") + "\n}")
        return
    if not findings:
        click.echo("No risk signals found.")
        return
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("high", "medium", "low")}
    click.echo(f"Risk signals: {len(findings)} ({counts['high']} high, {counts['medium']} medium, {counts['low']} low)\n")
    for f in findings:
        _print_finding(f)


@click.command()
@click.option("--stage", help="A use-case stage: data preparation, model development, integration, deployment, production.")
@click.option("--use-case", "use_case", help="A use case (id, name or alias): its stage's questions and its own findings'.")
@_PROGRAM
@_JSON
@_quiet_gc
def questions(stage, use_case, program_id, as_json) -> None:
    """The BoK's questions for a stage, or for a use case at its current stage plus what its findings raise."""
    if bool(stage) == bool(use_case):
        raise InputError("Give exactly one of --stage STAGE or --use-case USE_CASE.")
    engines = _engines()
    try:
        qs = engines.questions(QuestionsRequest(stage=stage, use_case=use_case, program=program_id))
        pid = engines.program_id(program_id) if as_json and use_case else None  # a stage's questions read no records
    finally:
        engines.close()
    if as_json:
        emit(about(pid, qs.model_dump(mode="json")))
        return
    head = f"{qs.use_case_name} — in {qs.stage_name}" if qs.use_case else f"Stage: {qs.stage_name}"
    click.echo(head + "\n")
    for i, q in enumerate(qs.questions, 1):
        click.echo(textwrap.fill(f"{i}. {q.text}", width=100, subsequent_indent="   "))
        via = {"bok": "quoted from", "pack": "paraphrased from", "finding": f"from the {words(q.rule)} signal, resting on"}.get(q.origin, "worded by the language model from")
        # No brackets inside the brackets: the label's own "(compel-bot knowledge pack)" becomes ", compel-bot knowledge pack".
        label = re.sub(r" *[(]([^()]*)[)]", r", \1", q.citation.label())
        click.echo(f"   ({via} {label})")


@click.command()
@click.argument("use_case", type=FILLED)
@_PROGRAM
@_JSON
@_quiet_gc
def readiness(use_case, program_id, as_json) -> None:
    """Deployment readiness of a use case across the four pillars, MLOps and governance approval."""
    engines = _engines()
    try:
        report = engines.readiness(ReadinessRequest(use_case=use_case, program=program_id))
        pid = engines.program_id(program_id) if as_json else None
    finally:
        engines.close()
    if as_json:
        emit(about(pid, report.model_dump(mode="json")))
        return
    verdict = "READY" if report.ready else "NOT READY"
    claimed = " (readiness claimed)" if report.claimed else ""
    milestone = f"{milestone_title('deployment_readiness_confirmed')}: {state_word(report.milestone_status)}"
    click.echo(f"{report.name} — {report.stage}: {verdict}{claimed}. {milestone}.\n")
    for p in report.pillars:
        click.echo(f"  [{'x' if p.ready else ' '}] {capitalise(p.pillar):<11} {p.note or ('Ready' if p.ready else 'Not ready')}".rstrip())
    click.echo("  MLOps: " + ", ".join(f"{MLOPS_LABELS.get(k, words(k))} {'yes' if v else 'NO'}" for k, v in report.mlops.items()))
    click.echo(f"  Governance approval: {'yes' if report.governance_approved else 'NO'}")
    if report.gaps:
        click.echo("\nGaps:")
        for g in report.gaps:
            click.echo(f"  - {g}")
    if report.findings:
        click.echo("\nSignals:")
        for f in report.findings:
            click.echo(f"  {_MARK[f.severity]} {f.title}: {f.questions[0] if f.questions else ''}")
    click.echo("\nSources: " + "; ".join(c.label() for c in report.citations))


@click.command()
@_PROGRAM
@click.option("--as-of", type=DAY, help="Judge the program at this date (YYYY-MM-DD).")
@_JSON
@_quiet_gc
def status(program_id, as_of, as_json) -> None:
    """Use cases by stage and milestone, and a red/amber/green status per workstream with its reasons."""
    engines = _engines()
    try:
        st = engines.status(StatusRequest(program=program_id, as_of=as_of.date() if as_of else None))
    finally:
        engines.close()
    if as_json:
        emit(st.model_dump(mode="json"))  # the status names its program
        return
    if as_of is None:
        from bot.standup.freshness import records_notice

        notice = records_notice(st.as_of, engines.settings.stale_after_days)
        if notice:
            click.echo(f"NOTE: {notice}\n")
    click.echo(f"{st.name} — {st.stage}, sprint {st.current_sprint} (as of {date_text(st.as_of, year=True)})")
    sev = st.findings_by_severity
    click.echo(f"Risk signals: {sev['high']} high, {sev['medium']} medium, {sev['low']} low (see `compel risks`)\n")
    click.echo("Use cases by stage:")
    for stage, cases in st.use_cases_by_stage.items():
        if not cases:
            continue
        click.echo(f"  {capitalise(stage)}:")
        for uc in cases:
            # Names, not ids: every command takes a use case by name or alias too (ids stay in --json).
            state = uc.milestones.get(uc.next_milestone.replace(" ", "_"), "") if uc.next_milestone else ""
            flags = f"; {plural(uc.findings, 'risk signal')}" if uc.findings else ""
            click.echo(_wrap(f"- {uc.name}. {next_milestone(uc.next_milestone, state, uc.next_planned)}{flags}.", "    ", "      "))
    click.echo("\nWorkstreams:")
    for ws in st.workstreams:
        click.echo(f"  {_RAG[ws.rag]} {ws.name} ({ws.pillar}, " + (f"led by {ws.lead})" if ws.lead else "no lead named)"))
        for reason in ws.reasons:
            click.echo(textwrap.fill(f"- {reason}", width=100, initial_indent="         ", subsequent_indent="           ",
                                     break_on_hyphens=False, break_long_words=False))
    if st.program_signals:
        click.echo("\nProgram-wide:")
        for s in st.program_signals:
            click.echo(textwrap.fill(f"- {s}", width=100, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False,
                                     break_long_words=False))


# --- the debt register -----------------------------------------------------------------------


def _debt_flags(findings) -> dict[str, list[str]]:
    flags: dict[str, list[str]] = {}
    for f in findings:
        for e in f.evidence:
            if e.kind == "debt":
                flags.setdefault(e.id, []).append(f.rule)
    return flags


@click.group()
def debt() -> None:
    """The technical-debt register: list, add, resolve."""


@debt.command("list")
@_PROGRAM
@click.option("--status", "state", type=Words(["open", "resolved", "all"]), default="open", show_default=True)
@_JSON
@_quiet_gc
def debt_list(program_id, state, as_json) -> None:
    """The debt register, each item with the signals it raises."""
    engines = _engines()
    try:
        register = engines.debt_register(program_id, state)  # the rows Slack shows too
    finally:
        engines.close()
    rows = register.rows
    if as_json:
        emit({"program": register.program, "items": [r.as_json() for r in rows]})
        return
    if not rows:
        click.echo(f"No {'' if state == 'all' else state + ' '}debt items in {register.name}.")
        return
    for r in rows:
        click.echo(f"{r.id}  {r.category_label} · {r.status_label} · {r.plan_label}" + (f" · {r.use_case_name}" if r.use_case_name else ""))
        click.echo(_wrap(r.description, "    "))
        if r.risk_implication:
            click.echo(_wrap(f"Risk: {r.risk_implication}", "    "))
        for signal in r.signals:
            click.echo(_wrap(f"! {signal}", "    "))


@debt.command("add")
@click.argument("description")  # an empty one is refused by the register, naming what to write
@click.option("--category", type=Words(["debt", "operational_risk", "compliance_violation"]),
              help="What it is (default: judged from the description). Debt that reads as a risk or a violation is filed as what it is.")
@click.option("--risk", "risk_implication", default="", help="What could go wrong while it stays.")
@click.option("--sprint", "planned_sprint", type=click.IntRange(min=0), help="Sprint remediation is planned for.")
@click.option("--use-case", "use_case", help="The use case it belongs to (id, name or alias).")
@click.option("--owner", help="Who owns the decision on a risk or violation (default: the use case's owner).")
@click.option("--id", "item_id", help="Id to use (default: the next debt-NNN).")
@_PROGRAM
@_JSON
def debt_add(description, category, risk_implication, planned_sprint, use_case, owner, item_id, program_id, as_json) -> None:
    """Add an item to the debt register, judged as debt, operational risk or compliance violation."""
    engines = _engines()
    try:
        change = engines.debt_add(DebtAdd(
            program=program_id, description=description, category=category, risk_implication=risk_implication,
            planned_sprint=planned_sprint, use_case=use_case, owner=owner, id=item_id, by="the command line",
        ))
        pid, filed, note = change.program, change.filed, change.note
        name = engines.program_name(pid)
    finally:
        engines.close()
    if as_json:
        emit(written(pid, "debt", filed.as_json(), filed.lines(name)))
        return
    for line in filed.lines(name):
        click.echo(line)
    if note:
        click.echo(note, err=True)


@debt.command("resolve")
@click.argument("item_id", type=FILLED)
@_PROGRAM
@_JSON
def debt_resolve(item_id, program_id, as_json) -> None:
    """Mark a debt item resolved."""
    engines = _engines()
    try:
        change = engines.debt_resolve(program_id, item_id)
        item, note = change.item, change.note
    finally:
        engines.close()
    done = f"Resolved {item.id}: {item.description}"
    if as_json:
        emit(written(change.program, "debt", item.model_dump(mode="json"), [done]))
        return
    click.echo(done)
    if note:
        click.echo(note, err=True)
