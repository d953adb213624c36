"""Option types shared by the commands, so a wrong value is refused in the same words everywhere."""

from __future__ import annotations

import re
from datetime import datetime

import click


class Day(click.DateTime):
    """A calendar day written YYYY-MM-DD (a datetime at midnight, as click.DateTime gives)."""

    name = "date"

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value, param, ctx):  # noqa: ANN001 - click's signature
        if isinstance(value, datetime):
            return value
        try:
            return datetime.strptime(str(value).strip(), "%Y-%m-%d")
        except ValueError:
            # The same words as the record commands' dates ('deadline ... is not a date; write it as YYYY-MM-DD').
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-03", param, ctx)


DAY = Day()


def typed(key: str) -> str:
    """A stored key as a person types it on the command line: 'at_risk' -> '"at risk"', 'met' -> 'met'."""
    words = key.replace("_", " ")
    return f'"{words}"' if " " in words else words


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", text.strip()).casefold()


class Words(click.Choice):
    """A choice among stored keys (operational_risk, at_risk) that takes them as people write them: "operational risk",
    operational-risk, Operational_Risk; the help and a refusal list them with spaces, quoted as a shell needs."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(keys, case_sensitive=False)

    def normalize_choice(self, choice: object, ctx: click.Context | None) -> str:
        return _key(str(choice))

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        shown = "|".join(typed(str(c)) for c in self.choices)
        return f"{{{shown}}}" if param.required and param.param_type_name == "argument" else f"[{shown}]"

    def get_invalid_choice_message(self, value, ctx: click.Context | None) -> str:  # noqa: ANN001 - click's signature
        return f"{value!r} is not one of {join_or([typed(str(c)) for c in self.choices])}"


def join_or(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" or {items[-1]}"


class Filled(click.ParamType):
    """Text that must not be blank (a title, a question, an id): an empty "" is refused naming the argument."""

    name = "text"

    def convert(self, value, param, ctx):  # noqa: ANN001 - click's signature
        if not str(value).strip():
            self.fail("it is empty; give one (in quotes when it has spaces)", param, ctx)
        return str(value).strip()


FILLED = Filled()
