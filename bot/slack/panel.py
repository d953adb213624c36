"""The assistant panel's flow: which program a thread may read, its status line, and the answer in the thread.

An assistant thread lives in the person's DM with the app; Slack tells which channel they were viewing when it
opened (the thread context). That channel decides the program exactly as if they had asked in it (bot/slack/scope.py):
a linked channel's program, else the defaults; a thread opened from no channel follows the DM rule.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from pydantic import BaseModel, ConfigDict
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.engines import AnswerRequest, StatusRequest
from bot.slack.asking import answer_messages, context_line, program_name
from bot.slack.delivery import deliver
from bot.slack.deps import SlackDeps
from bot.slack.posting import failure_messages, post, react
from bot.slack.scope import program_for
from bot.slack.views.assistant_builder import PanelFacts, loading_messages, status_text, thread_title
from bot.slack.views.feedback_builder import feedback_answer_id
from store.assistant_threads import AssistantThreads, ThreadContext

log = logging.getLogger(__name__)

STATUS_WORKERS = 4  # status calls are short I/O; their own pool keeps them from queueing behind answers
STATUS_WAIT = 5.0


class PanelRequest(BaseModel):
    """A question asked in an assistant thread."""

    model_config = ConfigDict(extra="forbid")

    question: str
    user: str
    channel: str  # the DM the thread lives in
    ts: str
    thread_ts: str
    team: str = ""


def threads(deps: SlackDeps) -> AssistantThreads:
    """The app's thread-context store, opened once on the records database."""
    store = deps.extra.get("assistant_threads")
    if store is None:
        store = deps.extra.setdefault("assistant_threads", AssistantThreads(deps.settings.records_url))
    return store


def thread_program(deps: SlackDeps, channel: str, thread_ts: str, user: str, context: ThreadContext | None = None) -> str | None:
    """The program an assistant thread may read: the viewed channel's, as if asked there; else the DM rule."""
    context = context if context is not None else threads(deps).find(channel, thread_ts)
    viewed = context.channel_id if context else None
    if viewed and not viewed.startswith("D"):
        return program_for(deps, viewed, user, "channel")
    return program_for(deps, channel, user, "im")  # opened from a DM or from nowhere: the person's own programs


def panel_facts(deps: SlackDeps, program: str | None) -> PanelFacts:
    """What the suggested prompts may name; a records problem just means plainer prompts."""
    if program is None:
        return PanelFacts()
    try:
        status = deps.engines.status(StatusRequest(program=program))
    except Exception:  # noqa: BLE001 - prompts about the program still work without its status
        log.debug("status unavailable for the panel's prompts", exc_info=True)
        return PanelFacts(program=program)
    at_integration = next((uc.name or uc.id for uc in status.use_cases_by_stage.get("integration", [])), None)
    return PanelFacts(program=program, program_name=status.name or program, at_integration=at_integration or None)


# --- the status line, set as soon as the message is acknowledged ------------------------------------


def _status_pool(deps: SlackDeps) -> ThreadPoolExecutor:
    pool = deps.extra.get("assistant_status_pool")
    if pool is None:
        pool = deps.extra.setdefault("assistant_status_pool", ThreadPoolExecutor(STATUS_WORKERS, thread_name_prefix="compel-status"))
    return pool


def set_status(client: WebClient, channel: str, thread_ts: str, program_name: str | None) -> bool:
    """Show "compel is searching the BoK…" (or reading the records of the program named); False when Slack refuses
    (not an assistant thread)."""
    try:
        client.assistant_threads_setStatus(channel_id=channel, thread_ts=thread_ts, status=status_text(program_name),
                                           loading_messages=loading_messages(program_name))
        return True
    except SlackApiError as exc:
        log.debug("assistant status refused: %s", exc.response.get("error"))
        return False


def start_status(deps: SlackDeps, client: WebClient, channel: str, thread_ts: str, ts: str, user: str) -> None:
    """Set the status in the background right after the ack; the answer waits for it, so it never lands after the answer."""

    def work() -> bool:
        return set_status(client, channel, thread_ts, program_name(deps, thread_program(deps, channel, thread_ts, user)))

    deps.extra.setdefault("assistant_status", {})[ts] = _status_pool(deps).submit(work)


def _status_done(deps: SlackDeps, ts: str) -> bool | None:
    future: Future | None = deps.extra.get("assistant_status", {}).pop(ts, None)
    if future is None:
        return None
    try:
        return bool(future.result(timeout=STATUS_WAIT))
    except Exception:  # noqa: BLE001 - a status that never came must not stop the answer
        log.debug("assistant status failed", exc_info=True)
        return False


# --- the answer --------------------------------------------------------------------------------------


def answer_in_panel(deps: SlackDeps, client: WebClient, req: PanelRequest, set_title: Callable[[str], object] | None = None) -> None:
    """Answer a question in an assistant thread with the mention's engine, citations and record evidence."""
    program = thread_program(deps, req.channel, req.thread_ts, req.user)
    status = _status_done(deps, req.ts)
    if status is None:
        status = set_status(client, req.channel, req.thread_ts, program_name(deps, program))
    if not status:
        react(client, req.channel, req.ts)  # not an assistant thread (a DM thread): the hourglass, as for mentions
    try:
        history = deps.state.thread_questions(req.channel, req.thread_ts)
        if not history and set_title is not None:
            _quietly(lambda: set_title(thread_title(req.question)), "title")
        answer = deps.engines.answer(AnswerRequest(question=req.question, program=program, history=history, person=req.user))
        messages = answer_messages(
            deps, req.question, answer, user=req.user, channel=req.channel, thread_ts=req.thread_ts, program=program, follow_up=bool(history)
        )
        answer_id = feedback_answer_id(messages)
        deliver(
            deps, client, channel=req.channel, thread_ts=req.thread_ts, answer=answer, messages=messages, answer_id=answer_id,
            context_line=context_line(program_name(deps, program), answer, bool(history)), user=req.user, team=req.team, stream=True,
        )
    except Exception as exc:  # noqa: BLE001 - the person gets a kind line in the thread; the traceback goes to the log
        try:
            post(client, req.channel, failure_messages(exc, "answering in the assistant panel"), req.thread_ts)
        except Exception:  # noqa: BLE001
            log.exception("could not post the failure notice either")
            if status:  # a reply clears the status; with none posted, clear it so the panel does not spin forever
                _quietly(lambda: client.assistant_threads_setStatus(channel_id=req.channel, thread_ts=req.thread_ts, status=""), "status")
    finally:
        if not status:
            react(client, req.channel, req.ts, remove=True)


def _quietly(call: Callable[[], object], what: str) -> None:
    try:
        call()
    except SlackApiError as exc:
        log.debug("assistant %s refused: %s", what, exc.response.get("error"))
