"""Which BoK passage applies to a situation, cited by module, article and section, quoted in the project's words."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from knowledge.types import Citation

log = logging.getLogger(__name__)

Retrieve = Callable[[str], list[Citation]]


class Passage(NamedTuple):
    """Where a BoK passage stands, what to search for it by, a short gloss in our own words, its pack entry."""

    source: str
    module: str
    article: int
    section: str
    query: str
    gloss: str
    pack_id: str | None = None


_A6 = "module-2.4-article-06.txt"
_A1 = "module-2.4-article-01.txt"

# Section headings as they stand in the articles; glosses are compel-bot's own summaries, not quotations.
PASSAGES: dict[str, Passage] = {
    "access": Passage(_A6, "2.4", 6, "Data Pipeline Development", "source system access firewall changes service accounts",
                      "Getting at source systems involves data owners, security and network teams; start those requests early so they do not surface as blockers mid-sprint.", "data-source-access"),
    "data_quality": Passage(_A6, "2.4", 6, "Data Pipeline Development", "data quality findings change scope business sponsor",
                            "Data quality findings that change a use case's scope or feasibility are a decision for the business sponsor, not only for the technical team.", "data-quality-findings"),
    "reliability": Passage(_A6, "2.4", 6, "Data Pipeline Development", "pipeline reliability monitoring production failures",
                           "A pipeline counts as delivered only when it runs reliably on schedule in production and warns operations when it fails.", "pipeline-reliability"),
    "cost": Passage(_A6, "2.4", 6, "Data Platform and Storage", "cost management infrastructure consumption budget",
                    "Watch elastic cloud consumption against budget and step in when it trends above plan.", "data-platform-oversight"),
    "buying": Passage(_A6, "2.4", 6, "Platform Selection and Procurement", "procurement timelines escalate interim solutions",
                      "Start purchasing early, keep its timeline visible, escalate when it threatens delivery, and use interim set-ups meanwhile.", "platform-procurement"),
    "oversight_target": Passage(_A6, "2.4", 6, "The EATP's Technical Oversight Model", "model converging performance targets success criteria",
                                "Ask whether the model is reaching the performance targets in its success criteria, and if not, what the team believes is wrong and how it will fix it.", "oversight-by-questions"),
    "oversight_risk": Passage(_A6, "2.4", 6, "The EATP's Technical Oversight Model", "risk patterns experimentation integration scope progress",
                              "Watch for warning patterns: trials that never settle on a viable model, data issues that keep recurring, integration work that keeps growing, activity without demonstrable results.", "risk-patterns-overview"),
    "four_pillars": Passage(_A6, "2.4", 6, "The EATP's Technical Oversight Model", "four pillar requirements technology governance people process deployment",
                            "Before going live, check technology, governance, people and process requirements together, with a plan for any gap."),
    "mlops": Passage(_A6, "2.4", 6, "Machine Learning Operations Execution", "model versioning rollback monitoring retraining",
                     "Live models need monitoring, a defined way to refresh them, and versions kept so the organisation can return to a previous one when a release misbehaves.", "mlops-overview"),
    "debt": Passage(_A6, "2.4", 6, "Technical Debt Management", "technical debt register remediation documented",
                    "A shortcut is acceptable debt only when it is written down, visible and scheduled for repair in the debt register.", "debt-register"),
    "debt_lines": Passage(_A6, "2.4", 6, "Technical Debt Management", "debt operational risk compliance violation monitoring governance approval",
                          "Tell manageable debt apart from operational risk, such as a model running unwatched, and from compliance violations, such as a model used without governance approval, which are never acceptable as debt.", "debt-categories-overview"),
    "translation": Passage(_A6, "2.4", 6, "Managing Technical Delivery Without Being a Technologist", "translation technical business stakeholders trade-offs",
                           "Turn technical findings into what they mean for the business and the trade-off to decide, so sponsors can choose knowingly.", "capability-translation"),
    "escalation": Passage(_A1, "2.4", 1, "The Execution Architecture", "escalation pathways blockers risks",
                          "Blockers and risks need clear routes for escalation; problems that linger unraised grow.", "architecture-escalation"),
    "multi_pillar": Passage(_A1, "2.4", 1, "The Execution Gap in AI Transformation", "multi-pillar execution people process technology governance",
                            "Transformation has to move on people, process, technology and governance together; a system that is live but unused has not delivered.", "pillars-overview"),
}


def pack_citation(key: str) -> Citation:
    """The citation for a passage key in the project's own words: the knowledge pack's entry, else our gloss."""
    p = PASSAGES[key]
    entry = _pack_entry(p.pack_id)
    if entry is not None:
        src = entry.source
        return Citation(source=f"compel-pack#{entry.id}", module=src.module, article=src.article, section=src.section,
                        quote=_short(entry.text), kind="pack")
    return Citation(source=p.source, module=p.module, article=p.article, section=p.section, quote=p.gloss, kind="pack")


@lru_cache(maxsize=64)
def _pack_entry(entry_id: str | None):
    """The knowledge pack's entry, or None when the pack or the entry is unavailable (never fatal)."""
    if entry_id is None:
        return None
    try:
        from knowledge.pack import load_pack

        return load_pack().entry(entry_id)
    except Exception:  # noqa: BLE001 - a missing or broken pack falls back to the built-in gloss
        log.debug("knowledge pack entry %s unavailable; using the built-in gloss", entry_id, exc_info=True)
        return None


def _short(text: str, limit: int = 240) -> str:
    """Whole sentences up to about `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("; "))
    return cut[: end + 1] if end > 60 else cut.rsplit(" ", 1)[0] + " ..."


def citations_for(keys: tuple[str, ...], retrieve: Retrieve | None = None) -> list[Citation]:
    """Citations for the passages a situation rests on: the indexed BoK passage when retrieval finds it, else our gloss."""
    out = []
    for key in keys:
        passage = PASSAGES[key]
        found = _from_index(passage, retrieve) if retrieve is not None else None
        out.append(found or pack_citation(key))
    return out


def _from_index(passage: Passage, retrieve: Retrieve) -> Citation | None:
    """The real passage, accepted only from the same article and section so a loose match never replaces the map."""
    try:
        hits = retrieve(passage.query)
    except Exception:  # noqa: BLE001 - an unavailable index must never stop a translation
        log.debug("retrieval failed for %r; using the pack citation", passage.query, exc_info=True)
        return None
    for hit in hits:
        if hit.article == passage.article and hit.module == passage.module and hit.section.strip() == passage.section:
            return hit
    return None


def citation_from_hit(hit) -> Citation:
    """A retrieval hit (knowledge.types.SearchHit) as a citation with a short quote of the passage."""
    chunk = hit.chunk
    return Citation(
        source=chunk.source,
        module=chunk.module,
        article=chunk.article,
        section=chunk.section,
        quote=_short(chunk.text),
        score=round(float(hit.score), 4),
        kind=chunk.kind,
        chunk_id=chunk.id,
    )


def index_retriever(index, k: int = 3) -> Retrieve:
    """A `retrieve(query)` over the knowledge index (anything with `search(query, k=) -> Retrieval`)."""

    def retrieve(query: str) -> list[Citation]:
        result = index.search(query, k=k)
        if result.abstained:
            return []
        return [citation_from_hit(h) for h in result.hits if h.chunk.kind == "bok"]

    return retrieve
