"""Answers composed for a reader: lists given whole, full stops before markers, only cited sources, in order."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.answer import WEAK_MATCH, compose
from bot.answer.lists import lists_in, promised_count
from bot.errors import InputError
from knowledge.types import Chunk, Retrieval, SearchHit
from tests.paths import DATA, SHARED_BOK


# A section in the project's own words, split over two chunks the way the ingester splits long sections.
PART_1 = (
    "A release train needs a few fixed habits, not a wall chart. This train has four parts that the lead keeps running:\n"
    "Intake boards decide which requests join the train and which wait for the next one.\n"
    "Pairing rotas say who reviews whose work each week."
)
PART_2 = (
    "Freeze windows stop changes in the two days before a release goes out.\n"
    "Rollback drills practise undoing a release before anyone needs to do it for real.\n"
    "Teams that skip the drills find out how long undoing takes on the worst possible day."
)
OTHER = "Release notes are written for the people who use the product, in plain words, and sent the day before."


def _chunk(cid: str, text: str, section: str, start: int, source: str = "handbook.txt") -> Chunk:
    return Chunk(id=cid, text=text, source=source, kind="doc", title="Handbook", section=section,
                 heading_path=[section], start=start, end=start + len(text))


def _retrieval(weak: bool = False, query: str = "What are the four parts of the release train?") -> Retrieval:
    hits = [
        SearchHit(chunk=_chunk("c1", PART_1, "The Release Train", 0), score=1.0),
        SearchHit(chunk=_chunk("c2", PART_2, "The Release Train", len(PART_1) + 1), score=0.8),
        SearchHit(chunk=_chunk("c3", OTHER, "Release Notes", 900), score=0.5),
    ]
    return Retrieval(query=query, hits=hits, abstained=False, weak=weak)


def _idf(term: str) -> float:
    return 1.0


def _markers_follow_full_stops(text: str) -> bool:
    return all(re.search(r"[.!?\"”]$", before.rstrip()) for before in re.split(r"\s*\[\d+(?:, \d+)*\]", text)[:-1])


def test_a_list_spanning_two_chunks_is_given_item_by_item():
    answer = compose("What are the four parts of the release train?", _retrieval(), _idf)
    lines = answer.answer.split("\n")
    assert lines[0].endswith("keeps running:")  # the lead-in, with its items right under it
    assert lines[0].startswith("A release train needs")  # "This train" is read with the sentence before it
    items = [line for line in lines if line.startswith("- ")]
    assert [i.split()[1] for i in items] == ["Intake", "Pairing", "Freeze", "Rollback"]
    assert all(i.rstrip(" [1]").endswith(".") for i in items)
    assert answer.answer.endswith(". [1]") and _markers_follow_full_stops(answer.answer)
    assert [c.section for c in answer.citations] == ["The Release Train"]  # one section, one source; nothing uncited


def test_no_lead_in_is_left_dangling_and_no_sentence_repeats():
    answer = compose("How are release notes written?", _retrieval(query="How are release notes written?"), _idf)
    for sentence in re.split(r"\s*\[\d+(?:, \d+)*\]\s*", answer.answer):
        assert not sentence.rstrip().endswith(":")
    said = [s for s in re.split(r"\s*\[\d+(?:, \d+)*\]\s*", answer.answer) if s]
    assert len(said) == len(set(said))
    assert all(s[0].isupper() for s in said)
    assert _markers_follow_full_stops(answer.answer)


def test_citations_are_numbered_in_the_order_the_answer_uses_them():
    answer = compose("How are release notes written?", _retrieval(query="How are release notes written?"), _idf)
    used = [int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)]
    assert used and used == sorted(used) and used[0] == 1
    assert len(answer.citations) == max(used)  # only sources the answer cites
    said = re.search(r"Release notes are written[^\[]*\[(\d+)\]", answer.answer)
    assert said and answer.citations[int(said.group(1)) - 1].section == "Release Notes"


def test_a_weak_match_says_so_in_one_plain_sentence_and_still_answers():
    answer = compose("What are the four parts of the release train?", _retrieval(weak=True), _idf)
    assert not answer.abstained and answer.answer.startswith(WEAK_MATCH)
    assert answer.answer.count(WEAK_MATCH) == 1 and "Rollback drills" in answer.answer
    plain = compose("What are the four parts of the release train?", _retrieval(weak=False), _idf)
    assert WEAK_MATCH not in plain.answer


def test_bullets_and_labelled_paragraphs_are_read_as_lists():
    lines = [
        "The lead watches three things:",
        "- the queue of open requests",
        "- the age of the oldest review",
        "- how often a freeze is broken",
        "Then the notes.",
        "Each week the lead checks two points:",
        "Queue health. Nobody waits more than a sprint for an answer.",
        "Review speed. Reviews come back within two days, and any that wait longer are listed:",
        "- reviews older than a week",
        "- reviews without an owner",
    ]
    found = lists_in(lines)
    assert [len(f.items) for f in found] == [3, 2, 2]  # the nested bullet list under the second item is its own list
    assert found[1].items[1].label == "Review speed" and len(found[1].items[1].children) == 2
    assert promised_count("has five components that the lead designs:") == 5
    assert promised_count("the lead ensures:") is None


def test_the_question_length_refusal_speaks_plainly_and_keeps_the_setting_for_operators():
    from bot.answer import check_question

    with pytest.raises(InputError) as err:
        check_question("x" * 500, 100)
    assert "COMPEL_" not in err.value.message and "shorten" in err.value.message.lower()
    assert "COMPEL_MAX_QUESTION_CHARS" in err.value.detail


def test_slack_shows_the_plain_message_only():
    from bot.slack.posting import failure_messages

    messages = failure_messages(InputError("The question is too long.", detail="set by COMPEL_MAX_QUESTION_CHARS"), "answering")
    assert "COMPEL_" not in str(messages) and "too long" in str(messages)


def test_the_cli_shows_the_operator_detail(indexed_data_dir, capsys):
    from bot.cli import main

    assert main(["ask", "x" * 5000]) == 2
    err = capsys.readouterr().err
    assert "COMPEL_MAX_QUESTION_CHARS" in err and len(err.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def bok_answerer(tmp_path_factory):

    if not SHARED_BOK.is_dir() or not any(SHARED_BOK.glob("*.txt")):
        pytest.skip(f"the BoK articles are not at {SHARED_BOK} (licensed text kept outside the repository)")
    from bot.config import Settings
    from bot.services import Services

    services = Services(Settings(data_dir=tmp_path_factory.mktemp("lists")))
    services.index.index_paths([SHARED_BOK])
    return services.answerer


@pytest.mark.parametrize("case", yaml.safe_load((DATA / "list_questions.yaml").read_text())["cases"], ids=lambda c: c["q"][:40])
def test_every_item_of_a_bok_list_is_named(case, bok_answerer):
    answer = bok_answerer.answer(case["q"])
    text = answer.answer.lower()
    missing = [item for item in case["items"] if item.lower() not in text]
    assert not missing, f"{case['q']!r} left out {missing}:\n{answer.answer}"
    assert _markers_follow_full_stops(answer.answer)
    assert not any(line.rstrip().endswith(":") for line in answer.answer.split("\n")[-1:])
    used = [int(n) for n in re.findall(r"\[(\d+)", answer.answer)]
    assert len(answer.citations) == max(used)


def test_linking_openers_are_dropped_and_sentences_start_with_a_capital():
    text = "however, a freeze window is lifted only by the release lead, and only in writing.\nThe notes go out a day early."
    hits = [SearchHit(chunk=_chunk("c9", text, "Freeze Windows", 0), score=1.0)]
    answer = compose("Who can lift a freeze window?", Retrieval(query="Who can lift a freeze window?", hits=hits, abstained=False), _idf)
    assert answer.answer.startswith("A freeze window is lifted only by the release lead")


def test_the_best_ranked_section_leads_the_answer():
    """A lower-ranked section's sentence that repeats more of the question's words does not push the section the
    retriever ranked first out of the answer: that section's best sentence opens it and is cited first."""
    best = "Handovers work when the receiving team has run the service for a week with the builders still on call."
    echo = ("A service handover checklist lists every handover step for the support team taking over the service.\n"
            "The service handover to support is signed off by the support team lead and the service owner.")
    echo_too = ("Support team rotas for the service handover are agreed a month before the handover to support.\n"
                "Every support team member reads the service runbook before the handover of the service.")
    hits = [
        SearchHit(chunk=_chunk("h1", best, "Handing Over", 0), score=1.0),
        SearchHit(chunk=_chunk("h2", echo, "Checklists", 500), score=0.6),
        SearchHit(chunk=_chunk("h3", echo_too, "Rotas", 900), score=0.6),
    ]
    q = "How should the service handover to the support team go?"
    answer = compose(q, Retrieval(query=q, hits=hits, abstained=False), _idf)
    assert answer.answer.startswith("Handovers work when")
    assert answer.citations[0].section == "Handing Over"


def test_a_list_of_the_promised_length_elsewhere_is_not_given_for_the_best_section():
    """'What are the three ...?' is answered from the best section even when only another section holds a list of
    three items: that list is about something else."""
    prose = "The three review gates are scope, cost and risk, and each one has a named owner who signs it off."
    other = "Our office has three rules:\n- Book rooms a day ahead.\n- Clear the desk at night.\n- Label the food you leave."
    hits = [
        SearchHit(chunk=_chunk("g1", prose, "Review Gates", 0), score=1.0),
        SearchHit(chunk=_chunk("g2", other, "Office Life", 700), score=0.5),
    ]
    q = "What are the three review gates?"
    answer = compose(q, Retrieval(query=q, hits=hits, abstained=False), _idf)
    assert "Book rooms" not in answer.answer
    assert answer.answer.startswith("The three review gates are scope, cost and risk")
