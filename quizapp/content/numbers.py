"""Numbers as people write them: "175B", "175 billion", "175,000,000,000", "$78 million", "65.7%".

The article writes one number several ways and learners type it several more; the checker needs to
find a fact's value in its statement, the generator to swap a wrong value into that statement in
the same style, and the grader to accept any usual spelling. All of that goes through here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

SCALE_WORDS = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SCALE_LETTERS = {"k": 10**3, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9, "t": 10**12, "tn": 10**12}
SMALL_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
APPROX_WORDS = (
    "nearly",
    "about",
    "around",
    "approximately",
    "roughly",
    "almost",
    "over",
    "some",
    "under",
    "more than",
    "less than",
    "fewer than",
    "up to",
    "~",
)
_SCALE_ALT = "|".join(SCALE_WORDS)
_NUMBER = re.compile(
    r"(?<![\w.$€£])(?<![A-Za-z]-)"
    r"(?P<approx>(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in APPROX_WORDS) + r")\s*)?"
    r"(?P<currency>US\$|\$|USD\s*|€|£)?"
    r"(?P<value>"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+"
    r"|(?:a|an)(?=\s+(?:" + _SCALE_ALT + r")\b)"
    r"|(?:" + "|".join(SMALL_WORDS) + r")\b)"
    r"(?:(?P<letter>(?:[kKmMbBtT][nN]?))(?![A-Za-z0-9])|\s*(?P<scale>" + _SCALE_ALT + r")s?\b)?"
    r")"
    r"(?P<percent>\s*%|\s*per\s*cent\b|\s*percent\b)?"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberSpan:
    """One number found in a text.

    `start`/`end` cover the whole expression ("nearly $78 million"); `value_start`/`value_end`
    only the digits and their scale ("78 million"), the part a wrong value replaces. `style` is
    how it was written: "words" (175 billion, a trillion), "letter" (175B), "commas"
    (175,000,000,000), "plain" (2018, 65.7) or "sci" (1.75e11).
    """

    start: int
    end: int
    value_start: int
    value_end: int
    value: int | float
    style: str
    percent: bool
    currency: str
    approx: bool
    letter: str = ""
    scale: str = ""


@dataclass(frozen=True)
class ParsedNumber:
    """A learner's whole answer read as one number, with what was written around it."""

    value: int | float
    percent: bool
    currency: str
    approx: bool


def _tidy(value: float) -> int | float:
    """An integral float becomes an int, so 1.75e11 and 175000000000 compare and print alike."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e18:
        return int(value)
    return value


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number expression in `text`, left to right.

    A digit inside a name is not a number: "GPT-3", "GPT3" and "3D" yield nothing.
    """
    spans = []
    for match in _NUMBER.finditer(str(text)):
        num = match.group("num")
        lowered = num.lower()
        letter = match.group("letter") or ""
        scale_word = (match.group("scale") or "").lower()
        if lowered in ("a", "an"):
            base: float = 1
        elif lowered in SMALL_WORDS:
            base = SMALL_WORDS[lowered]
        else:
            try:
                base = float(num.replace(",", ""))
            except ValueError:  # pragma: no cover - the pattern only admits numbers
                continue
        multiplier = SCALE_LETTERS.get(letter.lower(), 1) if letter else SCALE_WORDS.get(scale_word, 1)
        value = base * multiplier
        if not math.isfinite(value):
            continue
        if scale_word or not lowered[:1].isdigit() and lowered[:1] != ".":
            style = "words"
        elif letter:
            style = "letter"
        elif "e" in lowered:
            style = "sci"
        elif "," in num:
            style = "commas"
        else:
            style = "plain"
        spans.append(
            NumberSpan(
                start=match.start(),
                end=match.end(),
                value_start=match.start("value"),
                value_end=match.end("value"),
                value=_tidy(round(value, 9) if not float(value).is_integer() else value),
                style=style,
                percent=bool(match.group("percent")),
                currency=(match.group("currency") or "").strip(),
                approx=bool(match.group("approx")),
                letter=letter,
                scale=scale_word,
            )
        )
    return spans


def parse_number(text: str) -> ParsedNumber | None:
    """`text` read as a single number ("about 175B parameters" -> 175000000000), else None.

    Words around the number (a unit, "about") are allowed; a second number or any stray digit
    makes the answer ambiguous, so it is not a number at all.
    """
    text = str(text).strip()
    if len(text) > 200:
        return None
    spans = find_numbers(text)
    if len(spans) != 1:
        return None
    span = spans[0]
    rest = text[: span.start] + " " + text[span.end :]
    if any(ch.isdigit() for ch in rest):
        return None
    return ParsedNumber(span.value, span.percent, span.currency, span.approx)


def to_number(raw: object) -> int | float | None:
    """A bank value or a learner's answer as a number: ints and floats as they are, text parsed."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return _tidy(float(raw)) if isinstance(raw, float) else raw
    parsed = parse_number(str(raw))
    return parsed.value if parsed else None


def close(a: float, b: float, tolerance: float = 0.0) -> bool:
    """Whether a and b are equal within a relative `tolerance` (0 still forgives float noise)."""
    tolerance = max(tolerance, 1e-9)
    return abs(a - b) <= tolerance * max(abs(a), abs(b)) or a == b


def _trim(value: float, places: int = 3) -> str:
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def in_words(value: float) -> str:
    """175000000000 -> "175 billion"; 1500 -> "1,500"; 65.7 -> "65.7"."""
    magnitude = abs(value)
    for word, scale in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
        if magnitude >= scale:
            return f"{_trim(value / scale)} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return _trim(value)


def format_number(value: float, unit: str | None = None, kind: str | None = None) -> str:
    """A bank value the way the app shows it: "2018", "175 billion", "$78 million", "65.7%"."""
    if kind == "year":
        return str(int(value))
    if kind == "percent" or (unit or "").lower() == "percent":
        return f"{_trim(value)}%".replace(",", "")
    body = in_words(value)
    if kind == "money" or (unit or "").upper() in ("USD", "$"):
        return "$" + body
    return body


def format_like(value: float, span: NumberSpan) -> str:
    """`value` written in the style of `span` (its digits-and-scale part only).

    Used to swap a wrong value into a true sentence: "nearly a trillion words" with 5e11 becomes
    "nearly 500 billion words", "175B" with 3.5e11 becomes "350B".
    """
    if span.style == "letter":
        for letter, scale in (("T", 10**12), ("B", 10**9), ("M", 10**6), ("K", 10**3)):
            if abs(value) >= scale:
                suffix = letter if span.letter[:1].isupper() else letter.lower()
                return _trim(value / scale).replace(",", "") + suffix + span.letter[1:]
        return _trim(value)
    if span.style == "sci":
        mantissa, exponent = f"{value:.3e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
    if span.style == "commas":
        return in_words(value) if abs(value) >= 10**15 else _trim(value)
    if span.style == "plain":
        return _trim(value).replace(",", "")
    if not span.scale and float(value).is_integer() and int(value) in _SPELLED:
        return _SPELLED[int(value)]  # "five cars" -> "two cars", not "2 cars"
    return in_words(value)


_SPELLED = {number: word for word, number in SMALL_WORDS.items() if number <= 20}


def mentions_value(text: str, value: float, tolerance: float = 0.0) -> bool:
    """Whether `text` writes `value` anywhere, in any of the usual forms."""
    return any(close(span.value, value, tolerance) for span in find_numbers(text))
