"""The shared field types and the base record every record model builds on (kept apart so that
store/models.py and store/platform_models.py both build on it without importing each other)."""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints


_NOT_IN_LINK = re.compile(r"[\s<>|\"\x00-\x1f\x7f]")


def is_web_link(text: str) -> bool:
    """True for a plain http(s) link: a host, and nothing a chat renderer could read as markup (spaces, <, >, |)."""
    parts = urlsplit(text)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not _NOT_IN_LINK.search(text)


def _web_link(text: str) -> str:
    if not is_web_link(text):
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise ValueError(f"must be a plain http:// or https:// link (no spaces, <, > or |), not {shown!r}")
    return text


Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
WebLink = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_web_link)]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]

Pillar = Literal["technology", "governance", "people", "process"]
Stage = Literal["data_preparation", "model_development", "integration", "deployment", "production"]
MilestoneKey = Literal[
    "data_preparation_complete",
    "model_viability_demonstrated",
    "integration_testing_passed",
    "deployment_readiness_confirmed",
]
MilestoneStatus = Literal["pending", "met", "missed", "at_risk"]
Severity = Literal["low", "medium", "high", "critical"]
DebtCategory = Literal["debt", "operational_risk", "compliance_violation"]
OpenResolved = Literal["open", "resolved"]
AccessStatus = Literal["pending", "granted", "denied"]
ProcurementStatus = Literal["pending", "ordered", "delivered", "cancelled"]
DependencyKind = Literal["blocks", "informs"]
RiskStatus = Literal["open", "mitigated", "closed"]
DecisionStatus = Literal["open", "decided", "deferred"]

PILLARS: tuple[str, ...] = get_args(Pillar)
STAGES: tuple[str, ...] = get_args(Stage)  # in delivery order
MILESTONES: tuple[str, ...] = get_args(MilestoneKey)  # in delivery order


class Record(BaseModel):
    """Base of every record: unknown fields are refused, assignments are validated."""

    # Numbers are accepted where text is expected: YAML reads an unquoted `id: 7` as a number.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, coerce_numbers_to_str=True)
