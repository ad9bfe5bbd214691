"""A learner's typed number read as one figure: words, multipliers, currency, month, qualifier.

`numbers.parse_number` reads the bank's own figures; a learner types more freely: words ("one
hundred seventy-five billion"), multipliers ("2x", "twice", "100-fold"), a decimal comma ("65,7 %"),
spaced digit groups ("175 000 000 000"), a currency ("78 million euros"), a month ("August 2021")
and a qualifier ("more than double", "about 80 million"). `read_answer` turns all of that into one
`AnswerNumber`, keeping what the grader must check (currency, month, qualifier) beside the value.
Words become digits through text2num's `alpha2digit`, not through a list of our own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.content.numbers import parse_number

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = (
    "",
    *"January February March April May June July August September October November December".split(),
)

# Currency words and signs, by ISO code. The bank writes money as `unit: USD`.
CURRENCIES = {
    "USD": ("us$", "$", "usd", "dollars", "dollar", "us dollars", "bucks"),
    "EUR": ("€", "eur", "euros", "euro"),
    "GBP": ("£", "gbp", "pounds", "pound", "sterling"),
    "JPY": ("¥", "jpy", "yen"),
    "CNY": ("cny", "rmb", "yuan"),
    "INR": ("₹", "inr", "rupees", "rupee"),
    "CHF": ("chf", "swiss francs", "francs"),
}
CURRENCY_NAMES = {
    "USD": "US dollars",
    "EUR": "euros",
    "GBP": "pounds",
    "JPY": "yen",
    "CNY": "yuan",
    "INR": "rupees",
    "CHF": "Swiss francs",
}

# Qualifiers a learner puts before a figure, by the bound they state. "nearly"/"almost" say "close,
# from below"; "about" says "close, either side".
QUALIFIERS = {
    "more_than": (
        "more than",
        "over",
        "above",
        "greater than",
        "exceeding",
        "upwards of",
        "in excess of",
        "just over",
        "slightly more than",
        "a bit more than",
        "well over",
        ">",
    ),
    "at_least": ("at least", "no less than", "no fewer than", "≥", ">="),
    "less_than": ("less than", "fewer than", "under", "below", "just under", "<"),
    "at_most": ("at most", "up to", "no more than", "not more than", "≤", "<="),
    "nearly": ("nearly", "almost", "close to", "just shy of"),
    "approx": (
        "about",
        "around",
        "approximately",
        "approx",
        "roughly",
        "some",
        "circa",
        "ca",
        "~",
        "≈",
        "give or take",
        "or so",
        "ish",
    ),
}
# Words that say "this many times": a multiplier is the number it names.
MULTIPLIER_WORDS = {
    "twice": 2,
    "double": 2,
    "doubled": 2,
    "doubling": 2,
    "thrice": 3,
    "triple": 3,
    "tripled": 3,
    "quadruple": 4,
    "quadrupled": 4,
    "twofold": 2,
    "threefold": 3,
    "fourfold": 4,
    "fivefold": 5,
    "tenfold": 10,
    "hundredfold": 100,
    "thousandfold": 1000,
}


@dataclass(frozen=True)
class AnswerNumber:
    """A learner's answer read as one figure, with what they wrote around it.

    `qualifier` is "" or a key of QUALIFIERS ("more_than", "approx", ...); `currency` an ISO code
    or ""; `month` 1-12 or None; `times` whether it was written as a multiplier ("2x", "twice").
    """

    value: int | float
    percent: bool = False
    currency: str = ""
    qualifier: str = ""
    month: int | None = None
    times: bool = False


class AnswerConflict(ValueError):
    """The answer names two different currencies, months or qualifiers: it says two things."""


def _phrase(words: tuple[str, ...]) -> str:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        body = re.escape(word).replace(r"\ ", r"\s+")
        parts.append(body if not word[:1].isalnum() else rf"(?<![\w$€£¥₹]){body}")
    return (
        "(?:" + "|".join(parts) + r")(?![\w])"
        if all(w[-1:].isalnum() for w in words)
        else ("(?:" + "|".join(parts) + ")")
    )


def _pick(text: str, table: dict[str, tuple[str, ...]], what: str) -> tuple[str, str]:
    """The one key of `table` whose words occur in `text`, and `text` without them."""
    found = set()
    for key, words in table.items():
        word_part = tuple(w for w in words if w[-1:].isalnum())
        sign_part = tuple(w for w in words if not w[-1:].isalnum())
        for group in (word_part, sign_part):
            if not group:
                continue
            pattern = re.compile(_phrase(group), re.IGNORECASE)
            if pattern.search(text):
                found.add(key)
                text = pattern.sub(" ", text)
    if len(found) > 1:
        raise AnswerConflict(f"two different {what}s")
    return (found.pop() if found else ""), text


_MONTH_WORD = re.compile(
    r"(?<![\w])(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?![\w])", re.IGNORECASE
)
_MONTH_DIGITS = re.compile(r"(?<![\d/.-])(?:(\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2}))(?![\d/.-])")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])(\d+),(\d{1,2}|\d{4,})(?![\d,])")
_SPACED_GROUPS = re.compile(r"(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f\u2009']\d{3})+)(?![\d])")
_DOTTED_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.])")
_TIMES = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:x|×|-?\s*fold|\s+times)(?![\w])|(?<![\w])[x×](\d+(?:\.\d+)?)(?![\w.])",
    re.IGNORECASE,
)
# "1.75 x 10^11", "1.75×10¹¹" is scientific notation, not a multiplier.
_POWER_OF_TEN = re.compile(r"(\d+(?:\.\d+)?)\s*[x×*·]\s*10\s*(?:\^|\*\*)\s*(\d{1,2})")
_YEAR_SPEAK = re.compile(r"^\D*\b(19|20)\s+(\d{2})\b\D*$")
# A figure already in digits, with its scale word ("78 million"): text2num would read the scale
# word alone as a second number, so these stretches are kept out of its way.
_FIGURE_WITH_SCALE = re.compile(
    r"(\d[\d.,]*(?:\s*(?:hundred|thousand|million|billion|trillion)s?(?![\w]))?)", re.IGNORECASE
)
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b", re.IGNORECASE)


def _month(text: str) -> tuple[int | None, str]:
    """The month named in `text` ("Aug 2021", "08/2021", "2021-08") and `text` without it."""
    months = set()
    for match in _MONTH_WORD.finditer(text):
        word = match.group(1)
        # "may" is also a verb: only "May" next to a number is the month.
        if word.lower() == "may" and not re.match(r"\s*,?\s*(?:\d|twenty|nineteen)", text[match.end() :]):
            continue
        months.add(MONTHS[word.lower()])
        text = text[: match.start()] + " " * len(match.group(0)) + text[match.end() :]
    digits = _MONTH_DIGITS.search(text)
    if digits:
        month, year = (
            (digits.group(1), digits.group(2)) if digits.group(1) else (digits.group(4), digits.group(3))
        )
        if 1 <= int(month) <= 12:
            months.add(int(month))
            text = text[: digits.start()] + year + text[digits.end() :]
    if len(months) > 1:
        raise AnswerConflict("two different months")
    return (months.pop() if months else None), text


def _digits_for_words(text: str) -> str:
    """Number words as digits ("twenty-five" -> "25"), through text2num; ordinals are left alone,
    since "third" in "a third" is not the number 3."""
    from text_to_num import alpha2digit

    pieces = _FIGURE_WITH_SCALE.split(text)
    for index in range(0, len(pieces), 2):  # even pieces hold no digits: only they can be words
        converted: str = alpha2digit(pieces[index], "en", threshold=0)
        if not (_ORDINAL.search(converted) and not _ORDINAL.search(pieces[index])):
            pieces[index] = converted
    return "".join(pieces)


def read_answer(text: str) -> AnswerNumber | None:
    """A learner's typed answer as one figure, or None when it is not one number.

    Raises AnswerConflict when the answer names two currencies, months or qualifiers.
    """
    text = str(text).strip()
    if not text or len(text) > 200:
        return None
    text = text.replace("\u2212", "-")
    month, text = _month(text)
    currency, text = _pick(text, CURRENCIES, "currencie")
    qualifier, text = _pick(text, QUALIFIERS, "qualifier")
    times = False
    for word, number in MULTIPLIER_WORDS.items():
        pattern = re.compile(rf"(?<![\w-]){word}(?![\w-])", re.IGNORECASE)
        if pattern.search(text):
            text, times = pattern.sub(f" {number} ", text), True
    text = re.sub(
        r"(?<![\w])(?:a\s+)?dozen(?![\w])", " 12 ", text, flags=re.IGNORECASE
    )  # text2num has no "dozen"
    text = _digits_for_words(text)
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)
    text = _SPACED_GROUPS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    text = _DOTTED_GROUPS.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _POWER_OF_TEN.sub(lambda m: f"{m.group(1)}e{m.group(2)}", text)
    text, count = _TIMES.subn(lambda m: f" {m.group(1) or m.group(2)} ", text)
    times = times or bool(count)
    text = re.sub(r"(?<![\w])times(?![\w])", " ", text, flags=re.IGNORECASE) if times else text
    year_speak = _YEAR_SPEAK.match(text)
    if year_speak:  # "twenty twenty-one" reads as "20 21": a year said aloud
        text = year_speak.group(1) + year_speak.group(2)
    parsed = parse_number(text)
    if parsed is None:
        return None
    if parsed.currency and not currency:
        currency = "USD" if "$" in parsed.currency or "USD" in parsed.currency.upper() else currency
    if parsed.approx and not qualifier:
        qualifier = "approx"
    return AnswerNumber(parsed.value, parsed.percent, currency, qualifier, month, times)
