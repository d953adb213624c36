"""The glossary: shipped data is sound, matching handles real spellings, an organisation can extend it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError, NotFoundError
from bot.jargon import find_unexplained
from bot.understand.facts import numbers_in
from knowledge.glossary import Glossary, GlossaryEntry, load_glossary, normalise_token


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def terms(glossary: Glossary, text: str) -> list[str]:
    return [m.entry.term for m in glossary.find(text)]


def test_shipped_glossary_has_several_hundred_entries_over_every_domain(glossary):
    assert len(glossary) >= 300
    assert {e.domain for e in glossary.entries} >= {"data", "ml", "mlops", "platform", "delivery", "governance", "tools"}


def test_no_written_form_belongs_to_two_terms(glossary):
    assert glossary.conflicts == []


def test_every_entry_explains_itself_without_jargon_or_numbers(glossary):
    # Plain meanings go into business text in brackets: they must not need explaining themselves,
    # and must not bring a number the engineer never wrote.
    bad = []
    for entry in glossary.entries:
        for text in (entry.plain, entry.impl):
            if find_unexplained(text, glossary) or numbers_in(text):
                bad.append((entry.term, text))
    assert bad == []


def test_every_swap_is_plain_and_numberless(glossary):
    bad = [
        (entry.term, text)
        for entry in glossary.entries
        for text in entry.swap.values()
        if find_unexplained(text, glossary) or numbers_in(text)
    ]
    assert bad == []
    assert sum(1 for e in glossary.entries if e.swap) >= 100


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("the SLAs were missed", "SLA"),
        ("our p95 is 800ms", "p95"),
        ("AUC fell", "AUC"),
        ("PSI above the limit", "PSI"),
        ("the ETL job", "ETL"),
        ("pods on k8s", "k8s"),
        ("the job got OOMKilled", "OOM"),
        ("two PRs open", "PR"),
        ("CI is red", "CI"),
        ("the data pipelines broke", "pipeline"),
        ("we rolled back", "rollback"),
        ("roll-back done", "rollback"),
        ("the hardcoded rates", "hard-coded"),
        ("the hard coded rates", "hard-coded"),
        ("a reference data feed", "reference data feed"),
        ("label leakage again", "label leakage"),
        ("Airflow's scheduler", "Airflow"),
        ("the firewall change request", "firewall change request"),
        ("batch-scoring run", "batch scoring"),
    ],
)
def test_matching_handles_inflections_abbreviations_and_hyphens(glossary, text, term):
    assert term in terms(glossary, text)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("a dag of hay", "DAG"),  # the abbreviation only in capitals
        ("the pr team", "PR"),
        ("lime and soda", "LIME"),
        ("the tip of the iceberg", "Delta Lake"),  # product names that are also words match only as written
        ("a spark of interest", "Spark"),
        ("our agents in the contact centre", "AI agent"),
    ],
)
def test_ordinary_words_are_not_taken_for_terms(glossary, text, term):
    assert term not in terms(glossary, text)


def test_everyday_business_words_are_not_jargon(glossary):
    assert terms(glossary, "Please log in, review the budget and release the report to the branch.") == []


def test_longest_term_wins_and_matches_never_overlap(glossary):
    found = glossary.find("The firewall change request is pending")
    assert [m.entry.term for m in found] == ["firewall change request"]
    spans = [(m.start, m.end) for m in glossary.find("Airflow DAG flaky, SLA p95 latency")]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


def test_terms_do_not_match_across_sentence_punctuation(glossary):
    assert "data lake" not in terms(glossary, "We moved the data. Lake views are next.")


def test_normalise_token_keeps_plural_and_singular_together():
    assert normalise_token("pipelines") == normalise_token("pipeline")
    assert normalise_token("Dependencies") == "dependency"
    assert normalise_token("status") == "status"


def test_organisation_glossary_adds_and_overrides(tmp_path: Path):
    org = tmp_path / "org.yaml"
    org.write_text(
        "entries:\n"
        "- {term: Nimbus, plain: \"the company's internal forecasting platform\", kind: name}\n"
        "- {term: DAG, plain: \"a chain of nightly jobs in our scheduler\"}\n",
        encoding="utf-8",
    )
    glossary = load_glossary(org)
    assert "Nimbus" in terms(glossary, "Nimbus is down")
    assert glossary.get("DAG").plain == "a chain of nightly jobs in our scheduler"
    assert len(glossary) == len(load_glossary()) + 1


def test_organisation_glossary_errors_name_the_file_and_entry(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n- {term: Nimbus}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_glossary(bad)
    assert "bad.yaml" in exc.value.message and "entry 1" in exc.value.message and "plain" in exc.value.message
    broken = tmp_path / "broken.yaml"
    broken.write_text("entries: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_glossary(broken)
    with pytest.raises(NotFoundError, match="COMPEL_GLOSSARY"):
        load_glossary(tmp_path / "missing.yaml")


def test_a_glossary_can_be_built_from_entries_directly():
    g = Glossary([GlossaryEntry(term="widget", plain="a small part of the screen", domain="org")])
    assert [m.surface for m in g.find("Two Widgets here")] == ["Widgets"]


# --- the review of issue 11: tools are not people, abbreviations are explained --------------------------------


def test_pagerduty_is_an_alerting_service_not_a_person():
    from knowledge.glossary import load_glossary

    g = load_glossary()
    entry = g.get("PagerDuty")
    assert entry is not None and entry.kind == "name" and "service" in entry.plain
    assert not entry.plain.startswith(("the person", "a person", "someone"))
    assert "PagerDuty" not in g.get("on-call").surfaces()
    assert "rota" in g.get("on-call").plain


def test_hpa_and_thrashing_are_explained():
    from knowledge.glossary import load_glossary

    g = load_glossary()
    assert [m.entry.term for m in g.find("the HPA keeps thrashing")] == ["HPA", "thrashing"]
    assert "adds or removes copies" in g.get("HPA").plain
    assert "horizontal pod autoscaler" in g.get("HPA").surfaces()


def test_no_tool_is_explained_as_a_person_and_no_plain_meaning_needs_its_own_gloss():
    from bot.jargon import find_unexplained
    from knowledge.glossary import load_glossary

    g = load_glossary()
    tools = [e for e in g.entries if e.domain == "tools" or e.kind == "name"]
    assert not [e.term for e in tools if e.plain.lower().startswith(("the person", "a person", "someone", "the people"))]
    assert [(e.term, h.surface) for e in g.entries for h in find_unexplained(e.plain, g)] == []


def test_tools_are_their_own_entries_not_aliases_of_a_concept():
    from knowledge.glossary import load_glossary

    g = load_glossary()
    for tool in ("Jira", "GitHub", "Docker", "Terraform"):
        entry = g.find(f"we use {tool} here")[0].entry
        assert entry.term == tool and entry.kind == "name", tool


def test_common_abbreviations_are_explained():
    from knowledge.glossary import load_glossary

    g = load_glossary()
    for abbr in ("PO", "SOW", "TCO", "KPI", "ROI", "DBA", "P1", "DPO", "InfoSec"):
        hits = g.find(f"the {abbr} is late")
        assert hits and hits[0].entry.plain, abbr
