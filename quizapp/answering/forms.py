"""The envelope every answer form carries besides the answer itself (which its kind reads)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class AnswerForm(FlaskForm):
    """question_id: what was asked. submission_key: the page's key for this answer, so a resend
    is stored once. shown_at: when the page showed it, for the seconds taken."""

    question_id = HiddenField()
    submission_key = HiddenField()
    shown_at = HiddenField()


class PositionedAnswerForm(AnswerForm):
    """An answer to the question at `position` of a practice test, quiz attempt or live game."""

    position = HiddenField()
