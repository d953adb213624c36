"""Compounds no glossary holds, read as technical by meaning (knowledge.phrases), lose their rarer modifiers in the
business text (bot.translate.plainer); own compounds throughout, none from the development or unseen sets."""

from __future__ import annotations

import numpy as np

from bot.translate.plainer import without_technical_modifiers, without_unknown_modifiers
from knowledge import phrases
from knowledge.glossary import Glossary, GlossaryEntry

EMPTY = Glossary([GlossaryEntry(term="hopper", plain="the funnel that feeds the line")])


def _says(*technical: str):
    """A reader of compounds that calls exactly these technical."""
    seen: list[str] = []

    def read(texts):
        seen.extend(texts)
        return [t in technical for t in texts]

    read.seen = seen
    return read


def test_a_technical_compound_keeps_only_the_thing_it_names():
    read = _says("turbine spectrogram classifier")
    assert without_unknown_modifiers("the turbine spectrogram classifier flagged 40 blades", ["40"], EMPTY, read) == \
        "the classifier flagged 40 blades"
    assert read.seen == ["turbine spectrogram classifier"]


def test_a_plain_compound_and_a_common_modifier_stay():
    assert without_technical_modifiers("the spectrogram classifier flagged 40 blades", ["40"], EMPTY,
                                       _says()) == "the spectrogram classifier flagged 40 blades"
    # "failure" is among the commonest words: it stays, the rarer hyphenated modifier goes
    assert without_technical_modifiers("the rotor-vibration failure model went quiet", [], EMPTY,
                                       _says("rotor-vibration failure model")) == "the failure model went quiet"


def test_what_is_never_read_as_a_compound():
    read = _says()
    # a verb in -s after a noun, a word in -ing, a person's role, a fact, a glossary term, the words in a bracket
    without_technical_modifiers("the voltage sensor reports noise", [], EMPTY, read)
    without_technical_modifiers("the nightly denoising run", [], EMPTY, read)
    without_technical_modifiers("the acoustics lead signed it", [], EMPTY, read)
    without_technical_modifiers("the Q4 rotor plan", ["Q4 rotor"], EMPTY, read)
    without_technical_modifiers("the hopper gate stuck", [], EMPTY, read)
    without_technical_modifiers("the ZRQ (a specialist term for this kind of spectrum sensor) spectrum sensor", [], EMPTY, read)
    assert read.seen == ["voltage sensor"]


def test_a_capital_opening_the_span_survives_the_cut():
    assert without_technical_modifiers("Spectrogram classifier output is late", [], EMPTY,
                                       _says("Spectrogram classifier output")) == "Output is late"


def test_the_fit_separates_two_clusters():
    rng = np.random.default_rng(3)
    x = np.vstack([rng.normal(1, 0.3, (20, 4)), rng.normal(-1, 0.3, (20, 4))]).astype(np.float32)
    y = np.array([1.0] * 20 + [0.0] * 20)
    w, b = phrases.fit(x, y)
    assert ((x @ w + b > 0) == (y == 1)).all()


def test_the_shipped_model_is_current():
    path = phrases.shipped_path()
    assert path.is_file(), "run `python -m knowledge.phrases` after editing knowledge/model/phrases.yaml"
    assert sorted(phrases.HERE.glob("phrases-*.npz")) == [path]  # no stale file left beside it
    texts, labels = phrases.bank()
    assert len(texts) == len(labels) and any(labels) and not all(labels)


def test_the_shipped_model_reads_compounds_of_its_own_kind():
    from knowledge.embeddings import local_embedder

    reader = phrases.TechnicalPhrases(local_embedder().embed_batch)
    technical, plain = reader.probability(["gradient clipping", "staff canteen"])
    assert technical > phrases.THRESHOLD > plain
