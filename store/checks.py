"""Program-wide checks (duplicate ids, dangling references, dependency cycles) and error lines people can act on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from store.names import closest

# The models validate a whole program with these checks, so this module does not import them: `data` below is a
# store.models.ProgramData and `kinds` its KINDS table (record kind -> (model, id field)), passed in.


def _problem(loc: tuple, message: str, value: object) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError("reference", message), loc=loc, input=value)


def _known(ids: set[str], limit: int = 8) -> str:
    shown = sorted(ids)[:limit]
    more = "" if len(ids) <= limit else f" and {len(ids) - limit} more"
    return ", ".join(shown) + more if shown else "none"


def _hint(value: str, known: set[str], names: dict[str, str]) -> str:
    """'closest: ...' naming the ids nearest to `value` (by id, name or alias), else 'known: ...'."""
    aliases = {k.lower(): k for k in known} | {n.lower(): i for n, i in names.items() if i in known}
    close = closest(str(value), aliases)
    return f"closest: {', '.join(close)}" if close else f"known: {_known(known)}"


def check_references(data: Any, kinds: Mapping[str, tuple[type, str]]) -> list[InitErrorDetails]:
    """Duplicate ids, references to unknown use cases or workstreams, and dependency cycles, in a ProgramData."""
    problems: list[InitErrorDetails] = []
    for kind, (_, key) in kinds.items():
        seen: dict[object, int] = {}
        for i, record in enumerate(getattr(data, kind)):
            value = getattr(record, key)
            if value in seen:
                problems.append(_problem((kind, i, key), f"duplicate {key} {value!r} (also at {kind}[{seen[value]}])", value))
            seen.setdefault(value, i)
    workstreams = {w.id for w in data.workstreams}
    use_cases = {u.id for u in data.use_cases}
    either = workstreams | use_cases
    names = {w.name: w.id for w in data.workstreams}
    for u in data.use_cases:
        names.update({u.name: u.id, **{a: u.id for a in u.aliases}})

    def ref(kind: str, i: int, field: str, value: str | None, known: set[str], what: str) -> None:
        if value is not None and value not in known:
            problems.append(_problem((kind, i, field), f"unknown {what} {value!r}; {_hint(value, known, names)}", value))

    for i, uc in enumerate(data.use_cases):
        ref("use_cases", i, "workstream", uc.workstream, workstreams, "workstream")
    for i, u in enumerate(data.updates):
        ref("updates", i, "workstream", u.workstream, workstreams, "workstream")
        for j, name in enumerate(u.use_cases):
            ref("updates", i, f"use_cases[{j}]", name, use_cases, "use case")
    for kind in ("data_quality", "access_requests", "risks", "escalations", "debt", "decisions", "pipeline_runs", "quality_gates"):
        for i, record in enumerate(getattr(data, kind)):
            ref(kind, i, "use_case", record.use_case, use_cases, "use case")
    for kind in ("risks", "costs", "quality_gates"):
        for i, record in enumerate(getattr(data, kind)):
            ref(kind, i, "workstream", record.workstream, workstreams, "workstream")
    for i, p in enumerate(data.procurement):
        for j, name in enumerate(p.blocking):
            ref("procurement", i, f"blocking[{j}]", name, use_cases, "use case")
    for i, d in enumerate(data.dependencies):
        ref("dependencies", i, "upstream", d.upstream, either, "use case or workstream")
        ref("dependencies", i, "downstream", d.downstream, either, "use case or workstream")
        if d.upstream == d.downstream:
            problems.append(_problem(("dependencies", i, "downstream"), f"{d.id!r} depends on itself", d.downstream))
    cycle = find_cycle(data.dependencies)
    if cycle:
        i = next(i for i, d in enumerate(data.dependencies) if d.id == cycle[0])
        path = " -> ".join(cycle)
        problems.append(_problem(("dependencies", i), f"dependency cycle through {path}", cycle))
    problems.extend(_sprint_overlaps(data))
    return problems



def _sprint_overlaps(data: Any) -> list[InitErrorDetails]:
    """Sprints whose dates overlap: an update's date must name one sprint."""
    problems = []
    order = sorted(range(len(data.sprints)), key=lambda i: data.sprints[i].start)
    for before, after in zip(order, order[1:]):
        a, b = data.sprints[before], data.sprints[after]
        if b.start <= a.end:
            message = f"starts {b.start}, before sprint {a.number} ends ({a.end}); sprints must not overlap"
            problems.append(_problem(("sprints", after, "start"), message, str(b.start)))
    return problems


def find_cycle(dependencies: Sequence[Any]) -> list[str]:
    """Ids of dependencies forming a cycle (upstream -> downstream), or [] when the graph is acyclic."""
    edges: dict[str, list[Any]] = {}
    for d in dependencies:
        if d.upstream != d.downstream:
            edges.setdefault(d.upstream, []).append(d)
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[Any] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        for dep in edges.get(node, []):
            stack.append(dep)
            nxt = dep.downstream
            if state.get(nxt) == 1:
                start = next(k for k, s in enumerate(stack) if s.upstream == nxt)
                return [s.id for s in stack[start:]]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
            stack.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def _child(node: object, part: object) -> object:
    if isinstance(node, BaseModel):
        return getattr(node, str(part), None)
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _label(record: object) -> str:
    for key in ("id", "number", "name", "metric"):
        value = _child(record, key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return f" ({key} {value!r})"
    return ""


def error_location(loc: tuple, raw: object) -> tuple[str, str]:
    """(record, field) for a pydantic error location, naming the record by its id where it is known."""
    parts = list(loc)
    if not parts:
        return "file", ""
    record, node = str(parts.pop(0)), _child(raw, loc[0])
    if parts and isinstance(parts[0], int):
        index = parts.pop(0)
        node = _child(node, index)
        record += f"[{index}]{_label(node)}"
    field = ""
    for part in parts:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return record, field


def describe_errors(exc: ValidationError, raw: object, source: str) -> list[str]:
    """One line per problem: the file, the record, the field, what is wrong."""
    lines = []
    for err in exc.errors():
        record, field = error_location(tuple(err["loc"]), raw)
        where = f"{record} field {field}" if field else record
        if err["type"] == "missing":
            message = "required, but missing"
        elif err["type"] == "extra_forbidden":
            message = "not a known field; check its spelling"
        else:
            message = error_message(err)
            if err["type"] not in ("reference",) and isinstance(err.get("input"), (str, int, float)):
                message += f" (got {err['input']!r})"
        lines.append(f"{source}: {where}: {message}")
    return lines


def error_message(err: dict) -> str:
    """A pydantic error's message, with the expected form spelled out for dates."""
    message = str(err["msg"]).removeprefix("Value error, ")
    if str(err["type"]).startswith(("date", "datetime")):
        message += "; write dates as YYYY-MM-DD"
    return message
