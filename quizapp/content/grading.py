"""Grading typed answers as a fair teacher would; every verdict says which rule gave it.

Phrases are graded in `phrases` (answer, alias, generic extra words, long forms, lists, typos that
are not other words). Numbers are graded here: read in any usual form (digits, words, multipliers,
decimal commas, spaced groups; see `answer_numbers.read_answer`). A currency or a month, when both
the answer and the fact have one, must match. How close the value must be follows the fact's
`precision`:

- exact: the same value ("about 149" still counts; "more than 149" does not, it is not the figure);
- approx: within the rounding the article's figure implies, `figure_tolerance`;
- more_than / at_least (a lower bound) and less_than / at_most (an upper bound): the bound itself,
  a bound stated the same way, or a value on the right side of it within the same tolerance
  ("more than double": "2x", "more than 2x" and 2.5 are right; 1.9 and "less than double" are not).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quizapp.content.answer_numbers import (
    CURRENCIES,
    CURRENCY_NAMES,
    MONTH_NAMES,
    AnswerConflict,
    read_answer,
)
from quizapp.content.bank import NUMERIC_KINDS, Fact
from quizapp.content.numbers import close, format_number, to_number
from quizapp.content.phrases import MAX_ANSWER_LENGTH, grade_text
from quizapp.content.question import Grade, Question
from quizapp.content.text import normalise

PRECISIONS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most")
LOWER_BOUNDS = ("more_than", "at_least")
UPPER_BOUNDS = ("less_than", "at_most")
# An "about" figure given to several digits still means "about": at least this much either side.
MIN_APPROX_TOLERANCE = 0.05
# A lone leading digit ("a trillion", "100 times") would otherwise allow +-50 %: at most this much.
MAX_APPROX_TOLERANCE = 0.25


# --- numbers --------------------------------------------------------------------------------------


def figure_tolerance(value: float) -> float:
    """The relative tolerance an approximate figure implies, from its significant digits.

    A figure given as "78 million" was rounded to the nearest million, so the article claims the
    truth is within half a unit of its last significant digit (+-0.5 million). That is kept
    between MIN_APPROX_TOLERANCE (an "about" figure still means about: "$80 million" is fine) and
    MAX_APPROX_TOLERANCE (a lone leading digit, "a trillion", would otherwise stretch from half a
    trillion to one and a half).
    """
    if not value or not math.isfinite(value):
        return MIN_APPROX_TOLERANCE
    digits = Decimal(repr(abs(float(value)))).normalize()
    last_place = Decimal(1).scaleb(digits.as_tuple().exponent)  # type: ignore[arg-type]
    half_unit = float(last_place) / 2
    return min(MAX_APPROX_TOLERANCE, max(MIN_APPROX_TOLERANCE, half_unit / abs(float(value))))


def tolerance_for(value: float, precision: str) -> float:
    """The relative tolerance for grading a fact of this `precision` (0 for exact facts)."""
    return 0.0 if precision == "exact" else figure_tolerance(value)


def _currency_code(unit: str) -> str:
    """The ISO code of the currency a money fact's `unit` names ("USD", "$", "euros" ...), or ""."""
    lowered = unit.strip().lower()
    for code, words in CURRENCIES.items():
        if lowered == code.lower() or lowered in words:
            return code
    return ""


@dataclass(frozen=True)
class NumericTarget:
    """What a numeric answer is graded against: the fact's figure and how it is meant."""

    value: float
    display: str
    precision: str = "exact"
    tolerance: float = 0.0
    unit: str = ""
    year: bool = False
    month: int | None = None
    percent: bool = False


def _side(got: float, target: NumericTarget) -> str:
    """Where `got` lies for a bound target: "" (on the bound or the allowed side, close enough),
    "wrong side" or "too far"."""
    value = target.value
    if close(got, value, 0.0):
        return ""
    below = got < value
    if (target.precision in LOWER_BOUNDS and below) or (target.precision in UPPER_BOUNDS and not below):
        return "wrong side"
    return "" if close(got, value, target.tolerance) else "too far"


_BOUND_WORDS = {
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
    "at_most": "at most",
}


def _grade_value(got: Any, qualifier: str, target: NumericTarget) -> tuple[bool, str]:
    """Whether the figure (with the learner's qualifier) is right for `target`, and why."""
    display, precision = target.display, target.precision
    if precision in LOWER_BOUNDS or precision in UPPER_BOUNDS:
        bound = _BOUND_WORDS[precision]
        if qualifier in UPPER_BOUNDS + ("nearly",) and precision in LOWER_BOUNDS:
            return False, f"the article says {bound} {display}, not below it"
        if qualifier in LOWER_BOUNDS and precision in UPPER_BOUNDS:
            return False, f"the article says {bound} {display}, not above it"
        side = _side(float(got), target)
        if side == "wrong side":
            return False, f"the article says {bound} {display}"
        if side == "too far":
            return False, f"too far from the article's figure: {bound} {display}"
        if close(float(got), target.value, 0.0):
            return True, f"the article's bound: {bound} {display}"
        return True, f"fits the article's bound: {bound} {display}"
    if precision == "exact":
        if not close(float(got), target.value, 0.0):
            return False, f"expected {display}"
        if qualifier in LOWER_BOUNDS or qualifier in UPPER_BOUNDS:
            return False, f"the article gives the exact figure {display}, not a bound"
        return True, ""
    if close(float(got), target.value, 0.0):
        return True, ""
    if close(float(got), target.value, target.tolerance):
        return True, (
            f"close enough: within {_percent(target.tolerance)} of {display}, the precision of the article's figure"
        )
    return False, f"expected about {display} (within {_percent(target.tolerance)})"


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100, 1):g}%"


def grade_number(
    expected: float,
    accepted: Sequence[Any],
    tolerance: float,
    response: Any,
    *,
    display: str = "",
    year: bool = False,
    precision: str = "",
    unit: str = "",
    month: int | None = None,
) -> Grade:
    """Grade a typed number. `accepted` holds other correct values (numbers or text spellings).

    `precision` is the fact's (exact, approx or a bound); when not given, a non-zero `tolerance`
    means approx. `unit` carries a money fact's currency; `month` a year fact's month.
    """
    display = display or format_number(expected)
    precision = precision or ("approx" if tolerance else "exact")
    if precision not in PRECISIONS:
        precision = "exact"
    if precision != "exact" and not tolerance:
        tolerance = figure_tolerance(expected)
    target = NumericTarget(
        float(expected),
        display,
        precision,
        tolerance,
        unit,
        year,
        month,
        percent=unit.strip().lower() in ("percent", "%"),
    )
    if isinstance(response, bool):
        return Grade(False, 0.0, "not a number", display)
    if isinstance(response, int | float):
        if not math.isfinite(float(response)):
            return Grade(False, 0.0, "not a number", display)
        return _grade_reading(float(response), "", "", None, False, format_number(response), accepted, target)
    if not isinstance(response, str) or not response.strip():
        return Grade(False, 0.0, "no answer given", display)
    if len(response) > MAX_ANSWER_LENGTH:
        return Grade(False, 0.0, "the answer is too long to be a number", display)
    for alternative in accepted:
        if (
            isinstance(alternative, str)
            and to_number(alternative) is None
            and normalise(alternative) == normalise(response)
        ):
            return Grade(True, 1.0, f"matched alias {alternative}", display)
    try:
        reading = read_answer(response)
    except AnswerConflict as conflict:
        return Grade(False, 0.0, f"the answer names {conflict}; expected {display}", display)
    if reading is None:
        return Grade(
            False, 0.0, f"could not read a number in '{_short(response)}'; expected {display}", display
        )
    return _grade_reading(
        float(reading.value),
        reading.currency,
        reading.qualifier,
        reading.month,
        reading.percent,
        response.strip(),
        accepted,
        target,
    )


def _grade_reading(
    got: float,
    currency: str,
    qualifier: str,
    month: int | None,
    percent: bool,
    written: str,
    accepted: Sequence[Any],
    target: NumericTarget,
) -> Grade:
    """The verdict on a figure read from an answer, with what was written around it."""
    display = target.display
    wanted_currency = _currency_code(target.unit)
    if currency and wanted_currency and currency != wanted_currency:
        return Grade(
            False,
            0.0,
            f"wrong currency: the figure is in {CURRENCY_NAMES[wanted_currency]}, not "
            f"{CURRENCY_NAMES[currency]}; expected {display}",
            display,
        )
    if currency and not wanted_currency:
        return Grade(False, 0.0, f"this is not an amount of money; expected {display}", display)
    if percent and not target.percent:
        return Grade(False, 0.0, f"this is not a percentage; expected {display}", display)
    if target.year:
        if not float(got).is_integer():
            return Grade(False, 0.0, f"a year is a whole number; expected {display}", display)
        if month and target.month and month != target.month:
            return Grade(
                False,
                0.0,
                f"wrong month: the article gives {MONTH_NAMES[target.month]} {display}, "
                f"not {MONTH_NAMES[month]}",
                display,
            )
    correct, why = _grade_value(got, qualifier, target)
    if correct:
        if why:
            return Grade(True, 1.0, why, display)
        same_form = normalise(written) == normalise(display)
        reason = "correct" if same_form else f"same number: {display}"
        if target.year and month and target.month == month:
            reason += f" (and the month, {MONTH_NAMES[month]}, is right)"
        return Grade(True, 1.0, reason, display)
    for alternative in accepted:
        number = to_number(alternative)
        if number is not None and close(got, float(number), target.tolerance):
            return Grade(True, 1.0, f"also correct: {alternative}", display)
    if not target.year and any(
        close(got * scale, target.value, target.tolerance) for scale in (1e3, 1e6, 1e9, 1e-3, 1e-6, 1e-9)
    ):
        return Grade(False, 0.0, f"right digits, wrong scale; expected {display}", display)
    return Grade(False, 0.0, why, display)


def _short(value: Any) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "..."


def grade_fact(fact: Fact, response: Any) -> Grade:
    """Grade a typed answer straight against a fact (numeric kinds as numbers, others as text)."""
    if fact.kind in NUMERIC_KINDS and isinstance(fact.value, int | float):
        return grade_number(
            fact.value,
            (*fact.aliases, *fact.also_true),
            tolerance_for(fact.value, fact.precision),
            response,
            display=fact.display_value(),
            year=fact.kind == "year",
            precision=fact.precision,
            unit=fact.unit,
            month=fact.month,
        )
    if fact.value is None:
        return Grade(False, 0.0, "this fact has no single typed answer", fact.display_value())
    return grade_text(str(fact.value), fact.aliases, response, tuple(map(str, fact.also_true)))


def grade_typed_answer(fact_or_question: Fact | Question, text: Any) -> Grade | None:
    """Grade what a learner typed, against a Fact or a generated Question.

    A typed or numeric question is graded as text or as a number; any other kind of question is
    graded by its kind (so a choice's text works for a multiple-choice question); flashcards are
    self-rated and give None.
    """
    if isinstance(fact_or_question, Fact):
        return grade_fact(fact_or_question, text)
    from quizapp.content.kinds import grade

    return grade(fact_or_question, text)
