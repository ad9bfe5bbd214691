"""`python -m quizapp.content check DIR`."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.content.conftest import HISTORY, QUESTIONS_DIR, REPO, write_files


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "quizapp.content", *args], cwd=REPO, capture_output=True, text=True
    )


def test_check_reports_problems_and_fails(tmp_path):
    directory = write_files(
        tmp_path,
        {"02-history.yaml": HISTORY.replace("order: 1", "order: 2").replace("value: 2018", "value: 3050")},
    )
    result = run("check", str(directory))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        f"{directory / '02-history.yaml'}:22: a year must be a whole number between 1 and 2999, not 3050"
        in lines
    )
    assert f"{directory}: missing section 'introduction' (expected a file 01-introduction.yaml)" in lines


def test_check_summarises_a_sound_bank(real_bank, real_questions):
    result = run("check", str(QUESTIONS_DIR))
    assert result.returncode == 0, result.stdout
    assert re.fullmatch(r"\d+ facts in 10 sections, \d+ questions\n", result.stdout)
    assert result.stdout == f"{len(real_bank.facts)} facts in 10 sections, {len(real_questions)} questions\n"
