"""The settings form."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import DateField, Field, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from quizapp.auth.forms import display_name_field
from quizapp.srs.balance import MINIMUM, NORMAL, NORMAL_WEEK, REDUCED


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    """The zones a learner may pick (zoneinfo's, less the legacy ones without a region), sorted."""
    return tuple(sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC"))


def known_time_zone(_form: FlaskForm, field: StringField) -> None:
    """Only a zone zoneinfo knows: the list the browser offers is a help, not a check."""
    if field.data not in time_zone_names():
        raise ValidationError("Choose a time zone from the list, such as Europe/Paris or America/New_York.")


def parse_retention(text: str) -> float:
    """A retention as a fraction, from "85", "85 %" or "0.85" (a comma for the decimal point too):
    a number above 1, or one written with %, is a percentage. ValueError when it is no number."""
    cleaned = text.strip().replace(",", ".")
    percent = cleaned.endswith("%")
    number = float(cleaned.removesuffix("%").strip())
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {text!r}")
    return round(number / 100 if percent or number > 1 else number, 4)


def retention_percent_text(fraction: float) -> str:
    """A retention as the settings field shows it: a percentage, "90" or "85.5", as progress writes it."""
    return f"{round(fraction * 100, 1):g}"


class RetentionField(Field):
    """Desired retention, shown as a percentage and accepted as a percentage or a fraction."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else retention_percent_text(self.data)

    def process_formdata(self, valuelist: list[str]) -> None:
        """Empty or not a number leaves no data, for DataRequired to say what is expected."""
        try:
            self.data = parse_retention(valuelist[0]) if valuelist else None
        except ValueError:
            self.data = None


class SettingsForm(FlaskForm):
    display_name = display_name_field()
    time_zone = StringField(
        "Time zone",
        filters=[lambda text: text.strip().replace(" ", "_") if text else text],
        validators=[DataRequired(message="Choose a time zone, such as Europe/Paris."), known_time_zone],
        description=(
            "Type to search (a city or region). Your study day starts at 4 a.m. in this time zone, so "
            "answers given after midnight but before 4 a.m. count to the day before."
        ),
        render_kw={
            "list": "time-zone-list",
            "autocomplete": "off",
            "spellcheck": "false",
            "data-detect-zone": "",
        },
    )
    desired_retention = RetentionField(
        "Desired retention (%)",
        validators=[
            DataRequired(message="Enter a retention between 70 and 97 percent, such as 90."),
            NumberRange(min=0.70, max=0.97, message="Choose a retention between 70 and 97 percent."),
        ],
        description=(
            "The chance you want of remembering a fact when it comes back for review, in percent "
            "(90, 90 % and 0.90 all mean the same). Higher means more reviews."
        ),
    )
    new_facts_per_day = IntegerField(
        "New facts per day",
        validators=[NumberRange(min=0, max=500, message="Choose between 0 and 500.")],
        description=(
            "How many facts you have never seen each study day may begin. 0 pauses new facts; reviews go on."
        ),
    )
    reviews_per_day = IntegerField(
        "Review limit per day",
        validators=[NumberRange(min=0, max=5000, message="Choose between 0 and 5000.")],
        description=(
            "The most reviews of facts you already know in one study day; the rest wait for the next day, "
            "most-forgotten first. Short learning steps are never held back."
        ),
    )
    daily_goal = IntegerField(
        "Daily goal (answers)",
        # Left blank (or sent by a form from before the setting existed), the current goal stays.
        validators=[Optional(), NumberRange(min=0, max=1000, message="Choose between 0 and 1000 answers.")],
        description=(
            "How many answers a study day you aim for; the study page and your progress show how far you "
            "are. 0 means no goal."
        ),
    )
    slow_answer_percent = IntegerField(
        "Time allowed before a right answer counts as Hard (%)",
        # Left blank (or sent by a form from before the setting existed), the current value stays.
        validators=[
            Optional(),
            NumberRange(min=50, max=400, message="Choose between 50 and 400 percent."),
        ],
        description="100 gives the times in the table below; 200 twice as long, for a slow reader.",
    )
    exam_date = DateField(
        "Exam date",
        validators=[Optional()],
        description=(
            "Optional. Reviews that would fall after it are brought before it wherever your predicted "
            "recall on the day would be under your desired retention; progress shows that recall by "
            "section. A quiz your teacher sets with a close time counts as an exam too."
        ),
    )
    submit = SubmitField("Save settings")

    def easy_day_fields(self) -> list[SelectField]:
        """The seven weekday fields, Monday first, in the order the page shows them."""
        return [self[f"easy_{day.lower()}"] for day in WEEKDAYS]

    def easy_days(self) -> list[int] | None:
        """The loads chosen, Monday first; None when every day is normal (nothing to store)."""
        loads = [int(field.data) for field in self.easy_day_fields()]
        return None if all(load == NORMAL for load in loads) else loads

    def show_easy_days(self, easy_days: list[int] | None) -> None:
        for field, load in zip(self.easy_day_fields(), easy_days or NORMAL_WEEK, strict=True):
            field.data = load


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EASY_DAY_CHOICES = [(NORMAL, "Normal"), (REDUCED, "Reduced (about half)"), (MINIMUM, "Minimum")]

for _day in WEEKDAYS:
    # A form sent without these fields (an older page) leaves every day Normal, as it was before.
    setattr(
        SettingsForm,
        f"easy_{_day.lower()}",
        SelectField(_day, choices=EASY_DAY_CHOICES, coerce=int, default=NORMAL),
    )
