"""Question generation on a small bank: right answers, real distractors, no leaks, determinism."""

from __future__ import annotations

import json
from dataclasses import replace

from quizapp.content import (
    KINDS,
    Fact,
    distractors,
    generate_for_fact,
    generate_questions,
    kind_counts,
    questions_json,
)
from quizapp.content.loader import load_banks
from quizapp.content.question import rng_for
from tests.content.conftest import EXAMPLES, SAMPLE_FILES
from tests.content.invariants import all_problems, answer_problems, distractor_problems, leak_problems


def test_sample_questions_pass_every_invariant(sample_bank, sample_questions):
    assert all_problems(sample_questions, sample_bank) == []


def test_every_kind_is_generated(sample_questions):
    assert all(count > 0 for count in kind_counts(sample_questions).values()), kind_counts(sample_questions)
    assert list(KINDS) == [
        "flashcard",
        "multiple_choice",
        "true_false",
        "typed",
        "numeric",
        "ordering",
        "matching",
        "multi_select",
        "comparison",
    ]


def test_every_fact_yields_a_flashcard_and_an_auto_graded_kind(sample_bank, sample_questions):
    for fact in sample_bank.facts:
        kinds = {q.kind for q in sample_questions if q.fact_id == fact.id}
        assert "flashcard" in kinds and len(kinds) >= 2, (fact.id, kinds)


def test_ids_are_unique_and_stable(sample_questions):
    ids = [q.id for q in sample_questions]
    assert len(ids) == len(set(ids))
    assert "bert-year:true_false:1" in ids and "benefits-named:multi_select:0" in ids


def test_invariant_checks_catch_broken_questions(sample_bank, sample_questions):
    """The invariant checks are not vacuous: each kind of corruption is reported."""
    by_id = {q.id: q for q in sample_questions}
    mc = by_id["gpt3-maker:multiple_choice:0"]
    fact = sample_bank.fact("gpt3-maker")
    assert answer_problems(replace(mc, answer=(mc.answer + 1) % len(mc.choices)), fact, sample_bank)
    wrong = (mc.answer + 1) % len(mc.choices)
    choices = list(mc.choices)
    choices[wrong] = "Open AI Inc"  # the alias
    assert distractor_problems(replace(mc, choices=tuple(choices)), fact, sample_bank)
    assert leak_problems(replace(mc, prompt="Did OpenAI make GPT-3?"), fact)
    numeric = by_id["gpt3-parameters:numeric:0"]
    assert leak_problems(
        replace(numeric, prompt="GPT-3 has 175 billion what?"), sample_bank.fact("gpt3-parameters")
    )
    false_tf = by_id["bert-year:true_false:1"]
    assert answer_problems(replace(false_tf, answer=True), sample_bank.fact("bert-year"), sample_bank)
    ordering = by_id["bert-year:ordering:0"]
    assert answer_problems(
        replace(ordering, answer=tuple(reversed(ordering.answer))), sample_bank.fact("bert-year"), sample_bank
    )


def test_true_false_has_a_true_and_a_false_variant(sample_questions):
    by_id = {q.id: q for q in sample_questions}
    assert by_id["bert-year:true_false:0"].prompt == "True or false? Google released BERT in 2018."
    # Hand-written false values come first.
    assert by_id["bert-year:true_false:1"].prompt == "True or false? Google released BERT in 2016."
    assert by_id["bert-year:true_false:1"].explanation.startswith("False: Google released BERT in 2018.")
    assert by_id["gpt3-words:true_false:1"].prompt.startswith("True or false? GPT-3 was trained on nearly ")
    assert "2016" in by_id["bert-year:multiple_choice:0"].choices


def test_distractors_never_include_answers_to_the_same_question(sample_bank):
    later = """\
section: {id: more, title: More, order: 3, notes: n}
facts:
  - id: chatgpt-engine-later
    kind: model
    subject: ChatGPT
    attribute: based_on
    value: GPT-4o
    prompt: Which newer model does ChatGPT run on?
    statement: ChatGPT later ran on GPT-4o.
    explanation: e
    source: {paragraph: 1}
"""
    bank = load_banks({**SAMPLE_FILES, "03-more.yaml": later})
    fact = bank.fact("chatgpt-engine")
    for seed in range(20):
        found = distractors.candidates(fact, bank, rng_for("test", seed))
        assert not {"GPT-4o", "GPT-4", "GPT-3.5", "ChatGPT"} & set(found)
        assert "PaLM" in found


def test_number_distractors_are_plausible(sample_bank):
    words = sample_bank.fact("gpt3-words")
    for seed in range(20):
        found = distractors.candidates(words, sample_bank, rng_for("t", seed))
        assert len(found) >= 3
        assert all(abs(x - 1e12) / 1e12 >= 0.25 for x in found)  # approx: never close enough to pass
        assert 175_000_000_000 not in found  # parameters are not words
    year = sample_bank.fact("transformer-year")
    assert all(
        abs(y - 2017) <= 8 and isinstance(y, int)
        for y in distractors.candidates(year, sample_bank, rng_for("t"))
    )
    share = sample_bank.fact("open-source-share")
    assert all(0 < p < 100 for p in distractors.candidates(share, sample_bank, rng_for("t")))


def test_text_distractors_prefer_the_same_attribute(sample_bank):
    fact = sample_bank.fact("bert-maker")
    found = distractors.candidates(fact, sample_bank, rng_for("t"))
    assert set(found[:3]) == {"OpenAI", "Stability AI", "Anthropic"}


def test_a_leaking_variant_is_dropped(sample_bank):
    fact = sample_bank.fact("gpt3-maker")
    leaky = replace(fact, prompt="Which lab, OpenAI or another, introduced GPT-3?")
    kinds = {(q.kind, q.variant) for q in generate_for_fact(leaky, sample_bank)}
    assert ("flashcard", 0) not in kinds and ("typed", 0) not in kinds and ("multiple_choice", 0) not in kinds
    assert ("typed", 1) in kinds  # the cloze of the statement does not leak
    cloze_leak = replace(fact, statement="GPT-3 was introduced by OpenAI (Open AI Inc).")
    assert ("typed", 1) not in {(q.kind, q.variant) for q in generate_for_fact(cloze_leak, sample_bank)}


def test_thin_facts_skip_variants_instead_of_crashing(sample_bank):
    listed = sample_bank.fact("benefits-named")
    assert not [
        q
        for q in generate_for_fact(replace(listed, non_members=("one",)), sample_bank)
        if q.kind == "multi_select"
    ]
    lonely = Fact(
        id="lonely",
        section_id="examples",
        kind="person",
        subject="GPT-1 paper",
        attribute="written_by",
        statement="The GPT-1 paper was written by Radford.",
        explanation="",
        paragraph=1,
        value="Radford",
        prompt="Who wrote the GPT-1 paper?",
    )
    kinds = {q.kind for q in generate_for_fact(lonely, sample_bank)}
    assert kinds >= {"flashcard", "true_false", "typed"} and "matching" not in kinds
    pair = sample_bank.fact("llm-vs-fm")
    assert not [
        q
        for q in generate_for_fact(replace(pair, items=pair.items[:1]), sample_bank)
        if q.kind == "comparison"
    ]


def test_ordering_needs_four_distinct_years():
    text = (
        SAMPLE_FILES["01-history.yaml"]
        .replace("value: 2021\n", "value: 2020\n")
        .replace(" in 2021.", " in 2020.")
    )
    bank = load_banks({"01-history.yaml": text, "02-examples.yaml": EXAMPLES})
    assert not [q for q in generate_questions(bank) if q.kind == "ordering"]


def test_generation_is_deterministic(sample_bank):
    first = questions_json(generate_questions(sample_bank))
    second = questions_json(generate_questions(load_banks(SAMPLE_FILES)))
    assert first == second
    json.loads(first)


def test_editing_one_fact_leaves_other_facts_questions_alone(sample_bank, sample_questions):
    edited = SAMPLE_FILES["02-examples.yaml"].replace(
        "explanation: OpenAI also made ChatGPT.", "explanation: Changed."
    )
    again = generate_questions(load_banks({**SAMPLE_FILES, "02-examples.yaml": edited}))
    before = {q.id: q for q in sample_questions if q.fact_id != "gpt3-maker"}
    after = {q.id: q for q in again if q.fact_id != "gpt3-maker"}
    assert before == after


def test_question_round_trips_through_dict(sample_questions):
    from quizapp.content import Question

    for question in sample_questions:
        data = json.loads(json.dumps(question.to_dict()))
        assert Question.from_dict(data) == question
        assert Question.from_dict(data).content_hash() == question.content_hash()


def test_distractors_that_contain_the_answer_are_refused(sample_bank):
    extra = """\
section: {id: more, title: More, order: 3, notes: n}
facts:
  - id: ssl-variant
    kind: term
    subject: contrastive self-supervised learning
    attribute: concept
    value: contrastive self-supervised learning
    prompt: What is learning by contrasting pairs of examples without labels called?
    statement: Contrastive self-supervised learning compares pairs of examples.
    explanation: e
    source: {paragraph: 1}
  - id: palm-e-engine
    kind: model
    subject: a robot
    attribute: based_on
    value: PaLM-E
    prompt: Which model does the robot run on?
    statement: The robot runs on PaLM-E.
    explanation: e
    source: {paragraph: 2}
"""
    bank = load_banks({**SAMPLE_FILES, "03-more.yaml": extra})
    for seed in range(10):
        assert "contrastive self-supervised learning" not in distractors.candidates(
            bank.fact("ssl-term"), bank, rng_for(seed)
        )
        assert "PaLM-E" not in distractors.candidates(bank.fact("bard-engine"), bank, rng_for(seed))
        assert "fine-tuning" in distractors.candidates(bank.fact("ssl-term"), bank, rng_for(seed))
