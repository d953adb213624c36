"""Composition (compose8): a term used as a verb, a possessive term, a bare compound subject, "we" in agreement, names
explained by where things come from; own wording throughout."""

from __future__ import annotations

from bot.translate.compose import sentence
from bot.translate.consistency import grammar_problems, translation_grammar
from bot.translate.sentences import third_person, with_article, with_subject
from bot.translate.spans import role_of


def test_we_with_a_present_verb_agrees_as_the_team():
    assert third_person("we need a sign-off") == "the team needs a sign-off"
    assert third_person("we still have 3 open faults") == "the team still has 3 open faults"
    assert third_person("we fixed it and we try again") == "the team fixed it and the team tries again"


def test_a_bare_compound_subject_gets_its_article_and_a_single_word_does_not():
    assert with_article("Parcel label printing failed twice") == "the parcel label printing failed twice"
    assert with_article("Finance closes the books on Friday") == "Finance closes the books on Friday"
    assert with_article("Parcel labels failed twice") == "Parcel labels failed twice"


def test_a_statement_opening_on_a_past_form_is_what_the_team_did():
    assert with_subject("Moved the billing export to the new server") == "the team moved the billing export to the new server"


def test_a_name_things_come_from_is_explained_by_that(glossary):
    clause = "the order files from the QXL, all late, stopped the picking"
    assert role_of("QXL", clause, clause.index("QXL"), glossary) == "where the order files come from"


def test_a_term_before_its_object_never_takes_a_bracket_between_them(translator):
    t = translator.translate("The nightly load broke on 3 rows, so Ines will rerun it tonight.")
    assert ") it" not in t.business_text(), t.business_text()
    assert translation_grammar(t) == []


def test_a_possessive_term_is_never_glued_to_its_gloss(translator):
    t = translator.translate("Snowflake's warehouse cost 4,200 USD in May, double the plan.")
    assert ")" + " warehouse" not in t.business_text() and "'s (" not in t.business_text(), t.business_text()


def test_the_new_templates_are_grammatical():
    for text in [sentence("the vendor master sync from Coupa (the system it comes from) failed twice this week"),
                 sentence("the team needs to restart it before Friday's payment run"),
                 sentence("the recall (the share of real cases caught) of the churn model is 0.61"),
                 sentence("the order files from the QXL (where the order files come from) arrived")]:
        assert grammar_problems(text) == [], text
