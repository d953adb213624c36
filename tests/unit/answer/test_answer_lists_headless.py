"""Bullet lists that no ':' line introduces: straight under a heading, or after a plain paragraph."""

from __future__ import annotations

import re

from bot.answer import compose
from bot.answer.lists import lists_in
from knowledge.types import Chunk, Retrieval, SearchHit

# A section in the project's own words whose bullets start right under the heading.
CHECKLIST = (
    "- Name one owner who signs off each release.\n"
    "- Run the rollback drill in the sprint before go-live.\n"
    "- Tell the people who use the tool what changes for them and when.\n"
    "- Keep the monitoring dashboard on the team's wall screen from day one."
)
OTHER = "Release notes go to users a day ahead, in plain words, and say what to do if something breaks."


def _chunk(cid: str, text: str, section: str, start: int) -> Chunk:
    return Chunk(id=cid, text=text, source="runbook.txt", kind="doc", title="Runbook", section=section,
                 heading_path=[section], start=start, end=start + len(text))


def _answer(question: str):
    hits = [SearchHit(chunk=_chunk("c1", CHECKLIST, "Go-Live Checklist", 0), score=1.0),
            SearchHit(chunk=_chunk("c2", OTHER, "Release Notes", 600), score=0.4)]
    return compose(question, Retrieval(query=question, hits=hits, abstained=False), lambda term: 1.0)


def test_bullets_under_a_heading_are_one_list_with_no_lead_in():
    lines = CHECKLIST.split("\n")
    found = lists_in(lines)
    assert len(found) == 1
    assert found[0].intro == "" and len(found[0].items) == 4
    assert found[0].items[0].text.startswith("Name one owner")


def test_bullets_after_a_plain_paragraph_are_led_in_by_it():
    lines = ["Most failed launches share a few causes.", "- Nobody owned the sign-off.", "- The drill was skipped.",
             "Plain prose closes the section."]
    found = lists_in(lines)
    assert len(found) == 1 and found[0].intro == lines[0] and [i.text for i in found[0].items] == [
        "Nobody owned the sign-off.", "The drill was skipped."]


def test_one_stray_bullet_is_not_a_list_and_a_colon_list_is_read_once():
    assert lists_in(["Some prose.", "- A lone point.", "More prose."]) == []
    colon = ["Check these:", "- Owner named.", "- Drill run."]
    found = lists_in(colon)
    assert len(found) == 1 and found[0].intro == "Check these:"


def test_the_answer_gives_every_bullet_and_no_dangling_lead_in():
    answer = _answer("What goes on the go-live checklist?")
    assert not answer.abstained
    lines = answer.answer.split("\n")
    assert [line.split()[1] for line in lines] == ["Name", "Run", "Tell", "Keep"]
    assert all(line.startswith("- ") and line[2].isupper() for line in lines)
    assert re.search(r"\.\s*\[1\]$", answer.answer)  # the last item ends before its marker
    assert [c.section for c in answer.citations] == ["Go-Live Checklist"]
    assert answer.citations[0].quote.startswith("Name one owner")
