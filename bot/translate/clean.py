"""Input hygiene for updates: refuse what cannot be translated, undo Slack markup, notice other languages."""

from __future__ import annotations

import html
import re

from bot.errors import InputError

MAX_UPDATE_CHARS = 4000

_MENTION_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
_SUBTEAM = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>")
_BROADCAST = re.compile(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>")
_DATE = re.compile(r"<!date\^\d+\^[^|>]*\|([^>]*)>")
_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>\s]+)(?:\|([^>]*))?>")
_CODE_BLOCK = re.compile(r"```(?:[a-z0-9_+-]*\n)?(.*?)```", re.S)
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_EMOJI = re.compile(r"(?<![\w:]):[a-z0-9_+'-]+:(?::skin-tone-\d:)?(?![\w:])")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
# A tilde before a figure is "about" ("~40 s", "(~£380/mo)"), never the start or end of struck-through text.
_STRIKE = re.compile(r"(?<![\w~])~(?=[^\s\d$€£¥])([^~\n]+?)(?<=\S)~(?![\w~$€£¥])")
_QUOTE = re.compile(r"^\s*&gt;\s?|^\s*>\s?", re.M)
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+", re.M)
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_slack(text: str) -> str:
    """Plain text from Slack's markup, the way Slack users write it: links keep their label, mentions stay."""
    text = _CODE_BLOCK.sub(lambda m: m.group(1).strip(), text)
    text = _CODE_SPAN.sub(lambda m: m.group(1), text)
    text = _BROADCAST.sub("", text)  # never re-broadcast @here / @channel through the bot
    text = _SUBTEAM.sub(lambda m: (m.group(1) or "a team"), text)
    text = _DATE.sub(lambda m: m.group(1), text)
    # A user mention stays as written: Slack shows it as the person's name, and naming who is involved is a fact.
    text = _MENTION_USER.sub(lambda m: f"<@{m.group(1)}>", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(2)}" if m.group(2) else f"<#{m.group(1)}>", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1).removeprefix("mailto:").removeprefix("tel:"), text)
    text = _QUOTE.sub("", text)
    text = html.unescape(text)
    text = _EMOJI.sub("", text)
    for pattern in (_BOLD, _ITALIC, _STRIKE):
        text = pattern.sub(lambda m: m.group(1), text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return text


def _join_lines(text: str) -> str:
    """Lines and bullets become sentences: a list of points reads as one paragraph."""
    lines = [ln.strip() for ln in _BULLET.sub("", text).splitlines()]
    out = []
    for ln in lines:
        if not ln:
            continue
        if out and not out[-1].endswith((".", "!", "?", ";", ":")):
            out[-1] += "."
        out.append(ln)
    return _SPACES.sub(" ", " ".join(out)).strip()


def prepare(text: str | None, limit: int = MAX_UPDATE_CHARS) -> str:
    """The update as plain text, or an InputError saying what is wrong with it and what to do."""
    if text is None or not text.strip():
        raise InputError("The update is empty. Pass the engineer's update as text, or - to read it from stdin.")
    if len(text) > limit:
        raise InputError(
            f"The update is {len(text):,} characters; the limit is {limit:,}. "
            "Send one update at a time (or split it, one per line, with --batch)."
        )
    cleaned = _join_lines(clean_slack(text))
    if not cleaned or not re.search(r"[^\W_]", cleaned):
        raise InputError("The update has no words once Slack formatting and emoji are removed. Send the update's text.")
    return cleaned


# --- language ------------------------------------------------------------------------------
_STOPWORDS = {
    "English": set(
        "the a an is are was were be been to of in on for with and but not no we it this that our "
        "has have had will so after from at by as since only about still need needs can can't won't "
        "its into than then there they their which when while should would could all any more".split()
    ),
    "French": set("le la les des est et pour pas avec une nous dans sur du au aux ce cette sont qui que ne plus".split()),
    "German": set("der die das und ist nicht mit für wir auf ein eine zu den dem des noch bei sind wird auch".split()),
    "Spanish": set("el los las es y para con una por que del está están pero como muy más sin sobre hay".split()),
    "Portuguese": set("o os é e para com uma não do da em dos das mas como está são pelo pela".split()),
    "Italian": set("il gli è e per con una non che della sono del nel alla ma anche ancora".split()),
    "Dutch": set("de het een en is niet met voor wij op van zijn maar ook nog bij".split()),
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def detect_language(text: str) -> str | None:
    """None when the text reads as English; else a best guess at its language ("another language" if unsure)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    latin = sum(1 for c in letters if _LATIN.match(c))
    if latin / len(letters) < 0.5:
        return "another language"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 4:
        return None
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    english = counts.pop("English")
    lang, best = max(counts.items(), key=lambda kv: kv[1])
    if best >= 2 and best > english * 1.5:
        return lang
    return None
