"""Numbers in the forms people write them."""

from __future__ import annotations

import pytest

from quizapp.content import Fact
from quizapp.content.numbers import find_numbers, format_like, format_number, parse_number
from quizapp.content.sentences import cloze, swap_value

PARSED = [
    ("175B", 175_000_000_000),
    ("175 billion", 175_000_000_000),
    ("175,000,000,000", 175_000_000_000),
    ("1.75e11", 175_000_000_000),
    ("175000000000", 175_000_000_000),
    ("$78 million", 78_000_000),
    ("US$78M", 78_000_000),
    ("78M", 78_000_000),
    ("65.7%", 65.7),
    ("65.7 percent", 65.7),
    ("65.7 per cent", 65.7),
    ("nearly a trillion", 1_000_000_000_000),
    ("about 2.5 million users", 2_500_000),
    ("five", 5),
    ("one hundred", 100),
    ("12bn", 12_000_000_000),
    ("in 2018", 2018),
]


@pytest.mark.parametrize(("text", "value"), PARSED)
def test_parse_number(text, value):
    parsed = parse_number(text)
    assert parsed is not None and parsed.value == value


@pytest.mark.parametrize("text", ["GPT-3", "GPT3", "3D", "2017 or 2018", "many", "", "2020s", "a lot"])
def test_not_one_number(text):
    assert parse_number(text) is None


def test_parse_keeps_what_was_written_around_the_number():
    assert parse_number("65.7%").percent and parse_number("$78M").currency == "$"
    assert parse_number("nearly a trillion").approx and not parse_number("1 trillion").approx


FORMATTED = [
    ((175_000_000_000,), {}, "175 billion"),
    ((78_000_000, "USD", "money"), {}, "$78 million"),
    ((65.7, "percent", "percent"), {}, "65.7%"),
    ((1_000_000_000_000,), {}, "1 trillion"),
    ((2_500_000,), {}, "2.5 million"),
    ((1500,), {}, "1,500"),
    ((149,), {}, "149"),
    ((2018, None, "year"), {}, "2018"),
    ((87_500_000_000,), {}, "87.5 billion"),
]


@pytest.mark.parametrize(("args", "kwargs", "text"), FORMATTED)
def test_format_number(args, kwargs, text):
    assert format_number(*args, **kwargs) == text


@pytest.mark.parametrize(
    ("sentence", "value", "expected"),
    [
        ("trained on nearly a trillion words", 5e11, "500 billion"),
        ("with 175B parameters", 3.5e11, "350B"),
        ("about 1.75e11 of them", 8.75e10, "8.75e10"),
        ("about 175,000,000,000 of them", 3.5e11, "350,000,000,000"),
        ("in 2018", 2017, "2017"),
        ("running five cars", 2, "two"),
    ],
)
def test_format_like_keeps_the_written_style(sentence, value, expected):
    assert format_like(value, find_numbers(sentence)[0]) == expected


def number_fact(value, statement, kind="number", **extra):
    return Fact(
        id="n",
        section_id="s",
        kind=kind,
        subject="x",
        attribute="a",
        statement=statement,
        explanation="",
        paragraph=1,
        value=value,
        **extra,
    )


def test_swap_and_cloze_keep_the_rest_of_the_sentence():
    cost = number_fact(
        78_000_000, "GPT-4's training compute cost about $78 million.", kind="money", unit="USD"
    )
    assert swap_value(cost, 39_000_000) == "GPT-4's training compute cost about $39 million."
    assert cloze(cost) == "GPT-4's training compute cost about _____."
    share = number_fact(65.7, "In 2023, 65.7% of new models were open-source.", kind="percent")
    assert swap_value(share, 33.3) == "In 2023, 33.3% of new models were open-source."
    assert cloze(share) == "In 2023, _____ of new models were open-source."
    year = number_fact(2018, "Google released BERT in 2018.", kind="year")
    assert swap_value(year, 2020) == "Google released BERT in 2020."
    assert swap_value(number_fact(2023, "In 2023, 2022 was doubled.", kind="year"), 2022) is None


def test_text_swaps_fix_articles_and_repeated_words():
    def text_fact(value, statement):
        return Fact(
            id="t",
            section_id="s",
            kind="organisation",
            subject="x",
            attribute="a",
            statement=statement,
            explanation="",
            paragraph=1,
            value=value,
        )

    assert (
        swap_value(text_fact("Microsoft", "Bing Chat is a Microsoft product."), "OpenAI")
        == "Bing Chat is an OpenAI product."
    )
    assert (
        swap_value(text_fact("narrow AI", "Older narrow AI models did one task."), "foundation model")
        == "Older foundation models did one task."
    )
    assert (
        swap_value(text_fact("Google", "Google made BERT, not Google Brain."), "OpenAI")
        == "OpenAI made BERT, not OpenAI Brain."
    )
    assert (
        swap_value(text_fact("GPT-3", "GPT-3 came before GPT-3.5."), "GPT-4") == "GPT-4 came before GPT-3.5."
    )
    assert swap_value(text_fact("OpenAI", "OpenAI and Google both did."), "Google") is None
