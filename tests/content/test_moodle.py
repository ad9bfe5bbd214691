"""GIFT and Moodle XML of the real bank, read back by strict readers that follow Moodle's importers:
nothing malformed, every explanation kept as general feedback, true/false feedback whatever the
answer, choose-all marked as Moodle teachers expect, categories by section."""

from __future__ import annotations

import pytest

from quizapp.content import bank_to_gift, bank_to_moodle_xml
from quizapp.content.export import numeric_range
from quizapp.content.moodle import gift_escape, gift_supports
from tests.moodle_formats import MoodleFormatError, moodle_mark, parse_gift, parse_moodle_xml


@pytest.fixture(scope="module", params=["gift", "xml"])
def exported(request, real_bank, real_questions):
    """The real bank as Moodle reads it, in each format, with the questions it came from."""
    if request.param == "gift":
        parsed = parse_gift(bank_to_gift(real_questions, real_bank))
    else:
        parsed = parse_moodle_xml(bank_to_moodle_xml(real_questions, real_bank))
    by_id = {q.id: q for q in real_questions}
    return request.param, [(by_id[item.name], item) for item in parsed]


def test_every_question_moodle_can_take_is_there_and_well_formed(exported, real_questions):
    _, pairs = exported
    expected = [q for q in real_questions if gift_supports(q)]
    assert [question.id for question, _ in pairs] == [q.id for q in expected]
    assert len(pairs) > 300  # the whole bank, not a sample
    assert {q.kind for q in real_questions if not gift_supports(q)} == {"flashcard"}
    kinds = {question.kind: item.qtype for question, item in pairs}
    assert kinds == {
        "multiple_choice": "multichoice",
        "multi_select": "multichoice",
        "true_false": "truefalse",
        "typed": "shortanswer",
        "numeric": "numerical",
        "matching": "matching",
        "comparison": "matching",
        "ordering": "matching",
    }


def test_every_explanation_is_general_feedback_on_every_kind(exported):
    _, pairs = exported
    with_explanation = [(q, item) for q, item in pairs if q.explanation]
    assert len(with_explanation) == len(pairs)
    assert all(item.general_feedback == q.explanation for q, item in with_explanation)


def test_categories_follow_the_sections(exported, real_bank):
    _, pairs = exported
    titles = {section.id: section.title for section in real_bank.sections}
    assert all(item.category == f"$course$/top/quizapp/{titles[q.section_id]}" for q, item in pairs)
    assert len({item.category for _, item in pairs}) == len(real_bank.sections)


def test_true_false_tells_the_learner_whatever_they_answer(exported):
    _, pairs = exported
    true_false = [(q, item) for q, item in pairs if q.kind == "true_false"]
    assert true_false
    for question, item in true_false:
        assert item.correct is bool(question.answer)
        assert item.true_feedback and item.false_feedback
        assert item.general_feedback == question.explanation


def test_choose_all_takes_off_one_right_picks_worth_for_each_wrong_pick(exported):
    _, pairs = exported
    choose_all = [(q, item) for q, item in pairs if q.kind == "multi_select"]
    assert choose_all
    for question, item in choose_all:
        assert not item.single
        right = [question.choices[i] for i in question.answer]
        wrong = [c for i, c in enumerate(question.choices) if i not in question.answer]
        share = 1 / len(right)
        assert moodle_mark(item, set(right)) == pytest.approx(1.0, abs=1e-4)
        assert moodle_mark(item, set(right[:1])) == pytest.approx(share, abs=1e-4)
        if wrong:
            assert moodle_mark(item, {*right, wrong[0]}) == pytest.approx(1 - share, abs=1e-4)
            assert moodle_mark(item, set(wrong)) == 0.0  # never below zero
            if len(right) >= 2:
                both = moodle_mark(item, {right[0], right[1], wrong[0]})
                assert both == pytest.approx(share, abs=1e-4)


def test_numeric_answers_accept_what_our_grader_accepts(exported):
    _, pairs = exported
    numeric = [(q, item) for q, item in pairs if q.kind == "numeric"]
    precisions = {q.precision for q, _ in numeric}
    assert {"exact", "approx"} <= precisions
    for question, item in numeric:
        low, high = numeric_range(question)
        assert item.number - item.margin == pytest.approx(low, rel=1e-6, abs=1e-6)
        assert item.number + item.margin == pytest.approx(high, rel=1e-6, abs=1e-6)
        value = float(question.answer)
        assert low <= value <= high
        if question.precision in ("more_than", "at_least"):
            assert low == value
        if question.precision in ("less_than", "at_most"):
            assert high == value


def test_xml_gives_per_answer_feedback_names_and_id_numbers(real_bank, real_questions):
    parsed = parse_moodle_xml(bank_to_moodle_xml(real_questions, real_bank))
    choices = [item for item in parsed if item.qtype == "multichoice"]
    assert all(answer.feedback for item in choices for answer in item.answers)
    assert len({item.name for item in parsed}) == len(parsed)


def test_the_strict_readers_refuse_what_moodle_would_misread():
    for broken in (
        "::a::Which? {=yes ~no",  # unclosed
        "::a::Which {x}? {=yes ~no}",  # two answer blocks
        "::a::Which? {~%33%yes ~%33%also ~no}",  # 33% is not a Moodle grade
        "::a::Which? {~%50%yes ~%25%also ~no}",  # right grades do not add up to 100%
        "::a::Which? {=one -> two}",  # one pair
        "::a::[wiki]Which? {TRUE}",
    ):
        with pytest.raises(MoodleFormatError):
            parse_gift(broken)
    with pytest.raises(MoodleFormatError):
        parse_moodle_xml('<quiz><question type="essay"><name><text>x</text></name></question></quiz>')


def test_gift_escapes_its_special_characters():
    assert gift_escape("a:b {c} ~d =e #f \\g\nh") == r"a\:b \{c\} \~d \=e \#f \\g\nh"
    (question,) = parse_gift(f"::n::[plain]{gift_escape('Is 2 = 1+1 {really}?')} {{TRUE####ok}}")
    assert question.text == "Is 2 = 1+1 {really}?"
