"""The knowledge pack: the project's own restatement of COMPEL facts, typed and validated from YAML."""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.errors import NotFoundError, UserFacingError
from knowledge.types import Chunk

log = logging.getLogger(__name__)

PACK_DIR = Path(__file__).resolve().parent
PACK_TITLE = "COMPEL knowledge pack"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The keys other modules rely on; a pack missing one (or adding a stray one) is refused at load time.
REQUIRED_KEYS: dict[str, set[str]] = {
    "lifecycle_stages": {"calibrate", "organize", "model", "produce", "evaluate", "learn"},
    "pillars": {"technology", "governance", "people", "process"},
    "milestones": {
        "data_preparation_complete",
        "model_viability_demonstrated",
        "integration_testing_passed",
        "deployment_readiness_confirmed",
    },
    "use_case_stages": {"data_preparation", "model_development", "integration", "deployment", "production"},
    "risk_patterns": {
        "stalled_experimentation",
        "recurring_data_quality",
        "integration_scope_creep",
        "progress_without_advancement",
    },
    "mlops_capabilities": {"deployment_pipeline", "monitoring", "retraining", "versioning_rollback"},
    "debt_categories": {"debt", "operational_risk", "compliance_violation"},
}

# How a structured item introduces itself when it becomes a retrievable chunk.
_GROUP_LABELS = {
    "lifecycle_stages": "COMPEL lifecycle stage",
    "pillars": "COMPEL pillar",
    "milestones": "Use-case delivery milestone",
    "use_case_stages": "Use-case delivery stage",
    "risk_patterns": "Technical risk pattern",
    "mlops_capabilities": "MLOps capability",
    "debt_categories": "Technical debt category",
}


class PackError(UserFacingError):
    """The knowledge pack YAML is missing or invalid."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackSource(_Model):
    """Where a pack fact comes from: module, article number and section heading as it stands."""

    module: str
    article: int = Field(ge=1)
    section: str = Field(min_length=1)


class PackEntry(_Model):
    """One short fact in the project's own words."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    topic: str = Field(min_length=1)
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)
    source: PackSource


class Named(_Model):
    """A named item of a fixed set (stage, pillar, milestone, capability, debt category)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    source: PackSource


class StageQuestion(_Model):
    """An oversight question for a use-case stage, paraphrased; stage_label is the article's lead-in."""

    text: str = Field(min_length=1)
    stage_label: str = Field(min_length=1)
    source: PackSource


class RiskPattern(_Model):
    """A technical risk signal and what it usually means."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    signal: str = Field(min_length=1)
    meaning: str = Field(min_length=1)
    source: PackSource


class DebtBudget(_Model):
    """The share of sprint capacity reserved for technical-debt remediation."""

    min: float = Field(ge=0, le=1)
    max: float = Field(ge=0, le=1)
    source: PackSource

    @model_validator(mode="after")
    def _ordered(self) -> "DebtBudget":
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class ArticleRef(_Model):
    """An article of a module, by number and title (titles are identifiers)."""

    module: str
    article: int = Field(ge=1)
    title: str = Field(min_length=1)


class PackFile(_Model):
    """What one pack YAML file may hold; every part is optional and the files are merged."""

    module_names: dict[str, str] = Field(default_factory=dict)
    articles: list[ArticleRef] = Field(default_factory=list)
    entries: list[PackEntry] = Field(default_factory=list)
    lifecycle_stages: list[Named] = Field(default_factory=list)
    pillars: list[Named] = Field(default_factory=list)
    milestones: list[Named] = Field(default_factory=list)
    use_case_stages: list[Named] = Field(default_factory=list)
    stage_questions: dict[str, list[StageQuestion]] = Field(default_factory=dict)
    risk_patterns: list[RiskPattern] = Field(default_factory=list)
    mlops_capabilities: list[Named] = Field(default_factory=list)
    debt_categories: list[Named] = Field(default_factory=list)
    debt_budget: DebtBudget | None = None


class Pack(PackFile):
    """The whole pack, merged from its files and checked for completeness."""

    debt_budget: DebtBudget

    @model_validator(mode="after")
    def _complete(self) -> "Pack":
        for group, expected in REQUIRED_KEYS.items():
            keys = [item.key for item in getattr(self, group)]
            if len(keys) != len(set(keys)) or set(keys) != expected:
                raise ValueError(f"{group} must have exactly the keys {sorted(expected)}, got {keys}")
        ids = [e.id for e in self.entries]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate entry ids {dupes}")
        stages = REQUIRED_KEYS["use_case_stages"]
        if set(self.stage_questions) != stages or not all(self.stage_questions.values()):
            raise ValueError(f"stage_questions needs questions for every use-case stage {sorted(stages)}")
        return self

    def entry(self, entry_id: str) -> PackEntry:
        """The entry with this id."""
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise NotFoundError(f"No knowledge-pack entry {entry_id!r}; use an id from knowledge/pack/*.yaml.")

    def article_title(self, module: str, article: int) -> str | None:
        """The title of an article of a module, when the pack lists it."""
        for ref in self.articles:
            if ref.module == module and ref.article == article:
                return ref.title
        return None


def _where(err: ValidationError) -> str:
    errors = err.errors()
    field = ".".join(str(p) for p in errors[0]["loc"]) or "(top level)"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"field {field}: {errors[0]['msg']}{more}"


def _read(path: Path) -> PackFile:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        detail = " ".join(str(exc).split())
        raise PackError(f"Knowledge pack file {path.name} cannot be read ({detail}); fix or restore it.") from exc
    if not isinstance(data, dict):
        raise PackError(f"Knowledge pack file {path.name} must hold a mapping at the top level; fix or restore it.")
    try:
        return PackFile.model_validate(data)
    except ValidationError as exc:
        raise PackError(f"Knowledge pack file {path.name}, {_where(exc)}; fix or restore it.") from exc


@lru_cache(maxsize=8)
def _load_files(directory: Path) -> tuple[tuple[str, PackFile], ...]:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise PackError(f"No knowledge pack files (*.yaml) in {directory}; reinstall compel-bot.")
    return tuple((p.name, _read(p)) for p in files)


def _merge(parts: tuple[tuple[str, PackFile], ...]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    owner: dict[str, str] = {}  # which file set a single value or mapping key, to refuse a second one
    for file, part in parts:
        for name in part.model_fields_set:
            value = getattr(part, name)
            if isinstance(value, list):
                merged.setdefault(name, []).extend(value)
                continue
            keys = [f"{name}.{k}" for k in value] if isinstance(value, dict) else [name]
            for key in keys:
                if key in owner:
                    raise PackError(f"Knowledge pack files {owner[key]} and {file} both set {key}; keep one.")
                owner[key] = file
            if isinstance(value, dict):
                merged.setdefault(name, {}).update(value)
            else:
                merged[name] = value
    return merged


@lru_cache(maxsize=8)
def _load(directory: Path) -> Pack:
    parts = _load_files(directory)
    try:
        pack = Pack.model_validate(_merge(parts))
    except ValidationError as exc:
        names = ", ".join(name for name, _ in parts)
        raise PackError(f"Knowledge pack ({names}) is incomplete, {_where(exc)}; fix or restore it.") from exc
    log.debug("knowledge pack loaded: %d entries from %d files", len(pack.entries), len(parts))
    return pack


def load_pack(directory: Path | None = None) -> Pack:
    """The validated knowledge pack (cached); `directory` defaults to the shipped pack."""
    return _load(Path(directory or PACK_DIR).resolve())


def _chunk(file: str, pack: Pack, text: str, source: PackSource, ref: str) -> Chunk:
    src = f"compel-pack/{file}"
    digest = hashlib.sha256(
        "\x1f".join([src, source.module, str(source.article), source.section, text]).encode("utf-8")
    ).hexdigest()[:32]
    return Chunk(
        id=digest,
        text=text,
        source=src,
        kind="pack",
        title=PACK_TITLE,
        module=source.module,
        module_name=pack.module_names.get(source.module),
        article=source.article,
        article_title=pack.article_title(source.module, source.article),
        section=source.section,
        heading_path=[source.section],
        start=0,
        end=len(text),
        ref=ref,
    )


def _file_chunks(file: str, part: PackFile, pack: Pack) -> list[Chunk]:
    chunks = [_chunk(file, pack, f"{e.title}. {e.text}", e.source, e.id) for e in part.entries]
    for group, label in _GROUP_LABELS.items():
        for item in getattr(part, group):
            if isinstance(item, RiskPattern):
                text = f"{label}: {item.name}. Signal: {item.signal} What it may mean: {item.meaning}"
            else:
                text = f"{label}: {item.name}. {item.summary}"
            chunks.append(_chunk(file, pack, text, item.source, f"{group}:{item.key}"))
    for stage, questions in part.stage_questions.items():
        name = next((s.name for s in pack.use_case_stages if s.key == stage), stage)
        text = f"Oversight questions for the {name.lower()} stage of a use case: " + " ".join(
            q.text for q in questions
        )
        chunks.append(_chunk(file, pack, text, questions[0].source, f"stage_questions:{stage}"))
    if part.debt_budget is not None:
        b = part.debt_budget
        text = (
            f"Technical debt remediation budget: reserve {b.min:.0%} to {b.max:.0%} of sprint capacity "
            "for paying down technical debt."
        )
        chunks.append(_chunk(file, pack, text, b.source, "debt_budget"))
    return chunks


@lru_cache(maxsize=8)
def _chunks(directory: Path) -> tuple[Chunk, ...]:
    pack = _load(directory)
    return tuple(c for file, part in _load_files(directory) for c in _file_chunks(file, part, pack))


def pack_chunks(directory: Path | None = None) -> list[Chunk]:
    """One retrievable Chunk per pack entry and per structured item worth retrieving."""
    return list(_chunks(Path(directory or PACK_DIR).resolve()))
