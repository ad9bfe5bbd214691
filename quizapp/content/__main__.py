"""`python -m quizapp.content check questions/` and `... review questions/`.

check: prints each problem as `file:line: message` and exits 1, or a one-line summary and exits 0.
review: prints every generated item, one block each (what questions/REVIEW.txt holds).
"""

from __future__ import annotations

import argparse
import sys

from quizapp.content.generator import generate_questions
from quizapp.content.loader import check_bank, load_bank
from quizapp.content.review import review_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quizapp.content")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check a directory of fact files")
    check.add_argument("directory", nargs="?", default="questions")
    review = commands.add_parser("review", help="print every generated item for review")
    review.add_argument("directory", nargs="?", default="questions")
    args = parser.parse_args(argv)
    problems = check_bank(args.directory)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr)
        return 1
    bank = load_bank(args.directory)
    questions = generate_questions(bank)
    if args.command == "review":
        sys.stdout.write(review_text(bank, questions))
        return 0
    print(f"{len(bank.facts)} facts in {len(bank.sections)} sections, {len(questions)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
