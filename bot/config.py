"""One Settings class: every knob, read from the environment and `.env`, with offline defaults."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

from bot.errors import ConfigError

_FIXES = {
    "int_parsing": "a whole number",
    "float_parsing": "a number",
    "bool_parsing": "true or false",
    "literal_error": "one of the allowed values",
}


def _split_list(value: object) -> object:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


class Settings(BaseSettings):
    """Every setting of compel-bot. Environment variables win over `.env`; defaults work offline."""

    model_config = SettingsConfigDict(
        env_prefix="COMPEL_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    # --- where things are kept -------------------------------------------------------
    data_dir: Path = Field(Path(".compel"), description="Everything the bot writes lives here.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default a SQLite file in the data dir.")
    chroma_host: str | None = Field(None, validation_alias=AliasChoices("CHROMA_HOST", "COMPEL_CHROMA_HOST"))
    chroma_port: int = Field(8000, validation_alias=AliasChoices("CHROMA_PORT", "COMPEL_CHROMA_PORT"))
    collection: str = Field("compel", description="Chroma collection name.")

    # --- knowledge ---------------------------------------------------------------------
    bok_path: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="BoK files or folders the run command indexes (comma-separated)."
    )
    embeddings: Literal["local", "openai"] = Field("local", description="Embedding backend.")
    openai_embedding_model: str = "text-embedding-3-small"
    glossary: Path | None = Field(None, description="An organisation's own glossary YAML, merged over the shipped one.")
    program: str | None = Field(None, description="Default program for questions and records.")

    # --- retrieval ---------------------------------------------------------------------
    top_k: int = Field(5, ge=1, le=50)
    max_question_chars: int = Field(2000, ge=10)

    # --- LLM ---------------------------------------------------------------------------
    openai_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=AliasChoices("OPENAI_BASE_URL"))
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = Field(20.0, gt=0)
    llm_daily_limit: int = Field(200, ge=0, description="LLM calls per person per day; 0 means no limit.")

    # --- Slack -------------------------------------------------------------------------
    slack_bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL"))
    admins: Annotated[list[str], NoDecode] = Field(default_factory=list, description="Slack user ids allowed to change records.")
    channel_programs: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict, description="CHANNEL=PROGRAM pairs, comma-separated."
    )

    # --- oversight thresholds (BoK-based defaults) ---------------------------------------
    experiment_max_sprints: int = Field(2, ge=1, description="Sprints in model development before feasibility risk.")
    quality_finding_sprints: int = Field(2, ge=1, description="Sprints with new data-quality findings that signal a risk.")
    debt_budget_min: float = Field(0.15, ge=0, le=1, description="Lowest healthy share of sprint capacity for debt remediation.")
    debt_budget_max: float = Field(0.20, ge=0, le=1)
    sprint_completion_min: float = Field(0.70, ge=0, le=1, description="Commitment completion below this, two sprints running, is a signal.")
    calibration_sprints: int = Field(3, ge=0, description="Early sprints excused from the completion rule.")
    access_pending_days: int = Field(10, ge=1, description="Days a source-system access request may stay pending.")
    progress_sprints: int = Field(3, ge=2, description="Sprints of reported progress with no milestone before 'progress without advancement'.")
    integration_new_points: int = Field(2, ge=1, description="Integration points added after integration started that signal growing scope.")
    # Platform and data infrastructure (BoK Module 2.4, Article 6): defaults a program may tune.
    pipeline_success_min: float = Field(0.95, ge=0, le=1, description="Share of production pipeline runs that must succeed in a sprint.")
    cost_overrun_max: float = Field(0.10, ge=0, description="Infrastructure spend above budget by more than this share is a signal.")
    vendor_ticket_days: int = Field(10, ge=1, description="Days a vendor ticket may stay open without being escalated.")
    procurement_start_sprint: int = Field(1, ge=0, description="The Produce sprint platform procurement should start in.")
    records_index_updates: int = Field(2000, ge=0, description="Most recent stand-up updates per program put into retrieval.")

    # --- stand-ups ---------------------------------------------------------------------
    stale_after_days: int = Field(4, ge=0, description="Days without a stand-up update before reports say the records are stale.")
    standup_tick_seconds: float = Field(30.0, gt=0, description="How often each replica's scheduler looks for due stand-up posts.")

    @field_validator("bok_path", "admins", mode="before")
    @classmethod
    def _lists(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("channel_programs", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        if isinstance(value, str):
            pairs = {}
            for item in _split_list(value):
                channel, sep, program = item.partition("=")
                if not sep or not channel.strip() or not program.strip():
                    raise ValueError(f"expected CHANNEL=PROGRAM pairs, got {item!r}; write e.g. C0123ABC=halvorsen,C0456DEF=other")
                pairs[channel.strip()] = program.strip()
            return pairs
        return value

    @field_validator("data_dir")
    @classmethod
    def _a_folder(cls, value: Path) -> Path:
        # A file where the folder (or one above it) should be fails every store with an OS error: say so once, here.
        for part in (value, *value.parents):
            if part.exists():
                if not part.is_dir():
                    raise ValueError(f"{part} is a file, not a folder; set it to a folder the bot can write to")
                break
        return value

    @cached_property
    def records_url(self) -> str:
        """The SQLAlchemy URL of the records store."""
        return self.database_url or f"sqlite:///{self.data_dir / 'records.db'}"

    @property
    def llm_configured(self) -> bool:
        """True when an OpenAI(-compatible) endpoint is configured."""
        return self.openai_api_key is not None or self.openai_base_url is not None


def _env_name(field: str) -> str:
    info = Settings.model_fields.get(field)
    alias = getattr(info, "validation_alias", None) if info else None
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"COMPEL_{field.upper()}"


def load_settings(**overrides: object) -> Settings:
    """Read Settings, turning a validation error into one line that names the variable and the fix."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "?"
        want = _FIXES.get(err["type"], "a valid value")
        got = err.get("input")
        if err["type"] == "value_error":  # one of our validators: its words name what it got and what to write
            reason = err["msg"].removeprefix("Value error, ")
            raise ConfigError(f"{_env_name(field)} is invalid: {reason} (or unset it to use the default).") from None
        raise ConfigError(
            f"{_env_name(field)} is invalid ({err['msg']}; got {got!r}). Set it to {want} or unset it to use the default."
        ) from None
