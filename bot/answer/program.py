"""Questions about a program's state, answered from its records and the oversight engine's findings."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bot.answer import topics
from bot.answer.claims import Claim, RecordRef, names_in, people_in, render
from bot.answer.intent import CLOSE, FLOOR, Intent, IntentClassifier, asks
from bot.answer.model import Answer
from bot.answer.sections import merge
from knowledge.text import sentences, terms
from knowledge.types import Citation


class ProgramParts(Protocol):
    """What program answers read, as the composition root (bot/services.py) provides it: no import of it here."""

    settings: Any
    embedder: Any
    offline_answerer: Any
    records: Any
    index: Any
    oversight: Any
    standups: Any  # the stand-up service: its store holds the stand-up and report schedules

log = logging.getLogger(__name__)

RELATED_SPREAD = 0.08  # records this close to the best match's similarity are shown with it
MIN_QUOTE = 40
OVERLAP_WEIGHT = 0.3
MAX_ASKS = 3  # topics answered for one message's separate asks


class ProgramAnswers:
    """Decides whether a question is about the program's state; if so, answers it from the records."""

    def __init__(self, services: ProgramParts) -> None:
        self.services = services
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)  # when "next" is (tests set their own)

    @cached_property
    def classifier(self) -> IntentClassifier:
        """The intent classifier over the example bank (its vectors cached on disk)."""
        return IntentClassifier(self.services.embedder.embed_batch, cache_dir=Path(self.services.settings.data_dir) / "cache",
                                shipped=self.services.settings.embeddings == "local")

    @cached_property
    def vectors(self):
        from bot.answer.vectors import SentenceVectors

        answerer = self.services.offline_answerer  # the LLM path wraps the Answerer: its vectors are the Answerer's
        shared = answerer.sentence_vectors() if hasattr(answerer, "sentence_vectors") else None
        return shared if shared is not None else SentenceVectors(self.services.embedder.embed_batch)

    def program_id(self, program: str) -> str:
        """The stored program's id; an unknown name is refused naming the closest (exit code 2)."""
        return self.services.records.resolve_program(program)

    def intent(self, question: str, program: str, query: str | None = None) -> tuple[Intent, object]:
        """The question's intent in the program's context, and the program's records."""
        data = self.services.records.program(self.program_id(program))
        vector = self.services.index.embed_query(query or question)
        return self.classifier.classify(question, names_in(data), vector, self.ordinary), data

    def about_the_texts(self, question: str) -> bool:
        """Whether a question is about the documents' layout (which article covers a subject, what to read next), by
        the retriever's own reading-order bank and gate (knowledge/reading_order.py): the BoK's to answer, whatever
        its words. Measured in the demo program's channel (bench_answers.py): BoK questions kept dev 61 -> 62 of 86,
        own 79 -> 82 of 112; none of the 144 own program questions reaches the gate."""
        retriever = self.services.index.retriever()
        layout = retriever.layout()
        if layout is None:
            return False
        return float((layout[0] @ self.services.index.embed_query(question)).max()) >= retriever.calibration.layout_gate

    def records_answer(self, question: str, intent: Intent, program_id: str) -> bool:
        """Whether the texts agree with the router that the records answer the question (bot/answer/route.py): the
        program's indexed records against the BoK and the pack by dense similarity, and the scope model."""
        from bot.answer.route import about_the_program

        retriever = self.services.index.retriever()
        qvec = self.services.index.embed_query(question)
        records = retriever.mask(kinds=["record"], program=program_id)
        rec = retriever.nearest(qvec, records) if records.any() else None
        bok = retriever.nearest(qvec, retriever.mask(kinds=["bok", "pack"]))
        return about_the_program(intent.margin, rec, bok, retriever.scope_score(qvec), bool(intent.names))

    def ordinary(self, phrase: str) -> bool:
        """Whether a phrase is the BoK's or the pack's own wording ("early warning"), so not a use case's name."""
        return f" {phrase} " in self._method_words

    @cached_property
    def _method_words(self) -> str:
        chunks = self._corpus().chunks
        return " " + " ".join(" ".join(re.findall(r"[a-z0-9]+", c.text.lower())) for c in chunks if c.kind in ("bok", "pack")) + " "

    def answer(self, question: str, program: str, query: str | None = None) -> Answer | None:
        """An answer from the records when the question is about the program's state, else None (the BoK answers)."""
        intent, data = self.intent(question, program, query)
        log.debug("intent %s (margin %.3f, names %s)", intent.topic, intent.margin, intent.names)
        if not intent.program or self.about_the_texts(query or question):
            return None
        pid = data.program.id
        if not self.records_answer(query or question, intent, pid):
            return None
        findings = self.services.oversight.findings(pid)
        from bot.oversight.view import ProgramView

        named = [n.lower() for n in intent.names]
        use_cases = [u for u in data.use_cases if any(a.lower() in named for a in (u.name, *u.aliases))]
        people = [p for p in people_in(data) if p.lower() in named or p.split()[0].lower() in named]
        if not use_cases and not people:
            use_cases = self._called(question, data)  # "the pricing use case": a word of one use case's name
        ctx = topics.Context(data=data, findings=findings, as_of=ProgramView(data).as_of, use_cases=use_cases, people=people,
                             related=lambda pool, n: self._related(query or question, pool, n), ordinary=self.ordinary,
                             question=question)
        # A runner-up topic close to the best is answered too ("which are slipping and what holds them up?"), each
        # part cited to its own records: the width is measured in benchmarks/bench_intent.py.
        # A cadence question asks when, not what state: one ask of it takes a runner-up only when that is as close
        # as CLOSE ("is there a stand-up tomorrow?" is not also asking who has not reported).
        chosen = self._ask_topics(question, data) or intent.topics(CLOSE, FLOOR if intent.topic != "cadence" else float("inf"))
        from bot.answer.kinds import named_record_topics, said_kind_topics

        named = named_record_topics(question, data, self.ordinary)
        said = [t for t in chosen if t not in named and t in said_kind_topics(question)]
        if named and said:
            # The kind the question says in its own words, when the model picks it too, beats the named record's kind
            # ("the telematics licence escalation" is about the escalation of the purchase): both are answered.
            chosen = [said[0], named[0]]
        elif named:
            # A record named by its own name says which kind is asked about (exact beats meaning); the model's topic
            # stays beside it only when it scores high in its own right.
            top = [t for t in chosen[:1] if t not in named and intent.ranked and intent.ranked[0][1] >= FLOOR]
            chosen = (named + top)[:2]
        claims = []
        for topic in chosen:
            # Two topics may read the same kind (vendor tickets are escalations and platform): a row is told once.
            part = [c for c in self._topic_claims(topic, ctx, question, pid) if c.text not in {x.text for x in claims}]
            if claims and part:
                part[0].opens = True  # each topic its own paragraph
            claims += part
        claims = self._ground(question, claims)
        text, citations = render(pid, claims)
        cited = ", ".join(sorted({c.kind for c in citations}))
        said = "; ".join(t.replace("_", " ") for t in chosen)
        return Answer(answer=text, abstained=False, citations=citations, question=question,
                      context=f"Answered from the records of {data.program.name} ({said})."
                      + (f" Cited: {cited}." if cited else ""))

    def _ask_topics(self, question: str, data) -> list[str]:
        """A message with two asks in it ("what's blocking churn, and who's deciding?"): each ask's own topic, by its own
        meaning, when they differ (at most MAX_ASKS); else nothing, and the runner-up rule decides."""
        parts = asks(question)
        if len(parts) < 2:
            return []
        names = names_in(data)
        tops = [self.classifier.classify(p, names, self.services.index.embed_query(p), self.ordinary).ranked[0][0] for p in parts]
        tops = list(dict.fromkeys(tops))
        return tops[:MAX_ASKS] if len(tops) > 1 else []

    def _topic_claims(self, topic: str, ctx, question: str, pid: str) -> list[Claim]:
        """What the records say on one topic, in the question's scope."""
        from bot.answer import kinds

        if topic == "cadence":
            return self._cadence(ctx, pid)
        if topic == "readiness":
            return topics.readiness(ctx, lambda uc: self.services.oversight.readiness(uc, pid))
        if topic in kinds.TOPICS:
            return kinds.kinds_answer(ctx, kinds.TOPICS[topic], question)
        if topic == "blockers" and (named := kinds.named_kinds(question, kinds.BLOCKER_KINDS)):
            return kinds.kinds_answer(ctx, tuple(named), question)  # "which access requests ...": that kind whole
        return getattr(topics, topic)(ctx)

    def _cadence(self, ctx, pid: str) -> list[Claim]:
        """When the program's next stand-up, report or sprint end is, from its schedules, calendar and sprint records."""
        from bot.answer.cadence import Schedules, cadence

        store = self.services.standups.store
        sched = Schedules(standups=[s for s in store.schedules() if s.program == pid],
                          reports=[s for s, _ in store.report_schedules_saved() if s.program == pid],
                          days_off=self.services.records.days_off(pid))
        return cadence(ctx, sched, self.clock())

    def stage_cases(self, program: str, stages: list[str], question: str = "") -> dict:
        """The program's use cases at each stage (only those the question names, when it names any), with their
        findings; an unknown program is refused (exit code 2)."""
        from bot.answer.stages import StageCases

        data = self.services.records.program(self.program_id(program))
        findings = self.services.oversight.findings(data.program.id)
        named = self._named_use_cases(question, data)
        out = {}
        for stage in stages:
            cases = [u for u in (named or data.use_cases) if u.stage == stage]
            own = {u.id: [f for f in findings if f.subject == u.id] for u in cases}
            out[stage] = StageCases(data.program.id, data.program.name, cases, own)
        return out

    def stages_named(self, question: str, program: str) -> list[str]:
        """The current stages of the use cases (or their owners) a question names, in delivery order."""
        from bot.answer.stages import STAGES

        data = self.services.records.program(self.program_id(program))
        stages = {u.stage for u in self._named_use_cases(question, data)}
        return [s for s in STAGES if s in stages]

    def _named_use_cases(self, question: str, data) -> list:
        """The use cases a question names by name or alias (loosely spelt too), or through their owner's name."""
        from bot.answer.intent import cues

        if not question:
            return []
        _, found = cues(question, names_in(data), self.ordinary)
        named = {n.lower() for n in found}
        by_name = [u for u in data.use_cases if any(a.lower() in named for a in (u.name, *u.aliases))]
        owners = [u for u in data.use_cases if u.owner and {u.owner.lower(), u.owner.split()[0].lower()} & named]
        return by_name or owners or self._called(question, data)

    @staticmethod
    def _called(question: str, data) -> list:
        """The use case a question calls by a word or two of its name ("the pricing use case", "the matching one")."""
        from bot.answer.names import called_by_part

        called = called_by_part(question, {u.id: [u.name, *u.aliases] for u in data.use_cases})
        return [u for u in data.use_cases if u.id in called]

    def _related(self, question: str, pool: list[tuple[RecordRef, str]], n: int) -> list[RecordRef]:
        """The records whose text is nearest the question by meaning (within a small spread of the best)."""
        if not pool:
            return []
        sims = self.vectors([t for _, t in pool]) @ self.services.index.embed_query(question)
        order = np.argsort(-sims)[:n]
        best = float(sims[order[0]])
        return [pool[i][0] for i in order if float(sims[i]) >= best - RELATED_SPREAD]

    def _ground(self, question: str, claims: list[Claim]) -> list[Claim]:
        """Fill each BoK citation with the sentence of its section nearest the question; add one when none is cited."""
        filled: dict[tuple, Citation] = {}
        for claim in claims:
            for i, c in enumerate(claim.bok):
                key = (c.module, c.article, c.section)
                if key not in filled:
                    # The sentence nearest what the claim says: the finding, not the question, is what it rests on.
                    filled[key] = self._quoted(claim.text, c)
                claim.bok[i] = filled[key]
        if not filled:
            found = self._nearest_passage(question)
            if found is not None:
                claims.append(Claim(f"The BoK's guidance: {found.quote}", bok=[found]))
        return claims

    def _quoted(self, claim: str, citation: Citation) -> Citation:
        """The citation with the sentence of its section nearest the claim (its part first, see _best_sentence), and
        how near that sentence is to the claim as its score."""
        chunks = [c for c in self._corpus().chunks if (c.module, c.article, c.section) == (citation.module, citation.article, citation.section)
                  and c.kind in ("bok", "pack")]
        bok = sorted((c for c in chunks if c.kind == "bok"), key=lambda c: c.start)
        parts = bok or [c for c in chunks if c.kind == "pack"]
        if not parts:
            return citation
        # A pack entry is one titled point, so its part is chosen first; a BoK chunk is a window over many points.
        best, score = self._best_sentence(claim, merge(parts) if bok else " ".join(c.text for c in parts), None if bok else parts)
        if not best:
            return citation
        first = parts[0]
        return citation.model_copy(update={"quote": best[:320], "score": score, "source": first.source, "kind": first.kind,
                                           "chunk_id": first.id})

    def _nearest_passage(self, question: str) -> Citation | None:
        found = self.services.index.search(question, k=3, kinds=["bok", "pack"])
        if found.abstained or not found.hits:
            return None
        top = found.hits[0].chunk
        best, _ = self._best_sentence(question, top.text)
        if not best:
            return None
        return Citation(source=top.source, module=top.module, article=top.article, section=top.section, quote=best[:320],
                        score=found.hits[0].score, kind=top.kind, chunk_id=top.id)

    def _best_sentence(self, question: str, text: str, parts: list | None = None) -> tuple[str, float]:
        """The full sentence of a passage nearest the question (never a lead-in ending in ':'), and its similarity.

        With the passage's parts given (the pack entries of a section, each one titled point), the part nearest the
        question is chosen first, heading and all, and the sentence within it: a sentence that never says the
        subject's word ("how blockers get raised", under "Escalation pathways") is then chosen over one elsewhere in
        the section that only shares an incidental word with the question."""
        options = [re.sub(r"^\s*(?:[-*•–]|\d+[.)])\s+", "", s).strip() for s in sentences(text)]
        options = [s for s in options if len(s) >= MIN_QUOTE and not s.endswith(":")]
        if options and parts and len(parts) > 1:
            near = self.vectors([p.text for p in parts]) @ self.vectors([question])[0]
            part = parts[int(np.argmax(near))].text
            # Whole sentences of the passage that open in that part.
            options = [o for o in options if o[:MIN_QUOTE] in part] or options
        if not options:
            return "", 0.0
        sims = self.vectors(options) @ self.vectors([question])[0]
        # Shared words break near-ties in meaning ("access" in the claim and in the sentence).
        want = set(terms(question))
        overlap = np.array([len(want & set(terms(o))) / (len(want) or 1) for o in options])
        at = int(np.argmax(sims + OVERLAP_WEIGHT * overlap))
        best = options[at]
        return (best if best.endswith((".", "?", "!", '"', "”")) else best + "."), round(max(float(sims[at]), 0.0), 2)

    def _corpus(self):
        return self.services.index.retriever().corpus
