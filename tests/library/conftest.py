"""Banks for sync and upload tests: a copy of the real bank to edit, and a one-section deck."""

from __future__ import annotations

from pathlib import Path

import pytest

REAL_BANK = Path(__file__).resolve().parents[2] / "questions"

SMALL_BANK = {
    "01-introduction.yaml": """\
section:
  id: introduction
  title: What foundation models are
  order: 1
  notes: |
    Foundation models are big models trained on broad data and adapted to many tasks.
facts:
  - id: term-coined-year
    kind: year
    subject: the term foundation model
    attribute: coined_year
    value: 2021
    prompt: In which year was the term "foundation model" popularised?
    statement: The term foundation model was popularised in 2021.
    explanation: Stanford researchers introduced the name to describe a new kind of model.
    source: {paragraph: 3}
  - id: bert-maker
    kind: organisation
    subject: BERT
    attribute: maker
    value: Google
    prompt: Which company built BERT?
    statement: BERT was built by Google.
    explanation: The article names Google's BERT as an early language foundation model.
    source: {paragraph: 4}
  - id: gpt3-maker
    kind: organisation
    subject: GPT-3
    attribute: maker
    value: OpenAI
    prompt: Which company built GPT-3?
    statement: GPT-3 was built by OpenAI.
    explanation: OpenAI introduced GPT-3 as a large generative language model.
    source: {paragraph: 4}
  - id: sd-maker
    kind: organisation
    subject: Stable Diffusion
    attribute: maker
    value: Stability AI
    prompt: Which company built Stable Diffusion?
    statement: Stable Diffusion was built by Stability AI.
    explanation: Stable Diffusion is an open image generator from Stability AI.
    source: {paragraph: 4}
  - id: claude-maker
    kind: organisation
    subject: Claude
    attribute: maker
    value: Anthropic
    prompt: Which company built Claude?
    statement: Claude was built by Anthropic.
    explanation: Claude is Anthropic's conversational assistant.
    source: {paragraph: 4}
""",
}


def write_bank(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def edit_bank_file(directory: Path, name: str, old: str, new: str) -> None:
    """Replace `old` (which must be there exactly once) in one of the bank's files."""
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not exactly once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def bank_copy(tmp_path) -> Path:
    """A copy of the real bank that a test may edit."""
    import shutil

    return Path(shutil.copytree(REAL_BANK, tmp_path / "bank", ignore=shutil.ignore_patterns("*.md")))
