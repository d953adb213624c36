"""Parse `/compel` text into a small request object."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from bot.slack.views.mrkdwn import slack_to_plain


class CommandRequest(BaseModel):
    """One `/compel` invocation: the subcommand, its argument, who and where."""

    model_config = ConfigDict(extra="forbid")

    name: str
    arg: str = ""
    user: str
    channel: str
    channel_type: str = "channel"
    response_url: str = ""
    text: str = ""

    @property
    def label(self) -> str:
        """The command as typed, for "Shared from" lines."""
        return f"/compel {self.text}".strip()


def parse(body: dict) -> CommandRequest:
    """`/compel debt add X` -> name "debt", arg "add X"; empty text means help."""
    raw = (body.get("text") or "").strip()
    text = slack_to_plain(raw)
    name, _, arg = text.partition(" ")
    channel_name = body.get("channel_name", "")
    return CommandRequest(
        name=name.lower() or "help",
        arg=arg.strip(),
        user=body.get("user_id", ""),
        channel=body.get("channel_id", ""),
        channel_type="im" if channel_name == "directmessage" else "channel",
        response_url=body.get("response_url", ""),
        text=text,
    )


def suggest(name: str, known: "Iterable[str]", n: int = 2) -> list[str]:
    """The subcommands a mistyped one was probably meant to be (only real near misses, closest first)."""
    from store.names import closest

    return closest(name, {k: k for k in known if k != "help"}, n=n) if name and name != "help" else []
