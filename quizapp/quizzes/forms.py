"""Quiz forms: the builder, the settings, and the button that plays a quiz live."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from quizapp.models.live import DEFAULT_SECONDS, SECONDS_CHOICES
from quizapp.quizzes.service import MAX_QUESTIONS, MIN_QUESTIONS, SHOW_CHOICES
from quizapp.study.forms import MultiCheckboxField

TITLE = [
    DataRequired(message="Give the quiz a title."),
    Length(max=160, message="Use at most 160 characters."),
]


class BuildForm(FlaskForm):
    title = StringField("Title", validators=TITLE)
    sections = MultiCheckboxField(
        "Sections of the article", description="None chosen (and no deck) means all of them."
    )
    decks = MultiCheckboxField(
        "Your decks",
        coerce=int,
        description="Yours and those other teachers share with you; every fact of a deck chosen may be asked.",
    )
    kinds = MultiCheckboxField(
        "Question kinds",
        description="None chosen means all of them. The questions are shared evenly between the kinds chosen.",
    )
    count = IntegerField(
        "Number of questions",
        default=10,
        validators=[
            NumberRange(
                min=MIN_QUESTIONS,
                max=MAX_QUESTIONS,
                message=f"Choose between {MIN_QUESTIONS} and {MAX_QUESTIONS} questions.",
            )
        ],
        description="The app picks the facts your class knows least first, never-seen ones before all.",
    )
    submit = SubmitField("Build the draft")


# Quizzes open and close in the years a class could meet; anything else is a typo (year 1, 20256).
FIRST_PLAUSIBLE_YEAR, LAST_PLAUSIBLE_YEAR = 2000, 2100


def plausible_date(form, field) -> None:
    """Refuse a date no school year has, before it is stored and shown in other time zones."""
    if field.data is not None and not FIRST_PLAUSIBLE_YEAR <= field.data.year <= LAST_PLAUSIBLE_YEAR:
        raise ValidationError(
            f"Choose a date between {FIRST_PLAUSIBLE_YEAR} and {LAST_PLAUSIBLE_YEAR}; "
            f"{field.data.year} looks like a typo."
        )


class SettingsForm(FlaskForm):
    title = StringField("Title", validators=TITLE)
    time_limit_minutes = IntegerField(
        "Time limit in minutes",
        validators=[Optional(), NumberRange(min=1, max=600, message="Between 1 and 600 minutes.")],
        description="Leave empty for no time limit.",
    )
    opens_at = DateTimeLocalField(
        "Opens", validators=[Optional(), plausible_date], description="Empty: as soon as it is assigned."
    )
    closes_at = DateTimeLocalField(
        "Closes (due)", validators=[Optional(), plausible_date], description="Empty: never closes."
    )
    attempts_allowed = IntegerField(
        "Attempts allowed",
        default=1,
        validators=[NumberRange(min=1, max=20, message="Between 1 and 20 attempts.")],
    )
    shuffle_questions = BooleanField("Shuffle the questions for each learner")
    shuffle_choices = BooleanField("Shuffle the choices")
    one_page = BooleanField("All questions on one page", description="Otherwise one question per page.")
    speed_points = BooleanField(
        "Speed points in live play", description="A right answer given sooner earns more."
    )
    live_feeds_schedules = BooleanField(
        "Live answers count towards players' study schedules",
        description="Signed-in players' answers in live play are recorded as reviews, as a practice "
        "test's are. Off: a game played at speed leaves everyone's schedule alone.",
    )
    show_answers = RadioField(
        "Learners see the right answers",
        choices=[SelectChoice(v, label) for v, label in SHOW_CHOICES],
        default=SHOW_CHOICES[1][0],
    )
    submit = SubmitField("Save settings")


class AddQuestionForm(FlaskForm):
    question_id = HiddenField(validators=[DataRequired()])


class ActionForm(FlaskForm):
    """A POST-only button: just the CSRF token."""


class StartLiveForm(FlaskForm):
    """On the quiz page: play this quiz live (handled by the live blueprint)."""

    seconds_per_question = SelectField(
        "Time per question",
        choices=[SelectChoice(str(s), f"{s} seconds") for s in SECONDS_CHOICES],
        default=str(DEFAULT_SECONDS),
    )
    submit = SubmitField("Start a live session")


class OverrideForm(FlaskForm):
    """A teacher's own mark for one answer: points out of 1 and the reason, which is kept."""

    points = DecimalField(
        "Points (0 to 1)",
        places=None,
        validators=[
            InputRequired(message="Give the points, from 0 to 1."),
            NumberRange(min=0, max=1, message="Points go from 0 to 1."),
        ],
    )
    reason = StringField(
        "Reason",
        validators=[
            DataRequired(message="Say why, so the learner and you can see it later."),
            Length(max=500, message="Use at most 500 characters."),
        ],
    )


class CopyToClassForm(FlaskForm):
    """Copy a quiz, as a draft, into one of the signed-in teacher's classes."""

    class_id = SelectField("Class", coerce=int, validate_choice=True)
    submit = SubmitField("Copy to this class")
