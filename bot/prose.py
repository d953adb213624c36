"""How prose shows dates, shares and counts: '3 Nov 2026', '9%', 'Six people' (machine outputs stay ISO)."""

from __future__ import annotations

from datetime import date, datetime

_UNITS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def date_text(value: date, *, year: bool = False, weekday: bool = False, full: bool = False) -> str:
    """A date as a reader says it, never zero-padded: '3 Nov', '3 Nov 2026', 'Tue 3 Nov', 'Tuesday 3 November'."""
    month = f"{value:%B}" if full else f"{value:%b}"
    out = f"{value.day} {month}" + (f" {value.year}" if year else "")
    if weekday:
        out = (f"{value:%A}" if full else f"{value:%a}") + " " + out
    return out


def time_text(value: datetime, *, zone: bool = False) -> str:
    """A date and clock time: 'Tue 3 Nov 09:30' (with the zone's short name when asked: 'Tue 3 Nov 09:30 CET')."""
    out = f"{date_text(value, weekday=True)} {value:%H:%M}"
    return f"{out} {value:%Z}".rstrip() if zone else out


def percent(share: float) -> str:
    """0.814 -> '81%': the project writes a share with the sign against the figure."""
    return f"{share * 100:.0f}%"


def count_word(n: int) -> str:
    """A count in words, as a sentence that starts with it needs: 6 -> 'six', 21 -> 'twenty-one' (0 to 99)."""
    if not 0 <= n < 100:
        return str(n)
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (f"-{_UNITS[unit]}" if unit else "")


def word_count(word: str) -> int | None:
    """The number a word says, the inverse of `count_word` ("nine" -> 9, "twenty-one" -> 21, "zero" -> 0); None for any
    other word."""
    low = word.lower().strip(".,")
    if low == "zero":
        return 0
    if low in _UNITS[1:]:
        return _UNITS.index(low)
    tens, _, unit = low.partition("-")
    if tens in _TENS[2:] and (not unit or unit in _UNITS[1:10]):
        return 10 * _TENS.index(tens) + (_UNITS.index(unit) if unit else 0)
    return None


def opening_count(n: int) -> str:
    """A count that opens a sentence before 'of the ...': 0 -> 'None', 3 -> 'Three' ('None of the 4 purchases …')."""
    words = count_word(n) if n else "none"
    return words[:1].upper() + words[1:]


def share_of(n: int, total: int, one: str, many: str | None = None) -> str:
    """A part of a whole to open a sentence, both counts in words below 100 (a sentence does not say 'Six of the 8'):
    'Six of the eight people', 'None of the three use cases', 'One of the 240 signals' from 100 on."""
    noun = one if total == 1 else (many or one + "s")
    whole = count_word(total) if 0 <= total < 100 else str(total)
    if n >= 100:
        return f"A total of {n} of the {whole} {noun}"
    return f"{opening_count(n)} of the {whole} {noun}"


def counted(n: int, one: str, many: str | None = None) -> str:
    """A count with its noun to open a sentence: 'Six people', 'One use case', 'No updates', 'Twenty-one signals';
    from 100 on, 'A total of 120 items' (house style: a sentence never opens on a figure)."""
    noun = one if n == 1 else (many or one + "s")
    words = f"{count_word(n)} {noun}" if 0 <= n < 100 else f"a total of {n} {noun}"
    return words[:1].upper() + words[1:]
