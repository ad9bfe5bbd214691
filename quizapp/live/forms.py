"""Live quiz forms: starting a session, joining one, the host's buttons, and an answer."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from quizapp.live.rules import DEFAULT_SECONDS, NICKNAME_MAX, SECONDS_CHOICES
from quizapp.quizzes.forms import QuizAnswerForm


class StartLiveForm(FlaskForm):
    seconds_per_question = SelectField(
        "Time per question",
        choices=[SelectChoice(str(s), f"{s} seconds") for s in SECONDS_CHOICES],
        default=str(DEFAULT_SECONDS),
    )
    submit = SubmitField("Start a live session")


class JoinLiveForm(FlaskForm):
    code = StringField(
        "Game code",
        validators=[DataRequired(message="Enter the code on the screen."), Length(max=20)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    nickname = StringField(
        "Nickname",
        validators=[Optional(), Length(max=NICKNAME_MAX, message=f"Use at most {NICKNAME_MAX} characters.")],
        render_kw={"autocomplete": "nickname", "maxlength": NICKNAME_MAX},
    )
    submit = SubmitField("Join")


class HostStepForm(FlaskForm):
    """A host button; `position` is the question the host was looking at when pressing it."""

    position = HiddenField()


LiveAnswerForm = QuizAnswerForm
