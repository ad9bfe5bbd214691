"""Live quiz forms: joining a session and the host's buttons (starting one is on the quiz page:
quizapp.quizzes.forms.StartLiveForm)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from quizapp.live.rules import NICKNAME_MAX


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
