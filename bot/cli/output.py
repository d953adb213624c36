"""What `--json` prints: one convention for every command (README.md, "The command line", tells it to users).

- One JSON object per command (`--batch` prints one per line), never a bare list, so a key can be added later
  without breaking a script.
- A command that takes `--program` puts `program` first: the id of the program it read or changed (null when it
  read none, as `ask` without records or `questions --stage`, or several, as `standup setup --file`).
- A list sits under a plural noun naming its items (`findings`, `risks`, `items`, `schedules`, `posts`, `runs`, ...);
  one record or report keeps its own fields at the top level, beside `program`.
- A write (`risk add`, `debt add`, `milestone set`, ...) prints `program`, `kind` (risk, decision, debt, use_case),
  the record as saved (its `id` and fields) and `lines`, the sentences the text output shows.
- Dates and times are ISO 8601; ids and choice keys as stored (`at_risk`), never display words.
`records export --json` is the one exception: it prints the program file itself, which `records import` reads back.
"""

from __future__ import annotations

import json
from typing import Any

import click


def about(program: str | None, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with `program` first (the payload's own `program`, when it has one, is the same id)."""
    return {"program": program, **{k: v for k, v in payload.items() if k != "program"}}


def written(program: str, kind: str, record: dict[str, Any], lines: list[str]) -> dict[str, Any]:
    """What a write prints: the program, the kind of record, the record as saved, and the lines the text output shows."""
    return {"program": program, "kind": kind, **{k: v for k, v in record.items() if k not in ("program", "kind", "lines")}, "lines": lines}


def emit(payload: dict[str, Any]) -> None:
    """Print one --json object (a list is refused here: it would break the convention above)."""
    if not isinstance(payload, dict):
        raise TypeError(f"--json prints one object, not a {type(payload).__name__}")
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
