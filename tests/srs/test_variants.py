"""Variant rotation: one wording per fact per day, and every wording in turn."""

from __future__ import annotations

from collections import Counter

import pytest

from quizapp.srs.variants import choose_question

VARIANTS = ["q-a", "q-b", "q-c"]


def test_the_variant_shown_today_is_shown_again_today():
    assert choose_question(VARIANTS, ["q-a", "q-b"], shown_today="q-b") == "q-b"
    assert choose_question(VARIANTS, [], shown_today="q-c") == "q-c"


def test_rotation_shows_every_variant_before_repeating_and_then_cycles():
    history: list[str] = []
    for _day in range(9):  # one review per day: nothing shown today yet
        history.append(choose_question(VARIANTS, history, shown_today=None))
    assert history[:3] == ["q-a", "q-b", "q-c"]
    assert history == ["q-a", "q-b", "q-c"] * 3
    assert Counter(history) == {"q-a": 3, "q-b": 3, "q-c": 3}


@pytest.mark.parametrize(
    ("history", "chosen", "why"),
    [
        ([], "q-a", "nothing shown: smallest id"),
        (["q-b"], "q-a", "never shown before shown"),
        (["q-a", "q-a", "q-b", "q-b", "q-c"], "q-c", "least often"),
        (["q-c", "q-b", "q-a"], "q-c", "equal counts: least recently shown"),
        (["q-b", "q-a", "q-c", "q-a", "q-b", "q-c"], "q-a", "equal counts, q-a shown longest ago"),
        (["q-old", "q-old", "q-a", "q-b"], "q-c", "a retired variant in the history is ignored"),
    ],
)
def test_choice_rule(history, chosen, why):
    assert choose_question(VARIANTS, history, shown_today=None) == chosen, why


def test_a_variant_added_later_is_shown_next():
    history = ["q-a", "q-b", "q-a", "q-b"]
    assert choose_question(["q-a", "q-b", "q-z"], history, shown_today=None) == "q-z"


def test_a_variant_retired_since_it_was_shown_today_is_replaced():
    assert choose_question(["q-b", "q-c"], ["q-a"], shown_today="q-a") == "q-b"


def test_the_choice_is_deterministic():
    history = ["q-c", "q-a", "q-c", "q-b"]
    assert len({choose_question(VARIANTS, history, None) for _ in range(20)}) == 1


def test_a_fact_without_questions_is_an_error():
    with pytest.raises(ValueError, match="at least one question"):
        choose_question([], [], None)
