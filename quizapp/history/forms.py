"""History forms: two buttons (only the CSRF token) and the Anki history upload."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField


class OptimizeForm(FlaskForm):
    pass


class ResetParametersForm(FlaskForm):
    pass


class AnkiHistoryForm(FlaskForm):
    anki_file = FileField(
        "Anki package or collection",
        validators=[
            FileRequired(message="Choose an .apkg or .colpkg file exported from Anki."),
            FileAllowed(["apkg", "colpkg"], message="Only .apkg or .colpkg files exported from Anki."),
        ],
        description="Exported from Anki with “Include scheduling information” ticked.",
    )
    submit = SubmitField("Import my Anki answers")
