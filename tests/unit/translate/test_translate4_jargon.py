"""Issue 11, fourth round: business systems explained, quoted parts that keep their grammar, honest jargon counting.

Every update here is written for these tests, worded away from the development sets, the unseen sets and the bank.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from bot.jargon import find_unexplained
from bot.translate import build_translator
from bot.translate.spans import fact_spans
from bot.translate.consistency import grammar_problems, translation_grammar
from bot.understand.facts import extract_facts
from knowledge.glossary import Glossary, GlossaryEntry, load_glossary
from tests.paths import ROOT


def _bench():
    spec = importlib.util.spec_from_file_location("bench_translate", ROOT / "benchmarks" / "bench_translate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- glossary: the systems a business runs on --------------------------------------------------------------
@pytest.mark.parametrize("name", ["CRM", "ERP", "SAP", "CMS", "HRIS", "IDoc", "BAPI", "Salesforce"])
def test_business_systems_are_known_and_explained_as_systems(glossary, name):
    entry = glossary.get(name)
    assert entry is not None, name
    # A system is a thing, never a person or a team.
    assert not any(w in entry.plain.lower().split() for w in ("person", "team", "who")), entry.plain


def test_a_system_named_in_an_update_is_explained_the_first_time(translator):
    t = translator.translate("The loyalty sign-ups in the CRM are 40% duplicates since the import on 3 March.")
    text = t.business_text()
    assert "40%" in text and "3 March" in text
    assert find_unexplained(text, Glossary([GlossaryEntry(term="CRM", plain="a term of the test", domain="org")])) == []


def test_server_error_codes_are_explained_but_plain_counts_are_not(glossary):
    assert glossary.get("503s") is not None
    assert [m.entry.term for m in glossary.find("we loaded 503 rows")] == []


def test_workday_as_a_word_is_not_the_product(glossary):
    assert [m.entry.term for m in glossary.find("a normal workday for the clerks")] == []
    assert [m.entry.term for m in glossary.find("holiday balances come from Workday")] == ["Workday"]


# --- fact spans keep what each fact measures (compose6: spans replace the quoted parts) ------------------------
def _spans(clause: str, facts: list[tuple[str, str]]) -> list[str]:
    return [clause[a:b] for a, b in fact_spans(clause, facts)]


def test_a_count_keeps_the_noun_it_counts_and_leaves_the_rest_of_the_clause():
    clause = "Since the move on 2 June, roughly 300 recipes arrive with odd markup and cut-off titles"
    spans = _spans(clause, [("date", "2 June"), ("number", "300")])
    assert "on 2 June" in spans and any(s.startswith("roughly 300 recipes") for s in spans), spans
    assert not any("cut-off titles" in s for s in spans), spans


def test_a_time_keeps_its_preposition():
    clause = "Since the nightly settings change at 23:05 the loader crashes on every third file"
    assert _spans(clause, [("time", "23:05")]) == ["at 23:05"]


def test_a_bare_figure_keeps_the_noun_before_a_preposition_it_measures():
    clause = "The queue delay on the parcels channel has reached 25 minutes"
    (span,) = _spans(clause, [("number", "25 minutes")])
    assert span.startswith("queue delay") and span.endswith("25 minutes"), span


# --- facts and grammar ---------------------------------------------------------------------------------------
def test_a_number_before_a_comma_does_not_take_the_comma():
    facts = [f.text for f in extract_facts("Approval is on day 14, so the van trial waits; it cost $3,200, in all.")]
    assert "14" in facts and "$3,200" in facts and not any(f.endswith(",") for f in facts), facts


def test_an_before_letters_read_aloud_is_right_and_a_wrong_article_is_still_caught():
    assert grammar_problems("The bill came mostly from an XL cluster left on.") == []
    assert grammar_problems("It needs an SLA before launch.") == []
    assert grammar_problems("We hired an clerk to check them.") != []


def test_whole_translations_of_new_wordings_read_right(translator):
    for text in (
        "The parcel ETA service answers in 1.8s while the tracking page waits 500ms, and the BAPI for returns is not scoped.",
        "Since the Workday sync on 9 May, 1 in 6 new starters has no manager in the HRIS.",
    ):
        t = translator.translate(text)
        assert translation_grammar(t) == [], (text, t.business_text())


# --- the benchmark's jargon count stays honest ----------------------------------------------------------------
def test_a_case_term_inside_a_longer_explained_term_counts_as_explained(glossary):
    left_bare = _bench().left_bare
    mini = Glossary([GlossaryEntry(term="inference", plain="a term of the test", domain="org")])
    explained = "Inference costs (what it costs to produce each answer once live) reached a new high."
    assert left_bare(explained, mini, glossary) == set()


def test_a_bare_case_term_is_still_counted(glossary):
    left_bare = _bench().left_bare
    mini = Glossary([GlossaryEntry(term="inference", plain="a term of the test", domain="org")])
    assert left_bare("Inference is slow on the small servers.", mini, glossary) == {"inference"}
    mini = Glossary([GlossaryEntry(term="route planner", plain="a term of the test", domain="org")])
    assert left_bare("The route planner needs an hour.", mini, glossary) == {"route planner"}


# --- speed without a change of meaning: the packed forward pass ---------------------------------------------
def test_packed_forward_gives_the_padded_vectors():
    from knowledge.embeddings import local_embedder

    e = local_embedder()
    texts = ["ok", "the van routes arrive after the drivers leave the depot", "costs doubled " * 12]
    enc = e.tokenizer.encode_batch(texts)
    padded = e._embed(enc, e._forward)
    packed = e._packed([x.ids for x in enc])
    assert packed.shape == padded.shape
    assert float(np.abs(packed - padded).max()) < 1e-5
    assert np.allclose(np.linalg.norm(packed, axis=1), 1.0, atol=1e-5)


def test_a_person_opening_the_sentence_is_a_fact_when_a_he_or_she_points_back():
    facts = [f.text for f in extract_facts("Anouk is the one who tuned the loader, and she moves to audit next week.")]
    assert "Anouk" in facts, facts
    # Without the pronoun, or across a full stop, a first word stays a plain word.
    assert "Finance" not in [f.text for f in extract_facts("Finance is unhappy with the numbers. Then he left.")]
    assert "Anouk" in build_translator(load_glossary()).translate(
        "Anouk is the one who tuned the loader, and she moves to audit next week.").business_text()


def test_words_shaped_like_technical_names_are_found_when_nothing_explains_them(glossary):
    from bot.jargon import unknown_technical_words

    text = "The Zendesk export lacks the QRZ codes and the load_step table, see OPS-2210 before 9 AM."
    assert unknown_technical_words(text, glossary) == ["QRZ", "load_step"]
    assert unknown_technical_words("The QRZ (the regional code list) is late; HR and IT agree.", glossary) == []
    assert unknown_technical_words("The CRM holds them.", glossary) == []  # known to the glossary: explained there
