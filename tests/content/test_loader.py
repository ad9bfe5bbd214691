"""The checker: every broken input is a Problem at the right line, never an exception."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizapp.content import BankError, Problem, check_bank, check_text, load_bank, load_bank_from_text
from tests.content.conftest import EXAMPLES, HISTORY, write_files

BASE = textwrap.dedent(
    """\
    section:
      id: history
      title: History
      order: 2
      notes: Some notes.
    facts:
      - id: bert-year
        kind: year
        subject: BERT
        attribute: release_year
        value: 2018
        prompt: In which year did Google release BERT?
        statement: Google released BERT in 2018.
        explanation: It mattered.
        source: {paragraph: 2}
      - id: gpt3-maker
        kind: organisation
        subject: GPT-3
        attribute: maker
        value: OpenAI
        prompt: Which organisation introduced GPT-3?
        statement: GPT-3 was introduced by OpenAI.
        explanation: It did.
        source: {paragraph: 3}
    """
)


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def test_the_base_document_is_sound():
    assert check_text("upload.yaml", BASE) == []
    bank = load_bank_from_text("upload.yaml", BASE)
    assert [fact.id for fact in bank.facts] == ["bert-year", "gpt3-maker"]
    assert bank.fact("gpt3-maker").line == 16


BROKEN = [
    ("quoted year", edit("value: 2018", 'value: "2018"'), 11, "the value of a year must be a number"),
    (
        "year out of range",
        edit("value: 2018", "value: 3050"),
        11,
        "a year must be a whole number between 1 and 2999",
    ),
    ("fractional year", edit("value: 2018", "value: 2018.5"), 11, "a year must be a whole number"),
    ("unknown kind", edit("kind: year", "kind: yearly"), 8, "unknown kind 'yearly'"),
    (
        "unknown field",
        edit("explanation: It mattered.", "explanation: It mattered.\n    colour: red"),
        15,
        "unknown field 'colour'",
    ),
    (
        "field of another kind",
        edit("explanation: It did.", "explanation: It did.\n    members: [a, b]"),
        24,
        "field 'members' does not apply to kind 'organisation'",
    ),
    (
        "missing prompt",
        edit("    prompt: In which year did Google release BERT?\n", ""),
        7,
        "fact is missing the field 'prompt'",
    ),
    (
        "prompt leaks the year",
        edit("prompt: In which year did Google release BERT?", "prompt: Did Google release BERT in 2018?"),
        12,
        "prompt gives away the answer",
    ),
    (
        "prompt leaks the name",
        edit("prompt: Which organisation introduced GPT-3?", "prompt: Did OpenAI introduce GPT-3?"),
        21,
        "prompt gives away the answer: it contains the value 'OpenAI'",
    ),
    (
        "prompt leaks an alias",
        edit("value: OpenAI", "value: OpenAI\n    aliases: [Open-AI Inc]").replace(
            "Which organisation introduced GPT-3?", "Was it Open-AI Inc that introduced GPT-3?"
        ),
        22,
        "it contains the alias 'Open-AI Inc'",
    ),
    (
        "statement without the year",
        edit("statement: Google released BERT in 2018.", "statement: Google released BERT."),
        13,
        "statement must contain the value 2018",
    ),
    (
        "statement without the name",
        edit("statement: GPT-3 was introduced by OpenAI.", "statement: GPT-3 was introduced by a lab."),
        22,
        "statement must contain the value 'OpenAI'",
    ),
    ("bad id", edit("id: bert-year", "id: Bert_Year"), 7, "id 'Bert_Year' must be lowercase"),
    ("bad attribute", edit("attribute: release_year", "attribute: Release Year"), 10, "must be snake_case"),
    (
        "alias equals value",
        edit("value: OpenAI", "value: OpenAI\n    aliases: [open ai]"),
        21,
        "aliases contains the value itself",
    ),
    (
        "false value equals also_true",
        edit("value: OpenAI", "value: OpenAI\n    also_true: [Microsoft]\n    false_values: [Microsoft]"),
        21,
        "'Microsoft' is in both also_true and false_values",
    ),
    (
        "false value equals the value",
        edit("value: 2018", "value: 2018\n    false_values: [2018]"),
        12,
        "false_values contains the value itself",
    ),
    (
        "false value not a number",
        edit("value: 2018", "value: 2018\n    false_values: [soon]"),
        12,
        "false_values[0] 'soon' is not a number",
    ),
    ("YAML syntax error", edit("subject: BERT", "subject: BERT: the model"), 9, "YAML syntax error"),
    ("bad indentation", edit("    kind: organisation", "   kind: organisation"), 17, "YAML syntax error"),
    (
        "paragraph zero",
        edit("source: {paragraph: 2}", "source: {paragraph: 0}"),
        15,
        "source paragraph must be a whole number from 1",
    ),
    (
        "source not a mapping",
        edit("source: {paragraph: 2}", "source: 2"),
        15,
        "source must be a mapping like {paragraph: 3}",
    ),
    ("duplicate field", edit("kind: year", "kind: year\n    kind: number"), 9, "duplicate field 'kind'"),
    (
        "boolean where text belongs",
        edit("subject: BERT", "subject: yes"),
        9,
        "subject must be text, not a boolean (true) (quote it)",
    ),
    ("section order not a number", edit("order: 2", "order: two"), 4, "section order must be a whole number"),
    ("section field missing", edit("  title: History\n", ""), 2, "section is missing the field 'title'"),
    (
        "unknown section field",
        edit("notes: Some notes.", "notes: Some notes.\n  colour: red"),
        6,
        "unknown field 'colour' in section",
    ),
    ("unknown top-level field", BASE + "extra: 1\n", 25, "unknown top-level field 'extra'"),
    ("facts not a list", BASE.split("facts:")[0] + "facts: many\n", 6, "'facts' must be a list of facts"),
    (
        "a fact that is not a mapping",
        edit("  - id: gpt3-maker", "  - just text\n  - id: gpt3-maker"),
        16,
        "each fact must be a mapping",
    ),
    (
        "python tag",
        edit("value: OpenAI", "value: !!python/object/apply:os.system ['true']"),
        20,
        "the tag !!python/object/apply:os.system is not allowed",
    ),
    (
        "date value",
        edit("value: OpenAI", "value: 2020-01-01"),
        20,
        "the tag !!timestamp is not allowed here (write dates and times as quoted text)",
    ),
    (
        "alias anchors",
        edit("value: OpenAI", "value: &v OpenAI\n    aliases: [*v]"),
        21,
        "YAML aliases (*v) are not allowed",
    ),
    ("two documents", BASE + "---\nsection: {}\n", 25, "only one YAML document is allowed"),
    ("non-mapping top level", "- one\n- two\n", 1, "the top level must be a mapping"),
    ("empty file", "", 1, "the file is empty"),
]


@pytest.mark.parametrize(
    ("text", "line", "fragment"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_broken_files_fail_at_their_line(text, line, fragment):
    problems = check_text("upload.yaml", text)
    shown = [str(problem) for problem in problems]
    assert any(s.startswith(f"upload.yaml:{line}: ") and fragment in s for s in shown), shown
    with pytest.raises(BankError) as raised:
        load_bank_from_text("upload.yaml", text)
    assert raised.value.problems == problems


def test_problem_prints_file_line_message():
    assert str(Problem("questions/02-history.yaml", 12, "bad")) == "questions/02-history.yaml:12: bad"
    assert str(Problem("questions", 0, "missing section 'x'")) == "questions: missing section 'x'"


def test_every_problem_in_a_file_is_reported_at_once():
    text = edit("value: 2018", "value: 3050").replace("kind: organisation", "kind: company")
    lines = sorted(problem.line for problem in check_text("upload.yaml", text))
    assert lines == [11, 17]


def test_sample_directory_is_sound(sample_dir):
    assert check_bank(sample_dir, sections=None) == []
    bank = load_bank(sample_dir, sections=None)
    assert [section.id for section in bank.sections] == ["history", "examples"]
    assert len(bank.facts) == 25


def test_duplicate_ids_across_files_report_both_places(tmp_path):
    directory = write_files(
        tmp_path,
        {
            "01-history.yaml": HISTORY,
            "02-examples.yaml": EXAMPLES.replace("id: bert-maker", "id: bert-year"),
        },
    )
    shown = [str(problem) for problem in check_bank(directory, sections=None)]
    first = f"{directory / '01-history.yaml'}:"
    second = f"{directory / '02-examples.yaml'}:"
    assert any(s.startswith(first) and "duplicate id 'bert-year' (also at " + second in s for s in shown), (
        shown
    )
    assert any(s.startswith(second) and "duplicate id 'bert-year' (also at " + first in s for s in shown), (
        shown
    )


def test_section_id_must_match_the_file_name(tmp_path):
    directory = write_files(tmp_path, {"01-history.yaml": HISTORY, "02-samples.yaml": EXAMPLES})
    shown = [str(problem) for problem in check_bank(directory, sections=None)]
    assert (
        f"{directory / '02-samples.yaml'}:2: section id 'examples' does not match the file name (expected 'samples')"
        in shown
    )


def test_section_order_must_match_the_file_name(tmp_path):
    directory = write_files(tmp_path, {"01-history.yaml": HISTORY, "03-examples.yaml": EXAMPLES})
    shown = [str(problem) for problem in check_bank(directory, sections=None)]
    assert any("section order 2 does not match the file name (expected 3)" in s for s in shown), shown


def test_article_sections_are_all_required(tmp_path):
    history = HISTORY.replace("order: 1", "order: 2")
    examples = EXAMPLES.replace("order: 2", "order: 5")
    directory = write_files(tmp_path, {"02-history.yaml": history, "05-examples.yaml": examples})
    shown = [str(problem) for problem in check_bank(directory)]
    assert f"{directory}: missing section 'introduction' (expected a file 01-introduction.yaml)" in shown
    assert sum("missing section" in s for s in shown) == 8
    assert not any("'history'" in s and "missing" in s for s in shown)


def test_article_section_titles_and_ids_are_fixed(tmp_path):
    history = HISTORY.replace("order: 1", "order: 2").replace(
        "title: History of foundation models", "title: Old times"
    )
    directory = write_files(tmp_path, {"02-history.yaml": history, "02-examples.yaml": EXAMPLES})
    shown = [str(problem) for problem in check_bank(directory)]
    assert any(
        "section 'history' is titled 'History of foundation models', not 'Old times'" in s for s in shown
    ), shown
    assert any("section 'examples' has order 5, not 2" in s for s in shown), shown


def test_unknown_article_section(tmp_path):
    text = HISTORY.replace("id: history", "id: trivia")
    directory = write_files(tmp_path, {"01-trivia.yaml": text})
    assert any("unknown section id 'trivia'" in str(p) for p in check_bank(directory))


def test_a_file_that_cannot_be_read_is_not_also_called_missing(tmp_path):
    directory = write_files(tmp_path, {"02-history.yaml": "section: [\n"})
    shown = [str(problem) for problem in check_bank(directory)]
    assert any("02-history.yaml:" in s and "YAML syntax error" in s for s in shown)
    assert not any("missing section 'history'" in s for s in shown)


def test_not_a_directory(tmp_path):
    assert [p.message for p in check_bank(tmp_path / "nope")] == ["not a directory"]


def test_list_and_concept_pair_rules():
    text = textwrap.dedent(
        """\
        section: {id: s, title: S, order: 1, notes: n}
        facts:
          - id: l
            kind: list
            subject: things
            attribute: named_things
            members: [a thing, b thing]
            non_members: [c thing, a thing]
            prompt: Which are things?
            statement: The things are a thing and b thing.
            explanation: e
            source: {paragraph: 1}
          - id: p
            kind: concept_pair
            subject: x vs y
            attribute: comparison
            concepts: [x, y, z]
            items:
              - {text: only x, concept: x}
            statement: x differs from y.
            explanation: e
            source: {paragraph: 1}
        """
    )
    shown = [str(problem) for problem in check_text("u.yaml", text)]
    assert "u.yaml:8: a list fact needs at least 3 non_members, not 2" in shown
    assert "u.yaml:8: 'a thing' is in both members and non_members" in shown
    assert "u.yaml:17: a concept_pair needs exactly two concepts, not 3" in shown
    assert "u.yaml:18: a concept_pair needs at least 2 items" in shown


def test_concept_items_must_name_a_concept():
    text = textwrap.dedent(
        """\
        section: {id: s, title: S, order: 1, notes: n}
        facts:
          - id: p
            kind: concept_pair
            subject: x vs y
            attribute: comparison
            concepts: [x, y]
            items:
              - {text: only x, concept: x}
              - {text: only w, concept: w}
            statement: x differs from y.
            explanation: e
            source: {paragraph: 1}
        """
    )
    shown = [str(problem) for problem in check_text("u.yaml", text)]
    assert "u.yaml:10: items[1] concept 'w' is not one of the two concepts" in shown


def test_fingerprint_follows_the_answer_only(sample_bank):
    from dataclasses import replace

    fact = sample_bank.fact("gpt3-maker")
    same = replace(fact, prompt="Who made GPT-3?", explanation="Other words.", line=99)
    assert same.answer_fingerprint() == fact.answer_fingerprint()
    for change in ({"value": "Google"}, {"aliases": ()}, {"also_true": ("Microsoft",)}):
        assert replace(fact, **change).answer_fingerprint() != fact.answer_fingerprint()
    assert len(fact.answer_fingerprint()) == 64


def test_fact_to_dict_keeps_what_was_written(sample_bank):
    data = sample_bank.fact("gpt3-parameters").to_dict()
    assert data["value"] == 175000000000 and data["unit"] == "parameters" and data["aliases"] == ["175B"]
    assert data["source"] == {"paragraph": 3} and data["precision"] == "exact"


def test_directory_files_are_read_in_name_order(tmp_path: Path):
    directory = write_files(
        tmp_path, {"02-examples.yaml": EXAMPLES, "01-history.yaml": HISTORY, "notes.txt": "ignored"}
    )
    bank = load_bank(directory, sections=None)
    assert bank.facts[0].id == "transformer-year"


def test_a_fact_that_yields_too_few_questions_is_a_problem(monkeypatch):
    from quizapp.content import kinds

    monkeypatch.delitem(kinds.KINDS, "true_false")
    monkeypatch.delitem(kinds.KINDS, "typed")
    shown = [str(problem) for problem in check_text("upload.yaml", BASE)]
    assert shown == [
        "upload.yaml:16: fact 'gpt3-maker' yields too few questions (flashcard); check its prompt and statement"
    ]


def test_years_outside_the_twentieth_century_and_months_are_read():
    text = edit("value: 2018", "value: 1857\n    month: 8").replace("in 2018", "in 1857")
    bank = load_bank_from_text("01-history.yaml", text)
    fact = bank.fact("bert-year")
    assert fact.value == 1857 and fact.month == 8
    assert fact.answer_in_words() == "August 1857" and fact.to_dict()["month"] == 8
    without_month = load_bank_from_text(
        "01-history.yaml", edit("value: 2018", "value: 1857").replace("in 2018", "in 1857")
    )
    assert without_month.fact("bert-year").answer_fingerprint() != fact.answer_fingerprint()
    bad = check_text("01-history.yaml", edit("value: 2018", "value: 2018\n    month: 13"))
    assert [p.message for p in bad] == ["month must be a whole number from 1 to 12, not a number (13)"]


def test_precision_names_a_bound_or_is_refused():
    bad = check_text("01-history.yaml", edit("value: 2018", "value: 2018\n    precision: roughly"))
    assert [p.message for p in bad] == [
        "precision must be one of exact, approx, more_than, at_least, less_than, at_most, not 'roughly'"
    ]
