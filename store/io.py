"""Reading and writing program records as files: YAML or JSON for a whole program, CSV for updates and debt."""

from __future__ import annotations

import csv
import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.errors import InputError, NotFoundError
from store.checks import describe_errors, error_message
from store.models import DebtItem, ProgramData, Record, StandupUpdate
from store.memory import paused_gc
from store.csv_platform import CELL_PARSERS, PLATFORM_CSV_HINTS, PLATFORM_CSV_KINDS, PLATFORM_CSV_NAMES

log = logging.getLogger(__name__)

# CSV kind -> (record class, required columns, columns holding lists separated by ";")
CSV_KINDS: dict[str, tuple[type[Record], tuple[str, ...], tuple[str, ...]]] = {
    "updates": (StandupUpdate, ("id", "date", "author", "text"), ("use_cases", "blockers")),
    "debt": (DebtItem, ("id", "description"), ()),
}
LIST_SEPARATOR = ";"
# CSV kind -> what its rows are called, and columns that tell a file of that kind with some columns missing.
_CSV_NAMES = {"updates": "stand-up updates", "debt": "debt items"}
CSV_KINDS.update(PLATFORM_CSV_KINDS)
_CSV_NAMES.update(PLATFORM_CSV_NAMES)
_CSV_HINTS = {"updates": ("author", "text"), "debt": ("description",)}
_CSV_HINTS.update(PLATFORM_CSV_HINTS)


def _yaml_load(text: str) -> Any:
    return __import__("yaml").load(text, Loader=_loader())  # noqa: S506 - a safe loader


@lru_cache(maxsize=1)
def _loader() -> type:
    """YAML's safe loader with dates left as text: the record models parse them, so `start: 2026-13-45` is one
    problem line naming its field (YAML's own date parser raises a bare ValueError instead)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:timestamp"]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    return type("RecordsLoader", (base,), {"yaml_implicit_resolvers": resolvers})


def _parse_yaml(text: str, name: str) -> Any:
    import yaml

    try:
        return _yaml_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{name}: not valid YAML{where} ({problem}); fix it and import again.") from None
    except ValueError as exc:  # a value YAML recognised but could not build
        raise InputError(f"{name}: a value cannot be read ({exc}); fix it and import again.") from None


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); fix it and import again.") from None


PARSERS = {".yaml": _parse_yaml, ".yml": _parse_yaml, ".json": _parse_json}


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise NotFoundError(f"No file {str(path)!r}; check the path.")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: not UTF-8 text; save it as UTF-8 and import again.") from None


def problems_message(name: str, lines: list[str]) -> str:
    """One line per problem, after a line saying nothing was written (a single problem is one line)."""
    if len(lines) == 1:
        return f"{lines[0]} (nothing was written)"
    shown = lines[:50]
    more = [f"  ... and {len(lines) - len(shown)} more"] if len(lines) > len(shown) else []
    return f"{name}: {len(lines)} problems; nothing was written:\n" + "\n".join([f"  {ln}" for ln in shown] + more)


def parse_program(raw: Any, name: str) -> ProgramData:
    """Validate a parsed YAML/JSON document as a whole program."""
    if not isinstance(raw, dict):
        raise InputError(f"{name}: expected a mapping with a 'program' key and record lists; got {type(raw).__name__}.")
    try:
        with paused_gc():
            return ProgramData.model_validate(raw)
    except ValidationError as exc:
        raise InputError(problems_message(name, describe_errors(exc, raw, name))) from None


def read_program(path: Path) -> ProgramData:
    """Read a whole program from a YAML or JSON file, validating every record."""
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise InputError(f"{path.name}: unknown file type; use .yaml, .yml or .json for a program, .csv for updates or debt.")
    with paused_gc():
        raw = parser(_read_text(path), path.name)
    return parse_program(raw, path.name)


def csv_kind(columns: list[str], name: str) -> str:
    """The record kind a CSV holds, told from its columns (a kind with columns missing when only some are there)."""
    cols = set(columns)
    # The kinds whose required columns are all there; of those, one whose every column it knows, most specific first.
    fits = [k for k, (cls, required, _) in CSV_KINDS.items() if set(required) <= cols]
    fits.sort(key=lambda k: (not cols <= set(CSV_KINDS[k][0].model_fields), -len(CSV_KINDS[k][1])))
    if fits:
        return fits[0]
    for kind, hints in _CSV_HINTS.items():
        if cols & set(hints):
            return kind  # read_csv names the missing columns
    wanted = "; ".join(f"{kind}: {', '.join(req)}" for kind, (_, req, _) in CSV_KINDS.items())
    raise InputError(f"{name}: cannot tell what these columns hold ({', '.join(columns) or 'none'}); expected {wanted}.")


def read_csv(path: Path, kind: str | None = None) -> tuple[str, list[Record]]:
    """Read one kind of record (updates, debt or a platform kind) from a CSV; every problem in the file is reported at once."""
    text = _read_text(path)
    name = path.name
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in (reader.fieldnames or [])]
    kind = kind or csv_kind(columns, name)
    cls, required, list_columns = CSV_KINDS[kind]
    missing = [c for c in required if c not in columns]
    if missing:
        noun = "the column" if len(missing) == 1 else "the columns"
        raise InputError(f"{name}: missing {noun} {', '.join(missing)} for {_CSV_NAMES[kind]}; add {'it' if len(missing) == 1 else 'them'} and import again.")
    unknown = [c for c in columns if c not in cls.model_fields]
    if unknown:
        raise InputError(
            f"{name}: unknown {'column' if len(unknown) == 1 else 'columns'} {', '.join(unknown)}; "
            f"the columns for {_CSV_NAMES[kind]} are {', '.join(cls.model_fields)}."
        )
    records: list[Record] = []
    lines: list[str] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(reader, start=2):
        if None in row:
            lines.append(f"{name}: line {line_no}: more cells than columns; quote cells that contain commas")
            continue
        fields = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(fields.values()):
            continue
        fields = {k: v for k, v in fields.items() if v != ""}
        for col in list_columns:
            if col in fields:
                fields[col] = [part.strip() for part in fields[col].split(LIST_SEPARATOR) if part.strip()]
        label = f"line {line_no}" + (f" (id {fields['id']!r})" if "id" in fields else "")
        try:
            for (of, col), parse in CELL_PARSERS.items():
                if of == kind and col in fields:
                    fields[col] = [parse(cell) for cell in fields[col]]
        except ValueError as exc:
            lines.append(f"{name}: {label} field {col}: {exc}")
            continue
        try:
            record = cls.model_validate(fields)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"]) or "row"
                message = "required, but empty" if err["type"] == "missing" else error_message(err)
                got = f" (got {err['input']!r})" if err["type"] != "missing" and isinstance(err.get("input"), str) else ""
                lines.append(f"{name}: {label} field {field}: {message}{got}")
            continue
        key = str(record.id)  # type: ignore[attr-defined]
        if key in seen:
            lines.append(f"{name}: {label} field id: duplicate id {key!r} (also on line {seen[key]})")
            continue
        seen[key] = line_no
        records.append(record)
    if lines:
        raise InputError(problems_message(name, lines))
    return kind, records


def dump_program(data: ProgramData, fmt: str = "yaml") -> str:
    """A program as YAML or JSON text that `read_program` reads back to the same records."""
    if fmt not in DUMPERS:
        raise InputError(f"Unknown format {fmt!r}; use one of {', '.join(DUMPERS)}.")
    with paused_gc():
        return DUMPERS[fmt](data.model_dump(mode="json", exclude_defaults=True))


def _dump_yaml(doc: dict[str, Any]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    head = "# compel-bot program records; import with `compel records import FILE`\n"
    return head + yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def _dump_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


DUMPERS = {"yaml": _dump_yaml, "json": _dump_json}
