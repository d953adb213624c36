"""Where each rule rests in the BoK: citations from the knowledge pack, with literal headings as the fallback."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import NamedTuple

from knowledge.types import Citation

log = logging.getLogger(__name__)

ARTICLE_TITLES: dict[tuple[str, int], str] = {
    ("2.4", 6): "Technical Execution — Platform, Data, and Model Delivery",
}


class Ref(NamedTuple):
    """A BoK location (module, article, section heading as it stands) and the pack item that restates it."""

    module: str
    article: int
    section: str
    pack_list: str = ""
    pack_key: str = ""


OVERSIGHT = "The EATP's Technical Oversight Model"

# ref name -> where it rests. Section strings are the article's headings, verbatim (identifiers, not prose).
REFS: dict[str, Ref] = {
    "feasibility": Ref("2.4", 6, OVERSIGHT, "risk_patterns", "stalled_experimentation"),
    "data_assumptions": Ref("2.4", 6, OVERSIGHT, "risk_patterns", "recurring_data_quality"),
    "integration_complexity": Ref("2.4", 6, OVERSIGHT, "risk_patterns", "integration_scope_creep"),
    "progress_without_advancement": Ref("2.4", 6, OVERSIGHT, "risk_patterns", "progress_without_advancement"),
    "milestones": Ref("2.4", 6, OVERSIGHT),
    "escalation": Ref("2.4", 1, "The Execution Architecture"),
    "source_access": Ref("2.4", 6, "Data Pipeline Development"),
    "procurement": Ref("2.4", 6, "Platform Selection and Procurement"),
    "mlops": Ref("2.4", 6, "Machine Learning Operations Execution"),
    "operational_risk": Ref("2.4", 6, "Technical Debt Management", "debt_categories", "operational_risk"),
    "compliance_violation": Ref("2.4", 6, "Technical Debt Management", "debt_categories", "compliance_violation"),
    "debt": Ref("2.4", 6, "Technical Debt Management", "debt_categories", "debt"),
    "debt_budget": Ref("2.4", 6, "Technical Debt Management"),
    "sprint_cadence": Ref("2.4", 1, "The Sprint Cadence in Practice"),
    "cross_pillar": Ref("2.4", 1, "Core Execution Competencies"),
    "multi_pillar": Ref("2.4", 1, "The Execution Gap in AI Transformation"),
    "data_platform": Ref("2.4", 6, "Data Platform and Storage"),
    "pipeline_reliability": Ref("2.4", 6, "Data Pipeline Development"),
    "platform_implementation": Ref("2.4", 6, "Platform Implementation"),
    "quality_gates": Ref("2.4", 1, "The Execution Architecture"),
}


def _pack():
    """The knowledge pack, or None while it is unavailable (citations then use the literal headings)."""
    try:
        from knowledge.pack import load_pack

        return load_pack()
    except Exception:  # noqa: BLE001 - the pack is optional for citations; literal headings stand in
        log.debug("knowledge pack unavailable; citing literal headings", exc_info=True)
        return None


def _from_pack(ref: Ref) -> tuple[str, int, str] | None:
    pack = _pack()
    if pack is None or not ref.pack_list:
        return None
    for item in getattr(pack, ref.pack_list, None) or []:
        if getattr(item, "key", None) == ref.pack_key:
            src = item.source
            return str(src.module), int(src.article), str(src.section)
    return None


def article_title(module: str, article: int) -> str:
    """The article's title from the pack's article list, else the built-in table."""
    pack = _pack()
    for art in getattr(pack, "articles", None) or []:
        if str(art.module) == module and int(art.article) == article:
            return str(art.title)
    return ARTICLE_TITLES.get((module, article), "")


def bok_source(module: str, article: int) -> str:
    """A citation's source line for a BoK article, with its title when known."""
    title = article_title(module, article)
    return f"COMPEL BoK Module {module}, Article {article}" + (f": {title}" if title else "")


# Citations resolved by an earlier process for the same code and pack (see FindingsCache.citations): a short-lived
# command then need not parse the pack at all.
_PRELOADED: dict[str, Citation] = {}


def cite(name: str) -> Citation:
    """The citation for a named reference, e.g. cite("feasibility")."""
    hit = _PRELOADED.get(name)
    return hit if hit is not None else _resolve(name)


def all_citations() -> dict[str, Citation]:
    """Every named reference's citation."""
    return {name: cite(name) for name in REFS}


def preload(citations: dict[str, Citation]) -> None:
    """Use these citations (resolved from the same code and pack) instead of reading the pack."""
    _PRELOADED.update({k: v for k, v in citations.items() if k in REFS})


@lru_cache(maxsize=None)
def _resolve(name: str) -> Citation:
    ref = REFS[name]
    module, article, section = _from_pack(ref) or (ref.module, ref.article, ref.section)
    return Citation(source=bok_source(module, article), module=module, article=article, section=section, kind="bok")
