"""The checks every text a person reads must pass: no internal ids, no "(s)", no raw identifiers, capitals, no doubled
words, no dangling lead-ins, no empty sections. Shared by the audit tests; written for this project's renderers."""

from __future__ import annotations

import re

# Record ids as the stores and importers make them (uc-churn, ws-data, debt-001, dec-003, rk-002, esc-001, u-043 ...).
ID_PATTERN = re.compile(
    r"(?<![\w/-])(?:(?:uc|ws)-[a-z0-9][\w-]*|(?:uc|ws|debt|dec|rk|esc|u|su|cmd|dq|acc|proc|dep|ms|env|pl|cost|vt|pm|pc|qg|g)-\d[\w-]*)(?![\w-])"
)
_TOKEN = re.compile(r"[A-Za-z0-9_:.-]+")
_SNAKE = re.compile(r"(?<![\w/.`-])[a-z]+(?:_[a-z0-9]+)+(?![\w`-])")
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_ITEM = re.compile(r"^\s*(?:[-•›*]|\d+\.|\[[ x]\])\s+(?P<first>\S)")
_AFTER_STOP = re.compile(r"(?P<before>\S+)[.!?]\s+(?P<next>[a-z])")
_ABBREVIATIONS = ("e.g", "i.e", "vs", "etc", "approx", "cf")
_MARKUP = re.compile(r"[*_~`]")
_SLACK_TOKEN = re.compile(r":[a-z0-9_+-]+:|<[^>]+>")  # emoji names and links are markup, not words
_CODE = re.compile(r"`[^`]*`")  # a command a reader may type is quoted as code: its words are the command's own


def _readable(line: str) -> str:
    """The line as a reader sees it: Slack emoji names, links, code and emphasis markers taken out."""
    return _MARKUP.sub("", _CODE.sub("CODE", _SLACK_TOKEN.sub("", line)))


def problems(text: str, *, ids: set[str] = frozenset(), handles: tuple[str, ...] = ()) -> list[str]:
    """Every breach of the house rules for readable text, each as 'kind: the line'.

    `ids` are the program's record ids (none may show, whatever their shape); `handles` are ids shown on purpose.
    """
    found: list[str] = []
    tokens = _TOKEN.findall(text)
    for token in {t.strip(".:,;") for t in tokens} & set(ids):
        if token not in handles:
            found.append(f"record id {token!r} in the text")
    lines = text.splitlines()
    for n, raw in enumerate(lines):
        line = _readable(raw)
        for handle in handles:
            line = line.replace(handle, "")
        stripped = line.strip()
        if not stripped:
            continue
        for m in ID_PATTERN.finditer(line):
            if m.group(0) not in handles:
                found.append(f"internal id {m.group(0)!r}: {raw}")
        if "(s)" in line:
            found.append(f"'(s)' plural: {raw}")
        for m in _SNAKE.finditer(line):
            found.append(f"raw identifier {m.group(0)!r}: {raw}")
        for m in _DOUBLED.finditer(line):
            if not m.group(1).isdigit():
                found.append(f"doubled word {m.group(1)!r}: {raw}")
        item = _ITEM.match(line)
        if item and item.group("first").islower():
            found.append(f"list item in lowercase: {raw}")
        elif not item and stripped[:1].islower() and (n == 0 or not lines[n - 1].strip()):
            found.append(f"paragraph in lowercase: {raw}")
        for m in _AFTER_STOP.finditer(line):
            before = m.group("before").lower().rstrip(".")
            if before.endswith(_ABBREVIATIONS) or before[-1:].isdigit() or "…" in m.group(0):
                continue
            found.append(f"sentence in lowercase: {raw}")
        if re.search(r"[A-Za-z]-$", stripped) and n + 1 < len(lines) and lines[n + 1].strip()[:1].islower():
            found.append(f"word split at its hyphen across lines: {raw}")
        if stripped.endswith(":") and not _followed(lines, n) and not _wrapped(lines, n):
            found.append(f"dangling lead-in: {raw}")
        if _heading(lines, n) and not _followed(lines, n):
            found.append(f"empty section: {raw}")
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _followed(lines: list[str], n: int) -> bool:
    """True when something follows line n on the next line: deeper, or a list item under it."""
    if n + 1 >= len(lines) or not lines[n + 1].strip():
        return False
    nxt = lines[n + 1]
    return _indent(nxt) > _indent(lines[n]) or bool(_ITEM.match(_readable(nxt)))


def _wrapped(lines: list[str], n: int) -> bool:
    """True when line n is a terminal's wrapped line that the next line continues at the same indent."""
    return len(lines[n]) >= 80 and n + 1 < len(lines) and bool(lines[n + 1].strip()) and _indent(lines[n + 1]) >= 2


def slack_text(payload) -> str:
    """What Slack shows from Block Kit messages: every `text` string, one per line (types and ids are not read)."""
    if isinstance(payload, dict):
        own = [payload["text"]] if isinstance(payload.get("text"), str) else []
        return "\n".join(own + [slack_text(v) for v in payload.values() if isinstance(v, (dict, list))])
    if isinstance(payload, list):
        return "\n".join(slack_text(v) for v in payload)
    return ""


def _heading(lines: list[str], n: int) -> bool:
    """A section title: a short line of its own after a blank line, not a sentence (no closing punctuation)."""
    line = _readable(lines[n]).strip()
    if n == 0 or lines[n - 1].strip() or not line or _indent(lines[n]) or line[-1] in ".:!?)" or len(line) > 60:
        return False
    return bool(re.fullmatch(r"[A-Z][A-Za-z ,'-]+", line))


_BRACKET = re.compile(r"\(([^()]{12,})\)")


def repeated_explanations(text: str) -> list[str]:
    """Bracketed explanations of four words or more that a text gives more than once (a term is explained once)."""
    seen: dict[str, int] = {}
    for m in _BRACKET.finditer(text):
        said = m.group(1).strip()
        if len(said.split()) >= 4 and not any(c.isdigit() for c in said):  # "(sprints 4 to 7)" is a figure
            seen[said] = seen.get(said, 0) + 1
    return [f"explained {n} times: ({said})" for said, n in seen.items() if n > 1]
