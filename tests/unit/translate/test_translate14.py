"""Translations true to work that is under way (worded for this file, not the development or unseen sets)."""

from __future__ import annotations

import pytest

from bot.translate import build_translator, check_facts
from bot.translate.consistency import contradictions, translation_grammar
from knowledge.glossary import load_glossary


@pytest.fixture(scope="module")
def translator():
    return build_translator(load_glossary())


@pytest.mark.parametrize("text", [
    "Ximena has the new loader in review and expects it merged by 4 February.",
    "Parcel-label reading slid from 0.95 to 0.82 accuracy after the scanner firmware update; "
    "Hye-jin has a patch in review and expects it back to normal by 9 March.",
])
def test_work_under_way_is_never_told_as_done_or_fixed(translator, text):
    t = translator.translate(text)
    business = t.business_text()
    for claim in ("is done", "running normally", "back to normal again", "was fixed", "is fixed"):
        assert claim not in business, business
    assert check_facts(text, business, translator.glossary).missing == []
    assert contradictions(text, t) == [] and translation_grammar(t) == []


def test_a_drop_with_its_fix_in_hand_is_a_drop_and_asks_nothing(translator):
    t = translator.translate("Parcel-label reading slid from 0.95 to 0.82 accuracy after the scanner firmware update; "
                             "Hye-jin has a patch in review and expects it back to normal by 9 March.")
    assert "worse" in t.summary
    assert t.decision is None
    assert "Hye-jin" in t.business_text()
