"""Content domain core: the fact bank, its checker, question generation, grading and exports.

Plain data in, plain data out: nothing here imports Flask or SQLAlchemy, reads the clock or uses
global random state. The web layer loads the bank, stores `Fact.to_dict()` / `Question.to_dict()`
with `Fact.answer_fingerprint()` and `Question.content_hash()`, and grades with `grade`.

- bank: `Section`, `Fact`, `ConceptItem`, `Bank`.
- loader: `load_bank`, `check_bank`, `load_bank_from_text`, `check_text`, `Problem`, `BankError`
  (YAML section files, or CSV for simple facts).
- generator: `generate_questions`, `generate_for_fact`; question: `Question`, `Grade`.
- kinds: the registry `KINDS` and `grade(question, response)` (response shapes in `kinds`);
  asking: how each kind is asked, read from submitted fields (`Fields`, `BadAnswer`), described
  and shuffled (`KINDS[kind].parse`, `.describe`, `.shuffled`).
- grading: `grade_typed_answer`; numbers: `parse_number`, `format_number`.
- export: `bank_to_json`; moodle: `bank_to_gift`, `bank_to_moodle_xml` (`gift_supports`); anki:
  `bank_to_apkg`.
"""

from quizapp.content.anki import bank_to_apkg
from quizapp.content.asking import BadAnswer, Fields
from quizapp.content.bank import Bank, ConceptItem, Fact, Section
from quizapp.content.export import bank_to_json
from quizapp.content.generator import generate_for_fact, generate_questions, kind_counts, questions_json
from quizapp.content.grading import grade_typed_answer
from quizapp.content.kinds import KINDS, grade
from quizapp.content.loader import (
    ARTICLE_SECTIONS,
    SectionSpec,
    check_bank,
    check_text,
    load_bank,
    load_bank_from_text,
    load_banks,
)
from quizapp.content.moodle import bank_to_gift, bank_to_moodle_xml, gift_supports
from quizapp.content.nodes import BankError, Problem
from quizapp.content.numbers import format_number, parse_number
from quizapp.content.question import Grade, Question

__all__ = [
    "ARTICLE_SECTIONS",
    "KINDS",
    "BadAnswer",
    "Bank",
    "BankError",
    "ConceptItem",
    "Fact",
    "Fields",
    "Grade",
    "Problem",
    "Question",
    "Section",
    "SectionSpec",
    "bank_to_apkg",
    "bank_to_gift",
    "bank_to_json",
    "bank_to_moodle_xml",
    "check_bank",
    "check_text",
    "format_number",
    "generate_for_fact",
    "generate_questions",
    "gift_supports",
    "grade",
    "grade_typed_answer",
    "kind_counts",
    "load_bank",
    "load_bank_from_text",
    "load_banks",
    "parse_number",
    "questions_json",
]
