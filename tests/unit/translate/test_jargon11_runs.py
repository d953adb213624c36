"""Words explained side by side share one bracket (jargon11): the composer writes it, the jargon counter reads it.

Own terms throughout, in a small glossary of invented words, so no shipped entry moves these tests.
"""

from __future__ import annotations

from benchmarks.bench_translate import left_bare
from bot.jargon import find_unexplained, unknown_technical_words
from bot.translate.compose import Composer
from knowledge.glossary import Glossary, GlossaryEntry

TOY = Glossary([
    GlossaryEntry(term="flux relay", plain="the box that passes the plant's signals on"),
    GlossaryEntry(term="quench window", plain="the minutes allowed to cool a batch"),
    GlossaryEntry(term="stalled out", plain="stopped part way and needed a restart"),
    GlossaryEntry(term="hopper", plain="the funnel that feeds the line"),
])


def _render(text: str) -> str:
    composer = Composer(TOY)
    return composer._render(composer._roles(text, 0, len(text)), set())


def test_two_terms_side_by_side_get_one_bracket_naming_each():
    out = _render("the flux relay quench window grew again")
    assert out == ("the flux relay quench window (flux relay: the box that passes the plant's signals on; "
                   "quench window: the minutes allowed to cool a batch) grew again")
    assert find_unexplained(out, TOY) == []


def test_a_verb_term_after_a_noun_term_keeps_a_bracket_of_its_own():
    out = _render("the flux relay stalled out twice")
    assert out == ("the flux relay (the box that passes the plant's signals on) stalled out "
                   "(stopped part way and needed a restart) twice")


def test_terms_apart_keep_their_own_brackets():
    out = _render("the hopper jammed and the flux relay reset")
    assert out.count("(") == 2 and "hopper (the funnel" in out


def test_labels_before_a_term_are_said_once_in_the_terms_bracket():
    out = _render("the ZXQ-4 flux relay dropped readings")
    assert out == ("the ZXQ-4 flux relay (ZXQ-4: a specialist name for this kind of flux relay; flux relay: the box "
                   "that passes the plant's signals on) dropped readings")
    assert unknown_technical_words(out, TOY) == [] and find_unexplained(out, TOY) == []


def test_a_product_name_and_its_label_before_a_plain_noun_get_one_bracket():
    out = _render("the Quorbix ZenTrak integration failed")
    assert out == "the Quorbix ZenTrak (a specialist name for this kind of integration) integration failed"
    assert unknown_technical_words(out, TOY) == []


def test_a_bracket_after_a_run_explains_a_word_only_when_it_names_it():
    named = "the QuorbDB flux relay (QuorbDB: the store it writes to; flux relay: the box that passes signals on) lags"
    unnamed = "the QuorbDB cooling relay (the box that passes signals on to the store) lags"
    assert unknown_technical_words(named, TOY) == []
    assert unknown_technical_words(unnamed, TOY) == ["QuorbDB"]


def test_the_benchmark_counts_a_case_term_explained_by_its_runs_bracket():
    text = "the hopper quench window (hopper: the funnel that feeds the line; quench window: the minutes allowed) grew"
    case = Glossary([GlossaryEntry(term="hopper", plain="a term of the case")])
    assert left_bare(text, case, TOY) == set()
    assert left_bare("the hopper feeds the quench window (the minutes allowed to cool a batch)", case, TOY) == {"hopper"}
