"""How a question kind is asked and answered: the part of `QuestionKind` that pages use.

Every kind says what it is called and which template asks it, reads its response from submitted
fields, puts the response in words, shuffles its choices and says which were right or picked.
Fields come as a plain mapping of field name → the list of values sent (what a web form's
`to_dict(flat=False)` gives), so the content core reads answers without knowing about the web.
"""

from __future__ import annotations

import random
from abc import abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from quizapp.content.question import Question

Fields = Mapping[str, Sequence[str]]

MAX_TEXT = 300

NUMBER_EXAMPLES = ("12 million", "12M", "twelve million", "3.5%")
"""Shown under every number box. None of them is an answer in the bank (a test checks it against
the loaded bank), and the grader reads each of them (digits, a letter, words, a percentage)."""
NUMBER_HINT = f"Digits or words both work: {', '.join(NUMBER_EXAMPLES)}."


class BadAnswer(ValueError):
    """The fields hold no answer to this question; the message says what is missing."""


def first_value(fields: Fields, name: str) -> str | None:
    values = fields.get(name) or ()
    return values[0] if values else None


def chosen_index(value: str | None, size: int, what: str = "an option") -> int:
    """A submitted option number, which must be one of the `size` offered."""
    if value is None or not value.isdecimal() or not 0 <= int(value) < size:
        raise BadAnswer(f"Choose {what}.")
    return int(value)


def read_text(fields: Fields) -> str:
    text = (first_value(fields, "text") or "").strip()
    if not text:
        raise BadAnswer("Type an answer first.")
    return text[:MAX_TEXT]


def read_choice(fields: Fields, size: int) -> int:
    return chosen_index(first_value(fields, "choice"), size)


def read_choices(fields: Fields, size: int) -> list[int]:
    return sorted({chosen_index(value, size) for value in fields.get("choice") or ()})


def read_places(fields: Fields, size: int) -> list[int]:
    """Places given per item (1 for the first) → item indices in the order the learner put them."""
    places = [
        chosen_index(_minus_one(first_value(fields, f"place-{i}")), size, "a place for every item")
        for i in range(size)
    ]
    if len(set(places)) != size:
        raise BadAnswer("Give every item a different place.")
    return [item for _place, item in sorted(zip(places, range(size), strict=True))]


def read_matches(fields: Fields, items: int, choices: int) -> list[list[int]]:
    return [
        [i, chosen_index(first_value(fields, f"pair-{i}"), choices, "a match for every item")]
        for i in range(items)
    ]


def _minus_one(value: str | None) -> str | None:
    return str(int(value) - 1) if value and value.isdecimal() and int(value) > 0 else None


def read_rating(fields: Fields) -> int:
    """A self-rating: 1 (Again) to 4 (Easy)."""
    value = first_value(fields, "rating") or ""
    if not value.isdecimal() or not 1 <= int(value) <= 4:
        raise BadAnswer("Say how well you knew it: Again, Hard, Good or Easy.")
    return int(value)


def reordered(question: Question, order: list[int], move: Callable[[dict[int, int]], Any]) -> Question:
    """`question` with its choices in `order` (old indices); `move` gets where each old index lands
    and returns the answer remapped to the new places."""
    moved = {old: new for new, old in enumerate(order)}
    return replace(question, choices=tuple(question.choices[old] for old in order), answer=move(moved))


class Asked:
    """What every kind tells the pages that ask it.

    label: what the kind is called on pages. template: the page piece that asks it
    (templates/study/kinds/<template>.html). picks_choices: answers pick among the choices, so a
    class's answers can be tallied per choice.
    """

    label: ClassVar[str]
    template: ClassVar[str]
    picks_choices: ClassVar[bool] = False

    @abstractmethod
    def parse(self, question: Question, fields: Fields) -> Any:
        """The response in this kind's shape from submitted fields; raises `BadAnswer` saying what
        is missing."""

    def describe(self, question: Question, response: Any) -> str:
        """The response in words, as the log and the feedback page show it."""
        return str(response)

    def view(self, question: Question) -> dict[str, Any]:
        """What the kind's template needs beyond the question itself."""
        return {}

    def shuffle(self, question: Question, order: list[int]) -> Question:
        """The question with its choices in `order` (old indices) and the answer moved along.
        Kinds whose choices have a fixed meaning in place (true or false) keep them as written."""
        return question

    def shuffled(self, question: Question, seed: int | None) -> Question:
        """The question as an attempt or game with this `seed` shows it: choices in an order the
        seed fixes (None: as written), with the answer moved along, so grading the shown question
        grades the real one."""
        if seed is None or len(question.choices) < 2:
            return question
        order = list(range(len(question.choices)))
        random.Random(f"{seed}:{question.id}").shuffle(order)
        return self.shuffle(question, order)

    def right_choices(self, question: Question) -> list[str]:
        """The choices a right answer picks (kinds that pick choices)."""
        return []

    def picked(self, question: Question, response: Any) -> list[str]:
        """The choices `response` picked (kinds that pick choices)."""
        return []

    def tally_picks(self, question: Question, picks: Iterable[Sequence[str]]) -> list[tuple[str, int, bool]]:
        """How often a group's answers (`picked` of each) chose each choice, and whether it is
        right, in the question's order; empty for kinds that do not pick choices."""
        if not self.picks_choices:
            return []
        counts = Counter(choice for picked in picks for choice in picked or ())
        right = set(self.right_choices(question))
        return [(choice, counts.get(choice, 0), choice in right) for choice in question.choices]


class PicksOne(Asked):
    """Asked with one radio button per choice; the response is the chosen choice's index (two
    choices may read alike once case, spaces and punctuation are ignored: "$7.8 million" and
    "$78 million")."""

    template = "options"
    picks_choices = True

    def parse(self, question: Question, fields: Fields) -> Any:
        return read_choice(fields, len(question.choices))

    def describe(self, question: Question, response: Any) -> str:
        return question.choices[response] if isinstance(response, int) else str(response)

    def view(self, question: Question) -> dict[str, Any]:
        return {"input_type": "radio", "hint": ""}

    def picked(self, question: Question, response: Any) -> list[str]:
        return [self.describe(question, response)]


class TypesAnswer(Asked):
    """Asked with a text box; the response is the typed text."""

    template = "typed"

    def parse(self, question: Question, fields: Fields) -> str:
        return read_text(fields)
