"""Account forms; CSRF comes from FlaskForm."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length


def display_name_field() -> StringField:
    """The display name, as asked at sign-up and in settings."""
    return StringField(
        "Display name",
        validators=[
            DataRequired(message="Tell us what to call you."),
            Length(max=80, message="Use at most 80 characters."),
        ],
    )


class SignUpForm(FlaskForm):
    display_name = display_name_field()
    email = EmailField(
        "Email",
        validators=[
            DataRequired(message="Enter your email address."),
            Length(max=254, message="Use at most 254 characters."),
            Email(message="That doesn't look like an email address.", check_deliverability=False),
        ],
    )
    password = PasswordField(
        "Password", validators=[DataRequired(message="Choose a password."), Length(max=256)]
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )
    submit = SubmitField("Create account")


class SignInForm(FlaskForm):
    email = EmailField(
        "Email", validators=[DataRequired(message="Enter your email address."), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired(message="Enter your password."), Length(max=256)]
    )
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()
    submit = SubmitField("Sign in")


class ConfirmForm(FlaskForm):
    """A bare form for POST-only buttons (sign out, try as guest): just the CSRF token."""

    submit = SubmitField("Continue")
