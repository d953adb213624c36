"""The jargon checker flags glossary terms a business reader is left to guess, and explain() fixes them."""

from __future__ import annotations

import pytest

from bot.jargon import explain, find_unexplained, plain_rewrite, plain_where_needed
from knowledge.glossary import Glossary, load_glossary


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def flagged(text: str, glossary: Glossary) -> list[str]:
    return [h.term for h in find_unexplained(text, glossary)]


def test_bare_terms_are_flagged_with_their_plain_meaning(glossary):
    hits = find_unexplained("The DAG is flaky and the SLA was missed.", glossary)
    assert [h.term for h in hits] == ["DAG", "flaky", "SLA"]
    assert hits[0].surface == "DAG" and hits[0].plain == glossary.get("DAG").plain
    assert "The DAG is flaky"[hits[0].start : hits[0].end] == "DAG"


def test_plain_business_text_is_clean(glossary):
    assert flagged("The sales team will get the figures a day late; the sponsor must choose a date.", glossary) == []


@pytest.mark.parametrize(
    "text",
    [
        "The SLA (the agreed promise on speed) was missed.",
        "The SLA \u2014 our promise on response time \u2014 was missed.",
        "The SLA, i.e. the agreed response time, was missed.",
        "The SLA, meaning the promise to the business, was missed.",
    ],
)
def test_explained_terms_pass(glossary, text):
    assert flagged(text, glossary) == []


def test_a_bracketed_reference_is_not_an_explanation(glossary):
    assert flagged("The firewall change request (CHG-8812) is pending.", glossary) == ["firewall change request"]


def test_a_term_explained_once_is_fine_later_but_not_before(glossary):
    assert flagged("The DAG (a chain of data steps) failed; the DAG reran.", glossary) == []
    assert flagged("The DAG failed; the DAG (a chain of data steps) reran.", glossary) == ["DAG"]


def test_explain_adds_one_bracket_per_term_and_leaves_clean_text(glossary):
    text = "The DAG is flaky; the DAG needs a rerun."
    out = explain(text, glossary)
    assert out.count("(") == 3  # DAG, flaky, rerun; the second DAG is already explained
    assert flagged(out, glossary) == []
    assert explain("Nothing technical here.", glossary) == "Nothing technical here."


def test_explain_groups_terms_written_side_by_side(glossary):
    out = explain("Airflow DAG for the weekly invoice sync", glossary)
    assert out.startswith("Airflow DAG (Airflow: ")
    assert flagged(out, glossary) == []


def test_ids_that_start_with_a_term_are_left_alone(glossary):
    assert flagged("Item JIRA-1 and PR-123 are open", glossary) == []
    assert plain_rewrite("Item JIRA-1 is open", glossary) == "Item JIRA-1 is open"


def test_explain_keeps_compounds_glued_to_a_term_whole(glossary):
    out = explain("the SHAP-based report", glossary)
    assert "SHAP-based (" in out


def test_a_count_after_a_lower_case_term_is_what_it_acts_on_not_its_version(glossary):
    out = explain("Each morning the analyst is spot-checking 40 invoices.", glossary)
    assert "spot-checking (" in out and ") 40 invoices." in out
    # A version after a name still belongs with the name.
    assert "Spark 3.5 (" in explain("We moved to Spark 3.5 last week.", glossary)


def test_explain_inside_existing_brackets_does_not_nest(glossary):
    out = explain("loan summaries (SHAP) attached to each outcome", glossary)
    assert out.startswith("loan summaries (SHAP: ") and "((" not in out
    assert flagged(out, glossary) == []


def test_plain_rewrite_leaves_no_jargon_and_keeps_the_sentence_readable(glossary):
    out = plain_rewrite("The Airflow DAG is flaky and an ETL job got OOMKilled; we rolled back PR #88.", glossary)
    assert flagged(out, glossary) == []
    assert out.startswith("The chain of data jobs in the job scheduler is unreliable")
    assert "a data loading routine job" in out and "#88" in out and "switched back" in out


def test_plain_rewrite_capitalises_at_sentence_start_and_fixes_articles(glossary):
    assert plain_rewrite("DAG failed.", glossary).startswith("Chain of data jobs failed")
    assert plain_rewrite("We need an SLA.", glossary) == "We need a service promise."


def test_a_swap_does_not_repeat_the_word_before_it(glossary):
    out = plain_rewrite("Features come back too slowly for live serving; we are trying smaller models.", glossary)
    assert "live live" not in out and "for live service;" in out
    assert "live system layer" in plain_rewrite("Move to the serving layer next week.", glossary)


def test_plain_where_needed_keeps_explained_text_and_rewrites_bare_terms(glossary):
    explained = "The SLA (the agreed promise on speed) was missed."
    assert plain_where_needed(explained, glossary) == explained
    bare = "The DAG is flaky and the SLA was missed."
    assert plain_where_needed(bare, glossary) == plain_rewrite(bare, glossary) != bare
    assert flagged(plain_where_needed(bare, glossary), glossary) == []
