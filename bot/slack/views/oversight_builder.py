"""Block Kit for the oversight engine's results: risks, stage questions, readiness, status, the debt register."""

from __future__ import annotations

from typing import Any

from bot.slack.views import limits
from bot.slack.views.answer_builder import citation_label
from bot.slack.views.blocks import context, divider, field, header, section, sections
from bot.slack.views.mrkdwn import escape, truncate

SEVERITY_EMOJI = {"critical": ":red_circle:", "high": ":red_circle:", "medium": ":large_orange_circle:", "low": ":large_yellow_circle:"}
RAG_EMOJI = {"red": ":red_circle:", "amber": ":large_orange_circle:", "green": ":large_green_circle:"}
MAX_FINDINGS = 15
MAX_ITEMS = 40


def words(value: object) -> str:
    """snake_case identifiers as words ("model_development" -> "model development")."""
    return str(value or "").replace("_", " ")


def finding_blocks(finding: Any, *, brief: bool = False) -> list[dict]:
    """One finding: severity, title and subject; explanation; evidence; the questions to ask; its citation."""
    sev = str(field(finding, "severity", "medium"))
    subject = field(finding, "subject_name", "") or field(finding, "subject", "")
    title = field(finding, "title", "") or words(field(finding, "rule", "finding"))
    head = f"{SEVERITY_EMOJI.get(sev, ':white_circle:')} *{escape(title)}*" + (f" — {escape(subject)}" if subject else "")
    text = head + "\n" + escape(truncate(str(field(finding, "explanation", "")), 900 if brief else 1500))
    if not brief:
        questions = [str(q) for q in field(finding, "questions", [])][:3]
        if questions:
            text += "\n" + "\n".join(f"› _{escape(truncate(q, 300))}_" for q in questions)
    out = [section(truncate(text, limits.SECTION_TEXT))]
    if not brief:
        evidence = list(field(finding, "evidence", []) or [])[:5]
        bits = [_evidence_text(e) for e in evidence]
        citation = field(finding, "citation")
        lines = [f"Evidence: {'; '.join(b for b in bits if b)}" if any(bits) else "", f"BoK: {escape(citation_label(citation))}" if citation else ""]
        if any(lines):
            out.append(context(*[truncate(line, 1000) for line in lines if line]))
    return out


def _evidence_text(e: Any) -> str:
    if isinstance(e, str):
        return escape(truncate(e, 200))
    sprint = field(e, "sprint")
    detail = field(e, "detail", "") or field(e, "id", "")
    where = f"sprint {sprint}: " if sprint is not None else ""
    return escape(truncate(f"{where}{detail}", 200))


def build_risks(findings: list[Any], program: str) -> list[limits.Message]:
    """Open risk findings, most severe first."""
    blocks: list[dict] = [header(f"Risk signals — {program}")]
    if not findings:
        blocks.append(section(":large_green_circle: No risk signals in the records right now."))
    for f in findings[:MAX_FINDINGS]:
        blocks += finding_blocks(f)
    if len(findings) > MAX_FINDINGS:
        blocks.append(context(f"…and {len(findings) - MAX_FINDINGS} more, not shown here (the most severe come first)."))
    return limits.paginate(blocks, f"{len(findings)} risk signals in {program}")


def _question_line(q: Any) -> str:
    if isinstance(q, str):
        return escape(q)
    text = escape(field(q, "text", "") or field(q, "question", ""))
    cite = field(q, "citation")
    origin = {"bok": "quoted from", "pack": "after", "finding": "from a finding, see"}.get(field(q, "origin", ""), "see")
    return text + (f"\n      _{origin} {escape(citation_label(cite))}_" if cite else "")


def build_questions(result: Any) -> list[limits.Message]:
    """The BoK's questions for a stage (or a use case at its stage), then those drawn from its own findings."""
    stage = field(result, "stage_name", "") or words(field(result, "stage", ""))
    subject = field(result, "use_case_name", "") or field(result, "use_case", "")
    title = f"Questions for {subject} — {stage}" if subject else f"Questions for the {stage} stage"
    blocks: list[dict] = [header(title)]
    asked = list(field(result, "questions", []) or [])[:MAX_ITEMS]
    general = [q for q in asked if field(q, "origin", "bok") != "finding"]
    specific = [q for q in asked if field(q, "origin", "bok") == "finding"]
    if general:
        blocks += sections("\n".join(f"{i}. {_question_line(q)}" for i, q in enumerate(general, 1)))
    if specific:
        blocks += [divider(), section("*From this use case's records*")]
        blocks += sections("\n".join(f"• {_question_line(q)}" for q in specific))
    if not asked:
        blocks.append(section("No questions on record for this stage."))
    return limits.paginate(blocks, title)


def build_readiness(report: Any) -> list[limits.Message]:
    """Readiness across the four pillars, MLOps and governance approval, with the gaps and signals."""
    name = field(report, "name", "") or field(report, "use_case", "")
    ready = bool(field(report, "ready", False))
    stage = field(report, "stage", "")
    blocks: list[dict] = [header(f"Deployment readiness — {name}")]
    verdict = ":white_check_mark: *Ready*" if ready else ":warning: *Not ready*"
    extra = [escape(stage)] if stage else []
    if field(report, "claimed", False):
        extra.append("readiness claimed")
    if field(report, "milestone_status", ""):
        extra.append(f"milestone {escape(field(report, 'milestone_status'))}")
    blocks.append(section(verdict + (f" ({', '.join(extra)})" if extra else "")))
    lines = []
    for p in list(field(report, "pillars", []) or []):
        note = field(p, "note", "")
        lines.append(f"{':white_check_mark:' if field(p, 'ready', False) else ':x:'} *{escape(words(field(p, 'pillar', ''))).capitalize()}*" + (f" — {escape(truncate(str(note), 300))}" if note else ""))
    mlops = field(report, "mlops", {}) or {}
    if mlops:
        lines.append("*MLOps:* " + ", ".join(f"{escape(words(k))} {'✓' if v else '✗'}" for k, v in mlops.items()))
    if "governance_approved" in (report if isinstance(report, dict) else getattr(type(report), "model_fields", {})):
        lines.append(f"*Governance approval:* {'yes' if field(report, 'governance_approved', False) else 'no'}")
    if lines:
        blocks += sections("\n".join(lines))
    gaps = [str(g) for g in field(report, "gaps", []) or []]
    if gaps:
        blocks += sections("*Gaps:*\n" + "\n".join(f"• {escape(g)}" for g in gaps[:MAX_ITEMS]))
    for f in list(field(report, "findings", []) or [])[:5]:
        blocks += finding_blocks(f, brief=True)
    cites = list(field(report, "citations", []) or [])[:5]
    if cites:
        blocks.append(context("BoK: " + "; ".join(escape(citation_label(c)) for c in cites)))
    return limits.paginate(blocks, f"Readiness of {name}: {'ready' if ready else 'not ready'}")


def status_blocks(result: Any, *, compact: bool = False) -> list[dict]:
    """Workstreams with red/amber/green and reasons, then use cases by stage and next milestone."""
    blocks: list[dict] = [section("*Workstreams*")]
    for ws in list(field(result, "workstreams", []) or [])[:MAX_ITEMS]:
        rag = str(field(ws, "rag", "")).lower()
        name = field(ws, "name", "") or field(ws, "id", "")
        pillar = field(ws, "pillar", "")
        reasons = [str(r) for r in field(ws, "reasons", []) or []]
        shown = reasons[: 2 if compact else 6]
        text = f"{RAG_EMOJI.get(rag, ':white_circle:')} *{escape(name)}*" + (f" ({escape(pillar)})" if pillar else "")
        if shown:
            text += "\n" + "\n".join(f"  • {escape(truncate(r, 300))}" for r in shown)
        if len(reasons) > len(shown):
            text += f"\n  _…{len(reasons) - len(shown)} more_"
        blocks.append(section(text))
    by_stage = field(result, "use_cases_by_stage", None)
    if by_stage is None:  # a flat list of use cases
        by_stage = {}
        for uc in list(field(result, "use_cases", []) or []):
            by_stage.setdefault(words(field(uc, "stage", "unknown")), []).append(uc)
    lines = []
    for stage, cases in by_stage.items():
        if not cases:
            continue
        names = []
        for uc in list(cases)[:MAX_ITEMS]:
            nxt = field(uc, "next_milestone", "") or field(uc, "milestone", "")
            flags = int(field(uc, "findings", 0) or 0)
            bit = escape(field(uc, "name", "") or field(uc, "id", ""))
            if nxt:
                planned = field(uc, "next_planned") if not compact else None
                bit += f" — next: _{escape(words(nxt))}_" + (f" ({escape(planned)})" if planned else "")
            if flags:
                bit += f" :warning:{flags}"
            names.append(bit)
        lines.append(f"*{escape(words(stage)).capitalize()}:* " + ("; ".join(names) if compact else "\n  " + "\n  ".join(names)))
    if lines:
        blocks.append(section("*Use cases by stage*"))
        blocks += sections("\n".join(lines))
    return blocks


def build_status(result: Any, program: str) -> list[limits.Message]:
    """`/compel status`: the headline, workstreams, use cases by stage, program-wide signals."""
    name = field(result, "name", "") or program
    blocks: list[dict] = [header(f"Status — {name}")]
    bits = []
    if field(result, "stage", ""):
        bits.append(escape(field(result, "stage")))
    if field(result, "current_sprint") is not None:
        bits.append(f"sprint {field(result, 'current_sprint')}")
    as_of = field(result, "as_of")
    if as_of is not None:
        bits.append(f"as of {as_of:%d %b %Y}" if hasattr(as_of, "strftime") else f"as of {escape(str(as_of))}")
    sev = field(result, "findings_by_severity", {}) or {}
    if sev:
        bits.append("risk signals: " + ", ".join(f"{n} {escape(k)}" for k, n in sev.items() if n))
    if bits:
        blocks.append(context(" · ".join(bits)))
    blocks += status_blocks(result)
    signals = [str(s) for s in field(result, "program_signals", []) or []]
    if signals:
        blocks += sections("*Program-wide*\n" + "\n".join(f"• {escape(truncate(s, 400))}" for s in signals[:10]))
    return limits.paginate(blocks, f"Status of {name}")


def debt_line(item: Any) -> str:
    """One debt item in one line: id, category, description, use case, planned sprint, status."""
    cat = str(field(item, "category", "debt"))
    mark = {"operational_risk": ":warning:", "compliance_violation": ":rotating_light:"}.get(cat, ":wrench:")
    plan = field(item, "planned_sprint")
    parts = [f"{mark} *{escape(field(item, 'id', ''))}* {escape(truncate(str(field(item, 'description', '')), 300))}"]
    meta = [words(cat)]
    if field(item, "use_case"):
        meta.append(f"use case {escape(field(item, 'use_case'))}")
    meta.append(f"remediation sprint {plan}" if plan is not None else "*no remediation plan*")
    if field(item, "status", "open") != "open":
        meta.append(escape(field(item, "status")))
    return parts[0] + " — " + ", ".join(meta)


def build_debt(items: list[Any], program: str) -> list[limits.Message]:
    """The debt register, open items first."""
    ordered = sorted(items, key=lambda d: field(d, "status", "open") != "open")
    blocks: list[dict] = [header(f"Debt register — {program}")]
    if not ordered:
        blocks.append(section("The debt register is empty."))
    else:
        blocks += sections("\n".join(debt_line(d) for d in ordered[:MAX_ITEMS]))
        if len(ordered) > MAX_ITEMS:
            blocks.append(context(f"…and {len(ordered) - MAX_ITEMS} more items, not shown here."))
    open_n = sum(1 for d in ordered if field(d, "status", "open") == "open")
    return limits.paginate(blocks, f"{open_n} open debt items in {program}")


def build_debt_added(item: Any, program: str) -> list[limits.Message]:
    """Confirmation of a new debt item."""
    blocks = [section(f":heavy_plus_sign: Added to the debt register of {escape(program)}:\n{debt_line(item)}")]
    return limits.paginate(blocks, f"Added debt item {field(item, 'id', '')}")
