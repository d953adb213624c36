"""The oversight engine bound to the stores: findings, questions, readiness and status for a stored program."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.oversight.cache import FindingsCache
from bot.oversight.engine import evaluate
from bot.oversight.findings import Finding
from bot.oversight.questions import QuestionSet, questions_for_stage, questions_for_use_case
from bot.oversight.readiness import ReadinessReport, readiness_report
from bot.oversight.status import ProgramStatus, program_status
from bot.oversight.view import ProgramView

if TYPE_CHECKING:
    from store.reader import RecordReader

log = logging.getLogger(__name__)


def index_built(index: object) -> bool:
    """True when the knowledge index has been built in its data dir (reading it then costs no embedding)."""
    where = getattr(index, "dir", None)
    return where is None or where.exists()


def _use_case(view: ProgramView, id_or_name: str):
    """The view's use case by id, name or alias (the records are already read: no second trip to the store)."""
    from store.names import find_use_case

    return find_use_case(view.data.use_cases, view.program.name, id_or_name)


class Oversight:
    """Orchestration over a record reader and the findings cache: the pure engine runs on what the reader returns."""

    def __init__(self, settings: Settings, reader: Callable[[], "RecordReader"], index: Callable[[], object] | None = None,
                 debt_judge: Callable[[], object] | None = None) -> None:
        self.settings = settings
        self._reader = reader
        self._index = index
        self._debt_judge = debt_judge  # built on first use: only a live, unwatched use case with debt needs it

    @property
    def reader(self) -> "RecordReader":
        """The records, as services.py chose to read them (the SQL store, or the fast SQLite reader in front of it)."""
        return self._reader()

    def _cache(self) -> FindingsCache:
        return FindingsCache(Path(self.settings.data_dir) / "cache")

    def view_and_findings(self, program: str | None = None, as_of: Date | None = None) -> tuple[ProgramView, list[Finding]]:
        """The program's records grouped for the rules (read without the stand-up bodies, see RecordStore.outline) and
        all their findings, read once (findings from the cache when the records are unchanged)."""
        reader = self.reader
        outline = reader.outline(reader.resolve(program))
        cache = self._cache()
        found = cache.load(outline.data.program.id, cache.key(outline.revision, self.settings, None, as_of))
        if found is None:
            found = self._evaluate(cache, outline, None, as_of)
        return ProgramView.from_outline(outline, as_of=as_of), found

    def findings(self, program: str | None = None, *, rules: list[str] | None = None, as_of: Date | None = None) -> list[Finding]:
        """Every risk signal in a program, most severe first (served from the cache while the records are unchanged)."""
        reader = self.reader
        cache = self._cache()
        pid = reader.resolve(program)
        cached = cache.load(pid, cache.key(reader.revision(pid), self.settings, rules, as_of))
        if cached is not None:
            return cached
        return self._evaluate(cache, reader.outline(pid), rules, as_of)

    def _evaluate(self, cache, outline, rules: list[str] | None, as_of: Date | None) -> list[Finding]:
        from bot.oversight.sources import all_citations, preload

        citations = cache.citations()
        if citations is not None:
            preload(citations)
        view = ProgramView.from_outline(outline, as_of)
        if self._debt_judge is not None:
            view.debt_judge = lambda description, risk: self._debt_judge().judge(description, risk).category
        found = evaluate(view, self.settings, rules=rules)
        found = self._quoted(cache, found)
        if citations is None:
            cache.save_citations(all_citations())
        # Keyed by the revision the findings were computed from: a write since then only costs a recomputation.
        cache.save(outline.data.program.id, cache.key(outline.revision, self.settings, rules, as_of), found)
        return found

    def _quoted(self, cache, found: list[Finding]) -> list[Finding]:
        """Each citation with its BoK passage and score, read from the index only for quotes not kept yet."""
        from bot.oversight.cache import code_digest
        from bot.oversight.quotes import QuoteBook

        book = QuoteBook(cache.directory / f"quotes-{code_digest()}.json")
        # Where the index (knowledge/index.py keeps it under data_dir/index) was never built, do not even import it:
        # a `compel risks` after a write stays a short process.
        indexed = self._index is not None and (Path(self.settings.data_dir) / "index").exists()
        return book.attach(found, self.section_text if indexed else None)

    def section_text(self, module: str, article: int, section: str) -> str | None:
        """A BoK section's text from the index, or None when it is not indexed (or the index cannot be opened)."""
        if self._index is None:
            return None
        try:
            index = self._index()
            if not index_built(index):
                return None  # nothing indexed yet: do not build an index just to find no BoK text in it
            return index.section_text(module=module, article=article, section=section)
        except Exception:  # noqa: BLE001 - no index just means questions come from the pack
            log.debug("section text unavailable for %s/%s/%s", module, article, section, exc_info=True)
            return None

    def questions(self, *, stage: str | None = None, use_case: str | None = None, program: str | None = None) -> QuestionSet:
        """The questions for a stage, or for a use case at its current stage plus its findings."""
        if use_case is None:
            return questions_for_stage(stage or "", self.section_text)
        view, found = self.view_and_findings(program)
        return questions_for_use_case(_use_case(view, use_case), found, self.section_text)

    def readiness(self, use_case: str, program: str | None = None) -> ReadinessReport:
        """Deployment readiness of a use case."""
        view, found = self.view_and_findings(program)
        return readiness_report(_use_case(view, use_case), found, view.data.debt)

    def status(self, program: str | None = None, as_of: Date | None = None) -> ProgramStatus:
        """Use cases by stage and milestone, and each workstream's red/amber/green status."""
        view, found = self.view_and_findings(program, as_of)
        return program_status(view, found)
