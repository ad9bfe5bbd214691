"""Grading each kind: the right response in every documented shape, wrong ones, partial credit."""

from __future__ import annotations

import pytest

from quizapp.content import Grade, Question, grade


def right_response(q: Question):
    return {
        "multiple_choice": lambda: q.answer,
        "true_false": lambda: "true" if q.answer else "false",
        "typed": lambda: q.answer,
        "numeric": lambda: q.answer_text,
        "ordering": lambda: list(q.answer),
        "multi_select": lambda: list(q.answer),
        "matching": lambda: [list(pair) for pair in q.answer],
        "comparison": lambda: [list(pair) for pair in q.answer],
    }[q.kind]()


def test_right_responses_are_correct(sample_questions):
    for question in sample_questions:
        if question.kind == "flashcard":
            assert grade(question, "anything") is None
            continue
        result = grade(question, right_response(question))
        assert result == Grade(True, 1.0, result.reason, result.expected), (question.id, result)
        assert result.expected == question.answer_text or question.kind == "true_false"


def pick(questions, kind, fact_id=None):
    return next(q for q in questions if q.kind == kind and (fact_id is None or q.fact_id == fact_id))


def test_multiple_choice_shapes(sample_questions):
    q = pick(sample_questions, "multiple_choice", "bert-maker")
    wrong = (q.answer + 1) % len(q.choices)
    assert grade(q, q.choices[q.answer].upper()).correct
    assert grade(q, str(q.answer)).correct
    result = grade(q, wrong)
    assert not result.correct
    assert result.reason == f"you chose '{q.choices[wrong]}'; the answer is 'BERT was created by Google.'"
    assert grade(q, 99).reason == "no choice made"
    assert not grade(q, True).correct


def test_multiple_choice_year_text_is_a_choice_not_an_index(sample_questions):
    q = pick(sample_questions, "multiple_choice", "bert-year")
    assert grade(q, "Google released BERT in 2018.").correct
    assert not grade(q, "2018").correct  # neither a choice's text nor an index
    assert not grade(q, q.choices[(q.answer + 1) % 4]).correct


@pytest.mark.parametrize(
    ("said", "correct"),
    [
        ("True", True),
        ("t", True),
        ("YES", True),
        (True, True),
        (1, True),
        ("false", False),
        ("no", False),
        (False, False),
        (0, False),
    ],
)
def test_true_false_shapes(sample_questions, said, correct):
    true_q = pick(sample_questions, "true_false", "gpt3-year")
    false_q = next(q for q in sample_questions if q.id == "bert-year:true_false:1")
    assert grade(true_q, said).correct is correct
    assert grade(false_q, said).correct is (not correct)


def test_true_false_unreadable(sample_questions):
    q = pick(sample_questions, "true_false")
    assert grade(q, "maybe") == Grade(False, 0.0, "answer true or false", "True")


def test_ordering_partial_credit(sample_questions):
    q = pick(sample_questions, "ordering")
    right = list(q.answer)
    swapped = [right[1], right[0], *right[2:]]
    result = grade(q, swapped)
    assert not result.correct and result.score == pytest.approx(5 / 6) and "5 of 6 pairs" in result.reason
    assert grade(q, list(reversed(right))).score == 0.0
    assert grade(q, ",".join(map(str, right))).correct
    assert grade(q, right[:3]).reason == "put every item in order exactly once"
    assert not grade(q, [0, 0, 1, 2]).correct


def test_multi_select_partial_credit(sample_questions):
    q = pick(sample_questions, "multi_select")
    right = set(q.answer)
    one_missing = sorted(right)[1:]
    result = grade(q, one_missing)
    assert not result.correct and result.score == pytest.approx(len(one_missing) / len(right))
    assert result.reason == "1 missed"
    everything = list(range(len(q.choices)))
    assert grade(q, everything).score == pytest.approx(len(right) / len(q.choices))
    assert grade(q, []).score == 0.0
    assert grade(q, set(q.answer)).correct


@pytest.mark.parametrize("kind", ["matching", "comparison"])
def test_pairing_shapes_and_partial_credit(sample_questions, kind):
    q = pick(sample_questions, kind)
    pairs = dict(q.answer)
    assert grade(q, pairs).correct
    assert grade(q, {str(k): str(v) for k, v in pairs.items()}).correct
    assert grade(q, [pairs[i] for i in range(len(q.items))]).correct
    broken = dict(pairs)
    first = next(iter(broken))
    broken[first] = (broken[first] + 1) % len(q.choices)
    result = grade(q, broken)
    assert not result.correct
    assert result.score == pytest.approx((len(pairs) - 1) / len(pairs))
    assert result.reason == f"{len(pairs) - 1} of {len(pairs)} pairs correct"
    assert grade(q, "nonsense").reason == "the pairs could not be read"
    assert not grade(q, [[0, 0], [0, 1]]).correct


def test_numeric_question_grades_forms_and_tolerance(sample_questions):
    q = next(q for q in sample_questions if q.id == "gpt3-parameters:numeric:1")
    assert grade(q, "175B").reason == "same number: 175 billion"
    assert grade(q, "175B").correct and grade(q, 175e9).correct
    assert not grade(q, "176 billion").correct
    approx = next(q for q in sample_questions if q.id == "gpt3-words:numeric:1")
    assert approx.precision == "approx" and approx.tolerance == 0.25 and grade(approx, "950 billion").correct
    year = next(q for q in sample_questions if q.id == "bert-year:numeric:1")
    assert not grade(year, "2017").correct and grade(year, "2018").correct


def test_unknown_kind_is_graded_wrong_not_raised():
    q = Question(id="x:mystery:0", fact_id="x", section_id="s", kind="mystery", variant=0, prompt="?")
    assert grade(q, "a").correct is False


def test_a_question_stored_without_its_extra_fields_still_grades(sample_questions):
    """A row that kept only id, kind, prompt, choices, answer and explanation still grades."""
    for question in sample_questions:
        if question.kind == "flashcard":
            continue
        data = question.to_dict()
        for extra in ("items", "accepted", "tolerance", "answer_text", "section_id", "variant"):
            data.pop(extra)
        assert grade(Question.from_dict(data), right_response(question)).correct, question.id
