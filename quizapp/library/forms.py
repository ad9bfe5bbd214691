"""The teacher's upload form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

UPLOAD_EXTENSIONS = ["yaml", "yml", "csv"]
MAX_UPLOAD_BYTES = 512 * 1024


class DeckUploadForm(FlaskForm):
    title = StringField(
        "Deck title",
        validators=[
            DataRequired(message="Give the deck a title."),
            Length(max=200, message="Use at most 200 characters."),
        ],
    )
    facts_file = FileField(
        "Fact file",
        validators=[
            FileRequired(message="Choose a .yaml or .csv file."),
            FileAllowed(UPLOAD_EXTENSIONS, message="Only .yaml, .yml or .csv files can be uploaded."),
        ],
        description="The same format as the built-in bank (see the format guide), or CSV.",
    )
    submit = SubmitField("Check and upload")


class ReportForm(FlaskForm):
    message = TextAreaField(
        "What looks wrong?",
        validators=[
            DataRequired(message="Say what looks wrong, so it can be fixed."),
            Length(min=5, max=1000, message="Use between 5 and 1000 characters."),
        ],
    )
    next = HiddenField()
    submit = SubmitField("Send report")
