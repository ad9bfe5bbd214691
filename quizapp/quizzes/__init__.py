"""Teacher quizzes: build one for a class, assign it, learners take it, the teacher sees results."""

from flask import Blueprint

bp = Blueprint("quizzes", __name__)

from quizapp.quizzes import learner_routes, reuse_routes, teacher_routes  # noqa: E402,F401
