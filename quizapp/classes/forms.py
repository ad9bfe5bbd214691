"""Class forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class ClassForm(FlaskForm):
    name = StringField(
        "Class name",
        validators=[
            DataRequired(message="Give the class a name."),
            Length(max=120, message="Use at most 120 characters."),
        ],
    )
    submit = SubmitField("Create class")


class JoinForm(FlaskForm):
    code = StringField(
        "Join code",
        validators=[
            DataRequired(message="Enter the code your teacher gave you."),
            Length(max=20, message="That code is too long."),
        ],
        description="Eight letters and digits, like ABCD-EFGH.",
    )
    submit = SubmitField("Join class")


class ActionForm(FlaskForm):
    """A POST-only button (regenerate code, archive, remove): just the CSRF token."""
