"""The console draws what Slack would draw as a link as readable text, and leaves escaped text as it was typed."""

from __future__ import annotations

from bot.slack.console.render import mrkdwn, render_blocks
from bot.slack.views.home_builder import build_home
from bot.standup.schedule import NextStandup


def test_channel_person_and_web_links_read_as_text():
    shown = mrkdwn("In <#C0AB12> with <@U0AB12> and <@U0CD34|ann>, <https://example.org/a?b=1&amp;c=2|said> it")
    assert shown == "In #C0AB12 with @U0AB12 and @ann, said (https://example.org/a?b=1&c=2) it"


def test_escaped_text_that_looks_like_a_link_is_shown_as_typed():
    assert mrkdwn("&lt;#C0AB12&gt; &lt;@U0AB12&gt;") == r"<#C0AB12> <@U0AB12>"


def test_app_home_in_the_console_names_the_stand_up_channel():
    view = build_home("halvorsen", next_standup=NextStandup(when="Mon 9 Nov 09:00 (UTC)", channel="C0STANDUP"))
    line = next(ln for ln in render_blocks(view["blocks"]) if "Next stand-up" in ln)
    assert line.endswith("Mon 9 Nov 09:00 (UTC) in #C0STANDUP") and "<#" not in line
