"""Wrong answers that are plausible and really wrong.

Order of preference: the fact's own hand-written `false_values`; then values of facts of the same
kind AND attribute (other models' makers for "who made X?"); then the same kind with another
attribute; for numbers, finally values made from the answer (nearby years, the number halved,
doubled or scaled by 10). Every candidate is checked against the bank: never the answer, an alias
or an also_true value, never a value of a fact asking the same thing (same subject and attribute),
never the subject itself, and (for approximate numbers) never close enough to be graded right.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from quizapp.content.bank import Bank, Fact
from quizapp.content.numbers import close, format_number, to_number
from quizapp.content.text import normalise, tokens

YEAR_SPREAD = 8
NUMBER_RATIO = 20.0


def true_texts(fact: Fact, bank: Bank) -> set[str]:
    """Normalised forms of everything that would be a right answer to this fact's question."""
    keys = {normalise(text) for text in fact.accepted_texts()}
    for other in bank.same_question(fact):
        keys |= {normalise(text) for text in other.accepted_texts()}
    keys.add(normalise(fact.subject))
    keys.discard("")
    return keys


def true_numbers(fact: Fact, bank: Bank) -> list[float]:
    """Every number that would be a right answer: the value, also_true, same-question values."""
    found = []
    for source in (fact, *bank.same_question(fact)):
        for raw in (source.value, *source.also_true):
            number = to_number(raw)
            if number is not None:
                found.append(float(number))
    return found


def _shuffled(items: Iterable[Any], rng: random.Random) -> list[Any]:
    out = list(items)
    rng.shuffle(out)
    return out


def text_candidates(fact: Fact, bank: Bank, rng: random.Random) -> list[str]:
    """Wrong text answers for `fact`, best first, checked and without repeats."""
    value = str(fact.value)
    same_attribute = [f for f in bank.pool(fact.kind, fact.attribute) if f.id != fact.id]
    same_kind = [f for f in bank.pool(fact.kind) if f.attribute != fact.attribute]

    def by_form(facts: list[Fact]) -> list[tuple[str, tuple[str, ...]]]:
        # Shuffle for variety, then keep the ones of a similar length first (a definition among
        # one-word names would stand out). Each comes with its own other spellings, so that
        # "Stanford" and "Stanford CRFM" are never offered side by side.
        entries = _shuffled(((str(f.value), f.accepted_texts()) for f in facts), rng)
        return sorted(entries, key=lambda e: 0 if 0.5 <= (len(e[0]) + 1) / (len(value) + 1) <= 2 else 1)

    own = [(str(text), (str(text),)) for text in fact.false_values]
    tiers = [own, by_form(same_attribute), by_form(same_kind)]
    truths = [
        *fact.accepted_texts(),
        *(t for other in bank.same_question(fact) for t in other.accepted_texts()),
    ]
    return _checked_texts(tiers, true_texts(fact, bank), truths)


def subject_candidates(fact: Fact, bank: Bank, rng: random.Random) -> list[str]:
    """Wrong terms for "which term is defined as ...": other defined subjects, then other terms."""
    defined = _shuffled(((f.subject, (f.subject,)) for f in bank.pool("definition") if f.id != fact.id), rng)
    terms = _shuffled(((str(f.value), f.accepted_texts()) for f in bank.pool("term")), rng)
    forbidden = {normalise(fact.subject)}
    for other in bank.facts:
        if other.kind in ("term", "definition") and (
            normalise(other.subject) == normalise(fact.subject)
            or normalise(str(other.value)) == normalise(str(fact.value))
        ):
            forbidden |= {normalise(other.subject), *(normalise(t) for t in other.accepted_texts())}
    return _checked_texts([defined, terms], forbidden - {""}, [fact.subject])


def _checked_texts(
    tiers: list[list[tuple[str, tuple[str, ...]]]], forbidden: set[str], truths: list[str]
) -> list[str]:
    """The texts of the tiers in order, skipping anything forbidden or already offered (in any of
    its spellings), and anything whose words contain a right answer's words or are contained in
    them: "homogenization risk" is no wrong answer where "homogenization" is right, nor "PaLM-E"
    where "PaLM" is."""
    seen = set(forbidden)
    true_words = [set(tokens(t)) for t in truths if tokens(t)]
    out = []
    for tier in tiers:
        for text, spellings in tier:
            keys = {normalise(text), *(normalise(s) for s in spellings)} - {""}
            words = set(tokens(text))
            if any(words <= truth or truth <= words for truth in true_words):
                continue
            if normalise(text) and not keys & seen:
                seen |= keys
                out.append(text)
    return out


def number_candidates(
    fact: Fact, bank: Bank, rng: random.Random, *, min_gap: float = 0.0
) -> list[int | float]:
    """Wrong numbers for `fact`, best first.

    min_gap: the smallest relative difference from every true number (true/false statements ask
    for a clearly wrong number, not 176 billion for 175 billion); not applied to years.
    """
    value = float(fact.value)
    truths = true_numbers(fact, bank)
    # Years are compared as years (2017 vs 2018 is a clear difference), other numbers relatively.
    gap = 0.0 if fact.kind == "year" else max(min_gap, 0.25 if fact.precision == "approx" else 0.0)
    same_attribute = [
        f for f in bank.pool(fact.kind, fact.attribute) if f.id != fact.id and _comparable(fact, f)
    ]
    same_kind = [f for f in bank.pool(fact.kind) if f.attribute != fact.attribute and _comparable(fact, f)]
    tiers = [
        [to_number(raw) for raw in fact.false_values],
        _shuffled((f.value for f in same_attribute), rng),
        _shuffled((f.value for f in same_kind), rng),
        _made_up(fact, value, rng),
    ]
    seen_text: set[str] = set()
    out: list[int | float] = []
    for position, tier in enumerate(tiers):
        for candidate in tier:
            if candidate is None or isinstance(candidate, bool):
                continue
            number = float(candidate)
            if position > 0 and not _plausible(fact, value, number):
                continue
            if any(close(number, truth, gap) for truth in truths):
                continue
            text = normalise(format_number(candidate, fact.unit or None, fact.kind))
            if text in seen_text or any(
                text == normalise(format_number(t, fact.unit or None, fact.kind)) for t in truths
            ):
                continue
            seen_text.add(text)
            out.append(candidate)
    return out


def _comparable(fact: Fact, other: Fact) -> bool:
    """Numbers of the same unit only: 149 models is no distractor for 46 languages."""
    return fact.kind == "year" or (other.unit or "") == (fact.unit or "")


def _plausible(fact: Fact, value: float, number: float) -> bool:
    if fact.kind == "year":
        return number.is_integer() and 1900 <= number <= 2100 and abs(number - value) <= YEAR_SPREAD
    if fact.kind == "percent":
        return 0 < number < 100
    if number <= 0 or value <= 0:
        return number != value
    return 1 / NUMBER_RATIO <= number / value <= NUMBER_RATIO


def _made_up(fact: Fact, value: float, rng: random.Random) -> list[int | float]:
    """Values made from the answer, in a random but fixed order (nearest years first)."""
    if fact.kind == "year":
        offsets = sorted(range(-4, 5), key=lambda k: (abs(k), rng.random()))
        return [int(value) + k for k in offsets if k]
    if fact.kind == "percent":
        raw = [value / 2, value * 2, value + 10, value - 10, 100 - value, value + 20, value - 20]
    else:
        raw = [value * f for f in (0.5, 2, 10, 0.1, 5, 0.2, 3)]
    decimals = _decimals(fact.value)
    made = []
    for number in _shuffled(raw, rng):
        rounded = round(number, decimals) if decimals else round(number)
        if isinstance(fact.value, int) or float(rounded).is_integer():
            rounded = int(round(rounded))
        if rounded >= 2 or (rounded > 0 and not isinstance(fact.value, int)):
            made.append(rounded)
    return made


def _decimals(value: Any) -> int:
    if isinstance(value, float) and not value.is_integer():
        return min(len(repr(value).split(".")[1]), 3)
    return 0


def candidates(fact: Fact, bank: Bank, rng: random.Random, *, min_gap: float = 0.0) -> list[Any]:
    """Wrong values for any fact with a `value`, best first (numbers for numeric kinds)."""
    if fact.is_numeric:
        return number_candidates(fact, bank, rng, min_gap=min_gap)
    return text_candidates(fact, bank, rng)
