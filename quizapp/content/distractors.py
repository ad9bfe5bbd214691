"""Wrong answers that are really wrong: only what the fact base says is false for THIS fact.

A fact's `false_values` are values of its own type that the article rules out for it (another
company for "who made GPT-3?", another year for "when did Google release BERT?"). They are the
only source of wrong choices and of false true/false statements: values are never borrowed from
other facts, because a value that is false for one fact is often true, or nonsense, for another
("DALL·E 2 is an audio model"). The loader checks each false value's type and that no fact asking
the same thing accepts it; here they are only filtered once more and put in a fixed random order.

Definitions are the one exception: "which term is defined as ...?" offers the other terms the
bank defines, each of which the bank defines as something else.
"""

from __future__ import annotations

import random
from typing import Any

from quizapp.content.bank import Bank, Fact
from quizapp.content.numbers import close, format_number, to_number
from quizapp.content.text import normalise, tokens

# A wrong number in a statement must differ clearly from an approximate right one (the article's
# "about $78 million" is not contradicted by 80 million).
APPROX_GAP = 0.25


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


def is_true_for(fact: Fact, bank: Bank, candidate: Any) -> bool:
    """Whether `candidate` would be a right answer to the fact (or to one asking the same)."""
    if fact.is_numeric:
        number = to_number(candidate)
        if number is None:
            return True
        gap = APPROX_GAP if fact.precision == "approx" else 0.0
        return any(close(float(number), truth, gap) for truth in true_numbers(fact, bank))
    text = str(candidate)
    if normalise(text) in true_texts(fact, bank):
        return True
    # "homogenization risk" is no wrong answer where "homogenization" is right, nor "PaLM-E"
    # where "PaLM" is: words that contain a right answer's words, or are contained in them.
    words = set(tokens(text))
    truths = [set(tokens(t)) for t in fact.accepted_texts() if tokens(t)]
    return bool(words) and any(words <= truth or truth <= words for truth in truths)


def candidates(fact: Fact, bank: Bank, rng: random.Random) -> list[Any]:
    """The fact's false values that are really false, each once, in a fixed random order."""
    if fact.value is None or fact.is_bound:
        return []
    out: list[Any] = []
    seen: set[str] = set()
    for raw in fact.false_values:
        value = to_number(raw) if fact.is_numeric else str(raw)
        if value is None or is_true_for(fact, bank, value):
            continue
        key = normalise(format_number(value, fact.unit or None, fact.kind) if fact.is_numeric else value)
        if key and key not in seen:
            seen.add(key)
            out.append(value)
    rng.shuffle(out)
    return out


def subject_candidates(fact: Fact, bank: Bank, rng: random.Random) -> list[str]:
    """Wrong terms for "which term is defined as ...": the other terms the bank defines."""
    forbidden = {normalise(fact.subject), *(normalise(t) for t in fact.accepted_texts())}
    for other in bank.facts:
        if other.kind in ("term", "definition") and normalise(other.subject) == normalise(fact.subject):
            forbidden |= {normalise(other.subject), *(normalise(t) for t in other.accepted_texts())}
    out = []
    for other in bank.pool("definition"):
        key = normalise(other.subject)
        if other.id != fact.id and key and key not in forbidden:
            forbidden.add(key)
            out.append(other.subject)
    rng.shuffle(out)
    return out
