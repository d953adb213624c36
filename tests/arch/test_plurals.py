"""People never read '(s)' plurals: counts are written with their noun in the right number."""

from __future__ import annotations

import io
import re
import tokenize

from knowledge.text import plural
from tests.paths import ROOT

# The checkers name the pattern they look for; "http(s)" is a scheme, not a plural.
ALLOWED = {"bot/translate/consistency.py", "bot/answer/claims.py", "knowledge/text.py"}


def test_plural_writes_the_noun_in_the_right_number():
    assert plural(1, "use case") == "1 use case"
    assert plural(0, "passage") == "0 passages"
    assert plural(3, "entry", "entries") == "3 entries"


def test_no_string_people_read_carries_an_s_in_brackets():
    found = []
    for path in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "knowledge").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ALLOWED:
            continue
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            text = re.sub(r"\{[^{}]*\}", "", tok.string)  # an f-string's code, such as {escape(s)}, is not text
            if tok.type == tokenize.STRING and "(s)" in text.replace("http(s)", ""):
                found.append(f"{rel}:{tok.start[0]}")
    assert not found, f"'(s)' plurals in: {', '.join(found)}"
