"""An answer sentence that points back ("Their job is ...", "It also ...") brings the sentence it points at, worded
for this file (own passages, not the BoK)."""

from __future__ import annotations

from bot.answer.compose import Candidate, _pick_sentences


def _passage(*texts: str, scores: tuple[float, ...]) -> list[Candidate]:
    return [Candidate(rank=0, pos=n, text=t, score=s) for n, (t, s) in enumerate(zip(texts, scores))]


def test_a_sentence_pointing_back_brings_the_one_before():
    cands = _passage("Readiness reviews check a use case against the four pillars before it goes live.",
                     "Their purpose is to catch gaps while they are still cheap to close.",
                     "The programme office keeps the review calendar.", scores=(0.0, 0.9, 0.05))
    picked = [c.text for c in _pick_sentences(cands, {})]
    assert picked[:2] == [cands[0].text, cands[1].text]


def test_a_sentence_that_names_its_subject_stands_alone():
    cands = _passage("The programme office keeps the review calendar.",
                     "Readiness reviews catch gaps while they are still cheap to close.",
                     scores=(0.0, 0.9))
    assert [c.text for c in _pick_sentences(cands, {})] == [cands[1].text]


def test_a_lead_in_to_a_list_is_not_brought_alone():
    cands = _passage("A readiness review covers:", "These checks run a week before go-live.", scores=(0.0, 0.9))
    assert [c.text for c in _pick_sentences(cands, {})] == [cands[1].text]
