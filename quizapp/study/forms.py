"""Study forms. Answers are parsed per question kind in `answers.py`; these carry the envelope."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class AnswerForm(FlaskForm):
    """The fields every answer carries besides the answer itself."""

    question_id = HiddenField()
    submission_key = HiddenField()
    shown_at = HiddenField()
    sections = HiddenField()


class UndoForm(FlaskForm):
    pass
