"""The settings form."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange

from quizapp.auth.forms import display_name_field


@lru_cache(maxsize=1)
def time_zone_choices() -> list[SelectChoice]:
    zones = sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC")
    return [SelectChoice(zone, zone.replace("_", " ")) for zone in zones]


class SettingsForm(FlaskForm):
    display_name = display_name_field()
    time_zone = SelectField(
        "Time zone",
        choices=time_zone_choices,
        description="Your study day starts at 4 a.m. in this time zone.",
    )
    desired_retention = DecimalField(
        "Desired retention",
        places=2,
        validators=[
            DataRequired(message="Enter a retention between 0.70 and 0.97."),
            NumberRange(min=0.70, max=0.97, message="Choose a retention between 0.70 and 0.97."),
        ],
        description=(
            "The chance you want of remembering a fact when it comes back for review. "
            "Higher means more reviews."
        ),
    )
    new_facts_per_day = IntegerField(
        "New facts per day",
        validators=[NumberRange(min=0, max=500, message="Choose between 0 and 500.")],
    )
    reviews_per_day = IntegerField(
        "Review limit per day",
        validators=[NumberRange(min=0, max=5000, message="Choose between 0 and 5000.")],
    )
    slow_answer_percent = IntegerField(
        "Time allowed before a right answer counts as Hard (%)",
        validators=[
            DataRequired(message="Enter a percentage between 50 and 400."),
            NumberRange(min=50, max=400, message="Choose between 50 and 400 percent."),
        ],
        description="100 gives the times in the table below; 200 twice as long, for a slow reader.",
    )
    submit = SubmitField("Save settings")
