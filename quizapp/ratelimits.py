"""Rate limits on the ways in: counted per address and per account, refused attempts apart.

A school puts a whole class behind one address, so a per-address count of every attempt locks a
class out while barely slowing an attacker. Instead:

- guessing is limited by counting only *failed* attempts (a wrong password, a wrong code), per
  address and, for sign-in, per account, so forty successful sign-ins cost nothing and ten wrong
  passwords for one account stop further tries at that account from anywhere;
- creating things (accounts, guests) is limited per address with room for a class, and per email
  address where each attempt may send that address a mail.

The numbers live in config.py (SIGN_IN_LIMIT and friends) and are read per request, so a test or
an operator can change them. Counters live where RATELIMIT_STORAGE_URI says (shared by workers).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from quizapp.extensions import limiter


def record_failed_attempt() -> None:
    """Mark this request as a refused attempt, for a route that answers a failure with a redirect."""
    g.attempt_failed = True


def _failed(response) -> bool:
    return response.status_code == 400 or bool(g.get("attempt_failed"))


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _form_email() -> str:
    """The email address a form names, normalised; '' (no limit applies) when it names none."""
    email = (request.form.get("email") or "").strip().lower()
    return f"email:{email}" if email else ""


def failed_per_address(setting: str):
    """Limit refused POSTs from one address."""
    return limiter.limit(
        _setting(setting), key_func=get_remote_address, methods=["POST"], deduct_when=_failed
    )


def failed_per_account(setting: str):
    """Limit refused POSTs that name one account by its email, from any address."""
    return limiter.limit(_setting(setting), key_func=_form_email, methods=["POST"], deduct_when=_failed)


def per_address(setting: str):
    """Limit every POST from one address."""
    return limiter.limit(_setting(setting), key_func=get_remote_address, methods=["POST"])


def per_email(setting: str):
    """Limit every POST that names one email address (each may send it a mail)."""
    return limiter.limit(_setting(setting), key_func=_form_email, methods=["POST"])
