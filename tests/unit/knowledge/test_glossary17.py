"""Entries added in the seventeenth round, worded for this file: bringing a system into use group by group, and
examples tagged with the right answer."""

from __future__ import annotations

import pytest

from bot.translate import build_translator
from knowledge.glossary import load_glossary


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


@pytest.mark.parametrize(("text", "term"), [
    ("the rollout to the northern depots starts in May", "rollout"),
    ("two roll-outs are queued behind the payroll change", "rollout"),
    ("we have 900 labelled examples from the helpdesk", "labelled data"),
    ("the labeled cases from March were mostly duplicates", "labelled data"),
])
def test_new_terms_are_found(glossary, text, term):
    assert term in [m.entry.term for m in glossary.find(text)]


def test_a_translation_explains_them(glossary):
    text = build_translator(glossary).translate(
        "Ravi is adding 400 labelled cases from the Leeds desk, as planned.").business_text()
    assert "tagged with the right answer" in text, text


@pytest.mark.xfail(strict=True, reason="known weakness: a plain planned step ('the rollout ... starts in June, as "
                                       "planned') is rendered as its facts alone ('The details given: in June.')")
def test_a_planned_rollout_is_said_in_plain_words(glossary):
    text = build_translator(glossary).translate("The rollout to the other desks starts in June, as planned.").business_text()
    assert "one group at a time" in text, text
