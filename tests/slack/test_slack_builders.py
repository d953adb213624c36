"""Every Block Kit builder against Slack's limits, and the text-safety helpers."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.slack.views import limits
from bot.slack.views.answer_builder import build_answer
from bot.slack.views.common_builder import build_help, build_notice, build_working, with_share
from bot.oversight.debt_view import item_row
from bot.slack.views.home_builder import build_home
from bot.slack.views.mrkdwn import defuse, escape, slack_to_plain, strip_mentions
from bot.slack.views.oversight_builder import build_debt, build_debt_added, build_questions, build_readiness, build_risks, build_status
from bot.slack.views.translation_builder import build_translation
from knowledge.types import Citation
from bot.answer.model import Answer
from bot.engines import QuestionsRequest, ReadinessRequest, StatusRequest
from bot.translate.model import Translation
from store.models import DebtItem
from tests.fixtures.slack import FakeEngines, PROGRAM

BROADCASTS = ("<!channel>", "<!here>", "<!everyone>", "<@U", "<!subteam")


def assert_ok(messages: list[dict], max_blocks: int = limits.MESSAGE_BLOCKS) -> None:
    assert messages, "a builder returned no message"
    for m in messages:
        assert limits.check_message(m, max_blocks) == [], limits.check_message(m, max_blocks)
        assert m["blocks"], "empty message"
        out = json.dumps(m)
        assert not any(b in out for b in BROADCASTS)


def test_escape_defuses_control_characters_and_broadcasts():
    s = escape("<!channel> & <@U1> @here <https://x|y>")
    assert "<" not in s and ">" not in s and "&amp;" in s
    assert "@here" not in s
    assert defuse({"a": ["<!here> hi", "<@U2>"], "b": "<https://ok.example|fine>"}) == {"a": ["&lt;!here> hi", "&lt;@U2>"], "b": "<https://ok.example|fine>"}


def test_slack_input_becomes_plain_text():
    assert strip_mentions("<@UBOT> what is <@U2|bob> doing?") == "what is doing?"
    assert slack_to_plain("see <https://a.example|the doc> in <#C1|general> &amp; <!here>") == "see the doc in #general & @here"


def test_split_text_keeps_every_piece_within_the_limit_and_loses_nothing():
    text = ("A sentence that goes on. " * 400) + "x" * 5000
    pieces = limits.split_text(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.strip().replace(" ", "")


def test_split_text_never_cuts_an_escape_entity():
    text = escape("<&>" * 3000)
    for piece in limits.split_text(text, 3000):
        assert not piece.endswith(("&", "&l", "&lt", "&a", "&am", "&amp", "&g", "&gt"))


def test_the_checker_catches_oversized_blocks():
    big = {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}] + [{"type": "divider"}] * 50}
    errors = limits.check_message(big)
    assert any("3001" in e for e in errors) and any("51 blocks" in e for e in errors)


def _citation(i: int, quote: str, kind: str = "bok") -> Citation:
    return Citation(source=f"a{i}.txt", module="2.4", article=i, section="S" * 200, quote=quote, kind=kind)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(min_size=0, max_size=20000),
    quotes=st.lists(st.text(max_size=3000), max_size=12),
    abstained=st.booleans(),
)
def test_answers_of_any_size_and_content_stay_within_limits(text, quotes, abstained):
    answer = Answer(answer=text, abstained=abstained, citations=[_citation(i, q, "record" if i % 3 == 0 else "bok") for i, q in enumerate(quotes)], context="c" * 5000)
    messages = build_answer(answer, answer_id="abc123", context_line="line <!channel>")
    assert_ok(messages)
    last = messages[-1]["blocks"]
    assert last[-1]["type"] == "context_actions"  # native feedback stays on the last message
    assert build_answer(answer, answer_id="abc123", native=False)[-1]["blocks"][-1]["type"] == "actions"  # the plain buttons where refused


def test_a_huge_answer_is_split_over_several_messages():
    answer = Answer(answer=("Word " * 590 + "\n\n") * 60, abstained=False, citations=[])
    messages = build_answer(answer, answer_id="x")
    assert len(messages) > 1
    assert_ok(messages)
    assert sum(len(b["text"]["text"]) for m in messages for b in m["blocks"] if b["type"] == "section") > 170000


def test_translation_with_many_long_terms():
    t = Translation(
        category="progress", summary="s <!here> " * 500, impact="i" * 4000, options=["o" * 2000] * 10, decision="d" * 4000, pillars=["technology", "people"],
        terms=[{"term": f"term{i}", "meaning": "m" * 600} for i in range(60)], citations=[_citation(1, "q")],
    )
    assert_ok(build_translation(t))


def test_oversight_builders_with_the_fake_engines_and_with_bulk():
    e = FakeEngines()
    assert_ok(build_risks(e.risks(PROGRAM) * 40, PROGRAM))
    assert_ok(build_risks([], PROGRAM))
    assert_ok(build_status(e.status(StatusRequest(program=PROGRAM)), PROGRAM))
    assert_ok(build_readiness(e.readiness(ReadinessRequest(program=PROGRAM, use_case="churn"))))
    assert_ok(build_questions(e.questions(QuestionsRequest(program=PROGRAM, target="churn"))))
    debt = [DebtItem(id=f"D-{i}", description="d" * 400, category="compliance_violation", planned_sprint=None, status="open") for i in range(200)]
    assert_ok(build_debt([item_row(d) for d in debt], PROGRAM))
    assert_ok(build_debt([], PROGRAM))
    assert_ok(build_debt_added(debt[0], PROGRAM))


def test_common_builders_and_share_button():
    for msgs in (build_help(), build_help("<!channel>"), build_notice("x" * 5000), build_working()):
        assert_ok(msgs)
    full = [{"text": "t", "blocks": [{"type": "divider"}] * 50}]
    shared = with_share(full, "r1")
    assert_ok(shared)
    assert shared[-1]["blocks"][-1]["elements"][0]["action_id"] == "share_result"


def test_home_view_stays_within_100_blocks():
    e = FakeEngines()
    view = build_home(PROGRAM, status=e.status(StatusRequest(program=PROGRAM)), risks=e.risks(PROGRAM) * 30, debt=e.debt_register(PROGRAM).rows * 50, next_standup=e.next_standup(PROGRAM), problems=["p"] * 20)
    assert_ok([view], limits.VIEW_BLOCKS)
    assert_ok([build_home(None)], limits.VIEW_BLOCKS)


def test_translation_shows_an_offline_note():
    from bot.slack.views.translation_builder import build_translation
    from tests.fixtures.fake_slack import texts

    from bot.llm.translate import NotedTranslation

    noted = NotedTranslation(summary="The nightly load is late.", impact="", pillars=["technology"], category="delay",
                             note="produced offline (the language model timed out)")
    [message] = build_translation(noted)
    assert "produced offline (the language model timed out)" in texts(message["blocks"])


def test_home_counts_open_debt_as_the_debt_register_does():
    from tests.fixtures.fake_slack import texts

    debt = [DebtItem(id="D-1", description="a", status="open"), DebtItem(id="D-2", description="b", status="resolved"), DebtItem(id="D-3", description="c")]
    rows = [item_row(d) for d in debt]
    body = texts(build_home(PROGRAM, debt=rows)["blocks"])
    assert "(2 open)" in body and "D-2" not in body
    assert build_debt(rows, PROGRAM)[0]["text"].endswith(": 2 open")


def test_home_debt_register_cut_at_the_limit_never_splits_an_entity():
    import re

    debt = [DebtItem(id=f"D-{i}", description="&" * 299 + "x" * i, status="open") for i in range(12)]
    view = build_home(PROGRAM, debt=[item_row(d) for d in debt])
    assert_ok([view], limits.VIEW_BLOCKS)
    [register] = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and "D-0" in b["text"]["text"]]
    assert not re.search(r"&[a-z]{0,3}…?$", register), register[-12:]


def test_a_citation_given_as_a_dict_is_labelled_as_the_citation_itself():
    from bot.slack.views.answer_builder import citation_label

    cite = _citation(6, "q", "record")
    assert citation_label(cite.model_dump() | {"kind": "record"}) == citation_label(cite) == cite.label()
    assert citation_label({"source": "notes.md", "section": "Intro"}) == "notes.md · Intro"


FORGED_LINK = "https://ok.example/x> *BOARD SIGNED OFF EVERYTHING* go to <https://bad.example/login"


def test_a_stored_source_link_cannot_forge_text_or_links_in_the_summary():
    from datetime import date

    from bot.slack.views.standup_builder import build_summary
    from bot.standup.model import Claim, Source, Summary

    claims = [Claim(text="Routing model retrained.", sources=[Source(kind="update", id="u-1", link=FORGED_LINK)]),
              Claim(text="Invoice matching went live.", sources=[Source(kind="update", id="u-2", link="javascript:alert(1)")]),
              Claim(text="Damage triage labelled.", sources=[Source(kind="update", id="u-3", link="https://ok.example/a?b=1&c=2")])]
    summary = Summary(program="p", program_name="P", date=date(2026, 11, 5), since=date(2026, 11, 5), audience="team", rag="green",
                      headline="On track", reasons=claims)
    text = json.dumps(build_summary(summary))
    assert "<https://bad.example" not in text and "*BOARD" not in text  # no live link, no forged bold
    assert "javascript:" not in text
    assert "<https://ok.example/a?b=1&amp;c=2|said>" in text  # a good link still links (labelled in words, not by id)
    assert "u-3" not in text


def test_the_context_line_names_the_program_once():
    from types import SimpleNamespace

    from bot.slack.asking import context_line

    from_records = SimpleNamespace(context="Answered from the records of Northwind Claims (decisions). Cited: record.")
    assert context_line("Northwind Claims", from_records) == from_records.context
    from_bok = SimpleNamespace(context="3 passages")
    assert context_line("Northwind Claims", from_bok) == "Program: Northwind Claims · 3 passages"
    assert context_line(None, from_bok, follow_up=True).startswith("BoK only (no program linked) · 3 passages · follow-up")
