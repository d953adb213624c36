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
        blocks.append(context(f"…and {len(findings) - MAX_FINDINGS} more; `compel risks --program {escape(program)}` lists them all."))
    return limits.paginate(blocks, f"{len(findings)} risk signals in {program}")


def _question_text(q: Any) -> str:
    if isinstance(q, str):
        return escape(q)
    text = field(q, "text", "") or field(q, "question", "")
    cite = field(q, "citation")
    return escape(text) + (f"  _({escape(citation_label(cite))})_" if cite else "")


def build_questions(result: Any) -> list[limits.Message]:
    """The BoK's questions for a stage (or a use case at its stage), then those drawn from its own findings."""
    stage = words(field(result, "stage", ""))
    subject = field(result, "use_case_name", "") or field(result, "use_case", "")
    title = f"Questions for {subject} ({stage})" if subject else f"Questions for the {stage} stage"
    blocks: list[dict] = [header(title)]
    asked = list(field(result, "questions", []) or [])[:MAX_ITEMS]
    if asked:
        blocks += sections("\n".join(f"{i}. {_question_text(q)}" for i, q in enumerate(asked, 1)))
    specific = list(field(result, "from_findings", []) or field(result, "specific", []) or [])[:MAX_ITEMS]
    if specific:
        blocks += [divider(), section("*From this use case's records*")]
        blocks += sections("\n".join(f"• {_question_text(q)}" for q in specific))
    if not asked and not specific:
        blocks.append(section("No questions on record for this stage."))
    cite = field(result, "citation")
    source = field(result, "source", "")
    if cite or source:
        blocks.append(context(f"Source: {escape(citation_label(cite)) if cite else escape(source)}"))
    return limits.paginate(blocks, title)


def build_readiness(result: Any) -> list[limits.Message]:
    """Readiness across the four pillars, each ready or not with its reason."""
    name = field(result, "use_case_name", "") or field(result, "use_case", "")
    ready = bool(field(result, "ready", False))
    blocks: list[dict] = [header(f"Deployment readiness — {name}")]
    verdict = ":white_check_mark: Ready across all four pillars." if ready else ":warning: Not ready yet."
    blocks.append(section(verdict))
    pillars = field(result, "pillars", {}) or {}
    items = pillars.items() if isinstance(pillars, dict) else [(field(p, "pillar", ""), p) for p in pillars]
    lines = []
    for pillar, state in items:
        ok = bool(field(state, "ready", False)) if not isinstance(state, bool) else state
        note = field(state, "note", "") or field(state, "reason", "") if not isinstance(state, bool) else ""
        reasons = field(state, "reasons", []) if not isinstance(state, bool) else []
        detail = note or "; ".join(str(r) for r in reasons)
        lines.append(f"{':white_check_mark:' if ok else ':x:'} *{escape(words(pillar)).capitalize()}*" + (f" — {escape(truncate(str(detail), 400))}" if detail else ""))
    if lines:
        blocks += sections("\n".join(lines))
    gaps = [str(g) for g in field(result, "gaps", []) or field(result, "mlops_gaps", []) or []]
    if gaps:
        blocks += sections("*Gaps:* " + escape("; ".join(gaps)))
    for f in list(field(result, "findings", []) or [])[:5]:
        blocks += finding_blocks(f, brief=True)
    return limits.paginate(blocks, f"Readiness of {name}: {'ready' if ready else 'not ready'}")


def status_blocks(result: Any, *, compact: bool = False) -> list[dict]:
    """Workstreams with red/amber/green and reasons, then use cases by stage and milestone."""
    blocks: list[dict] = [section("*Workstreams*")]
    for ws in list(field(result, "workstreams", []) or [])[:MAX_ITEMS]:
        rag = str(field(ws, "rag", "") or field(ws, "status", "")).lower()
        name = field(ws, "name", "") or field(ws, "id", "")
        pillar = field(ws, "pillar", "")
        reasons = [str(r) for r in field(ws, "reasons", []) or []][: 2 if compact else 5]
        text = f"{RAG_EMOJI.get(rag, ':white_circle:')} *{escape(name)}*" + (f" ({escape(pillar)})" if pillar else "")
        if reasons:
            text += "\n" + "\n".join(f"  • {escape(truncate(r, 300))}" for r in reasons)
        blocks.append(section(text))
    by_stage: dict[str, list[str]] = {}
    for uc in list(field(result, "use_cases", []) or [])[:MAX_ITEMS * 2]:
        stage = words(field(uc, "stage", "unknown"))
        name = field(uc, "name", "") or field(uc, "id", "")
        milestone = field(uc, "milestone", "") or field(uc, "next_milestone", "")
        by_stage.setdefault(stage, []).append(f"{escape(name)}" + (f" — _{escape(words(milestone))}_" if milestone else ""))
    if by_stage:
        blocks.append(section("*Use cases by stage*"))
        text = "\n".join(f"*{escape(stage).capitalize()}:* " + "; ".join(names) for stage, names in by_stage.items())
        blocks += sections(text)
    return blocks


def build_status(result: Any, program: str) -> list[limits.Message]:
    """`/compel status`."""
    headline = field(result, "rag", "") or field(result, "headline", "")
    blocks: list[dict] = [header(f"Status — {program}")]
    if headline:
        blocks.append(section(f"{RAG_EMOJI.get(str(headline).lower(), '')} Program is *{escape(headline)}*"))
    blocks += status_blocks(result)
    return limits.paginate(blocks, f"Status of {program}")


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
            blocks.append(context(f"…and {len(ordered) - MAX_ITEMS} more; `compel debt list` shows them all."))
    open_n = sum(1 for d in ordered if field(d, "status", "open") == "open")
    return limits.paginate(blocks, f"{open_n} open debt items in {program}")


def build_debt_added(item: Any, program: str) -> list[limits.Message]:
    """Confirmation of a new debt item."""
    blocks = [section(f":heavy_plus_sign: Added to the debt register of {escape(program)}:\n{debt_line(item)}")]
    return limits.paginate(blocks, f"Added debt item {field(item, 'id', '')}")
