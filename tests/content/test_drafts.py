"""The editor's drafts (content.drafts): a fact typed field by field is read by the upload's reader,
every fact of the real bank survives the round trip through the editor's fields unchanged, and each
problem lands on the field it is about."""

from __future__ import annotations

from dataclasses import replace

import pytest

from quizapp.content.bank import Bank, Section
from quizapp.content.drafts import check_draft, draft_fields, draft_node, new_fact_id, read_deck
from quizapp.content.reader import Reader
from quizapp.content.validate import read_fact

SECTION = Section("facts", "My facts", 1)
EMPTY = Bank.build([SECTION], [])
MAKER = {
    "kind": "organisation",
    "subject": "AlphaFold",
    "attribute": "maker",
    "value": "DeepMind",
    "prompt": "Which lab built AlphaFold?",
    "statement": "AlphaFold was built by DeepMind.",
    "explanation": "A protein structure model.",
    "paragraph": "2",
    "false_values": "OpenAI\nAnthropic",
}


def bare(fact):
    return replace(fact, file="", line=0)


def test_every_fact_of_the_real_bank_survives_the_editor_unchanged(real_bank):
    """Stored, read back, shown in the form and saved again: the same fact, the same answer, so an
    unchanged save changes nothing for learners."""
    deck, problems = read_deck(real_bank.sections, [fact.to_dict() for fact in real_bank.facts])
    assert problems == []
    assert [bare(f) for f in deck.facts] == [bare(f) for f in real_bank.facts]
    for fact in real_bank.facts:
        if fact.kind == "concept_pair":  # written in files: the editor has no fields for its items
            continue
        problems: list = []
        again = read_fact(
            Reader("editor", problems), draft_node(fact.id, draft_fields(fact)), fact.section_id
        )
        assert problems == [] and again is not None, (fact.id, problems)
        assert bare(again) == bare(fact)
        assert again.answer_fingerprint() == fact.answer_fingerprint()


def test_an_unchanged_fact_of_each_kind_passes_the_whole_bank_checks(real_bank):
    deck, _ = read_deck(real_bank.sections, [fact.to_dict() for fact in real_bank.facts])
    one_of_each = {fact.kind: fact for fact in real_bank.facts if fact.kind != "concept_pair"}
    for fact in one_of_each.values():
        check = check_draft(draft_fields(fact), fact.id, fact.section_id, deck, replacing=fact.id)
        assert check.ok, (fact.id, check.field_problems, check.other_problems)
        assert bare(check.fact) == bare(fact)


def test_a_sound_draft_gives_its_questions():
    check = check_draft(MAKER, "alphafold-maker", "facts", EMPTY)
    assert check.ok
    assert {q.kind for q in check.questions} >= {"flashcard", "multiple_choice", "true_false"}
    assert all(q.fact_id == "alphafold-maker" for q in check.questions)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"prompt": "Which lab (DeepMind?) built AlphaFold?"}, "prompt", "gives away the answer"),
        ({"prompt": ""}, "prompt", "missing the field 'prompt'"),
        ({"paragraph": ""}, "paragraph", "missing the field 'source'"),
        ({"paragraph": "0"}, "paragraph", "whole number from 1"),
        ({"false_values": "OpenAI\nOpenAI"}, "false_values", "repeats 'OpenAI'"),
        ({"kind": "year", "value": "2018", "month": "13"}, "month", "month must be a whole number"),
        ({"kind": "percent", "value": "140"}, "value", "between 0 and 100"),
        ({"kind": "number", "value": "12", "precision": "roughly"}, "precision", "precision must be one of"),
        ({"kind": "list", "members": "a\nb", "non_members": "c"}, "non_members", "at least 3"),
    ],
)
def test_each_problem_is_on_its_field(change, field, words):
    check = check_draft({**MAKER, **change}, "alphafold-maker", "facts", EMPTY)
    assert not check.ok
    assert any(words in message for message in check.field_problems.get(field, [])), check


def test_fields_that_do_not_apply_to_the_kind_are_ignored():
    """The form shows the number fields to every kind: a unit left there does not refuse a model."""
    assert check_draft({**MAKER, "unit": "parameters", "month": "3"}, "x", "facts", EMPTY).ok


def test_problems_of_other_facts_name_them():
    first = check_draft(MAKER, "alphafold-maker", "facts", EMPTY)
    deck = Bank.build([SECTION], [first.fact])
    # the new fact's answer is the first fact's false value... for the same question: refused there
    same = {
        **MAKER,
        "value": "OpenAI",
        "false_values": "Meta\nAmazon",
        "statement": "AlphaFold was built by OpenAI.",
    }
    check = check_draft(same, "alphafold-maker-2", "facts", deck)
    assert not check.ok
    assert any(m.startswith("fact 'alphafold-maker'") for m in check.other_problems), check


def test_an_unknown_section_is_refused():
    check = check_draft(MAKER, "a", "elsewhere", EMPTY)
    assert check.field_problems["section"] == ["choose one of the deck's sections"]


@pytest.mark.parametrize(
    ("subject", "attribute", "taken", "expected"),
    [
        ("BERT", "maker", [], "bert-maker"),
        ("BERT", "maker", ["bert-maker", "bert-maker-2"], "bert-maker-3"),
        ("Übersetzung", "release_year", [], "ubersetzung-release-year"),
        ("!!!", "", [], "fact"),
        ("x" * 300, "y", [], "x" * 110),
    ],
)
def test_new_fact_ids(subject, attribute, taken, expected):
    made = new_fact_id(subject, attribute, taken)
    assert made == expected
