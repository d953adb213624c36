"""Composition as whole sentences (compose7): statements told in the third person with their facts, the update's own
options and decider, systems named by what the clause says comes from them; own wording throughout."""

from __future__ import annotations

from bot.translate.compose import sentence
from bot.translate.consistency import contradictions, grammar_problems, translation_grammar
from bot.translate.sentences import (adds_only_grammar, named_decider, stated_options, statements, third_person,
                                     which_option, with_subject)
from bot.translate.spans import role_of
from bot.understand.facts import check_facts


# --- statements ------------------------------------------------------------------------------------------------
def test_a_clause_splits_at_a_spaced_dash_and_loses_its_joining_word():
    assert statements("but the nightly load stalled twice \u2014 someone restarted it by hand") == [
        "the nightly load stalled twice", "someone restarted it by hand"]


def test_the_writer_is_told_as_the_team_and_contractions_are_written_out():
    assert third_person("we can't ship until our reviewer signs") == "the team cannot ship until the team's reviewer signs"
    assert third_person("the US office isn't ready") == "the US office is not ready"  # "US" is a country, not "us"


def test_a_statement_that_opens_on_its_verb_gets_the_team_as_subject():
    assert with_subject("need a yes from Ingrid by noon") == "the team needs a yes from Ingrid by noon"
    assert with_subject("waiting on the landlord's invoice") == "the team is waiting on the landlord's invoice"
    assert with_subject("the van fleet is idle") == "the van fleet is idle"


def test_a_trailing_which_after_stated_options_asks_which_option():
    assert which_option("need a ruling from Ingrid on which") == "need a ruling from Ingrid on which option to take"


def test_a_statement_may_add_grammar_and_a_verb_but_not_an_unknown_noun():
    text = "Payroll cannot close the month until Friday"
    friday = (text.index("Friday"), len(text))
    assert adds_only_grammar(text, [friday])
    odd = "Payroll cannot close the flurbish until Friday"
    assert not adds_only_grammar(odd, [(odd.index("Friday"), len(odd))])


# --- the update's own options and decider ----------------------------------------------------------------------
def test_options_the_update_states_are_read_by_their_grammar():
    got = stated_options(["we could either rerun the import tonight or skip the Tuesday report"])
    assert got == ["rerun the import tonight", "skip the Tuesday report"]


def test_two_nouns_joined_by_or_are_not_two_courses_of_action():
    assert stated_options(["the file can be CSV or XML"]) == []


def test_the_decider_the_update_names_is_read_exactly():
    assert named_decider(["need a decision from Ingrid before the board"]) == "Ingrid"
    assert named_decider(["waiting on sign-off from the CFO, ideally this week"]) == "the CFO"
    assert named_decider(["the export came from Ingrid's laptop"]) is None


def test_a_translation_lists_the_updates_own_options_and_names_its_decider(translator, glossary):
    text = ("Invoice matching from Brelvo stalled three times this week, so 40 supplier payments are on hold. "
            "We can rerun the matching by hand on Thursday or wait for the vendor fix in version 8.2 next month; "
            "need a decision from Ingrid on which.")
    t = translator.translate(text)
    joined = " ".join(t.options)
    if t.decision:
        assert "Thursday" in joined and "8.2" in joined, t.options
        assert "Ingrid" in t.decision, t.decision
    business = t.business_text()
    assert "from Ingrid." not in business.replace("Decision needed from Ingrid", "")  # no bare "from Ingrid" fragment
    assert check_facts(text, business, glossary).ok, business
    assert translation_grammar(t) == [] and contradictions(text, t) == []
    assert "from Brelvo (the system it comes from)" in business, business


# --- names by what the clause says of them --------------------------------------------------------------------
def test_a_name_something_comes_from_is_the_system_it_comes_from(glossary):
    clause = "the payroll extract from Brelvo arrived empty"
    assert role_of("Brelvo", clause, clause.index("Brelvo"), glossary) == "the system it comes from"


def test_a_name_that_gives_a_decision_stays_a_person(glossary):
    clause = "we still need a call from Oyelaran on the budget"
    assert role_of("Oyelaran", clause, clause.index("Oyelaran"), glossary) is None


def test_a_possessive_never_sits_after_a_bracket(translator):
    t = translator.translate("Brelvo's connector dropped 120 invoices overnight and the team is replaying them.")
    assert ")'s" not in t.business_text()


# --- grammar over the new templates --------------------------------------------------------------------------
def test_every_new_composer_template_is_grammatical():
    frames = ["Decision needed from Ingrid: which of the options above to take."]
    frames += [sentence("the team needs a yes from Ingrid by noon"),
               sentence("the export from Brelvo (the system it comes from) failed twice this week"),
               sentence("the team is waiting on the fix from Brelvo (the product this fix belongs to) in version 8.2"),
               sentence("the data from Brelvo (a system the team uses) is late"),
               sentence("rerun the import tonight")]
    for text in frames:
        assert grammar_problems(text) == [], text


def test_a_plain_update_reads_as_whole_sentences_not_a_span_list(translator, glossary):
    text = "The courier depot lost 2 drivers this week; deliveries to the north side slipped by a day."
    t = translator.translate(text)
    assert "The details given" not in t.business_text(), t.business_text()
    assert check_facts(text, t.business_text(), glossary).ok and translation_grammar(t) == []
