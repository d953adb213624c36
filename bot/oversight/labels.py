"""Readable names of stages and milestones: the keys with spaces (`compel status` reads a milestone's key back from its label).

Apart from the view so that stage questions, which need only these, do not load the record models.
"""

from __future__ import annotations

from store.fields import MILESTONES, STAGES

MILESTONE_LABELS: dict[str, str] = {key: key.replace("_", " ") for key in MILESTONES}
STAGE_LABELS: dict[str, str] = {stage: stage.replace("_", " ") for stage in STAGES}
