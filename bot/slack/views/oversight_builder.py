"""Block Kit for the oversight engine's results: risks, stage questions, readiness, status, the debt register."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack.views import limits
from bot.slack.views.answer_builder import citation_label
from bot.slack.views.blocks import context, divider, header, section, sections
from bot.slack.views.mrkdwn import escape, truncate
from bot.oversight.wording import in_sentence, milestone_noun, next_milestone, state_word
from bot.prose import date_text

if TYPE_CHECKING:
    from bot.oversight.debt_view import RegisterRow
    from bot.oversight.findings import Evidence, Finding
    from bot.oversight.questions import Question, QuestionSet
    from bot.oversight.readiness import ReadinessReport
    from bot.oversight.status import ProgramStatus
    from store.models import DebtItem

SEVERITY_EMOJI = {"critical": ":red_circle:", "high": ":red_circle:", "medium": ":large_orange_circle:", "low": ":large_yellow_circle:"}
RAG_EMOJI = {"red": ":red_circle:", "amber": ":large_orange_circle:", "green": ":large_green_circle:"}
MAX_FINDINGS = 15
MAX_ITEMS = 40


def words(value: object) -> str:
    """snake_case identifiers as words ("model_development" -> "model development")."""
    return str(value or "").replace("_", " ")


def finding_blocks(finding: "Finding", *, brief: bool = False) -> list[dict]:
    """One finding: severity, title and subject; explanation; evidence; the questions to ask; its citation."""
    sev = finding.severity
    subject = finding.subject_name or finding.subject
    title = finding.title or words(finding.rule)
    head = f"{SEVERITY_EMOJI.get(sev, ':white_circle:')} *{escape(title)}*" + (f" — {escape(subject)}" if subject else "")
    text = head + "\n" + escape(truncate(finding.explanation, 900 if brief else 1500))
    if not brief:
        questions = finding.questions[:3]
        if questions:
            text += "\n" + "\n".join(f"› _{escape(truncate(q, 300))}_" for q in questions)
    out = [section(truncate(text, limits.SECTION_TEXT))]
    if not brief:
        bits = [_evidence_text(e) for e in finding.evidence[:5]]
        citation = finding.citation
        lines = [f"Evidence: {'; '.join(b for b in bits if b)}" if any(bits) else "", f"BoK: {escape(citation_label(citation))}" if citation else ""]
        if any(lines):
            out.append(context(*[truncate(line, 1000) for line in lines if line]))
    return out


def _evidence_text(e: "Evidence") -> str:
    detail = e.detail or e.id
    where = f"sprint {e.sprint}: " if e.sprint is not None else ""
    return escape(truncate(f"{where}{detail}", 200))


def build_risks(findings: "list[Finding]", program: str) -> list[limits.Message]:
    """Open risk findings, most severe first."""
    blocks: list[dict] = [header(f"Risk signals — {program}")]
    if not findings:
        blocks.append(section(":large_green_circle: No risk signals in the records right now."))
    for f in findings[:MAX_FINDINGS]:
        blocks += finding_blocks(f)
    if len(findings) > MAX_FINDINGS:
        blocks.append(context(f"…and {len(findings) - MAX_FINDINGS} more, not shown here (the most severe come first)."))
    return limits.paginate(blocks, f"Risk signals in {program}: {len(findings)}")


def _question_line(q: "Question") -> str:
    text = escape(q.text)
    cite = q.citation
    origin = {"bok": "quoted from", "pack": "after", "finding": "from a finding, see"}.get(q.origin, "see")
    return text + (f"\n      _{origin} {escape(citation_label(cite))}_" if cite else "")


def build_questions(result: "QuestionSet") -> list[limits.Message]:
    """The BoK's questions for a stage (or a use case at its stage), then those drawn from its own findings."""
    stage = result.stage_name or words(result.stage)
    subject = result.use_case_name or result.use_case or ""
    title = f"Questions for {subject} — {stage}" if subject else f"Questions for the {stage} stage"
    blocks: list[dict] = [header(title)]
    asked = result.questions[:MAX_ITEMS]
    general = [q for q in asked if q.origin != "finding"]
    specific = [q for q in asked if q.origin == "finding"]
    if general:
        blocks += sections("\n".join(f"{i}. {_question_line(q)}" for i, q in enumerate(general, 1)))
    if specific:
        blocks += [divider(), section("*From this use case's records*")]
        blocks += sections("\n".join(f"• {_question_line(q)}" for q in specific))
    if not asked:
        blocks.append(section("No questions on record for this stage."))
    return limits.paginate(blocks, title)


def build_readiness(report: "ReadinessReport") -> list[limits.Message]:
    """Readiness across the four pillars, MLOps and governance approval, with the gaps and signals."""
    name = report.name or report.use_case
    ready = report.ready
    stage = report.stage
    blocks: list[dict] = [header(f"Deployment readiness — {name}")]
    verdict = ":white_check_mark: *Ready*" if ready else ":warning: *Not ready*"
    extra = [escape(stage)] if stage else []
    if report.claimed:
        extra.append("readiness claimed")
    if report.milestone_status:
        extra.append(f"{escape(milestone_noun('deployment_readiness_confirmed'))} {escape(state_word(report.milestone_status))}")
    blocks.append(section(verdict + (f" ({', '.join(extra)})" if extra else "")))
    lines = []
    for p in report.pillars:
        lines.append(f"{':white_check_mark:' if p.ready else ':x:'} *{escape(words(p.pillar)).capitalize()}*" + (f" — {escape(truncate(p.note, 300))}" if p.note else ""))
    if report.mlops:
        from bot.oversight.rules_readiness import MLOPS_LABELS

        lines.append("*MLOps:* " + ", ".join(f"{escape(MLOPS_LABELS.get(k, words(k)))} {'✓' if v else '✗'}" for k, v in report.mlops.items()))
    lines.append(f"*Governance approval:* {'yes' if report.governance_approved else 'no'}")
    if lines:
        blocks += sections("\n".join(lines))
    gaps = report.gaps
    if gaps:
        blocks += sections("*Gaps:*\n" + "\n".join(f"• {escape(g)}" for g in gaps[:MAX_ITEMS]))
    for f in report.findings[:5]:
        blocks += finding_blocks(f, brief=True)
    cites = report.citations[:5]
    if cites:
        blocks.append(context("BoK: " + "; ".join(escape(citation_label(c)) for c in cites)))
    return limits.paginate(blocks, f"Readiness of {name}: {'ready' if ready else 'not ready'}")


def status_blocks(result: "ProgramStatus", *, compact: bool = False) -> list[dict]:
    """Workstreams with red/amber/green and reasons, then use cases by stage and next milestone."""
    blocks: list[dict] = [section("*Workstreams*")]
    for ws in result.workstreams[:MAX_ITEMS]:
        rag = ws.rag.lower()
        name = ws.name or ws.id
        pillar = ws.pillar
        reasons = ws.reasons
        shown = reasons[: 2 if compact else 6]
        text = f"{RAG_EMOJI.get(rag, ':white_circle:')} *{escape(name)}*" + (f" ({escape(pillar)})" if pillar else "")
        if shown:
            text += "\n" + "\n".join(f"  • {escape(truncate(r, 300))}" for r in shown)
        if len(reasons) > len(shown):
            text += f"\n  _…and {len(reasons) - len(shown)} more_"
        blocks.append(section(text))
    lines = []
    for stage, cases in result.use_cases_by_stage.items():
        if not cases:
            continue
        names = []
        for uc in cases[:MAX_ITEMS]:
            nxt = uc.next_milestone
            flags = uc.findings
            bit = escape(uc.name or uc.id)
            if nxt:
                state = uc.milestones.get(nxt.replace(" ", "_"), "")
                bit += " — " + escape(in_sentence(next_milestone(nxt, state, uc.next_planned, year=not compact)))
            if flags:
                bit += f" :warning:{flags}"
            names.append(bit)
        lines.append(f"*{escape(words(stage)).capitalize()}:*" + (" " + "; ".join(names) if compact else "\n  " + "\n  ".join(names)))
    if lines:
        blocks.append(section("*Use cases by stage*"))
        blocks += sections("\n".join(lines))
    return blocks


def build_status(result: "ProgramStatus", program: str) -> list[limits.Message]:
    """`/compel status`: the headline, workstreams, use cases by stage, program-wide signals."""
    name = result.name or program
    blocks: list[dict] = [header(f"Status — {name}")]
    bits = []
    if result.stage:
        bits.append(escape(result.stage))
    if result.current_sprint is not None:
        bits.append(f"sprint {result.current_sprint}")
    bits.append(f"as of {date_text(result.as_of, year=True)}")
    sev = result.findings_by_severity
    if sev:
        bits.append("risk signals: " + ", ".join(f"{n} {escape(k)}" for k, n in sev.items() if n))
    if bits:
        blocks.append(context(" · ".join(bits)))
    blocks += status_blocks(result)
    signals = result.program_signals
    if signals:
        blocks += sections("*Program-wide*\n" + "\n".join(f"• {escape(truncate(s, 400))}" for s in signals[:10]))
    return limits.paginate(blocks, f"Status of {name}")


def debt_line(row: "RegisterRow") -> str:
    """One register row in one line: id, description, what it is (as the register judges it), use case by name, plan."""
    mark = {"operational_risk": ":warning:", "compliance_violation": ":rotating_light:"}.get(row.judged_as or row.category, ":wrench:")
    unplanned = row.status == "open" and (row.overdue or row.planned_sprint is None)
    meta = [escape(row.category_label)]
    if row.use_case_name:
        meta.append(f"use case {escape(row.use_case_name)}")
    meta.append(f"*{escape(row.plan_label)}*" if unplanned else escape(row.plan_label))
    return f"{mark} *{escape(row.id)}* {escape(truncate(row.description, 300))} — " + ", ".join(meta)


def build_debt(rows: "list[RegisterRow]", program: str) -> list[limits.Message]:
    """The debt register (`Engines.debt_register` rows, the CLI's too), open items first."""
    ordered = sorted(rows, key=lambda r: r.status != "open")
    blocks: list[dict] = [header(f"Debt register — {program}")]
    if not ordered:
        blocks.append(section("The debt register is empty."))
    else:
        blocks += sections("\n".join(debt_line(r) for r in ordered[:MAX_ITEMS]))
        if len(ordered) > MAX_ITEMS:
            blocks.append(context(f"…and {len(ordered) - MAX_ITEMS} more items, not shown here."))
    open_n = sum(1 for r in ordered if r.status == "open")
    return limits.paginate(blocks, f"Debt register of {program}: {open_n} open")


def build_debt_added(item: "DebtItem", program: str) -> list[limits.Message]:
    """Confirmation of a new debt item, labelled as it was filed."""
    from bot.oversight.debt_view import item_row

    blocks = [section(f":heavy_plus_sign: Added to the debt register of {escape(program)}:\n{debt_line(item_row(item))}")]
    return limits.paginate(blocks, f"Added debt item {item.id}")
