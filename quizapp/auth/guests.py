"""What a guest would lose by signing out: a guest has no password, so a signed-out guest's
progress can never be reached again. The sign-out page shows this before anything is lost."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import ReviewLog, User


@dataclass(frozen=True)
class GuestProgress:
    answers: int
    facts: int

    def __str__(self) -> str:
        """What would be lost, in words for the warning."""
        if not self.answers:
            return "everything you did as a guest"
        answers = f"{self.answers} answer{'s' if self.answers != 1 else ''}"
        facts = f"{self.facts} fact{'s' if self.facts != 1 else ''}"
        return f"your {answers} on {facts} and the schedule built from them"


def guest_progress(user: User) -> GuestProgress:
    answers, facts = db.session.execute(
        select(func.count(ReviewLog.id), func.count(ReviewLog.fact_id.distinct())).where(
            ReviewLog.user_id == user.id
        )
    ).one()
    return GuestProgress(answers, facts)
