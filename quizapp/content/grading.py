"""Grading typed answers: tolerant of how people type, strict about what they mean.

Text: case, spacing, accents and punctuation are ignored, so "gpt3" is "GPT-3"; digits always
count, so "GPT-4" is not "GPT-3". A leading "the"/"a"/"an" is ignored. Aliases and also_true
values are accepted and the grade says which matched. One slip of the keyboard (Damerau-Levenshtein
distance 1: a letter missing, extra, wrong, or two swapped) is forgiven when it falls in a word of
5+ letters and involves no digit: "tranformer" passes, "BART" for "BERT" does not (short word), and
"GPT-4" for "GPT-3" never does (digit).

Numbers: read in any usual form ("175B", "175 billion", "175,000,000,000", "1.75e11", "$78
million", "65.7 percent"). Years and exact values must be equal; a value the article gives
approximately ("nearly a trillion", precision: approx) accepts answers within 10% of it, the
largest error that still reads as "about right" for the round figures the article uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quizapp.content.bank import NUMERIC_KINDS, Fact
from quizapp.content.numbers import close, format_number, parse_number, to_number
from quizapp.content.question import Grade, Question
from quizapp.content.text import normalise, tokens

APPROX_TOLERANCE = 0.10
MAX_ANSWER_LENGTH = 500
_ARTICLES = ("the", "a", "an")


def _key(text: str) -> tuple[str, list[str]]:
    """The comparison key of an answer and its words, without a leading article."""
    words = tokens(text)
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return "".join(words), words


def grade_text(expected: str, aliases: Sequence[str], response: Any, also_true: Sequence[str] = ()) -> Grade:
    """Grade a typed text answer against `expected`, its `aliases` and the `also_true` answers."""
    if not isinstance(response, str) or not response.strip():
        return Grade(False, 0.0, "no answer given", expected)
    if len(response) > MAX_ANSWER_LENGTH:
        return Grade(False, 0.0, "the answer is too long to be this one", expected)
    typed, _ = _key(response)
    if not typed:
        return Grade(False, 0.0, "no letters or digits in the answer", expected)
    targets = [(expected, "correct")]
    targets += [(alias, f"matched alias {alias}") for alias in aliases]
    targets += [(other, f"also correct: {other}") for other in also_true]
    for target, reason in targets:
        key, _ = _key(target)
        if key and typed == key:
            return Grade(True, 1.0, reason, expected)
    for target, _reason in targets:
        key, words = _key(target)
        if _one_typo(typed, key, words):
            return Grade(True, 1.0, f"accepted with one typo: '{response.strip()}' for '{target}'", expected)
    return Grade(False, 0.0, f"not the answer; expected {expected}", expected)


def _one_typo(typed: str, target: str, words: list[str]) -> bool:
    """Whether `typed` is `target` with one letter-only edit inside a word of 5+ characters."""
    if typed == target or not target:
        return False
    n, m = len(typed), len(target)
    if n == m:
        diffs = [i for i in range(m) if typed[i] != target[i]]
        if len(diffs) == 1:
            position, touched = diffs[0], typed[diffs[0]] + target[diffs[0]]
        elif (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and typed[diffs[0]] == target[diffs[1]]
            and typed[diffs[1]] == target[diffs[0]]
        ):
            position, touched = diffs[0], target[diffs[0] : diffs[0] + 2]
        else:
            return False
    elif abs(n - m) == 1:
        longer, shorter = (typed, target) if n > m else (target, typed)
        i = next((k for k in range(len(shorter)) if shorter[k] != longer[k]), len(shorter))
        if longer[:i] + longer[i + 1 :] != shorter:
            return False
        position, touched = min(i, m - 1), longer[i]
    else:
        return False
    if not touched.isalpha():
        return False
    start = 0
    for word in words:
        end = start + len(word)
        if start <= position < end:
            return len(word) >= 5 and not any(ch.isdigit() for ch in word)
        start = end
    return False


def grade_number(
    expected: float,
    accepted: Sequence[Any],
    tolerance: float,
    response: Any,
    *,
    display: str = "",
    year: bool = False,
) -> Grade:
    """Grade a typed number. `accepted` holds other correct values (numbers or text spellings)."""
    display = display or format_number(expected)
    if isinstance(response, bool):
        return Grade(False, 0.0, "not a number", display)
    if isinstance(response, int | float):
        got: float | None = float(response)
        written = format_number(response)
    elif isinstance(response, str) and response.strip():
        if len(response) > MAX_ANSWER_LENGTH:
            return Grade(False, 0.0, "the answer is too long to be a number", display)
        for alternative in accepted:
            if (
                isinstance(alternative, str)
                and to_number(alternative) is None
                and normalise(alternative) == normalise(response)
            ):
                return Grade(True, 1.0, f"matched alias {alternative}", display)
        parsed = parse_number(response)
        got = float(parsed.value) if parsed else None
        written = response.strip()
    else:
        return Grade(False, 0.0, "no answer given", display)
    if got is None:
        return Grade(
            False, 0.0, f"could not read a number in '{_short(response)}'; expected {display}", display
        )
    if year and not float(got).is_integer():
        return Grade(False, 0.0, f"a year is a whole number; expected {display}", display)
    if close(got, float(expected), 0.0):
        same_form = normalise(written) == normalise(display)
        return Grade(True, 1.0, "correct" if same_form else f"same number: {display}", display)
    if tolerance and close(got, float(expected), tolerance):
        return Grade(True, 1.0, f"close enough: within {round(tolerance * 100)}% of {display}", display)
    for alternative in accepted:
        number = to_number(alternative)
        if number is not None and close(got, float(number), tolerance):
            return Grade(True, 1.0, f"also correct: {alternative}", display)
    if not year and any(
        close(got * scale, float(expected), tolerance) for scale in (1e3, 1e6, 1e9, 1e-3, 1e-6, 1e-9)
    ):
        return Grade(False, 0.0, f"right digits, wrong scale; expected {display}", display)
    return Grade(False, 0.0, f"expected {display}", display)


def _short(value: Any) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "..."


def grade_fact(fact: Fact, response: Any) -> Grade:
    """Grade a typed answer straight against a fact (numeric kinds as numbers, others as text)."""
    if fact.kind in NUMERIC_KINDS and isinstance(fact.value, int | float):
        tolerance = APPROX_TOLERANCE if fact.precision == "approx" else 0.0
        return grade_number(
            fact.value,
            (*fact.aliases, *fact.also_true),
            tolerance,
            response,
            display=fact.display_value(),
            year=fact.kind == "year",
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
