"""Composition (compose9): labels no glossary holds explained by their role, every template grammatical, facts kept;
own wording and own terms throughout (none of these terms is in the glossary)."""

from __future__ import annotations

import pytest

from bot.jargon import find_unexplained, unknown_technical_words
from bot.translate.compose import (_ASK_LEAD, _CHOICE_LEAD, _DECISION_MEANING, _IN_HAND_MEANING, _IN_HAND_PART, _OPENERS, _UNSTEADY_LEAD,
                                   _UNSTEADY_MEANING, sentence)
from bot.translate.consistency import contradictions, grammar_problems, translation_grammar
from bot.translate.spans import label_role
from bot.understand.bank import situations
from bot.understand.facts import check_facts


def _explained(clause: str, word: str, glossary) -> str | None:
    at = clause.index(word)
    role = label_role(clause, at, glossary)
    if role is not None:
        assert role[2] >= role[0]  # the words the bracket speaks of are in the clause, at or after it
    return None if role is None else clause[: role[0]] + f" ({role[1]})" + clause[role[0]:]


@pytest.mark.parametrize("clause, word, expected", [
    ("the QZR feed from the port has gaps", "QZR", "the QZR (a specialist term for this kind of feed) feed from the port has gaps"),
    ("the KPL-7 scanner misreads the seals", "KPL-7", "the KPL-7 (a specialist term for this kind of scanner) scanner misreads the seals"),
    ("the WXV/TTR checklists we keep by hand", "WXV", "the WXV/TTR (a specialist term for this kind of checklists) checklists we keep by hand"),
    ("the pallets were priced below MRV", "MRV", "the pallets were priced below MRV (the level it is measured against)"),
])
def test_a_label_is_explained_by_its_role_in_the_clause(glossary, clause, word, expected):
    assert _explained(clause, word, glossary) == expected


@pytest.mark.parametrize("clause, word", [
    ("the HR team signed it off", "HR"),  # a plain capital everyone reads
    ("it costs 300 EUR more a month", "EUR"),
    ("the ETL job failed twice", "ETL"),  # the glossary's own term: the glossary explains it
    ("Marisol said the seals hold", "Marisol"),  # a name, not a label
    ("the QZR arrived late", "QZR"),  # no noun after it and no comparison: the grammar gives no role
    ("the FY27 budget is agreed", "FY27"),  # a date written like a label
    ("the OPS-4410 ticket is closed", "OPS-4410"),  # a tracker id
])
def test_no_role_where_the_grammar_or_the_glossary_says_otherwise(glossary, clause, word):
    assert _explained(clause, word, glossary) is None


def test_a_label_before_a_glossary_term_does_not_name_the_term_bare(glossary):
    explained = _explained("the QZR pipeline stalls at night", "QZR", glossary)
    assert explained == "the QZR (a specialist name for the kind that follows) pipeline stalls at night"


# Own updates from trades of many kinds, each with labels the glossary does not hold and facts to keep.
OWN = [
    ("The KPL-7 scanner on dock 4 misread 212 of 3,000 seals last week; Marisol is recalibrating it and expects a clean run by Friday.",
     ["212", "3,000", "Marisol", "Friday"]),
    ("Our QZR feed from the harbour master has had gaps of up to 35 minutes since 2 February, so berth forecasts drift by an hour.",
     ["35 minutes", "2 February"]),
    ("We sold 18 cabins below MRV on the autumn sailing before the pricing rule was switched off; Teodor needs the revenue lead to say whether it may run unattended again.",
     ["18", "Teodor", "autumn"]),
    ("The WXV/TTR checklists for the cold store are still typed by hand, which costs about 6 hours a week; a form in the handheld app would take 4 days to build.",
     ["6 hours", "4 days"]),
]


@pytest.mark.parametrize("update, keep", OWN)
def test_own_updates_keep_their_facts_explain_their_labels_and_read_right(translator, glossary, update, keep):
    t = translator.translate(update)
    text = t.business_text()
    assert all(k in text for k in keep), text
    assert check_facts(update, text, glossary).ok, text
    assert translation_grammar(t) == [], text
    assert contradictions(update, t) == []
    for part in t.business_texts():
        assert find_unexplained(part, glossary) == [] or "(" in part
        assert unknown_technical_words(part, glossary, vocabulary=False) == [], part


def _templates() -> list[str]:
    """Every fixed sentence the composer can write: each situation's wordings, the composer's own, the openers."""
    out = [_IN_HAND_MEANING, _UNSTEADY_LEAD, _UNSTEADY_MEANING, _CHOICE_LEAD, _ASK_LEAD, _DECISION_MEANING, _IN_HAND_PART]
    for sit in situations().values():
        leads = [sit.lead, *sit.leads.values(), *([sit.lead_alone] if sit.lead_alone else [])]
        out += [sentence(x) for x in leads]
        out += [sentence(opener + x[:1].lower() + x[1:]) for opener in (*_OPENERS, "On the positive side, ") for x in leads]
        out += [sentence(x) for x in (sit.meaning, sit.risky, sit.partial, *sit.options) if x]
        if sit.question:
            who = sit.who if sit.who[:1].isupper() or sit.who.startswith("the ") else f"the {sit.who}"
            out += [f"Decision needed from {who}: {sit.question}.", f"And from {who}: {sit.question}."]
    out += ["Decision needed from the business sponsor: which of the options above to take.",
            "The update also mentions Halvorsen.", "The update also mentions 14 March and a point a month."]
    return out


def test_every_template_is_grammatical():
    problems = [(t, grammar_problems(t)) for t in _templates() if grammar_problems(t)]
    assert problems == []


def test_a_date_before_a_noun_keeps_that_noun_in_its_span():
    from bot.translate.spans import fact_spans

    clause = "the fix slips to the April release unless the vendor patch lands"
    (a, b), = fact_spans(clause, [("date", "April")])
    assert clause[a:b].endswith("April release")
    clause = "the cut-over waits until January because the depot is closed"
    (a, b), = fact_spans(clause, [("date", "January")])
    assert clause[a:b] == "until January"  # after "until" a date closes the phrase


def test_a_comparison_before_than_opens_the_figure_span():
    from bot.translate.spans import fact_spans

    clause = "the scanner skips cartons heavier than 30 kg on the night shift"
    (a, b), = fact_spans(clause, [("number", "30 kg")])
    assert clause[a:b].startswith("heavier than 30")
