"""The teacher's upload and import forms, the report form, and the form that marks a fact."""

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


IMPORT_EXTENSIONS = ["apkg", "txt", "tsv"]


class CardImportForm(FlaskForm):
    title = StringField(
        "Deck title",
        validators=[
            DataRequired(message="Give the deck a title."),
            Length(max=200, message="Use at most 200 characters."),
        ],
    )
    cards_file = FileField(
        "Cards file",
        validators=[
            FileRequired(message="Choose an .apkg, .txt or .tsv file."),
            FileAllowed(IMPORT_EXTENSIONS, message="Only .apkg, .txt or .tsv files can be imported."),
        ],
        description="An Anki package (.apkg), or a text export from Anki (Notes in Plain Text) or Quizlet.",
    )
    submit = SubmitField("Check and import")


class ReportForm(FlaskForm):
    message = TextAreaField(
        "What looks wrong?",
        validators=[
            DataRequired(message="Say what looks wrong, so it can be fixed."),
            Length(min=5, max=1000, message="Use between 5 and 1000 characters."),
        ],
    )
    next = HiddenField()
    # The learner's own quiz attempt the question was asked in: a quiz carries its questions.
    attempt = HiddenField()
    submit = SubmitField("Send report")


class MarkForm(FlaskForm):
    """Suspend, bury or flag a fact: the pressed button names the action ("flag-2" for flag 2);
    `next` is the page to go back to. Not called "action", which would hide the form's own action
    property from scripts."""

    mark = StringField()
    next = HiddenField()


class DeckActionForm(FlaskForm):
    """A POST-only button on a deck's page (copy, stop sharing, delete): just the CSRF token."""
