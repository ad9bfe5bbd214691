"""From a submitted form to the response shape each question kind grades, and back to words.

One entry per kind: the template that renders it and the parser of its form fields. Adding a
kind means adding an entry here and a template, not an `if` in the routes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

MAX_TEXT = 300

NUMBER_EXAMPLES = ("12 million", "12M", "twelve million", "3.5%")
"""Shown under every number box. None of them is an answer in the bank (a test checks it against
the loaded bank), and the grader reads each of them (digits, a letter, words, a percentage)."""
NUMBER_HINT = f"Digits or words both work: {', '.join(NUMBER_EXAMPLES)}."


class BadAnswer(ValueError):
    """The form does not hold an answer to this question; the message says what is missing."""


def _index(value: str | None, size: int, what: str = "an option") -> int:
    if value is None or not value.isdecimal() or not 0 <= int(value) < size:
        raise BadAnswer(f"Choose {what}.")
    return int(value)


def parse_choice(form: MultiDict, question) -> str:
    """The chosen option's text (true/false is graded by its words, not by position)."""
    return question.choices[_index(form.get("choice"), len(question.choices))]


def parse_multi(form: MultiDict, question) -> list[int]:
    return sorted({_index(value, len(question.choices)) for value in form.getlist("choice")})


def parse_text(form: MultiDict, question) -> str:
    text = (form.get("text") or "").strip()
    if not text:
        raise BadAnswer("Type an answer first.")
    return text[:MAX_TEXT]


def parse_ordering(form: MultiDict, question) -> list[int]:
    """Places given per item → item indices in the order the learner put them."""
    size = len(question.choices)
    places = [_index(_minus_one(form.get(f"place-{i}")), size, "a place for every item") for i in range(size)]
    if len(set(places)) != size:
        raise BadAnswer("Give every item a different place.")
    return [item for _place, item in sorted(zip(places, range(size)))]


def parse_pairs(form: MultiDict, question) -> list[list[int]]:
    return [
        [i, _index(form.get(f"pair-{i}"), len(question.choices), "a match for every item")]
        for i in range(len(question.items))
    ]


def _minus_one(value: str | None) -> str | None:
    return str(int(value) - 1) if value and value.isdecimal() and int(value) > 0 else None


def describe_choices(question, indices: list[int]) -> str:
    return ", ".join(question.choices[i] for i in indices) or "(none)"


def describe_order(question, indices: list[int]) -> str:
    return " → ".join(question.choices[i] for i in indices)


def describe_pairs(question, pairs: list[list[int]]) -> str:
    return "; ".join(f"{question.items[i]} → {question.choices[j]}" for i, j in pairs)


def describe_text(question, text: str) -> str:
    return text


@dataclass(frozen=True)
class KindView:
    """How one kind is asked on a page: its template, its label, reading and describing answers."""

    template: str
    label: str
    parse: Callable[[MultiDict, Any], Any] | None
    describe: Callable[[Any, Any], str] = describe_text


KIND_VIEWS: dict[str, KindView] = {
    "flashcard": KindView("flashcard", "Flashcard", None),
    "multiple_choice": KindView("options", "Multiple choice", parse_choice),
    "true_false": KindView("options", "True or false", parse_choice),
    "typed": KindView("typed", "Type the answer", parse_text),
    "numeric": KindView("typed", "Number or year", parse_text),
    "ordering": KindView("selects", "Put in order", parse_ordering, describe_order),
    "matching": KindView("selects", "Match them up", parse_pairs, describe_pairs),
    "comparison": KindView("selects", "Which concept?", parse_pairs, describe_pairs),
    "multi_select": KindView("options", "Choose all that apply", parse_multi, describe_choices),
}


def question_view(question, prefix: str = "", autofocus: bool = True, submit_label: str = "") -> dict:
    """What a kind's template needs beyond the question: input type, or the rows of selects.

    `prefix` keeps element ids apart when several questions share a page; only one of them
    should take the focus.
    """
    view = KIND_VIEWS[question.kind]
    model: dict[str, Any] = {
        "template": view.template,
        "numeric": question.kind == "numeric",
        "number_hint": NUMBER_HINT,
        "prefix": prefix,
        "autofocus": autofocus,
        "submit_label": submit_label,
    }
    if question.kind == "multi_select":
        model.update(input_type="checkbox", hint="Choose every one that applies.")
    elif view.template == "options":
        model.update(input_type="radio", hint="")
    elif question.kind == "ordering":
        size = len(question.choices)
        model.update(
            hint="Give each a place, 1 for the first.",
            rows=[(label, f"place-{i}") for i, label in enumerate(question.choices)],
            options=[(str(n), str(n)) for n in range(1, size + 1)],
            placeholder="Place…",
        )
    elif view.template == "selects":
        model.update(
            hint="",
            rows=[(label, f"pair-{i}") for i, label in enumerate(question.items)],
            options=[(str(i), label) for i, label in enumerate(question.choices)],
            placeholder="Choose…",
        )
    return model


def kind_view(kind: str) -> KindView:
    return KIND_VIEWS[kind]
