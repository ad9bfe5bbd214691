"""Which wording (question variant) of a fact to show: rotate, so the learner learns the fact.

The schedule belongs to the fact, not to a question: its variants are siblings. Successive reviews
cycle through the variants, and within one study day the same variant is shown again, so two
variants of one fact never appear on the same day (a second wording the same day would give away
the answer it shares with the first, and make that review worthless as a test of memory).

Kinds are not preferred. Rotating over every variant (flashcard and auto-graded alike) guarantees
each wording is seen, which is the point of having several; preferring auto-graded kinds after the
first exposure would starve the flashcard, the purest test of recall, for good.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def choose_question(
    fact_question_ids: Sequence[str],
    shown_history: Sequence[str],
    shown_today: str | None,
) -> str:
    """The question id to show for one fact now.

    fact_question_ids: the fact's current variants, sorted and stable.
    shown_history: question ids previously shown for this fact, oldest first (may contain retired
        variants, which are ignored).
    shown_today: the variant already shown for this fact in the current study day, if any.

    If a current variant was shown today it is shown again. Otherwise the variant shown least often
    wins; ties go to the one shown least recently (never shown first), then to the smallest id. So
    a fact with n variants shows each once in its first n reviews, in id order, and then cycles.
    """
    if not fact_question_ids:
        raise ValueError("a fact needs at least one question to be studied")
    if shown_today is not None and shown_today in fact_question_ids:
        return shown_today
    counts = Counter(shown_history)
    last_shown = {question_id: index for index, question_id in enumerate(shown_history)}
    return min(
        fact_question_ids,
        key=lambda question_id: (
            counts[question_id],
            last_shown.get(question_id, -1),
            question_id,
        ),
    )
