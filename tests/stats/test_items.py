"""Item analysis: discrimination and the questions a teacher should look at again."""

from __future__ import annotations

import pytest

from quizapp.stats import ItemScores, discrimination, needs_checking


def test_a_question_the_strong_learners_get_right_discriminates():
    # Five attempts; totals include the item. Rest-of-quiz scores: 4, 3, 2, 1, 0.
    scores = ItemScores(item=[1, 1, 1, 0, 0], totals=[5, 4, 3, 1, 0])
    # item mean 0.6, rest mean 2; cov = 0.4*2 + 0.4*1 + 0.4*0 - 0.6*-1 - 0.6*-2 = 3.0
    # var_item = 3*0.16 + 2*0.36 = 1.2; var_rest = 4+1+0+1+4 = 10 → r = 3 / sqrt(12)
    assert discrimination(scores) == pytest.approx(3 / 12**0.5)


def test_a_reversed_question_has_negative_discrimination_and_is_flagged():
    scores = ItemScores(item=[0, 0, 1, 1, 1], totals=[4, 3, 3, 2, 1])
    value = discrimination(scores)
    assert value is not None and value < 0
    assert "learners who did well overall got it wrong more often" in needs_checking(5, 0.6, value)


@pytest.mark.parametrize(
    "scores",
    [
        ItemScores(item=[1, 0, 1], totals=[3, 1, 2]),  # too few attempts
        ItemScores(item=[1, 1, 1, 1, 1], totals=[5, 4, 3, 2, 1]),  # everyone right: nothing to correlate
    ],
)
def test_no_discrimination_without_enough_or_varied_answers(scores):
    assert discrimination(scores) is None


def test_flags_for_few_right_and_a_popular_wrong_choice():
    picks = [("OpenAI", 1, True), ("Google", 4, False), ("Meta", 1, False)]
    reasons = needs_checking(6, 1 / 6, 0.3, picks)
    assert reasons == [
        "fewer than 25% got it right",
        "a wrong choice drew more picks than the answer: Google",
    ]
    assert needs_checking(3, 0.0, None, picks) == []  # too few attempts to judge
    assert needs_checking(8, 0.9, 0.4, [("A", 7, True), ("B", 1, False)]) == []


def test_scores_and_totals_must_line_up():
    with pytest.raises(ValueError):
        discrimination(ItemScores(item=[1, 0], totals=[1]))
