"""Block Kit and texts for the assistant panel: greeting, suggested prompts, status lines and the thread title."""

from __future__ import annotations

from dataclasses import dataclass

from bot.slack.views import limits
from bot.slack.views.blocks import context, section
from bot.slack.views.mrkdwn import escape, plain

# assistant.threads.setSuggestedPrompts takes at most four prompts; titles show as short chips in the panel.
MAX_PROMPTS = 4
PROMPT_TITLE = 40
PROMPT_MESSAGE = 300
TITLE = 80  # a thread title is a line in the panel's history list
STATUS = 50

STATUS_BOK = "is searching the BoK…"
STATUS_RECORDS = "is reading the program's records…"


@dataclass(frozen=True)
class PanelFacts:
    """What the prompts may name: the program in scope (None: the BoK only) and a use case at integration."""

    program: str | None = None
    program_name: str | None = None
    at_integration: str | None = None


def _prompt(title: str, message: str) -> dict[str, str]:
    return {"title": plain(title, PROMPT_TITLE), "message": plain(message, PROMPT_MESSAGE)}


def suggested_prompts(facts: PanelFacts) -> list[dict[str, str]]:
    """Prompts that fit where the person is: about the program in scope, or about the BoK when there is none."""
    if facts.program is None:
        prompts = [
            _prompt("Debt budget", "How much of each sprint should go to paying down technical debt?"),
            _prompt("Ready to deploy?", "What has to be true before a use case is ready for deployment?"),
            _prompt("Stage questions", "Which questions fit a use case whose data is still being cleaned up?"),
            _prompt("Feasibility risk", "When does a long experimentation phase become a feasibility risk?"),
        ]
    else:
        name = facts.program_name or facts.program
        integration = (
            _prompt(f"Ask about {facts.at_integration}", f"What should I ask about {facts.at_integration} at integration?")
            if facts.at_integration
            else _prompt("Integration questions", "What should I ask when a use case reaches integration?")
        )
        prompts = [
            _prompt("Riskiest use case", f"Which use case in {name} is the riskiest right now, and why?"),
            integration,
            _prompt("Latest stand-up", f"What did the latest stand-up in {name} report?"),
            _prompt("Debt budget", "How much of each sprint should go to paying down technical debt?"),
        ]
    return prompts[:MAX_PROMPTS]


def prompts_title(facts: PanelFacts) -> str:
    """The line above the suggested prompts."""
    return f"Try one about {facts.program_name or facts.program}:" if facts.program else "Try one of these:"


def build_greeting(facts: PanelFacts) -> list[limits.Message]:
    """The first message in a new assistant thread: what the bot can answer from here."""
    if facts.program:
        name = escape(facts.program_name or facts.program)
        text = (f"Hi! I answer from the COMPEL Body of Knowledge and the records of *{name}*, with numbered citations. "
                "Ask me anything, or pick a prompt below.")
        note = "The channel you are viewing decides which program's records I read."
    else:
        text = ("Hi! I answer from the COMPEL Body of Knowledge, with numbered citations. Ask me anything, or pick a prompt below.")
        note = "Open me beside a channel linked to a program and I read that program's records too."
    return limits.paginate([section(text), context(escape(note))], text.replace("*", ""))


def status_text(program: str | None) -> str:
    """What the panel shows while the answer is worked out ("compel is searching the BoK…")."""
    return plain(STATUS_RECORDS if program else STATUS_BOK, STATUS)


def loading_messages(program_name: str | None) -> list[str]:
    """The rotating lines under the status, in the order the work happens (`program_name`: the program read, by name)."""
    lines = ["Searching the COMPEL Body of Knowledge…"]
    if program_name:
        lines.append(plain(f"Reading the records of {program_name}…", STATUS * 2))
    lines.append("Checking each citation…")
    return lines


def thread_title(question: str) -> str:
    """A title for the thread from its first question: one line, cut at a word boundary."""
    line = " ".join((question or "").split())
    if len(line) <= TITLE:
        return line or "New question"
    cut = line[: TITLE - 1].rsplit(" ", 1)[0]
    return (cut or line[: TITLE - 1]) + "…"
