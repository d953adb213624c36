"""Two courses laid out side by side put a choice to the business, and the text never says the opposite. Own wording."""

from __future__ import annotations

import pytest

_NOTHING = ("raises nothing that needs the business", "No decision is asked", "nothing is needed from the business")


@pytest.mark.parametrize("update", [
    "We could open the booking helper to the Bergen office in May with Norwegian only, or hold it until August for "
    "English as well; we have no view yet.",
    "Nadia can rerun the whole archive over Christmas, or we keep the old scores for last year's files.",
    "either the warehouse team checks every flagged pallet by hand or we accept a few wrong picks a week",
])
def test_two_courses_side_by_side_ask_for_a_decision(translator, update):
    t = translator.translate(update)
    assert t.decision is not None
    assert not any(phrase in t.business_text() for phrase in _NOTHING), t.business_text()


@pytest.mark.parametrize("update", [
    "The import can take an hour or more on busy nights; Chidi is looking into it.",
    "We could ship on Monday or Tuesday, whichever the release train allows, and both are inside the plan.",
])
def test_or_between_figures_or_days_lays_out_no_courses(update):
    from bot.understand.clauses import split, trade_offs

    assert not trade_offs(split(update))


def test_a_sign_off_asked_after_a_plain_note_reads_as_an_ask(translator):
    t = translator.translate("We need the museum's head of collections to sign off the camera placement before March.")
    assert t.decision is not None
    assert not any(phrase in t.business_text() for phrase in _NOTHING), t.business_text()


def test_a_sign_off_asked_of_a_titled_role_names_the_whole_title_and_asks_for_the_sign_off(translator):
    t = translator.translate("The rota model is ready (F1 0.88, ROTA-12). Before it drafts the January rota we need "
                             "sign-off from the Director of Nursing, Adaeze Obi.")
    assert t.decision is not None
    assert t.decision.startswith("Decision needed from the Director of Nursing:"), t.decision
    assert "approval" in t.decision


def test_courses_marked_with_letters_are_the_options(translator):
    t = translator.translate("Parcel-sort accuracy is stuck at 88% vs the 95% target. (a) buy the vendor labels at "
                             "£2,100/month, Ines thinks that gets us to 93%; or (b) relabel the 2024 scans ourselves, "
                             "~4 wks of Tarek Haddad's time. Need a call by Fri.")
    assert len(t.options) == 2, t.options
    assert t.options[0].startswith("Buy the vendor labels at £2,100/month") and "(b)" not in t.options[0]
    assert t.options[1].startswith("Relabel the 2024 scans") and "Tarek Haddad" in t.options[1]
    assert "which of the options above" in (t.decision or "")


def test_a_lone_letter_in_brackets_marks_no_course():
    from bot.translate.sentences import marked_options

    assert marked_options("the plan (a) draft is fine and we go ahead") == []
    assert marked_options("(b) only, then (d)") == []
