"""The `/compel` subcommands: each parses its argument, makes one engine call and renders with a builder."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.engines import AnswerRequest, QuestionsRequest, ReadinessRequest, StatusRequest, TranslateRequest
from bot.errors import InputError, NotFoundError
from bot.slack.asking import answer_messages
from bot.slack.deps import SlackDeps
from bot.slack.listeners.commands.parse import CommandRequest
from bot.slack.listeners.commands import records as _records
from bot.slack.listeners.commands import reports as _reports
from bot.slack.listeners.commands import standup as _standup
from bot.slack.scope import program_for, require_program
from bot.slack.views import oversight_builder as ob
from bot.slack.views.common_builder import build_notice
from bot.slack.views.limits import Message
from bot.slack.views.translation_builder import build_translation

Run = Callable[[SlackDeps, CommandRequest], list[Message]]


@dataclass(frozen=True)
class Sub:
    """A subcommand: its work, whether it changes records (admins only), whether its result can be shared."""

    run: Run
    admin: Callable[[str], bool] = lambda arg: False
    shareable: bool = True


def _need(arg: str, usage: str) -> str:
    if not arg.strip():
        raise InputError(f"Missing argument. Usage: `/compel {usage}`")
    return arg.strip()


def ask(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel ask QUESTION`."""
    question = _need(req.arg, "ask QUESTION")
    program = program_for(deps, req.channel, req.user, req.channel_type)
    answer = deps.engines.answer(AnswerRequest(question=question, program=program, person=req.user))
    # an ephemeral reply through response_url cannot be re-sent if Slack refuses the native element: plain buttons
    return answer_messages(deps, question, answer, user=req.user, channel=req.channel, thread_ts="", program=program, native=False)


def translate(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel translate TEXT`."""
    return build_translation(deps.engines.translate(TranslateRequest(text=_need(req.arg, "translate TEXT"), person=req.user)))


def questions(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel questions [USE_CASE|STAGE]`."""
    program = require_program(deps, req.channel, req.user, req.channel_type)
    return ob.build_questions(deps.engines.questions(QuestionsRequest(program=program, target=req.arg.strip())))


def risks(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel risks`."""
    program = require_program(deps, req.channel, req.user, req.channel_type)
    findings = deps.engines.risks(program)
    # The program by its name, not its id: the status shares the findings cache, so this is no second evaluation.
    return ob.build_risks(findings, deps.engines.status(StatusRequest(program=program)).name or program)


def status(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel status`."""
    program = require_program(deps, req.channel, req.user, req.channel_type)
    return ob.build_status(deps.engines.status(StatusRequest(program=program)), program)


def readiness(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel readiness USE_CASE`."""
    use_case = _need(req.arg, "readiness USE_CASE")
    program = require_program(deps, req.channel, req.user, req.channel_type)
    return ob.build_readiness(deps.engines.readiness(ReadinessRequest(program=program, use_case=use_case)))


_OPTION = re.compile(r"\b(category|sprint)=(\S+)", re.IGNORECASE)


def debt(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel debt list`, `/compel debt add [USE_CASE:] DESCRIPTION [category=...] [sprint=N]`, `/compel debt resolve ID`."""
    action, _, rest = req.arg.partition(" ")
    program = require_program(deps, req.channel, req.user, req.channel_type)
    if action.lower() in ("", "list"):
        register = deps.engines.debt_register(program, "all")  # the CLI register's rows: judged labels, use cases by name
        return ob.build_debt(register.rows, register.name or program)
    if action.lower() == "resolve":
        return _records.write(deps, req, program, "debt resolve", {"title": _need(rest, "debt resolve ID")})
    if action.lower() != "add":
        raise InputError("Use `/compel debt list`, `/compel debt add [USE_CASE:] DESCRIPTION [category=debt|operational-risk|compliance-violation] [sprint=N]` or `/compel debt resolve ID`.")
    options = {k.lower(): v for k, v in _OPTION.findall(rest)}
    text = _OPTION.sub("", rest).strip()
    use_case, sep, description = text.partition(":")
    if not sep or " " in use_case.strip():
        use_case, description = "", text
    fields = {"title": _need(description, "debt add [USE_CASE:] DESCRIPTION"), "use case": use_case.strip(), **options}
    return _records.write(deps, req, program, "debt add", fields)


def link(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel link PROGRAM` (admins): scope this channel to a program's records."""
    program = _need(req.arg, "link PROGRAM")
    known = deps.engines.programs()
    if program not in known:
        hint = f"Known programs: {', '.join(known)}." if known else "No programs are on record yet (`compel demo load` or `compel records import FILE`)."
        raise NotFoundError(f"No program {program!r}. {hint}")
    deps.state.link(req.channel, program, req.user)
    return build_notice(f"This channel now uses the records of {deps.engines.program_name(program)}.", ":link:")


SUBCOMMANDS: dict[str, Sub] = {
    "ask": Sub(ask),
    "translate": Sub(translate),
    "questions": Sub(questions),
    "risks": Sub(risks),
    "status": Sub(status),
    "readiness": Sub(readiness),
    "debt": Sub(debt, admin=lambda arg: arg.strip().lower().startswith(("add", "resolve"))),
    "risk": Sub(_records.risk, admin=lambda arg: True),
    "decision": Sub(_records.decision, admin=lambda arg: True),
    "escalate": Sub(_records.escalate, admin=lambda arg: True),
    "milestone": Sub(_records.milestone, admin=lambda arg: True),
    "link": Sub(link, admin=lambda arg: True, shareable=False),
    "help": Sub(lambda deps, req: [], shareable=False),
    "standup": Sub(lambda deps, req: _standup.run(deps, req), admin=lambda arg: _standup.is_admin_action(arg)),
    "sprint": Sub(lambda deps, req: _reports.sprint(deps, req), admin=lambda arg: _reports.is_admin_action(arg)),
    "report": Sub(lambda deps, req: _reports.report(deps, req), admin=lambda arg: _reports.is_admin_report(arg)),
}
