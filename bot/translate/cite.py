"""Which BoK passage applies to a situation, cited by module, article and section, quoted in the project's words."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NamedTuple

from knowledge.types import Citation

log = logging.getLogger(__name__)

Retrieve = Callable[[str], list[Citation]]


class Passage(NamedTuple):
    """Where a BoK passage stands, what to search for it by, and a short gloss of it in our own words."""

    source: str
    module: str
    article: int
    section: str
    query: str
    gloss: str


_A6 = "module-2.4-article-06.txt"
_A1 = "module-2.4-article-01.txt"

# Section headings as they stand in the articles; glosses are compel-bot's own summaries, not quotations.
PASSAGES: dict[str, Passage] = {
    "access": Passage(_A6, "2.4", 6, "Data Pipeline Development", "source system access firewall changes service accounts",
                      "Getting at source systems involves data owners, security and network teams; start those requests early so they do not surface as blockers mid-sprint."),
    "data_quality": Passage(_A6, "2.4", 6, "Data Pipeline Development", "data quality findings change scope business sponsor",
                            "Data quality findings that change a use case's scope or feasibility are a decision for the business sponsor, not only for the technical team."),
    "reliability": Passage(_A6, "2.4", 6, "Data Pipeline Development", "pipeline reliability monitoring production failures",
                           "A pipeline counts as delivered only when it runs reliably on schedule in production and warns operations when it fails."),
    "cost": Passage(_A6, "2.4", 6, "Data Platform and Storage", "cost management infrastructure consumption budget",
                    "Watch elastic cloud consumption against budget and step in when it trends above plan."),
    "buying": Passage(_A6, "2.4", 6, "Platform Selection and Procurement", "procurement timelines escalate interim solutions",
                      "Start purchasing early, keep its timeline visible, escalate when it threatens delivery, and use interim set-ups meanwhile."),
    "oversight_target": Passage(_A6, "2.4", 6, "The EATP's Technical Oversight Model", "model converging performance targets success criteria",
                                "Ask whether the model is reaching the performance targets in its success criteria, and if not, what the team believes is wrong and how it will fix it."),
    "oversight_risk": Passage(_A6, "2.4", 6, "The EATP's Technical Oversight Model", "risk patterns experimentation integration scope progress",
                              "Watch for warning patterns: trials that never settle on a viable model, data issues that keep recurring, integration work that keeps growing, activity without demonstrable results."),
    "four_pillars": Passage(_A6, "2.4", 6, "The EATP's Technical Oversight Model", "four pillar requirements technology governance people process deployment",
                            "Before going live, check technology, governance, people and process requirements together, with a plan for any gap."),
    "mlops": Passage(_A6, "2.4", 6, "Machine Learning Operations Execution", "model versioning rollback monitoring retraining",
                     "Live models need monitoring, a defined way to refresh them, and versions kept so the organisation can return to a previous one when a release misbehaves."),
    "debt": Passage(_A6, "2.4", 6, "Technical Debt Management", "technical debt register remediation documented",
                    "A shortcut is acceptable debt only when it is written down, visible and scheduled for repair in the debt register."),
    "debt_lines": Passage(_A6, "2.4", 6, "Technical Debt Management", "debt operational risk compliance violation monitoring governance approval",
                          "Tell manageable debt apart from operational risk, such as a model running unwatched, and from compliance violations, such as a model used without governance approval, which are never acceptable as debt."),
    "translation": Passage(_A6, "2.4", 6, "Managing Technical Delivery Without Being a Technologist", "translation technical business stakeholders trade-offs",
                           "Turn technical findings into what they mean for the business and the trade-off to decide, so sponsors can choose knowingly."),
    "escalation": Passage(_A1, "2.4", 1, "The Execution Architecture", "escalation pathways blockers risks",
                          "Blockers and risks need clear routes for escalation; problems that linger unraised grow."),
    "multi_pillar": Passage(_A1, "2.4", 1, "The Execution Gap in AI Transformation", "multi-pillar execution people process technology governance",
                            "Transformation has to move on people, process, technology and governance together; a system that is live but unused has not delivered."),
}


def pack_citation(key: str) -> Citation:
    """The citation for a passage key, quoting the project's own gloss (marked as the knowledge pack's words)."""
    p = PASSAGES[key]
    return Citation(source=p.source, module=p.module, article=p.article, section=p.section, quote=p.gloss, kind="pack")


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
    quote = " ".join(chunk.text.split())
    if len(quote) > 240:
        quote = quote[:240].rsplit(" ", 1)[0] + " ..."
    return Citation(
        source=chunk.source,
        module=chunk.module,
        article=chunk.article,
        section=chunk.section,
        quote=quote,
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
