"""Question generation on a small bank: right answers, real distractors, no leaks, determinism."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from quizapp.content import (
    KINDS,
    BankError,
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
    assert "gpt3-maker:typed:1" in ids and "gpt3-parameters:numeric:1" in ids


def test_invariant_checks_catch_broken_questions(sample_bank, sample_questions):
    """The invariant checks are not vacuous: each kind of corruption is reported."""
    by_id = {q.id: q for q in sample_questions}
    mc = by_id["gpt3-maker:multiple_choice:0"]
    fact = sample_bank.fact("gpt3-maker")
    assert answer_problems(replace(mc, answer=(mc.answer + 1) % len(mc.choices)), fact, sample_bank)
    wrong = (mc.answer + 1) % len(mc.choices)
    choices = list(mc.choices)
    choices[wrong] = "GPT-3 was introduced by Meta."  # not one of the fact's false values
    assert distractor_problems(replace(mc, choices=tuple(choices)), fact, sample_bank)
    assert leak_problems(replace(by_id["gpt3-maker:flashcard:0"], prompt="Did OpenAI make GPT-3?"), fact)
    numeric = by_id["gpt3-parameters:numeric:1"]
    assert leak_problems(
        replace(numeric, prompt="GPT-3 has 175 billion what?"), sample_bank.fact("gpt3-parameters")
    )
    assert leak_problems(
        replace(numeric, prompt="Fill in the blank: _____ has _____ parameters."),
        sample_bank.fact("gpt3-parameters"),
    )
    false_tf = by_id["bert-year:true_false:1"]
    assert answer_problems(replace(false_tf, answer=True), sample_bank.fact("bert-year"), sample_bank)
    ordering = by_id["bert-year:ordering:0"]
    assert answer_problems(
        replace(ordering, answer=tuple(reversed(ordering.answer))), sample_bank.fact("bert-year"), sample_bank
    )


def test_one_true_false_per_fact_and_false_ones_only_from_false_values(sample_bank, sample_questions):
    by_fact: dict[str, list] = {}
    for q in sample_questions:
        if q.kind == "true_false":
            by_fact.setdefault(q.fact_id, []).append(q)
    assert all(len(items) == 1 for items in by_fact.values()), by_fact
    assert by_fact["bert-year"][0].prompt == "True or false? Google released BERT in 2016."
    assert by_fact["bert-year"][0].explanation.startswith("False: Google released BERT in 2018.")
    assert by_fact["gpt3-words"][0].prompt == "True or false? GPT-3 was trained on nearly 100 billion words."
    # Without false values there is nothing the article contradicts: only the true statement.
    for fact_id in ("claude-maker", "sd-maker", "bard-engine", "gpt4-cost"):
        assert [(q.variant, q.answer) for q in by_fact[fact_id]] == [(0, True)]
    assert {q.answer for items in by_fact.values() for q in items} == {True, False}


def test_multiple_choice_offers_the_true_sentence_among_false_ones(sample_questions):
    mc = next(q for q in sample_questions if q.id == "bert-year:multiple_choice:0")
    assert mc.prompt == "Which of these sentences agrees with the article?"
    assert sorted(mc.choices) == sorted(
        f"Google released BERT in {year}." for year in (2018, 2016, 2015, 2020)
    )
    assert mc.choices[mc.answer] == "Google released BERT in 2018."
    # A fact with fewer than two false values has no multiple choice question.
    assert not [q for q in sample_questions if q.kind == "multiple_choice" and q.fact_id == "claude-maker"]


def test_distractors_are_the_fact_s_own_false_values_and_nothing_else(sample_bank):
    for seed in range(10):
        assert set(distractors.candidates(sample_bank.fact("bert-maker"), sample_bank, rng_for(seed))) == {
            "OpenAI",
            "Stability AI",
            "Anthropic",
        }
        words = distractors.candidates(sample_bank.fact("gpt3-words"), sample_bank, rng_for(seed))
        assert sorted(words) == [100_000_000_000, 500_000_000_000, 10_000_000_000_000]
    # Nothing is borrowed from other facts' values, however many share the attribute.
    assert distractors.candidates(sample_bank.fact("claude-maker"), sample_bank, rng_for(1)) == []


def test_a_false_value_that_answers_the_same_question_is_refused(sample_bank):
    later = """\
section: {id: more, title: More, order: 3, notes: n}
facts:
  - id: chatgpt-engine-later
    kind: model
    subject: ChatGPT
    attribute: based_on
    value: PaLM
    prompt: Which newer model does ChatGPT run on?
    statement: ChatGPT later ran on PaLM.
    explanation: e
    source: {paragraph: 1}
"""
    with pytest.raises(BankError) as raised:
        load_banks({**SAMPLE_FILES, "03-more.yaml": later})
    assert "fact 'chatgpt-engine': false value 'PaLM' is a right answer to it" in str(raised.value)


def test_a_false_value_that_contains_the_answer_is_refused():
    text = SAMPLE_FILES["02-examples.yaml"].replace(
        "false_values: [fine-tuning, transfer learning]",
        "false_values: [fine-tuning, contrastive self-supervised learning]",
    )
    with pytest.raises(BankError) as raised:
        load_banks({**SAMPLE_FILES, "02-examples.yaml": text})
    assert "false value 'contrastive self-supervised learning' is a right answer" in str(raised.value)


def test_a_false_value_of_another_type_is_refused():
    law = """\
section: {id: more, title: More, order: 3, notes: n}
facts:
  - id: ai-act
    kind: term
    subject: law defining general-purpose AI models
    attribute: regulation
    type: law
    value: EU AI Act
    prompt: Which law names general-purpose AI models?
    statement: The EU AI Act names general-purpose AI models.
    explanation: e
    source: {paragraph: 1}
"""
    text = SAMPLE_FILES["02-examples.yaml"].replace(
        "false_values: [PaLM, BERT]", "false_values: [PaLM, EU AI Act]"
    )
    with pytest.raises(BankError) as raised:
        load_banks({**SAMPLE_FILES, "02-examples.yaml": text, "03-more.yaml": law})
    assert (
        "fact 'chatgpt-engine': false value 'EU AI Act' is a law (fact 'ai-act'), not a model like the answer"
        in str(raised.value)
    )


def test_a_prompt_naming_the_maker_may_not_offer_other_makers_models():
    makers = """\
section: {id: more, title: More, order: 3, notes: n}
facts:
  - id: palm-maker
    kind: organisation
    subject: PaLM
    attribute: maker
    value: Google
    prompt: Which company built PaLM?
    statement: Google built PaLM.
    explanation: e
    source: {paragraph: 1}
  - id: gpt4-maker
    kind: organisation
    subject: GPT-4
    attribute: maker
    value: OpenAI
    prompt: Which company built GPT-4?
    statement: OpenAI built GPT-4.
    explanation: e
    source: {paragraph: 2}
  - id: bard-google
    kind: model
    subject: Bard
    attribute: engine
    value: PaLM
    false_values: [GPT-4]
    prompt: Which Google model is Bard based on?
    statement: Bard is based on PaLM.
    explanation: e
    source: {paragraph: 3}
"""
    with pytest.raises(BankError) as raised:
        load_banks({**SAMPLE_FILES, "03-more.yaml": makers})
    assert "false value 'GPT-4' is made by OpenAI, but the question names Google" in str(raised.value)


def test_a_bound_has_no_false_values_and_keeps_its_words_in_the_cloze(sample_bank):
    bound = """\
section: {id: more, title: More, order: 3, notes: n}
facts:
  - id: growth
    kind: number
    subject: growth in new models from 2022 to 2023
    attribute: growth_factor
    value: 2
    unit: times
    precision: more_than
    prompt: By what factor at least did the count of new models grow from 2022 to 2023?
    statement: In 2023 the count of new models was more than 2 times that of 2022.
    explanation: e
    source: {paragraph: 1}
"""
    bank = load_banks({**SAMPLE_FILES, "03-more.yaml": bound})
    fact = bank.fact("growth")
    assert fact.is_bound and fact.answer_in_words() == "more than 2"
    questions = generate_for_fact(fact, bank)
    assert {(q.kind, q.variant) for q in questions} == {("flashcard", 0), ("true_false", 0), ("numeric", 1)}
    cloze = next(q for q in questions if q.kind == "numeric")
    assert "more than _____" in cloze.prompt
    with pytest.raises(BankError) as raised:
        load_banks(
            {
                **SAMPLE_FILES,
                "03-more.yaml": bound.replace("unit: times", "unit: times\n    false_values: [4]"),
            }
        )
    assert "a bound (more_than) rules out no other value" in str(raised.value)


def test_two_kinds_asking_in_the_same_words_are_refused(sample_bank):
    text = SAMPLE_FILES["02-examples.yaml"].replace(
        "prompt: Which company created BERT?", "prompt: Which of these sentences agrees with the article?"
    )
    with pytest.raises(BankError) as raised:
        load_banks({**SAMPLE_FILES, "02-examples.yaml": text})
    assert (
        "fact 'bert-maker': flashcard and multiple_choice ask in the same words "
        "('Which of these sentences agrees with the article?')" in str(raised.value)
    )


def test_a_cloze_with_two_blanks_is_not_asked(sample_bank):
    fact = sample_bank.fact("gpt3-maker")
    twice = replace(fact, statement="OpenAI introduced GPT-3, an OpenAI model.")
    assert not [q for q in generate_for_fact(twice, sample_bank) if q.kind == "typed"]


def test_a_leaking_variant_is_dropped(sample_bank):
    fact = sample_bank.fact("gpt3-maker")
    leaky = replace(fact, prompt="Which lab, OpenAI or another, introduced GPT-3?")
    kinds = {(q.kind, q.variant) for q in generate_for_fact(leaky, sample_bank)}
    assert ("flashcard", 0) not in kinds
    assert ("typed", 1) in kinds and ("multiple_choice", 0) in kinds  # built from the statement
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


def test_swapped_values_keep_their_own_case_and_take_the_right_article(sample_bank):
    from quizapp.content.sentences import swap_value

    interface = replace(
        sample_bank.fact("gpt3-maker"),
        kind="term",
        value="Discord bot",
        statement="Midjourney creates art through a Discord bot.",
    )
    assert (
        swap_value(interface, "smartphone keyboard")
        == "Midjourney creates art through a smartphone keyboard."
    )
    assert swap_value(interface, "unimodal app") == "Midjourney creates art through a unimodal app."
    source = replace(sample_bank.fact("gpt3-maker"), value="Stanford", statement="A Stanford report says so.")
    assert swap_value(source, "NVIDIA") == "An NVIDIA report says so."
    assert swap_value(source, "McKinsey") == "A McKinsey report says so."
    start = replace(sample_bank.fact("ssl-term"))
    assert swap_value(start, "fine-tuning").startswith("Fine-tuning trains on raw unlabeled data")


def test_matching_leaves_out_pairs_whose_answer_spells_out_the_item():
    makers = """\
section: {id: more, title: More, order: 3, notes: n}
facts:
  - id: midjourney-maker
    kind: organisation
    subject: Midjourney
    attribute: maker
    value: Midjourney Inc.
    prompt: Which company runs Midjourney?
    statement: Midjourney is run by Midjourney Inc.
    explanation: e
    source: {paragraph: 1}
"""
    bank = load_banks({**SAMPLE_FILES, "03-more.yaml": makers})
    matching = [q for q in generate_questions(bank) if q.kind == "matching"]
    assert matching and all("Midjourney" not in q.items for q in matching)
    assert not [q for q in matching if q.fact_id == "midjourney-maker"]


def test_a_typed_list_may_not_mix_in_values_of_another_type():
    products = """\
section: {id: more, title: More, order: 3, notes: n}
facts:
  - id: chat-products
    kind: list
    subject: chat products
    attribute: chat_products
    type: product
    members: [ChatGPT, Bing Chat]
    non_members: [Grammarly, Siri, BERT]
    prompt: Which of these are chat products?
    statement: ChatGPT and Bing Chat are chat products.
    explanation: e
    source: {paragraph: 1}
  - id: bert-name
    kind: model
    subject: Google's early language model
    attribute: name
    value: BERT
    prompt: Which early language model did Google make?
    statement: Google made BERT.
    explanation: e
    source: {paragraph: 2}
"""
    with pytest.raises(BankError) as raised:
        load_banks({**SAMPLE_FILES, "03-more.yaml": products})
    assert (
        "fact 'chat-products': non-member 'BERT' is a model (fact 'bert-name'), not a product like this list's items"
        in str(raised.value)
    )
    fixed = products.replace("[Grammarly, Siri, BERT]", "[Grammarly, Siri, GitHub Copilot]")
    assert load_banks({**SAMPLE_FILES, "03-more.yaml": fixed}).fact("chat-products").type == "product"
