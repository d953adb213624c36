"""Records in retrieval: stand-ups, decisions, findings and debt as chunks, scoped so one program never sees another's."""

from __future__ import annotations

import json

import pytest

from bot.cli.records import DEMO_FILE as DEMO
from bot.config import Settings
from bot.oversight import evaluate
from bot.oversight.records_sync import record_chunks, source_key
from store.io import read_program
from store.models import ProgramData


def _other_program() -> ProgramData:
    """A second program whose stand-up talks about the same things as the demo's."""
    return ProgramData.model_validate({
        "program": {"id": "acme", "name": "Acme Retail AI", "current_sprint": 2},
        "workstreams": [{"id": "ws-1", "name": "Data", "pillar": "technology"}],
        "use_cases": [{"id": "uc-basket", "name": "Basket recommendations", "workstream": "ws-1", "stage": "data_preparation"}],
        "updates": [{"id": "a-1", "date": "2026-11-03", "author": "Kim", "workstream": "ws-1", "use_cases": ["uc-basket"],
                     "text": "CRM access still pending with IT security; churn labels rebuilt from the loyalty data.", "progress": True}],
        "decisions": [{"id": "a-dec", "question": "Narrow the scope to one region?", "owner": "Kim"}],
    })


def test_record_chunks_cover_each_kind_scoped_to_the_program():
    data = read_program(DEMO)
    chunks = record_chunks(data, evaluate(data, Settings()))
    labels = {c.section.split(" ", 1)[0] for c in chunks}
    assert labels == {"Stand-up", "Decision", "Debt", "Finding:"}
    assert all(c.kind == "record" and c.program == "halvorsen" and c.source == "records:halvorsen" for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)
    standup = next(c for c in chunks if c.ref == "u-030")
    assert standup.section == "Stand-up 2026-10-20 (Oliver Grant, Data and ML platform)"
    assert "CRM access still pending" in standup.text and "Customer churn early warning" in standup.text
    assert next(c for c in chunks if c.ref == "debt-003").section.startswith("Debt debt-003 (compliance violation")


def test_record_chunk_ids_are_stable():
    data = read_program(DEMO)
    first = [c.id for c in record_chunks(data, evaluate(data, Settings()))]
    again = [c.id for c in record_chunks(read_program(DEMO), evaluate(data, Settings()))]
    assert first == again


def test_source_key_is_one_per_program():
    assert source_key("halvorsen") == "records:halvorsen" != source_key("acme")


# --- through the real index (embeds the pack and the records once for the module) --------------------


@pytest.fixture(scope="module")
def services(tmp_path_factory, _built_index):
    """A copy of the session's index (pack + BoK when present) with the demo and a second program synced in."""
    import shutil

    from bot.services import Services

    data = tmp_path_factory.mktemp("data")
    shutil.copytree(_built_index, data, dirs_exist_ok=True)
    svc = Services(Settings(data_dir=data))
    svc.records.import_program(read_program(DEMO))
    svc.records.import_program(_other_program())
    svc.sync_records("halvorsen")
    svc.sync_records("acme")
    yield svc
    svc.close()


@pytest.mark.slow
def test_a_program_never_retrieves_another_programs_records(services):
    query = "CRM access still pending with IT security"
    for program, other in (("halvorsen", "acme"), ("acme", "halvorsen")):
        hits = services.index.search(query, k=10, program=program, kinds=["record"]).hits
        assert hits, f"no records found for {program}"
        assert {h.chunk.program for h in hits} == {program}
        assert not any(h.chunk.source == source_key(other) for h in hits)


@pytest.mark.slow
def test_without_a_program_no_records_come_back(services):
    hits = services.index.search("CRM access still pending with IT security", k=10).hits
    assert all(h.chunk.kind != "record" for h in hits)


@pytest.mark.slow
def test_ask_for_a_program_cites_its_records(services):
    answer = services.answerer.answer("Is the CRM access for churn still pending?", program="halvorsen")
    assert not answer.abstained
    sources = [c.source for c in answer.citations]
    assert "records:halvorsen" in sources
    assert "records:acme" not in sources


@pytest.mark.slow
def test_sync_replaces_and_remove_drops_a_programs_records(services):
    services.records.add_debt("acme", description="Loyalty extract copied by hand every Monday", planned_sprint=4)
    services.sync_records("acme")
    hits = services.index.search("loyalty extract copied by hand", k=5, program="acme", kinds=["record"]).hits
    assert any("copied by hand" in h.chunk.text for h in hits)
    services.records_sync.remove("acme")
    assert services.index.search("loyalty extract copied by hand", k=5, program="acme", kinds=["record"]).hits == []


@pytest.mark.slow
def test_a_sync_that_read_older_records_and_finished_last_runs_again(services, monkeypatch):
    import threading

    index = services.index
    real = index.upsert_source
    holding, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def first_one_waits(source, chunks):
        calls.append(len(chunks))
        if len(calls) == 1:  # the first sync has read the records and now waits (a slow thread, another replica)
            holding.set()
            release.wait(30)
        return real(source, chunks)

    monkeypatch.setattr(index, "upsert_source", first_one_waits)
    services.records.add_debt("acme", description="Churn labels exported by hand to a spreadsheet")
    older = threading.Thread(target=services.records_sync.sync, args=("acme",))
    older.start()
    assert holding.wait(30)
    services.records.add_debt("acme", description="Scoring job restarts with nobody alerted")
    newer = threading.Thread(target=services.records_sync.sync, args=("acme",))
    newer.start()  # a second sync while the first still holds the older records ...
    release.set()
    older.join()
    newer.join()  # ... and whichever order they finish in, retrieval ends up with the newer record
    hits = index.search("scoring job restarts with nobody alerted", k=5, program="acme", kinds=["record"]).hits
    assert any("nobody alerted" in h.chunk.text for h in hits)


@pytest.mark.slow
def test_stage_questions_quoted_from_the_real_index(services, bok_dir):
    services.index.index_paths([bok_dir])
    qs = services.oversight.questions(stage="integration")
    assert qs.questions[0].origin == "bok"
    article = (bok_dir / "module-2.4-article-06.txt").read_text(encoding="utf-8")
    assert qs.questions[0].text in article and qs.questions[0].text.endswith("?")
    assert qs.questions[0].citation.section == "The EATP's Technical Oversight Model"


def test_only_the_latest_updates_are_indexed():
    data = read_program(DEMO)
    chunks = record_chunks(data, max_updates=5)
    standups = [c.ref for c in chunks if c.section.startswith("Stand-up")]
    latest = [u.id for u in sorted(data.updates, key=lambda u: (u.date, u.id))[-5:]]
    assert sorted(standups) == sorted(latest)
    assert not [c for c in record_chunks(data, max_updates=0) if c.section.startswith("Stand-up")]


# --- imports put records into retrieval, once ------------------------------------------------------


class CountingEmbedder:
    """The real embedder, counting the texts it embeds."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.texts = 0

    def embed_batch(self, texts):
        self.texts += len(texts)
        return self.inner.embed_batch(texts)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.mark.slow
def test_demo_load_puts_records_into_retrieval_and_a_second_import_embeds_nothing(indexed_data_dir, monkeypatch, capsys):
    import knowledge.embeddings as embeddings
    from bot.cli import main

    built: list[CountingEmbedder] = []
    real = embeddings.build_embedder
    monkeypatch.setattr(embeddings, "build_embedder", lambda settings: built.append(CountingEmbedder(real(settings))) or built[-1])

    assert main(["demo", "load"]) == 0
    assert "record passages into retrieval" in capsys.readouterr().out
    assert built and built[-1].texts > 0  # the demo's records were embedded

    # A question about the program's state is answered from its records (issue 10): the access request itself is cited.
    assert main(["ask", "--program", "halvorsen", "--json", "Is the CRM access for churn still pending?"]) == 0
    cited = json.loads(capsys.readouterr().out)["citations"]
    assert any(c["source"] == "records:halvorsen" and c["section"] == "access_request ar-003" for c in cited)
    # In text, a record citation names where it is kept once (its label), not again with a score of 1 by construction.
    assert main(["ask", "--program", "halvorsen", "Is the CRM access for churn still pending?"]) == 0
    text = capsys.readouterr().out
    assert "records:halvorsen · access_request ar-003" in text and "(records:halvorsen, score" not in text
    # Retrieval holds the records too: a search scoped to the program finds the stand-up passages.
    from bot.services import Services

    found = Services().index.search("CRM access for churn still pending", program="halvorsen", kinds=["record"])
    assert any(h.chunk.section.startswith("Stand-up") for h in found.hits)

    built.clear()
    assert main(["demo", "load"]) == 0
    assert main(["records", "import", str(DEMO)]) == 0
    out = capsys.readouterr().out
    assert "nothing changed" in out and "into retrieval" not in out
    assert sum(e.texts for e in built) == 0  # nothing re-embedded, the embedder not even needed

    from store.io import dump_program
    from store.models import Decision

    data = read_program(DEMO)
    more = indexed_data_dir.parent / "more.yaml"
    extra = Decision(id="dec-new", question="Move the route pilot to a second depot?", owner="Ana")
    more.write_text(dump_program(data.model_copy(update={"decisions": [*data.decisions, extra]})), encoding="utf-8")
    assert main(["records", "import", str(more), "--no-index"]) == 0  # a change, left out of retrieval
    capsys.readouterr()
    assert main(["records", "import", str(more)]) == 0  # unchanged now, but retrieval is behind: synced
    assert "into retrieval" in capsys.readouterr().out
    assert sum(e.texts for e in built) > 0
