"""The mails quizapp sends about accounts, in plain words."""

from __future__ import annotations

from datetime import datetime, timedelta

from quizapp.auth.accounts import find_user_by_email
from quizapp.auth.recovery import can_reset, make_reset_token
from quizapp.extensions import db
from quizapp.links import public_url_for
from quizapp.mail import Mail, send
from quizapp.models import User


def reset_link(user: User, now: datetime, valid_for: timedelta, prefix: str | None = None) -> str:
    """The address of a page where `user` chooses a new password, working once within `valid_for`.

    `prefix` is that address up to the token (reset_link_prefix()), for use outside a request.
    """
    token = make_reset_token(user, now, valid_for)
    return (prefix or reset_link_prefix()) + token


def reset_link_prefix() -> str:
    """The reset page's address without its token, e.g. https://quiz.example.org/password/reset/."""
    return public_url_for("auth.reset_password", token="-").removesuffix("-")


def _duration(valid_for: timedelta) -> str:
    hours = round(valid_for.total_seconds() / 3600)
    return "1 hour" if hours == 1 else f"{hours} hours"


def reset_mail(user: User, valid_for: timedelta, now: datetime, link_prefix: str | None = None) -> Mail:
    link = reset_link(user, now, valid_for, link_prefix)
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


def mail_reset_link_if_account(email: str, valid_for: timedelta, now: datetime, link_prefix: str) -> None:
    """Look `email` up and mail its owner a reset link; for an unknown address do nothing.

    Runs after the response (mail.after_response), so the forgot-password page takes the same
    time whether or not the address has an account.
    """
    user = find_user_by_email(email)
    mail = reset_mail(user, valid_for, now, link_prefix) if user is not None and can_reset(user) else None
    db.session.rollback()
    if mail is not None:
        send(mail)
