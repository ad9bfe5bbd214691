"""Typed answers: tolerant of typing, strict about meaning, and always says why."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.content import Fact, grade, grade_typed_answer


def fact(kind: str, value, **extra) -> Fact:
    return Fact(
        id="f",
        section_id="s",
        kind=kind,
        subject="x",
        attribute="a",
        statement="",
        explanation="",
        paragraph=1,
        value=value,
        **extra,
    )


GPT3 = fact("model", "GPT-3", aliases=("GPT3",))
GPT35 = fact("model", "GPT-3.5", also_true=("GPT-4",))
PARAMS = fact("number", 175_000_000_000, unit="parameters")
WORDS = fact("number", 1_000_000_000_000, unit="words", precision="approx")
SHARE = fact("percent", 65.7, unit="percent")
COST = fact("money", 78_000_000, unit="USD", precision="approx")
BERT_YEAR = fact("year", 2018)
TRANSFORMER = fact("term", "transformer")
STABILITY = fact("organisation", "Stability AI")
VASWANI = fact("person", "Vaswani et al.", aliases=("Vaswani",))
BERT = fact("model", "BERT")
OPENAI = fact("organisation", "OpenAI")
CARS = fact("number", 5, unit="cars")

TABLE = [
    (GPT3, "gpt3", True, "correct"),
    (GPT3, "GPT 3", True, "correct"),
    (GPT3, "  gpt-3!  ", True, "correct"),
    (GPT3, "GPT-4", False, "expected GPT-3"),
    (GPT3, "GPT-3.5", False, ""),
    (GPT3, "GPT-8", False, ""),
    (GPT3, "GTP-3", False, ""),  # a swap in a four-letter word is not forgiven
    (GPT35, "gpt-4", True, "also correct: GPT-4"),
    (GPT35, "GPT 3.5", True, "correct"),
    (GPT35, "GPT-3", False, ""),
    (PARAMS, "175B", True, "same number: 175 billion"),
    (PARAMS, "175 billion", True, "correct"),
    (PARAMS, "175,000,000,000", True, "same number: 175 billion"),
    (PARAMS, "1.75e11", True, "same number"),
    (PARAMS, "about 175 billion parameters", True, "same number"),
    (PARAMS, "175 million", False, "right digits, wrong scale"),
    (PARAMS, "176 billion", False, "expected 175 billion"),
    (PARAMS, "175", False, "wrong scale"),
    (PARAMS, "many", False, "could not read a number"),
    (PARAMS, "175 or 176 billion", False, "could not read a number"),
    (WORDS, "nearly a trillion", True, "same number: 1 trillion"),
    (WORDS, "1 trillion", True, "correct"),
    (WORDS, "950 billion", True, "close enough: within 25% of 1 trillion"),
    (WORDS, "500 billion", False, "expected about 1 trillion"),
    (SHARE, "65.7%", True, "correct"),
    (SHARE, "65.7 percent", True, "same number: 65.7%"),
    (SHARE, "65.7", True, ""),
    (SHARE, "66", False, "expected 65.7%"),
    (SHARE, "33.3%", False, ""),
    (COST, "$78 million", True, "correct"),
    (COST, "78M", True, "same number"),
    (COST, "78 million dollars", True, "same number"),
    (COST, "$80 million", True, "close enough"),
    (COST, "$100 million", False, "expected about $78 million"),
    (BERT_YEAR, "2018", True, "correct"),
    (BERT_YEAR, "in 2018", True, ""),
    (BERT_YEAR, "2017", False, "expected 2018"),
    (BERT_YEAR, "2019", False, "expected 2018"),
    (BERT_YEAR, "2018.5", False, "a year is a whole number"),
    (BERT_YEAR, "", False, "no answer given"),
    (TRANSFORMER, "tranformer", True, "accepted with one typo: 'tranformer' for 'transformer'"),
    (TRANSFORMER, "transfomer", True, "accepted with one typo"),
    (TRANSFORMER, "trnasformer", True, "accepted with one typo"),
    (TRANSFORMER, "Transformers", True, "singular and plural are the same answer"),
    (TRANSFORMER, "the transformer", True, "correct"),
    (TRANSFORMER, "tranfomer", False, "not the answer"),
    (TRANSFORMER, "transf0rmer", False, "not the answer"),
    (STABILITY, "Stabilty AI", True, "accepted with one typo: 'Stabilty AI' for 'Stability AI'"),
    (STABILITY, "stability ai", True, "correct"),
    (STABILITY, "Stability", False, "not the answer"),
    (VASWANI, "vaswani", True, "matched alias Vaswani"),
    (VASWANI, "Vaswani et al", True, "correct"),
    (VASWANI, "Vasvani", True, "accepted with one typo"),
    (BERT, "bert", True, "correct"),
    (BERT, "BART", False, "not the answer"),
    (OPENAI, "Open AI", True, "correct"),
    (CARS, "five", True, "same number: 5"),
    (CARS, "5 cars", True, ""),
    (CARS, "four", False, "expected 5"),
]


@pytest.mark.parametrize(
    ("the_fact", "typed", "correct", "reason"), TABLE, ids=[f"{f.value}-{t!r}" for f, t, _, _ in TABLE]
)
def test_typed_answers(the_fact, typed, correct, reason):
    result = grade_typed_answer(the_fact, typed)
    assert result.correct is correct, result
    assert reason in result.reason
    assert result.score == (1.0 if correct else 0.0)
    assert result.expected == the_fact.display_value()


def test_one_typo_in_a_long_word_is_forgiven_but_it_must_be_a_letter():
    # "openal" vs "openai": one substitution in a six-letter word; "36" vs "35" is a digit.
    assert grade_typed_answer(OPENAI, "OpenAl").correct is True
    assert grade_typed_answer(fact("model", "GPT-35"), "GPT-36").correct is False


def test_list_facts_have_no_typed_answer():
    listed = fact("list", None, members=("a", "b"))
    result = grade_typed_answer(listed, "a")
    assert result.correct is False and "no single typed answer" in result.reason


def test_question_based_grading_matches_fact_based(sample_bank, sample_questions):
    for question in sample_questions:
        if question.kind not in ("typed", "numeric"):
            continue
        the_fact = sample_bank.fact(question.fact_id)
        for typed in (the_fact.display_value(), str(the_fact.value), "nonsense", "2017", "Google"):
            assert (
                grade_typed_answer(question, typed).correct == grade_typed_answer(the_fact, typed).correct
            ), (question.id, typed)


RESPONSES = st.one_of(
    st.text(max_size=60),
    st.integers(),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.lists(st.one_of(st.integers(-3, 10), st.text(max_size=3)), max_size=6),
    st.lists(st.tuples(st.integers(-2, 8), st.integers(-2, 8)), max_size=6),
    st.dictionaries(st.integers(-2, 8), st.integers(-2, 8), max_size=6),
    st.lists(st.lists(st.integers(), max_size=3), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80))
def test_grading_typed_text_never_raises(text):
    for the_fact in (GPT3, PARAMS, WORDS, SHARE, COST, BERT_YEAR, TRANSFORMER, VASWANI, CARS):
        result = grade_typed_answer(the_fact, text)
        assert 0.0 <= result.score <= 1.0 and isinstance(result.reason, str)


@settings(max_examples=300, deadline=None)
@given(index=st.integers(min_value=0, max_value=10_000), response=RESPONSES)
def test_grading_any_question_never_raises(sample_questions, index, response):
    question = sample_questions[index % len(sample_questions)]
    result = grade(question, response)
    if question.kind == "flashcard":
        assert result is None
    else:
        assert 0.0 <= result.score <= 1.0 and result.correct in (True, False)


def test_digits_that_int_cannot_read_are_wrong_answers_not_errors(sample_questions):
    """'²' is a digit to str.isdigit() but int() refuses it; grading must treat it as any wrong answer."""
    for question in sample_questions:
        for response in ("²", ["²"], [["²", "1"]], [("1", "³")]):
            result = grade(question, response)
            if question.kind != "flashcard":
                assert result.correct is False


GROWTH = fact("number", 2, unit="times", precision="more_than")
NEARLY = fact("number", 1_000_000_000_000, unit="words", precision="less_than")
AT_MOST = fact("number", 10, unit="languages", precision="at_most")
COINED = fact("year", 2021, month=8)
EURO_COST = fact("money", 5_000_000, unit="EUR", precision="approx")

BOUNDS_MONTHS_CURRENCIES = [
    (GROWTH, "more than double", True, "the article's bound: more than 2"),
    (GROWTH, "more than 2x", True, "the article's bound"),
    (GROWTH, "twice", True, "the article's bound"),
    (GROWTH, "2.5", True, "fits the article's bound: more than 2"),
    (GROWTH, "2.5 times", True, "fits the article's bound"),
    (GROWTH, "1.9", False, "the article says more than 2"),
    (GROWTH, "less than double", False, "not below it"),
    (GROWTH, "nearly double", False, "not below it"),
    (GROWTH, "more than 4 times", False, "too far from the article's figure"),
    (NEARLY, "nearly a trillion", True, "the article's bound: less than 1 trillion"),
    (NEARLY, "900 billion", True, "fits the article's bound"),
    (NEARLY, "1.1 trillion", False, "the article says less than 1 trillion"),
    (NEARLY, "more than a trillion", False, "not above it"),
    (AT_MOST, "up to ten", True, "the article's bound: at most 10"),
    (AT_MOST, "11", False, "the article says at most 10"),
    (COINED, "August 2021", True, "the month, August, is right"),
    (COINED, "Aug. 2021", True, ""),
    (COINED, "08/2021", True, ""),
    (COINED, "2021", True, "correct"),
    (COINED, "March 2021", False, "wrong month: the article gives August 2021, not March"),
    (COINED, "August 2020", False, "expected 2021"),
    (COINED, "August or March 2021", False, "two different months"),
    (BERT_YEAR, "May 2018", True, ""),  # no month in the fact: a month is not checked
    (COST, "78 million euros", False, "wrong currency: the figure is in US dollars, not euros"),
    (COST, "£78M", False, "not pounds"),
    (COST, "US$78 million", True, ""),
    (COST, "seventy-eight million dollars", True, "same number"),
    (COST, "$78 million euros", False, "two different currencies"),
    (EURO_COST, "5 million euros", True, ""),
    (EURO_COST, "$5 million", False, "the figure is in euros, not US dollars"),
    (PARAMS, "$175 billion", False, "not an amount of money"),
    (CARS, "5%", False, "not a percentage"),
    (PARAMS, "one hundred seventy-five billion", True, "same number"),
    (PARAMS, "175 000 000 000", True, ""),
    (PARAMS, "175.000.000.000", True, ""),
    (SHARE, "65,7 %", True, ""),
    (SHARE, "sixty-five point seven percent", True, ""),
    (fact("number", 100, unit="times", precision="approx"), "100x", True, ""),
    (fact("number", 100, unit="times", precision="approx"), "a hundredfold", True, ""),
    (fact("number", 12, unit="languages"), "a dozen", True, ""),
    (BERT_YEAR, "two thousand eighteen", True, ""),
    (BERT_YEAR, "twenty eighteen", True, ""),
    (PARAMS, "more than 175 billion", False, "the exact figure 175 billion, not a bound"),
]


@pytest.mark.parametrize(
    ("the_fact", "typed", "correct", "reason"),
    BOUNDS_MONTHS_CURRENCIES,
    ids=[f"{f.precision}-{f.value}-{t!r}" for f, t, _, _ in BOUNDS_MONTHS_CURRENCIES],
)
def test_bounds_months_currencies_and_words(the_fact, typed, correct, reason):
    result = grade_typed_answer(the_fact, typed)
    assert result.correct is correct, result
    assert reason in result.reason


@pytest.mark.parametrize(
    ("value", "tolerance"),
    [(78_000_000, 0.05), (1_000_000_000_000, 0.25), (2, 0.25), (100, 0.25), (65.7, 0.05), (3, 0.1667)],
)
def test_an_approximate_figure_allows_the_rounding_its_digits_imply(value, tolerance):
    from quizapp.content.grading import figure_tolerance

    assert figure_tolerance(value) == pytest.approx(tolerance, abs=1e-4)


PHRASES = [
    (fact("term", "scope"), "slope", False, "'slope' is a different word, not a typo of 'scope'"),
    (fact("term", "EU AI Act"), "European AI Act", True, "long form of EU"),
    (fact("organisation", "McKinsey"), "McKinsey & Co", True, "'co' is a company suffix"),
    (fact("model", "BERT"), "BERT model", True, "generic word 'model'"),
    (fact("term", "transformer"), "transformer architecture", True, "generic word 'architecture'"),
    (fact("term", "world models"), "world", False, "not the answer"),
    (
        fact("organisation", "BigScience", also_true=("Hugging Face",)),
        "BigScience/Hugging Face",
        True,
        "names only right answers",
    ),
    (GPT35, "GPT-3.5 and GPT-4", True, "names only right answers: GPT-3.5, GPT-4"),
    (GPT35, "GPT-4 and BERT", False, "names a wrong answer: 'BERT'"),
    (fact("term", "translation and chat"), "translation", False, "only part of the answer"),
    (fact("term", "regulatory and ethical issues"), "ethical and regulatory issues", True, "another order"),
    (fact("term", "specialized hardware"), "specialised hardware", True, ""),
]


@pytest.mark.parametrize(
    ("the_fact", "typed", "correct", "reason"), PHRASES, ids=[t for _, t, _, _ in PHRASES]
)
def test_phrase_rules_say_which_rule_decided(the_fact, typed, correct, reason):
    result = grade_typed_answer(the_fact, typed)
    assert result.correct is correct, result
    assert reason in result.reason


def test_a_stored_numeric_question_keeps_what_grading_needs(real_bank, real_questions):
    """Questions are stored as to_dict JSON; read back, they grade bounds, months and currencies
    exactly as the generated ones do, with no bank at hand."""
    from quizapp.content import Question

    numeric = [q for q in real_questions if q.kind == "numeric"]
    assert numeric
    for question in numeric:
        stored = Question.from_dict(question.to_dict())
        fact = real_bank.fact(question.fact_id)
        assert (stored.precision, stored.unit, stored.month) == (fact.precision, fact.unit, fact.month)
        for typed in (
            fact.display_value(),
            "1.9",
            "more than double",
            "78 million euros",
            "March 2021",
            "2x",
        ):
            assert grade(stored, typed) == grade(question, typed) == grade_typed_answer(fact, typed), typed


def test_a_decimal_point_between_digits_counts():
    """'$7.8 million' and '$78 million' are two answers (a multiple-choice text response used to
    match both); 'GPT 3.5' is still 'GPT-3.5', 'GPT-35' is not."""
    from quizapp.content.kinds import read_index
    from quizapp.content.text import normalise

    assert normalise("GPT 3.5") == normalise("gpt-3.5") != normalise("GPT-35")
    choices = ("It cost about $7.8 million.", "It cost about $78 million.", "It cost about $780 million.")
    assert read_index("It cost about $78 million.", choices) == 1
    assert grade_typed_answer(GPT35, "GPT-35").correct is False
    assert grade_typed_answer(GPT35, "GPT 3.5").correct is True
