"""Each kind reads its own answer out of plain submitted fields, shuffles its own choices and says
which were picked: checked for every kind the generator makes, with no web framework involved."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp import content
from tests.study.conftest import answer_fields

TEMPLATES = Path(__file__).resolve().parents[2] / "quizapp" / "templates" / "study" / "kinds"


def _shuffled(question: content.Question, seed: int | None) -> content.Question:
    return content.KINDS[question.kind].shuffled(question, seed)


def _fields(question: content.Question, right: bool) -> dict[str, list[str]]:
    """What a browser sends for this answer: every field name with the list of its values."""
    sent = answer_fields(question.to_dict(), right)
    return {name: value if isinstance(value, list) else [value] for name, value in sent.items()}


def _graded(sample_questions) -> list[content.Question]:
    return [q for q in sample_questions if content.KINDS[q.kind].auto_graded]


def test_every_kind_has_a_label_and_a_template_that_exists():
    for kind in content.KINDS.values():
        assert kind.label and (TEMPLATES / f"{kind.template}.html").is_file(), kind.name


def test_every_graded_kind_reads_right_and_wrong_answers_from_fields(sample_questions):
    questions = _graded(sample_questions)
    assert {q.kind for q in questions} == {k for k, kind in content.KINDS.items() if kind.auto_graded}
    for question in questions:
        kind = content.KINDS[question.kind]
        right = kind.parse(question, _fields(question, True))
        wrong = kind.parse(question, _fields(question, False))
        assert content.grade(question, right).correct, question.id
        assert not content.grade(question, wrong).correct, question.id
        assert content.KINDS[question.kind].describe(question, right), question.id


@pytest.mark.parametrize(
    "fields", [{}, {"choice": ["99"], "text": ["  "], "place-0": ["x"], "pair-0": ["-1"]}]
)
def test_missing_or_impossible_fields_say_what_is_missing(sample_questions, fields):
    for question in _graded(sample_questions):
        if question.kind == "multi_select" and not fields:
            # Ticking none is an answer (a wrong one), not a missing one.
            assert content.KINDS["multi_select"].parse(question, fields) == []
            continue
        with pytest.raises(content.BadAnswer) as problem:
            content.KINDS[question.kind].parse(question, fields)
        assert str(problem.value).startswith(("Choose", "Type", "Give")), question.id


def test_a_flashcard_reads_the_learners_rating():
    flashcard = content.KINDS["flashcard"]
    question = content.Question("f:flashcard:0", "f", "s", "flashcard", 0, "Front?", answer="Back")
    assert flashcard.parse(question, {"rating": ["4"]}) == 4
    for bad in ({}, {"rating": ["5"]}, {"rating": ["0"]}, {"rating": ["good"]}):
        with pytest.raises(content.BadAnswer):
            flashcard.parse(question, bad)
    assert flashcard.view(question) == {"answer_text": "Back"}


def test_shuffled_choices_keep_the_right_answer_right(sample_questions):
    moved = 0
    for question in _graded(sample_questions):
        for seed in range(5):
            shown = _shuffled(question, seed)
            assert sorted(shown.choices) == sorted(question.choices)
            response = content.KINDS[shown.kind].parse(shown, _fields(shown, True))
            assert content.grade(shown, response).correct, (question.id, seed)
            moved += shown.choices != question.choices
        assert _shuffled(question, None) == question
    assert moved  # some orders did change


def test_true_or_false_is_never_reordered(sample_questions):
    for question in sample_questions:
        if question.kind == "true_false":
            assert _shuffled(question, 7).choices == ("True", "False")


def test_choice_kinds_tally_picks_and_mark_the_right_ones(sample_questions):
    question = next(q for q in sample_questions if q.kind == "multiple_choice")
    kind = content.KINDS["multiple_choice"]
    right_text = question.choices[question.answer]
    wrong_text = next(c for c in question.choices if c != right_text)
    picks = [
        kind.picked(question, right_text),
        kind.picked(question, right_text),
        kind.picked(question, wrong_text),
    ]
    tally = {choice: (count, right) for choice, count, right in kind.tally_picks(question, picks)}
    assert tally[right_text] == (2, True) and tally[wrong_text] == (1, False)
    assert list(tally) == list(question.choices)
    typed = next(q for q in sample_questions if q.kind == "typed")
    assert content.KINDS["typed"].tally_picks(typed, [["x"]]) == []


def test_a_chosen_option_is_read_by_its_place_when_two_read_alike():
    """ "$7.8 million" and "$78 million" are the same words once punctuation goes: the one clicked
    is the one graded."""
    question = content.Question(
        "f:multiple_choice:0",
        "f",
        "s",
        "multiple_choice",
        0,
        "What did training cost?",
        choices=("$7.8 million", "$78 million", "$25 million"),
        answer=1,
        answer_text="$78 million",
    )
    kind = content.KINDS["multiple_choice"]
    clicked = kind.parse(question, {"choice": ["1"]})
    assert content.grade(question, clicked).correct
    assert kind.describe(question, clicked) == "$78 million" == kind.picked(question, clicked)[0]
    assert not content.grade(question, kind.parse(question, {"choice": ["0"]})).correct
