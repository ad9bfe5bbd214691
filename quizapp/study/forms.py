"""Study forms. An answer's fields are read by its kind (quizapp.content); these carry the rest."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from quizapp.answering.forms import AnswerForm


class StudyAnswerForm(AnswerForm):
    """An answer on the study page, which keeps the sections and the mode (study ahead, cram)."""

    sections = HiddenField()
    mode = HiddenField()


class UndoForm(FlaskForm):
    pass


class RerateForm(FlaskForm):
    """The learner's own rating for an answer the app graded."""

    rating = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=4)])
    sections = HiddenField()


class MultiCheckboxField(SelectMultipleField):
    """A multiple select shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PracticeForm(FlaskForm):
    sections = MultiCheckboxField("Sections", description="None chosen means all of them.")
    kinds = MultiCheckboxField("Question kinds", description="None chosen means all of them.")
    count = IntegerField(
        "Number of questions",
        default=10,
        validators=[NumberRange(min=3, max=50, message="Choose between 3 and 50 questions.")],
        description="One question per fact: fewer when the chosen sections and kinds have fewer facts.",
    )
    submit = SubmitField("Start the test")
