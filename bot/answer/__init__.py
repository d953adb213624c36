"""Grounded answers: from the BoK and knowledge pack (extractive offline, LLM when configured) or a program's records."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from bot.answer.compose import compose
from bot.answer.model import MAX_QUOTE, NOT_COVERED, WEAK_MATCH, Answer, check_question
from bot.answer.sections import Sections
from bot.answer.stages import asks_questions, named_stages, stage_answer
from knowledge.text import terms
from knowledge.types import Retrieval

if TYPE_CHECKING:
    from bot.config import Settings
    from knowledge.embeddings import Embedder
    from knowledge.index import KnowledgeIndex

__all__ = ["MAX_QUOTE", "NOT_COVERED", "WEAK_MATCH", "Answer", "Answerer", "check_question", "compose"]

log = logging.getLogger(__name__)

FOLLOW_UP_TERMS = 5  # a question this short in a thread is read with the one before it


def vector_cache(settings: "Settings", embedder) -> Path:
    """Where sentence vectors are kept between processes (one file per embedding model)."""
    name = "".join(ch if ch.isalnum() else "-" for ch in getattr(embedder, "name", "model"))
    return Path(settings.data_dir) / "cache" / f"sentence-vectors-{name}.npz"


class Answerer:
    """Answers questions from the index (BoK, knowledge pack, and one program's records) and the program's records."""

    def __init__(
        self,
        settings: "Settings",
        index: "KnowledgeIndex",
        embedder: Callable[[], "Embedder"] | None = None,
        program_answers: Callable[[], object] | None = None,
    ) -> None:
        self.settings = settings
        self.index = index
        self._embedder = embedder
        self._program_answers = program_answers
        self._vectors = None
        self._seeded: object | None = None  # the corpus whose sentence vectors were last taken into the cache
        self._sections = Sections()
        self._stage_requests = None  # bot.answer.stage_request.StageRequests, made when first needed
        self._stage_meaning = None  # bot.answer.stage_meaning.StageMeaning, made when first needed

    def retrieve(self, question: str, program: str | None = None, history: list[str] | None = None) -> Retrieval:
        """Search for the question; a short follow-up in a thread is read together with the previous question."""
        text = check_question(question, self.settings.max_question_chars)
        return self.index.search(self._query(text, history), k=self.settings.top_k, program=program)

    def _query(self, text: str, history: list[str] | None) -> str:
        if history and len(terms(text)) <= FOLLOW_UP_TERMS:
            return f"{history[-1]} {text}"[-self.settings.max_question_chars :]
        return text

    def answer(
        self, question: str, program: str | None = None, history: list[str] | None = None, person: str | None = None
    ) -> Answer:
        """The program's records when the question is about the program's state, else a cited BoK answer.

        `person` is accepted so every answer engine has one signature; only LLM calls count against a daily limit.
        """
        text = check_question(question, self.settings.max_question_chars)
        if self.asks_questions(text):  # "what should I ask / check at <stage>": the stage's questions in full
            stages = named_stages(text) or self._stages_of_use_cases(text, program)
            if not stages:
                stages = self._stage_by_meaning(text)
            if stages:
                return self.stage_answer(text, stages, program)
        found = self.program_answer(text, program, history)
        if found is not None:
            return found
        return self.compose(text, self.retrieve(text, program, history), program)

    def asks_questions(self, question: str) -> bool:
        """Whether the question asks for the questions to ask at a stage: by meaning (bot/answer/stage_request.py,
        the word rule one of its features) when an embedder is at hand, else by the word rule alone."""
        if self._embedder is None:
            return asks_questions(question)
        if self._stage_requests is None:
            from bot.answer.stage_request import StageRequests

            self._stage_requests = StageRequests(lambda texts: self._embedder().embed_batch(texts),
                                                 cache_dir=Path(self.settings.data_dir) / "cache",
                                                 shipped=getattr(self.settings, "embeddings", "local") == "local")
        return self._stage_requests.is_request(question, self.index.embed_query(question))

    def stage_answer(self, question: str, stages: list[str], program: str | None = None) -> Answer:
        """The questions for the stages asked about, with the program's use cases at each stage when one is in scope."""
        cases = self._program_answers().stage_cases(program, stages, question) if program and self._program_answers else None
        return stage_answer(question, stages, self.index.section_text, cases, source_of=self._bok_source)

    def _bok_source(self, module: str, article: int, section: str) -> str | None:
        """The indexed file a BoK section comes from."""
        return next((c.source for c in self.index.retriever().corpus.chunks
                     if c.kind == "bok" and (c.module, c.article, c.section) == (module, article, section)), None)

    def _stage_by_meaning(self, question: str) -> list[str]:
        """When no stage is named in words ("while they tune the model"): the stage whose situations
        (bot/answer/stage_situations.yaml) are nearest the question by meaning (bot/answer/stage_meaning.py).

        Measured end to end (the answer gives the stage's questions) on tests/data/stage_meaning.yaml: 5 of 14 with the
        method this replaced (the best passage's stages, else the pack's stage piece nearest the question), 12 of 14
        with the situations; on stage_meaning_11.yaml (written before the situations): 11 of 14. Of the five left,
        three are not read as requests for questions (bot/answer/stage_request.py) and two get the wrong stage."""
        if self._embedder is None:
            return []  # no meaning to choose by: the ordinary answer, not a guess
        if self._stage_meaning is None:
            from bot.answer.stage_meaning import StageMeaning

            self._stage_meaning = StageMeaning(lambda texts: self._embedder().embed_batch(texts),
                                               local=getattr(self.settings, "embeddings", "local") == "local")
        return [self._stage_meaning.stage(question, self.index.embed_query(question))]

    def _stages_of_use_cases(self, question: str, program: str | None) -> list[str]:
        """The current stages of the use cases a question names ("what should I ask the churn team?")."""
        if not program or self._program_answers is None:
            return []
        return self._program_answers().stages_named(question, program)

    def program_answer(self, question: str, program: str | None, history: list[str] | None = None) -> Answer | None:
        """The answer from the program's records when the question is about its state; None for the BoK to answer.

        An unknown program is refused here, naming the closest (exit code 2), whatever the question.
        """
        if not program or self._program_answers is None:
            return None
        text = check_question(question, self.settings.max_question_chars)
        return self._program_answers().answer(text, program, self._query(text, history))

    def compose(self, question: str, retrieval: Retrieval, program: str | None = None) -> Answer:
        """The extractive answer over a retrieval: sentences chosen by meaning and shared words, lists given whole."""
        retriever = self.index.retriever()
        corpus = retriever.corpus
        vectors, query_vector = self._dense(retrieval.query)
        return compose(
            question, retrieval, corpus.idf, program, vectors=vectors, query_vector=query_vector,
            section_lines=lambda chunk: self._sections.lines(corpus, corpus.chunks, (chunk.source, chunk.section)),
        )

    def sentence_vectors(self):
        """The sentence-vector cache (shared with program answers), or None when no embedder is at hand."""
        if self._embedder is None:
            return None
        if self._vectors is None:
            from bot.answer.vectors import SentenceVectors

            embedder = self._embedder()
            self._vectors = SentenceVectors(embedder.embed_batch, path=vector_cache(self.settings, embedder))
        corpus = self.index.retriever().corpus
        if self._seeded is not corpus:  # program answers weigh the same sentences: seed before either uses them
            _seed_from_index(self._vectors, corpus)
            if hasattr(self.index, "answer_sentences"):  # the rest of the answer sentences, embedded at index time
                self._vectors.seed(*self.index.answer_sentences())
            self._seeded = corpus
        return self._vectors

    def _dense(self, query: str):
        """The sentence-vector cache and the query's vector, or (None, None) when no embedder is at hand."""
        vectors = self.sentence_vectors()
        return (vectors, self.index.embed_query(query)) if vectors is not None else (None, None)


def _seed_from_index(vectors, corpus) -> None:
    """Reuse the index's sentence vectors, so a question's new sentences are not embedded again at answer time.

    The index embeds each passage's sentences when it publishes (knowledge.retrieve.window_texts); rows of
    `corpus.windows` follow the chunks in order, so the texts are recovered by walking the chunks the same way.
    """
    from knowledge.retrieve import window_texts

    windows = corpus.windows
    texts = [text for chunk in corpus.chunks for text in window_texts(chunk)]
    if texts and len(texts) == len(windows.matrix):
        vectors.seed(texts, windows.matrix)
