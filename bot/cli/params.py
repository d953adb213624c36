"""Option types shared by the commands, so a wrong value is refused in the same words everywhere."""

from __future__ import annotations

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
