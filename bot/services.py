"""The composition root: builds stores, retriever and engines from Settings, each on first use."""

from __future__ import annotations

import logging
from functools import cached_property
from typing import TYPE_CHECKING

from bot.config import Settings, load_settings

if TYPE_CHECKING:
    from knowledge.embeddings import Embedder
    from knowledge.index import KnowledgeIndex
    from store.vectors import VectorStore
    from store.reader import RecordReader
    from store.records import RecordStore

log = logging.getLogger(__name__)


class Services:
    """Everything the faces (CLI, Slack, console) need, built lazily so each command pays only for what it uses."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()

    # --- knowledge -------------------------------------------------------------------
    @cached_property
    def embedder(self) -> "Embedder":
        from knowledge.embeddings import build_embedder

        return build_embedder(self.settings)

    @cached_property
    def vectors(self) -> "VectorStore":
        from store.vectors import open_vector_store

        return open_vector_store(self.settings)

    @cached_property
    def index(self) -> "KnowledgeIndex":
        from knowledge.index import KnowledgeIndex

        return KnowledgeIndex(self.settings, lambda: self.vectors, lambda: self.embedder, answer_texts=_answer_texts)

    @cached_property
    def offline_answerer(self):
        """The extractive Answerer (what the LLM path falls back to, and what start-up warms)."""
        from bot.answer import Answerer

        return Answerer(self.settings, self.index, embedder=lambda: self.embedder, program_answers=lambda: self.program_answers)

    @cached_property
    def answerer(self):
        return self.with_llm("answer", self.offline_answerer)

    @cached_property
    def program_answers(self):
        """Questions about a program's state, answered from its records and the oversight engine's findings."""
        from bot.answer.program import ProgramAnswers

        return ProgramAnswers(self)

    # --- records and oversight (issue 3) ----------------------------------------------
    @cached_property
    def records(self) -> "RecordStore":
        from store.records import RecordStore

        return RecordStore(self.settings)

    @cached_property
    def record_reader(self) -> "RecordReader":
        """How the oversight engine reads records, chosen once: a SQLite file is read through the stdlib (no
        SQLAlchemy import for a short-lived command), the store answering what that cannot; else the store itself."""
        from store.sqlite_read import sqlite_path

        if sqlite_path(self.settings.records_url) is None:
            return self.records
        from store.reader import SQLiteFileReader

        return SQLiteFileReader(self.settings.records_url, self.settings.program, lambda: self.records)

    @cached_property
    def oversight(self):
        """The oversight engine over the records store; BoK questions quoted from the index when it is built."""
        from bot.oversight.service import Oversight

        oversight = Oversight(self.settings, lambda: self.record_reader, lambda: self.index, lambda: self.debt_judge)
        # With an LLM, stage questions are worded for the use case (bot/llm/questions.py); without, no bot.llm import.
        return self.with_llm("stage_questions", oversight) if self.settings.llm_configured else oversight

    @cached_property
    def debt_judge(self):
        """Judges debt-register lines (debt, operational risk, compliance violation) with the shared update analysis."""
        from bot.oversight.debt_judgement import DebtJudge
        from bot.understand import Understander

        translator = self.offline_translator if "offline_translator" in self.__dict__ else None
        return DebtJudge(getattr(translator, "understander", None) or Understander(self.glossary))

    @cached_property
    def records_sync(self):
        """Keeps each program's records (stand-ups, decisions, debt, findings) in retrieval."""
        from bot.oversight.records_sync import RecordsSync

        return RecordsSync(self.settings, lambda: self.records, lambda: self.oversight, lambda: self.index)

    def sync_records(self, program_id: str) -> int:
        """Put a program's records into retrieval; call after every import."""
        return self.records_sync.sync(program_id)

    # --- translation (issue 4) ------------------------------------------------------------
    @cached_property
    def glossary(self):
        """The glossary, from the pickle the index keeps when its files are unchanged (no fourteen YAML files to read)."""
        from pathlib import Path

        from knowledge.glossary_cache import cached_glossary

        return cached_glossary(Path(self.settings.data_dir) / "index", self.settings.glossary)

    @cached_property
    def offline_translator(self):
        """The rule-and-meaning translator (what the LLM path falls back to, and what stand-up items go through)."""
        from bot.translate import build_translator
        from bot.translate.cite import index_retriever

        # Cite the indexed BoK passage when the index is already open (Slack, console); a one-off
        # `compel translate` stays fast and offline with the pack's own citations.
        retrieve = index_retriever(self.index) if "index" in self.__dict__ else None
        return build_translator(self.glossary, retrieve=retrieve, names=self.translation_names)

    @cached_property
    def translation_names(self) -> tuple[str, ...]:
        """Names the translator keeps whole: those of the programs in scope (COMPEL_PROGRAM and the programs linked to
        Slack channels), read from their records. None when no program is configured or its records are not there yet."""
        programs = dict.fromkeys(p for p in (self.settings.program, *self.settings.channel_programs.values()) if p)
        if not programs:
            return ()
        from bot.errors import UserFacingError
        from bot.translate.names import KINDS, program_names
        from store.sqlite_read import SQLiteReader

        names: list[str] = []
        # A SQLite records file is read as stored JSON (no record models to build: a cold `compel translate` stays
        # as quick); any other database, or a program the file does not hold by that id, through the reader.
        quick = SQLiteReader.open(self.settings.records_url, timeout=2.0)
        try:
            for program in programs:
                raw = quick.raw(program, KINDS) if quick is not None and quick.resolve(program) else None
                if raw is None:
                    try:
                        reader = self.record_reader
                        data = reader.outline(reader.resolve(program)).data
                        raw = {"program": [data.program.model_dump()], **{k: [r.model_dump() for r in getattr(data, k)] for k in KINDS}}
                    except UserFacingError as exc:  # no records yet, or a program not imported: no names for it
                        log.info("translation: no names for program %s (%s)", program, exc)
                        continue
                names += program_names(raw)
        finally:
            if quick is not None:
                quick.close()
        return tuple(dict.fromkeys(names))

    @cached_property
    def translator(self):
        return self.with_llm("translate", self.offline_translator)

    # --- Slack, stand-ups, LLM (issues 5-7) -------------------------------------------------
    @cached_property
    def slack_state(self):
        """What the Slack face remembers (channel links, answers and feedback, seen events), on the records database."""
        from store.slack_state import SlackState

        return SlackState(self.settings.records_url)

    @cached_property
    def standups(self):
        """Stand-ups: schedules, collection, summaries and the scheduler, on the records database."""
        from bot.standup.service import Standups

        # Technical items go through the offline translator: with an LLM the summary call rewords them anyway,
        # and one model call per item would make a summary as slow as its longest stand-up.
        return self.with_llm("standup_summary", Standups(self.settings, lambda: self.records, lambda: self.offline_translator, lambda: self.glossary))

    @cached_property
    def reports(self):
        """Sprint review and retro, integration review and steering update, on the records database."""
        from bot.reports.service import Reports

        return Reports(self.settings, lambda: self.records, lambda: self.glossary)

    @cached_property
    def llm(self):
        """The chat backend: OpenAI-compatible when OPENAI_API_KEY or OPENAI_BASE_URL is set, else offline."""
        from bot.llm import build_backend

        return build_backend(self.settings)

    @cached_property
    def llm_usage(self):
        """Per-person daily LLM calls and tokens, on the records database."""
        from bot.llm.usage import UsageLedger

        return UsageLedger(self.settings.records_url, self.settings.llm_daily_limit)

    def with_llm(self, task: str, engine):
        """The offline engine as it is, or wrapped in its LLM path when an LLM is configured (same calls, same types)."""
        if not self.settings.llm_configured:
            _ = self.llm  # says once in the log that answers are produced offline
            return engine
        from bot.llm.call import Caller
        from bot.llm.paths import wrap

        return wrap(task, engine, Caller(self.llm, self.llm_usage))

    def health(self) -> list[str]:
        """What is down, one line each: the records database, and the vector store (the Chroma server when configured)."""
        from store.health import ping_database, run_checks

        checks = {"records database": lambda: ping_database(self.settings.records_url, lambda: self.records.db.engine)}
        if self.settings.chroma_host:
            checks["Chroma server"] = lambda: self.vectors.heartbeat()
        else:
            checks["knowledge index"] = self._local_index_readable
        return run_checks(checks)

    def _local_index_readable(self) -> None:
        # The local mode reads the published snapshot (chromadb is not even imported to answer), so that is what must be there.
        if not self.index.files.exists():
            raise FileNotFoundError(f"no knowledge index in {self.index.dir}; run `compel index <your BoK folder>`")

    def close(self) -> None:
        """Release stores (database connections) held by this container."""
        for name in ("records", "standups", "reports", "llm_usage", "slack_state"):
            obj = self.__dict__.get(name)
            if obj is not None and hasattr(obj, "close"):
                obj.close()


def _answer_texts(chunks):
    """The sentences answers embed, so the index embeds them when it publishes (imported only when it does)."""
    from bot.answer.prefetch import answer_texts

    return answer_texts(chunks)
