"""Lists in a section: a lead-in ending in ":" and the items under it (bullets, labelled or plain paragraphs), a
run of labelled paragraphs after the paragraph that introduces them, or bullets with no lead-in at all (straight
under the heading, or after a paragraph that does not end in ":")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.text import sentences

BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")
MAX_ITEMS = 12
MIN_RUN = 3  # labelled paragraphs in a row that make a list without a ':' lead-in (two could be chance)
MIN_BULLETS = 2  # bullets are list items by their form: two in a row already are a list
LABEL_WORDS = 6  # "Data quality at the source." opening a paragraph names the item; a longer first sentence is prose
_NUMBERS = {w: n for n, w in enumerate("two three four five six seven eight nine ten eleven twelve".split(), 2)}
_COUNT = re.compile(r"\b(\d{1,2}|" + "|".join(_NUMBERS) + r")\s+(?:[a-z-]+\s+){0,2}?[a-z-]+s\b", re.I)


@dataclass
class Item:
    """One list item: its text as written, an optional label, and the sub-items under it."""

    text: str
    label: str = ""
    children: list["Item"] = field(default_factory=list)
    bullet: bool = False


@dataclass
class SectionList:
    """A lead-in and its items, with the section lines they span (start = the lead-in's line)."""

    intro: str
    items: list[Item]
    start: int
    end: int
    promised: int | None = None

    def lines(self) -> range:
        """The section lines the list occupies, lead-in included."""
        return range(self.start, self.end)


def promised_count(text: str) -> int | None:
    """How many items a lead-in promises ("has five components:" -> 5), if it names a number."""
    m = _COUNT.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    n = int(word) if word.isdigit() else _NUMBERS.get(word)
    return n if n and 2 <= n <= MAX_ITEMS else None


def is_bullet(line: str) -> bool:
    """A bullet or numbered line."""
    return bool(BULLET.match(line))


def label_of(line: str) -> tuple[str, str]:
    """("Label", rest) for a paragraph that opens with a short naming sentence, else ("", line)."""
    found = sentences(line)
    if len(found) >= 2 and found[0].endswith(".") and len(found[0].split()) <= LABEL_WORDS:
        return found[0][:-1].strip(), line[len(found[0]) :].strip()
    return "", line


def lists_in(lines: list[str]) -> list[SectionList]:
    """Every list a section's lines hold: each line ending in ":" with items after it."""
    out: list[SectionList] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.endswith(":") and i + 1 < len(lines):
            found = _items_after(lines, i)
            if found is not None:
                out.append(found)  # lists inside it (an item that is itself a lead-in) are found as the scan goes on
        i += 1
    taken = {n for found in out for n in found.lines()}
    for run in [*_labelled_runs(lines), *_bullet_runs(lines)]:
        if not taken & set(run.lines()):
            out.append(run)
            taken |= set(run.lines())
    return out


def _bullet_runs(lines: list[str]) -> list[SectionList]:
    """Bullets no ':' line introduces: led in by the plain paragraph before them, or by nothing at the section's top."""
    out: list[SectionList] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and is_bullet(lines[j]):
            j += 1
        before = lines[i - 1].strip() if i > 0 else ""
        if j - i >= MIN_BULLETS and not before.endswith(":") and not is_bullet(before):
            items = [Item(BULLET.sub("", lines[n]).strip(), bullet=True) for n in range(i, min(j, i + MAX_ITEMS))]
            # No paragraph before: the list starts one line up, so no line of the section is taken as its lead-in.
            out.append(SectionList(intro=before, items=items, start=i - 1, end=i + len(items)))
        i = max(j, i + 1)
    return out


def _labelled_runs(lines: list[str]) -> list[SectionList]:
    """Labelled paragraphs in a row ("Technical uncertainty is higher. ..."), led in by the plain paragraph before them."""
    out: list[SectionList] = []
    i = 1
    while i < len(lines):
        j = i
        while j < len(lines) and label_of(lines[j].strip())[0]:
            j += 1
        intro = lines[i - 1].strip()
        if j - i >= MIN_RUN and not intro.endswith(":") and not label_of(intro)[0] and not is_bullet(intro):
            items = [Item(rest, label=label) for label, rest in (label_of(lines[n].strip()) for n in range(i, j))]
            out.append(SectionList(intro=intro, items=items[:MAX_ITEMS], start=i - 1, end=i + min(len(items), MAX_ITEMS)))
        i = max(j, i + 1)
    return out


def _same_shape(parent: Item, line: str) -> bool:
    """Sub-items continue while they look like the first one (bullets, or plain lines)."""
    return not parent.children or parent.children[0].bullet == is_bullet(line)


def _items_after(lines: list[str], i: int) -> SectionList | None:
    intro = lines[i].strip()
    promised = promised_count(sentences(intro)[-1] if sentences(intro) else intro)
    j = i + 1
    first = lines[j].strip()
    items: list[Item] = []
    if is_bullet(first):
        while j < len(lines) and is_bullet(lines[j]) and len(items) < MAX_ITEMS:
            items.append(Item(BULLET.sub("", lines[j]).strip(), bullet=True))
            j += 1
    elif label_of(first)[0]:
        # Labelled paragraphs: each label opens an item; lines without one (bullets, quoted questions) belong to it.
        while j < len(lines):
            label, rest = label_of(lines[j].strip())
            if label and len(items) >= (promised or MAX_ITEMS):
                break  # the promised items are all there; their sub-items were taken on the way
            if label:
                items.append(Item(rest, label=label))
            elif items and items[-1].text.endswith(":") and _same_shape(items[-1], lines[j]):
                items[-1].children.append(Item(BULLET.sub("", lines[j]).strip(), bullet=is_bullet(lines[j])))
            else:
                break
            j += 1
    else:
        # Plain paragraphs: as many as promised, else the rest of the section.
        limit = promised or MAX_ITEMS
        while j < len(lines) and len(items) < limit and not lines[j].strip().endswith(":"):
            items.append(Item(lines[j].strip()))
            j += 1
    if len(items) < 2 and not (items and items[0].children):
        return None
    return SectionList(intro=intro, items=items, start=i, end=j, promised=promised)
