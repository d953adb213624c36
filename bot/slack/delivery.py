"""Putting an answer in its thread: streamed when a language model wrote it, else posted; Slack's refusals remembered.

Streaming (chat.startStream / appendStream / stopStream) and the native feedback element are newer Slack features;
a workspace or plan without them answers `not_allowed`, `unknown_method` or `invalid_blocks`. The first refusal
switches the feature off for the life of the process, so every later answer goes straight to the path that works.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.deps import SlackDeps
from bot.slack.posting import post
from bot.slack.views.answer_builder import closing_blocks, source_blocks
from bot.slack.views.feedback_builder import has_native_feedback, to_legacy_feedback
from bot.slack.views.limits import Message
from bot.slack.views.mrkdwn import defuse

if TYPE_CHECKING:
    from bot.answer.model import Answer

log = logging.getLogger(__name__)

STREAM_REFUSED = {"not_allowed", "unknown_method", "not_allowed_token_type", "feature_not_enabled", "method_not_supported_for_channel_type"}
BLOCKS_REFUSED = {"invalid_blocks", "invalid_blocks_format"}
_SENTENCE_END = re.compile(r"(?<=[.!?\]])\s+(?!\[)")  # a citation marker stays with its sentence


@dataclass
class SlackFeatures:
    """What this workspace has accepted so far; a refusal turns a feature off until the process restarts."""

    streaming: bool = True
    native_feedback: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def refuse(self, feature: str, error: str) -> None:
        """Remember that Slack refused `feature` (logged once)."""
        with self.lock:
            if getattr(self, feature):
                setattr(self, feature, False)
                log.warning("Slack refused %s (%s); using the fallback from now on", feature.replace("_", " "), error)


def features(deps: SlackDeps) -> SlackFeatures:
    """The app-wide SlackFeatures, created on first use."""
    return deps.extra.setdefault("slack_features", SlackFeatures())


def written_by_model(answer: "Answer") -> bool:
    """True when a language model wrote the answer (the offline engine's answers are instant: no stream needed)."""
    return answer.backend != "offline" and not answer.abstained


def stream_pieces(text: str) -> list[str]:
    """The answer text in sentence-sized pieces, each appended to the stream as it is sent."""
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p]
    return [p + ("" if i == len(parts) - 1 else " ") for i, p in enumerate(parts)]


def deliver(
    deps: SlackDeps, client: WebClient, *, channel: str, thread_ts: str, answer: "Answer", messages: list[Message],
    answer_id: str = "", context_line: str = "", user: str = "", team: str = "", stream: bool = False,
) -> None:
    """Stream the answer (an LLM's, when allowed) or post its messages; fall back once when Slack refuses either."""
    known = features(deps)
    if stream and known.streaming and written_by_model(answer) and stream_pieces(answer.answer):
        try:
            _stream(client, known, channel, thread_ts, answer, answer_id, context_line, user, team)
            return
        except _NotStarted as exc:
            known.refuse("streaming", exc.error)
    post_answer(deps, client, channel, thread_ts, messages)


def post_answer(deps: SlackDeps, client: WebClient, channel: str, thread_ts: str, messages: list[Message]) -> list[str]:
    """Post answer messages; when Slack refuses the native feedback block, post the rest with the plain buttons."""
    known = features(deps)
    if not known.native_feedback:
        messages = to_legacy_feedback(messages)
    out: list[str] = []
    for i, msg in enumerate(messages):
        try:
            out += post(client, channel, [msg], thread_ts)
        except SlackApiError as exc:
            error = str(exc.response.get("error", ""))
            if error not in BLOCKS_REFUSED or not has_native_feedback([msg]):
                raise
            known.refuse("native_feedback", error)
            return out + post(client, channel, to_legacy_feedback(messages[i:]), thread_ts)
    return out


class _NotStarted(Exception):
    """Slack refused to start a stream: nothing was posted, so the answer can still be posted normally."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def _stream(client: WebClient, known: SlackFeatures, channel: str, thread_ts: str, answer: "Answer", answer_id: str,
            context_line: str, user: str, team: str) -> str:
    """Stream the (already checked) answer sentence by sentence; the sources and feedback arrive with the stop."""
    # buffer_size=1: every sentence goes out as it is appended, rather than in 256-character batches
    streamer = client.chat_stream(channel=channel, thread_ts=thread_ts, recipient_user_id=user or None, recipient_team_id=team or None, buffer_size=1)
    for piece in stream_pieces(answer.answer):
        try:
            streamer.append(markdown_text=defuse(piece))
        except SlackApiError as exc:
            error = str(exc.response.get("error", ""))
            if streamer.ts is None and error in STREAM_REFUSED:
                raise _NotStarted(error) from None
            raise

    def closing(native: bool) -> list[dict]:
        return defuse(source_blocks(answer) + closing_blocks(answer, answer_id=answer_id, context_line=context_line, native=native))

    try:
        streamer.stop(blocks=closing(known.native_feedback))
    except SlackApiError as exc:
        error = str(exc.response.get("error", ""))
        if error not in BLOCKS_REFUSED or not known.native_feedback:
            raise
        known.refuse("native_feedback", error)
        streamer.stop(blocks=closing(False))  # the stream is still open: finish it with the plain buttons
    return streamer.ts or ""
