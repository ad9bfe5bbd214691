"""The real bank in questions/: sound, fully covered, and generating good questions."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys

from quizapp.content import check_bank, kind_counts, questions_json
from tests.content.conftest import QUESTIONS_DIR, REPO
from tests.content.invariants import all_problems


def test_the_checker_passes_the_real_bank(real_bank):
    assert [str(problem) for problem in check_bank(QUESTIONS_DIR)] == []


def test_every_section_of_the_schema_is_covered(real_bank, real_questions):
    schema = (QUESTIONS_DIR / "SCHEMA.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| (\d+) \| ([a-z-]+) \| (.+?) \|$", schema, re.MULTILINE)
    assert len(listed) == 10
    assert [(s.order, s.id, s.title) for s in real_bank.sections] == [(int(o), i, t) for o, i, t in listed]
    for _, section_id, _ in listed:
        assert real_bank.facts_in(section_id), section_id
        assert {q.kind for q in real_questions if q.section_id == section_id} >= {"flashcard", "true_false"}


def test_every_real_question_passes_every_invariant(real_bank, real_questions):
    assert all_problems(real_questions, real_bank) == []


def test_every_real_fact_yields_a_flashcard_and_an_auto_graded_kind(real_bank, real_questions):
    kinds: dict[str, set[str]] = {}
    for question in real_questions:
        kinds.setdefault(question.fact_id, set()).add(question.kind)
    for fact in real_bank.facts:
        assert "flashcard" in kinds[fact.id] and len(kinds[fact.id]) >= 2, (fact.id, kinds[fact.id])


def test_the_real_bank_uses_every_kind(real_questions):
    counts = kind_counts(real_questions)
    assert all(counts[kind] > 0 for kind in counts), counts


def test_real_question_ids_are_unique(real_questions):
    ids = [q.id for q in real_questions]
    assert len(ids) == len(set(ids))


GENERATE = (
    "import hashlib, sys\n"
    "from quizapp.content import load_bank, generate_questions, questions_json\n"
    "qs = generate_questions(load_bank(sys.argv[1]))\n"
    "print(hashlib.sha256(questions_json(qs).encode()).hexdigest())\n"
)


def test_generation_is_identical_across_processes(real_bank, real_questions):
    here = hashlib.sha256(questions_json(real_questions).encode()).hexdigest()
    digests = set()
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", GENERATE, str(QUESTIONS_DIR)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert digests == {here}


def test_fingerprints_are_identical_across_processes(real_bank):
    script = (
        "import sys\nfrom quizapp.content import load_bank\n"
        "print(' '.join(f.answer_fingerprint() for f in load_bank(sys.argv[1]).facts))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "7"}
    out = subprocess.run(
        [sys.executable, "-c", script, str(QUESTIONS_DIR)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == [fact.answer_fingerprint() for fact in real_bank.facts]


def test_the_committed_review_file_is_what_the_generator_makes(real_bank, real_questions):
    """questions/REVIEW.txt shows every item; a generator or fact change must show there too."""
    from quizapp.content.review import REVIEW_COMMAND, review_text

    committed = (QUESTIONS_DIR / "REVIEW.txt").read_text(encoding="utf-8")
    assert committed == review_text(real_bank, real_questions), (
        f"questions/REVIEW.txt is out of date; regenerate it with: {REVIEW_COMMAND}"
    )
    assert committed.count("\n== ") == len(real_questions)


def test_the_review_command_prints_the_review_file(real_bank):
    result = subprocess.run(
        [sys.executable, "-m", "quizapp.content", "review", str(QUESTIONS_DIR)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (QUESTIONS_DIR / "REVIEW.txt").read_text(encoding="utf-8")
    block = result.stdout.split("\n== bert-release-year:multiple_choice:0\n")[1].split("\n\n")[0]
    assert "prompt: Which of these sentences agrees with the article?" in block
    assert "key: " in block and "options:" in block and "explanation: " in block


ARTICLE = REPO.parent / "shared" / "source" / "foundation-models-article.txt"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def test_no_fact_copies_eight_words_in_a_row_from_the_article(real_bank):
    """Facts are written in our own words; only a title may be quoted as it stands."""
    import pytest

    if not ARTICLE.exists():
        pytest.fail(f"the article is needed for this check: {ARTICLE}")
    words = _words(ARTICLE.read_text(encoding="utf-8"))
    runs = {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    titles = {" ".join(_words(str(f.value))) for f in real_bank.facts if f.value_type == "title"}
    copied = []
    for fact in real_bank.facts:
        texts = [fact.prompt, fact.statement, fact.explanation, *map(str, fact.accepted_texts())]
        for text in texts:
            flat = " ".join(_words(text))
            for title in titles:
                flat = flat.replace(title, "")
            found = flat.split()
            if any(tuple(found[i : i + 8]) in runs for i in range(len(found) - 7)):
                copied.append(f"{fact.id}: {text}")
    assert copied == []


def test_true_false_statements_are_about_as_often_false_as_true(real_questions):
    """One statement per fact; "True" every time must not pay."""
    answers = [q.answer for q in real_questions if q.kind == "true_false"]
    assert len(answers) == len({q.fact_id for q in real_questions if q.kind == "true_false"})
    assert 0.4 <= answers.count(False) / len(answers) <= 0.6, (answers.count(False), len(answers))
