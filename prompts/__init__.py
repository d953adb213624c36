"""Prompt templates, one file per LLM task, loaded with their variables checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.errors import ConfigError

HERE = Path(__file__).resolve().parent
_HEADER = re.compile(r"\A---\n(?P<head>.*?)\n---\n", re.S)
_VAR = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_PART = re.compile(r"^<!--\s*(system|user)\s*-->\s*$", re.M)
_NAME = re.compile(r"^(?P<task>[a-z_]+)\.v(?P<version>\d+)\.md$")


@dataclass(frozen=True)
class Prompt:
    """A task's system and user templates and the variables they declare."""

    task: str
    version: int
    variables: frozenset[str]
    system: str
    user: str

    @property
    def name(self) -> str:
        """Versioned name, e.g. answer.v1."""
        return f"{self.task}.v{self.version}"

    def render(self, **values: str) -> tuple[str, str]:
        """(system, user) with every variable filled; a missing or unknown variable is an error."""
        given = set(values)
        missing = sorted(self.variables - given)
        unknown = sorted(given - self.variables)
        if missing or unknown:
            raise ConfigError(
                f"prompt {self.name}: missing variables {missing}, unknown variables {unknown}. "
                f"Pass exactly {sorted(self.variables)}."
            )
        fill = lambda text: _VAR.sub(lambda m: str(values[m.group(1)]), text)  # noqa: E731
        return fill(self.system), fill(self.user)


def _parse(path: Path) -> Prompt:
    m = _NAME.match(path.name)
    if m is None:
        raise ConfigError(f"prompt file {path.name} is not named TASK.vN.md; rename it, e.g. answer.v1.md.")
    text = path.read_text(encoding="utf-8")
    head = _HEADER.match(text)
    if head is None:
        raise ConfigError(f"prompt {path.name} has no '---' header listing its variables; add 'variables: [...]'.")
    declared: set[str] = set()
    for line in head.group("head").splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "variables":
            declared = {v.strip() for v in value.strip().strip("[]").split(",") if v.strip()}
    body = text[head.end():]
    parts = _PART.split(body)
    # parts: [preamble, "system", text, "user", text]
    sections = dict(zip(parts[1::2], parts[2::2]))
    if set(sections) != {"system", "user"}:
        raise ConfigError(f"prompt {path.name} needs exactly one '<!-- system -->' and one '<!-- user -->' part.")
    used = set(_VAR.findall(body))
    if used != declared:
        raise ConfigError(
            f"prompt {path.name}: the text uses {sorted(used)} but the header declares {sorted(declared)}; make them agree."
        )
    return Prompt(m.group("task"), int(m.group("version")), frozenset(declared), sections["system"].strip(), sections["user"].strip())


@lru_cache(maxsize=None)
def load_prompt(task: str, version: int | None = None, folder: Path = HERE) -> Prompt:
    """The task's prompt (the highest version unless one is named); ConfigError when it is missing or malformed."""
    found = {}
    for path in folder.glob(f"{task}.v*.md"):
        m = _NAME.match(path.name)
        if m and m.group("task") == task:
            found[int(m.group("version"))] = path
    if not found:
        raise ConfigError(f"no prompt for task {task!r} in {folder}; add {task}.v1.md there.")
    pick = version if version is not None else max(found)
    if pick not in found:
        raise ConfigError(f"prompt {task}.v{pick}.md does not exist; versions on hand: {sorted(found)}.")
    return _parse(found[pick])
