"""Account forms; CSRF comes from FlaskForm."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from quizapp.auth.accounts import is_hidden_control


def refuse_hidden_controls(form, field) -> None:
    """Names are shown to others (class rosters, leaderboards): no characters that hide or reorder text."""
    if field.data and any(is_hidden_control(ch) for ch in field.data):
        raise ValidationError("Remove the control or text-direction characters from the name.")


def display_name_field() -> StringField:
    """The display name, as asked at sign-up and in settings."""
    return StringField(
        "Display name",
        validators=[
            DataRequired(message="Tell us what to call you."),
            Length(max=80, message="Use at most 80 characters."),
            refuse_hidden_controls,
        ],
    )


def email_field() -> EmailField:
    return EmailField(
        "Email",
        validators=[
            DataRequired(message="Enter your email address."),
            Length(max=254, message="Use at most 254 characters."),
            Email(message="That doesn't look like an email address.", check_deliverability=False),
        ],
    )


def new_password_fields(label: str = "Password") -> tuple[PasswordField, PasswordField]:
    """A new password and its repetition, as sign-up, change and reset ask for them."""
    return (
        PasswordField(label, validators=[DataRequired(message="Choose a password."), Length(max=256)]),
        PasswordField(
            "Repeat password",
            validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
        ),
    )


class SignUpForm(FlaskForm):
    display_name = display_name_field()
    email = email_field()
    password, confirm = new_password_fields()
    # Where the person was going (a class's join link, say): kept through sign-up as through sign-in.
    next = HiddenField()
    submit = SubmitField("Create account")


class ForgotPasswordForm(FlaskForm):
    email = email_field()
    submit = SubmitField("Send me a link")


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields("New password")
    submit = SubmitField("Set new password")


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        "Current password", validators=[DataRequired(message="Enter your current password."), Length(max=256)]
    )
    password, confirm = new_password_fields("New password")
    submit = SubmitField("Change password")


class SignInForm(FlaskForm):
    email = EmailField(
        "Email", validators=[DataRequired(message="Enter your email address."), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired(message="Enter your password."), Length(max=256)]
    )
    remember = BooleanField(
        "Keep me signed in on this device",
        description=(
            "For 30 days. Leave it off on a shared computer: you are then signed out when the "
            "browser closes or after a while without activity."
        ),
    )
    next = HiddenField()
    submit = SubmitField("Sign in")


class ConfirmForm(FlaskForm):
    """A bare form for POST-only buttons (sign out, try as guest): just the CSRF token."""

    submit = SubmitField("Continue")
