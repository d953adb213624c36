"""The last guard before posting keeps the mentions a view made from Slack ids and defuses everything else."""

from __future__ import annotations

from bot.slack.views.mrkdwn import defuse, escape, mention


def test_a_mention_made_from_a_slack_id_survives_the_guard():
    line = "Did not report: " + ", ".join(mention(p) for p in ("U0ANA7", "W0BEN2", "Ulla Berg"))
    assert defuse({"text": line}) == {"text": "Did not report: <@U0ANA7>, <@W0BEN2>, Ulla Berg"}


def test_broadcasts_labelled_or_malformed_mentions_are_still_defused():
    out = defuse("<!channel> <!here> <!subteam^S0X1> <@U0ANA7|ana> <@u0ana7> <@Ulla Berg>")
    assert "<!" not in out and "<@U0ANA7|" not in out and "<@u0" not in out and "<@Ulla" not in out


def test_record_text_that_spells_a_mention_is_escaped_before_the_guard_sees_it():
    assert "<@" not in defuse(escape("ping <@U0ANA7> now"))
