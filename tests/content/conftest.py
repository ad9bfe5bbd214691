"""Fixtures for the content core: a small sound bank written to tmp_path, and the real bank."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizapp.content import Bank, generate_questions, load_bank, load_bank_from_text

REPO = Path(__file__).resolve().parents[2]
QUESTIONS_DIR = REPO / "questions"

HISTORY = textwrap.dedent(
    """\
    section:
      id: history
      title: History of foundation models
      order: 1
      notes: |
        Transformers came first, then BERT, then GPT-3.
    facts:
      - id: transformer-year
        kind: year
        subject: transformer architecture
        attribute: release_year
        value: 2017
        prompt: In which year did the transformer architecture appear?
        statement: The transformer architecture appeared in 2017.
        explanation: It made learning long-range context practical.
        source: {paragraph: 1}
        tags: [milestone]
      - id: bert-year
        kind: year
        subject: BERT
        attribute: release_year
        value: 2018
        prompt: In which year did Google release BERT?
        statement: Google released BERT in 2018.
        explanation: BERT set records on many NLP tasks.
        source: {paragraph: 2}
        tags: [milestone]
        false_values: [2016, 2015, 2020]
      - id: gpt3-year
        kind: year
        subject: GPT-3
        attribute: release_year
        value: 2020
        prompt: In which year did OpenAI introduce GPT-3?
        statement: OpenAI introduced GPT-3 in 2020.
        explanation: It showed emergent abilities.
        source: {paragraph: 3}
        tags: [milestone]
      - id: term-coined-year
        kind: year
        subject: the term "foundation model"
        attribute: coined_year
        value: 2021
        prompt: In which year did Stanford researchers coin the name for these models?
        statement: Stanford researchers coined the term in 2021.
        explanation: They also published a long report.
        source: {paragraph: 4}
        tags: [milestone]
      - id: gpt3-parameters
        kind: number
        subject: GPT-3
        attribute: parameter_count
        value: 175000000000
        unit: parameters
        prompt: How many parameters does GPT-3 have?
        statement: GPT-3 has 175 billion parameters.
        explanation: That was huge for 2020.
        source: {paragraph: 3}
        aliases: [175B]
        false_values: [17500000000, 1750000000000]
      - id: bloom-parameters
        kind: number
        subject: Bloom
        attribute: parameter_count
        value: 176000000000
        unit: parameters
        prompt: How many parameters does Bloom have?
        statement: Bloom has 176B parameters.
        explanation: Slightly more than GPT-3.
        source: {paragraph: 5}
      - id: gpt3-words
        kind: number
        subject: GPT-3 training data
        attribute: training_words
        value: 1000000000000
        unit: words
        precision: approx
        prompt: Roughly how many words was GPT-3 trained on?
        statement: GPT-3 was trained on nearly a trillion words.
        false_values: [100000000000, 500000000000, 10000000000000]
        explanation: A very large corpus.
        source: {paragraph: 3}
      - id: open-source-share
        kind: percent
        subject: new foundation models in 2023
        attribute: open_source_share
        value: 65.7
        prompt: What share of the new foundation models of 2023 were open-source?
        statement: In 2023, 65.7% of new foundation models were open-source.
        false_values: [33.3, 45.7]
        explanation: Up from a third in 2021.
        source: {paragraph: 6}
      - id: gpt4-cost
        kind: money
        subject: GPT-4 training compute
        attribute: training_cost
        value: 78000000
        unit: USD
        precision: approx
        prompt: About how much did GPT-4's training compute cost?
        statement: GPT-4's training compute cost about $78 million.
        explanation: Training is expensive.
        source: {paragraph: 7}
    """
)

EXAMPLES = textwrap.dedent(
    """\
    section:
      id: examples
      title: Examples of foundation models
      order: 2
      notes: |
        Many models, many makers.
    facts:
      - id: gpt3-maker
        kind: organisation
        subject: GPT-3
        attribute: maker
        value: OpenAI
        aliases: [Open AI Inc]
        false_values: [Google, Anthropic, Stability AI]
        prompt: Which organisation introduced GPT-3?
        statement: GPT-3 was introduced by OpenAI.
        explanation: OpenAI also made ChatGPT.
        source: {paragraph: 1}
      - id: bert-maker
        kind: organisation
        subject: BERT
        attribute: maker
        value: Google
        false_values: [OpenAI, Stability AI, Anthropic]
        prompt: Which company created BERT?
        statement: BERT was created by Google.
        explanation: It is used for search.
        source: {paragraph: 2}
      - id: sd-maker
        kind: organisation
        subject: Stable Diffusion
        attribute: maker
        value: Stability AI
        prompt: Which company is behind the open image generator Stable Diffusion?
        statement: Stable Diffusion comes from Stability AI.
        explanation: It is open source.
        source: {paragraph: 3}
      - id: claude-maker
        kind: organisation
        subject: Claude
        attribute: maker
        value: Anthropic
        prompt: Which company makes Claude?
        statement: Claude is made by Anthropic.
        explanation: A ChatGPT competitor.
        source: {paragraph: 4}
      - id: chatgpt-engine
        kind: model
        subject: ChatGPT
        attribute: based_on
        value: GPT-3.5
        also_true: [GPT-4]
        false_values: [PaLM, BERT]
        prompt: Which OpenAI model family is the core engine of ChatGPT?
        statement: ChatGPT's core engine is GPT-3.5.
        explanation: Later versions use GPT-4.
        source: {paragraph: 5}
      - id: bing-engine
        kind: model
        subject: Bing Chat
        attribute: based_on
        value: GPT-4
        prompt: Which model is Microsoft's Bing Chat built on?
        statement: Bing Chat is built on GPT-4.
        explanation: Microsoft partners with OpenAI.
        source: {paragraph: 6}
      - id: bard-engine
        kind: model
        subject: Bard
        attribute: based_on
        value: PaLM
        prompt: Which Google model is Bard based on?
        statement: Bard is based on PaLM.
        explanation: PaLM 2 later.
        source: {paragraph: 7}
      - id: transformer-authors
        kind: person
        subject: transformer architecture
        attribute: introduced_by
        value: Vaswani et al.
        aliases: [Vaswani]
        prompt: Which research group introduced the transformer architecture?
        statement: The transformer architecture was introduced by Vaswani et al.
        explanation: The 2017 paper.
        source: {paragraph: 8}
      - id: transformer-term
        kind: term
        subject: transformer
        attribute: architecture
        value: transformer
        prompt: Which neural network architecture, built on attention, do foundation models typically use?
        statement: Foundation models typically use the transformer architecture.
        explanation: Attention captures context.
        source: {paragraph: 9}
      - id: ssl-term
        kind: term
        subject: self-supervised learning
        attribute: concept
        value: self-supervised learning
        false_values: [fine-tuning, transfer learning]
        prompt: What is learning from raw unlabeled data by predicting parts of it called?
        statement: Self-supervised learning trains on raw unlabeled data by predicting parts of it.
        explanation: No hand labels needed.
        source: {paragraph: 10}
      - id: fine-tuning-term
        kind: term
        subject: fine-tuning
        attribute: concept
        value: fine-tuning
        prompt: What is adapting a pre-trained model with a small labeled dataset called?
        statement: Fine-tuning adapts a pre-trained model with a small labeled dataset.
        explanation: Needs far less data.
        source: {paragraph: 11}
      - id: transfer-definition
        kind: definition
        subject: transfer learning
        attribute: definition
        value: Applying patterns learned on one task to a different task.
        prompt: What is transfer learning?
        statement: Transfer learning means applying patterns learned on one task to a different task.
        explanation: The base of fine-tuning.
        source: {paragraph: 12}
      - id: hallucination-definition
        kind: definition
        subject: hallucination
        attribute: definition
        value: A model confidently producing false or misleading information.
        prompt: What is a hallucination, in the article's sense?
        statement: A hallucination is a model confidently producing false or misleading information.
        explanation: A key risk.
        source: {paragraph: 13}
      - id: emergent-definition
        kind: definition
        subject: emergent abilities
        attribute: definition
        value: Capabilities that appear with scale without being trained for.
        prompt: What are emergent abilities?
        statement: Emergent abilities are capabilities that appear with scale without being trained for.
        explanation: GPT-3 showed some.
        source: {paragraph: 14}
      - id: llm-vs-fm
        kind: concept_pair
        subject: LLMs vs foundation models
        attribute: comparison
        concepts: [large language model, foundation model]
        items:
          - {text: deals only with text (sometimes code), concept: large language model}
          - {text: can be trained on any modality, concept: foundation model}
          - {text: focuses on language understanding and generation, concept: large language model}
        statement: Every LLM is a foundation model, but foundation models also cover images and audio.
        explanation: Scope is the key difference.
        source: {paragraph: 15}
      - id: benefits-named
        kind: list
        subject: benefits of foundation models
        attribute: named_benefits
        members: [faster development, high accuracy, versatility]
        non_members: [lower energy use, guaranteed fairness, no need for data]
        prompt: Which of these does the article name as benefits of foundation models?
        statement: The article names faster development, high accuracy and versatility.
        explanation: Among others.
        source: {paragraph: 16}
    """
)

SAMPLE_FILES = {"01-history.yaml": HISTORY, "02-examples.yaml": EXAMPLES}


def write_files(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    return write_files(tmp_path / "bank", SAMPLE_FILES)


@pytest.fixture(scope="session")
def sample_bank() -> Bank:
    from quizapp.content.loader import load_banks

    return load_banks(SAMPLE_FILES)


@pytest.fixture(scope="session")
def sample_questions(sample_bank):
    return generate_questions(sample_bank)


def one_file_bank(text: str, name: str = "upload.yaml") -> Bank:
    return load_bank_from_text(name, text)


@pytest.fixture(scope="session")
def real_bank() -> Bank:
    assert any(QUESTIONS_DIR.glob("*.yaml")), f"no fact files in {QUESTIONS_DIR}"
    return load_bank(QUESTIONS_DIR)


@pytest.fixture(scope="session")
def real_questions(real_bank):
    return generate_questions(real_bank)
