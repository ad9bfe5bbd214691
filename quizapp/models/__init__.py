"""SQLAlchemy 2.0 typed models, one module per area."""

from quizapp.models.base import Base, UTCDateTime
from quizapp.models.classes import Classroom, Enrollment
from quizapp.models.content import Deck, DeckShare, Fact, Question, QuestionReport, Section
from quizapp.models.live import LiveAnswer, LivePlayer, LiveSession
from quizapp.models.quizzes import Quiz, QuizAnswer, QuizAttempt, QuizChange, QuizChangeEffect, QuizShare
from quizapp.models.study import (
    FLAG_NAMES,
    Card,
    FactMark,
    PracticeAnswer,
    PracticeTest,
    ReviewLog,
    ScheduleFit,
)
from quizapp.models.user import ROLE_VALUES, Role, User

__all__ = [
    "Base",
    "Card",
    "Classroom",
    "Deck",
    "DeckShare",
    "Enrollment",
    "FLAG_NAMES",
    "FactMark",
    "Fact",
    "LiveAnswer",
    "LivePlayer",
    "LiveSession",
    "PracticeAnswer",
    "PracticeTest",
    "Question",
    "QuestionReport",
    "Quiz",
    "QuizAnswer",
    "QuizAttempt",
    "QuizChange",
    "QuizChangeEffect",
    "QuizShare",
    "ROLE_VALUES",
    "ReviewLog",
    "Role",
    "ScheduleFit",
    "Section",
    "UTCDateTime",
    "User",
]
