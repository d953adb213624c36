"""Answering a question in a thread: the one flow behind @mentions, DMs and thread replies."""

from __future__ import annotations

import logging

from pydantic import BaseModel, ConfigDict
from slack_sdk import WebClient

from bot.engines import AnswerRequest
from bot.slack.deps import SlackDeps
from bot.slack.delivery import post_answer
from bot.slack.posting import failure_messages, post, react
from bot.slack.views.answer_builder import build_answer
from bot.slack.views.limits import Message

log = logging.getLogger(__name__)


class AskRequest(BaseModel):
    """A question someone asked in Slack, with where to answer it."""

    model_config = ConfigDict(extra="forbid")

    question: str
    user: str
    channel: str
    ts: str
    thread_ts: str
    program: str | None = None
    follow_up: bool = False


def context_line(program: str | None, answer: object, follow_up: bool = False) -> str:
    """Where the answer comes from: program scope (`program`: its name), the engine's own context, follow-up."""
    extra = (answer.context or "").strip()
    # An answer from the records names its program already ("Answered from the records of …"): named once.
    parts = [] if program and program in extra else [f"Program: {program}" if program else "BoK only (no program linked)"]
    if extra:
        parts.append(extra)
    if follow_up:
        parts.append("follow-up: earlier questions in this thread used as context")
    return " · ".join(parts)


def answer_messages(
    deps: SlackDeps, question: str, answer: object, *, user: str, channel: str, thread_ts: str, program: str | None, follow_up: bool = False,
    native: bool = True,
) -> list[Message]:
    """Keep the answer with its question (the feedback buttons carry its id) and render it (`native`: Slack's feedback element)."""
    answer_id = deps.state.record_answer(
        question=question, answer=answer.answer, abstained=answer.abstained,
        user=user, channel=channel, thread_ts=thread_ts, program=program,
    )
    return build_answer(answer, answer_id=answer_id, context_line=context_line(program_name(deps, program), answer, follow_up), native=native)


def program_name(deps: SlackDeps, program: str | None) -> str | None:
    """The program's name for a context or status line (its id when the records cannot say: the answer is already made)."""
    if program is None:
        return None
    try:
        return deps.engines.program_name(program)
    except Exception:  # noqa: BLE001 - a context or status line must never lose the answer
        log.debug("program name unavailable for the context line", exc_info=True)
        return program


def answer_in_thread(deps: SlackDeps, client: WebClient, req: AskRequest) -> None:
    """React, answer from the engines, post the answer with citations in the thread, store it for feedback."""
    react(client, req.channel, req.ts)
    try:
        history = deps.state.thread_questions(req.channel, req.thread_ts) if req.follow_up else []
        req.follow_up = bool(history)
        answer = deps.engines.answer(AnswerRequest(question=req.question, program=req.program, history=history, person=req.user))
        messages = answer_messages(
            deps, req.question, answer, user=req.user, channel=req.channel, thread_ts=req.thread_ts, program=req.program, follow_up=req.follow_up
        )
        post_answer(deps, client, req.channel, req.thread_ts, messages)  # plain 👍/👎 where Slack refuses its own element
    except Exception as exc:  # noqa: BLE001 - the person gets a kind line in the thread; the traceback goes to the log
        try:
            post(client, req.channel, failure_messages(exc, "answering a question"), req.thread_ts)
        except Exception:  # noqa: BLE001
            log.exception("could not post the failure notice either")
    finally:
        react(client, req.channel, req.ts, remove=True)
