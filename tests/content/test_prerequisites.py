"""`builds_on:` in the fact base: read with the fact, unknown ids and circles refused at the line of
the fact that names them (the same checker runs for the article's files and for uploads)."""

from __future__ import annotations

import textwrap

from quizapp.content import check_text, load_bank, load_bank_from_text
from quizapp.content.prerequisites import prerequisites_of

DOC = textwrap.dedent(
    """\
    section:
      id: history
      title: History
      order: 2
      notes: Some notes.
    facts:
      - id: transformer-year
        kind: year
        subject: the transformer
        attribute: introduced_year
        value: 2017
        prompt: In which year was the transformer introduced?
        statement: The transformer was introduced in 2017.
        explanation: It changed how models read context.
        source: {paragraph: 1}
      - id: bert-year
        kind: year
        subject: BERT
        attribute: release_year
        value: 2018
        prompt: In which year did Google release BERT?
        statement: Google released BERT in 2018.
        explanation: It was built on the transformer.
        source: {paragraph: 2}
        builds_on: [transformer-year]
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


def messages(text: str) -> list[str]:
    return [str(problem) for problem in check_text("upload.yaml", text)]


def test_builds_on_is_read_with_the_fact_and_kept_in_its_data():
    assert messages(DOC) == []
    bank = load_bank_from_text("upload.yaml", DOC)
    assert bank.fact("bert-year").builds_on == ("transformer-year",)
    assert bank.fact("bert-year").to_dict()["builds_on"] == ["transformer-year"]
    assert "builds_on" not in bank.fact("gpt3-maker").to_dict()
    assert prerequisites_of(bank) == {"bert-year": ("transformer-year",)}


def test_an_unknown_fact_is_refused_at_the_line_of_the_fact_naming_it():
    text = DOC.replace("builds_on: [transformer-year]", "builds_on: [transformer-yaer]")
    assert messages(text) == [
        "upload.yaml:16: fact 'bert-year' builds on 'transformer-yaer', which is no fact of this bank"
    ]


def test_a_fact_building_on_itself_or_a_malformed_id_is_refused():
    assert messages(DOC.replace("[transformer-year]", "[bert-year]")) == [
        "upload.yaml:16: fact 'bert-year' builds on itself"
    ]
    assert "builds_on names 'Transformer Year', which is not a fact id" in " ".join(
        messages(DOC.replace("[transformer-year]", "[Transformer Year]"))
    )
    assert "builds_on must be a list" in " ".join(
        messages(DOC.replace("[transformer-year]", "transformer-year"))
    )


def test_a_circle_is_refused_once_with_its_path():
    text = DOC.replace(
        "explanation: It did.\n    source: {paragraph: 3}",
        "explanation: It did.\n    source: {paragraph: 3}\n    builds_on: [bert-year]",
    ).replace(
        "explanation: It changed how models read context.\n    source: {paragraph: 1}",
        "explanation: It changed how models read context.\n    source: {paragraph: 1}\n    builds_on: [gpt3-maker]",
    )
    found = messages(text)
    assert len(found) == 1, found
    assert (
        "facts build on each other in a circle: transformer-year → gpt3-maker → bert-year → transformer-year"
        in found[0]
    )


def test_the_article_s_bank_marks_definitions_and_the_transformer_first():
    bank = load_bank("questions")
    prerequisites = prerequisites_of(bank)
    assert "transformer-introduced-year" in prerequisites["bert-release-year"]
    assert "transformer-introduced-year" in prerequisites["gpt3-release-year"]
    assert set(prerequisites["llm-vs-fm-subset"]) == {"llm-definition", "foundation-model-crfm-definition"}
    assert prerequisites["fine-tuning-vs-prompting"] == ("fine-tuning-term", "prompting-term")
    known = {fact.id for fact in bank.facts}
    assert all(set(named) <= known for named in prerequisites.values())
