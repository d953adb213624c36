"""The BoK sentence a program answer quotes is read in the context of its entry, so it is about what the claim says."""

from __future__ import annotations

import pytest

from store.chunks import Chunk


@pytest.fixture
def answers(indexed_data_dir):
    from bot.services import Services

    services = Services()
    yield services.program_answers
    services.close()


def _entry(n: int, text: str) -> Chunk:
    return Chunk(id=f"c{n}", text=text, source="notes.yaml", kind="pack", section="Running the work")


# A section of four entries in this file's own words; the handover entry never says "handover" after its heading.
SECTION = [
    _entry(1, "Weekly planning. Each team lists what it will finish by Friday and who is on point for each piece."),
    _entry(2, "Handovers. The person leaving writes down what is half done and walks the newcomer through it."),
    _entry(3, "Budget reviews. Spending is compared with the plan every month and any overrun is explained in writing."),
    _entry(4, "Demo days. Teams show working software to the people who will use it and note what they ask for."),
]


@pytest.mark.parametrize("claim, wanted", [
    ("The records hold no handovers for the pricing team this month.", "walks the newcomer"),
    ("Nothing in the records says how money spent compares with what was planned.", "compared with the plan"),
])
def test_the_quote_comes_from_the_entry_the_claim_is_about(answers, claim, wanted):
    text = " ".join(c.text for c in SECTION)
    quote, score = answers._best_sentence(claim, text, SECTION)
    assert wanted in quote and quote[0].isupper() and quote.endswith(".")
    assert 0 < score <= 1  # how near the quoted sentence is to the claim, shown beside the source


def test_a_heading_alone_is_never_quoted(answers):
    quote, _ = answers._best_sentence("Which handovers are planned?", " ".join(c.text for c in SECTION), SECTION)
    assert quote != "Handovers."


def test_program_answer_citations_of_the_bok_carry_a_score(indexed_data_dir):
    from bot.cli.records import DEMO_FILE
    from bot.services import Services
    from store.io import read_program

    services = Services()
    try:
        services.records.import_program(read_program(DEMO_FILE), source="demo")
        answer = services.answerer.answer("Which vendor tickets are still open?", program="halvorsen")
        cited = [c for c in answer.citations if c.kind in ("bok", "pack")]
        assert cited and all(c.quote and 0 < c.score <= 1 for c in cited)
    finally:
        services.close()
