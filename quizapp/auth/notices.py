"""The mails quizapp sends about accounts, in plain words."""

from __future__ import annotations

from datetime import datetime, timedelta

from quizapp.auth.recovery import make_reset_token
from quizapp.links import public_url_for
from quizapp.mail import Mail
from quizapp.models import User


def reset_link(user: User, now: datetime, valid_for: timedelta) -> str:
    """The address of a page where `user` chooses a new password, working once within `valid_for`."""
    return public_url_for("auth.reset_password", token=make_reset_token(user, now, valid_for))


def _duration(valid_for: timedelta) -> str:
    hours = round(valid_for.total_seconds() / 3600)
    return "1 hour" if hours == 1 else f"{hours} hours"


def reset_mail(user: User, valid_for: timedelta, now: datetime) -> Mail:
    link = reset_link(user, now, valid_for)
    return Mail(
        to=user.email or "",
        subject="Reset your quizapp password",
        body=(
            f"Hello {user.display_name},\n\n"
            "Someone (we hope you) asked to reset the password of your quizapp account. "
            "To choose a new password, open this link:\n\n"
            f"{link}\n\n"
            f"It works once, within {_duration(valid_for)}. Choosing a new password signs out "
            "every device where you are signed in.\n\n"
            "If you did not ask for this, ignore this mail: your password stays as it is.\n"
        ),
    )


def account_exists_mail(email: str) -> Mail:
    """Told to the owner of an address someone tried to sign up with, instead of telling the page."""
    return Mail(
        to=email.strip().lower(),
        subject="Someone tried to sign up to quizapp with your address",
        body=(
            "Hello,\n\n"
            "Someone just tried to create a quizapp account with this email address, which already "
            "has one. No new account was made and nothing about yours has changed.\n\n"
            f"If it was you, sign in at:\n{public_url_for('auth.sign_in')}\n\n"
            f"Forgot your password? Ask for a reset link at:\n{public_url_for('auth.forgot_password')}\n\n"
            "If it was not you, you can ignore this mail.\n"
        ),
    )
