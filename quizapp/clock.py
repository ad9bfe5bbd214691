"""The one clock. Tests set app.config["CLOCK"] to a callable to travel in time; every "now" the
app stores or compares (column defaults included) comes from here. The domain core never reads a
clock: it is handed `now`."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, has_app_context


def utcnow() -> datetime:
    """Now, time-zone aware: the app's CLOCK when one is set, else the system's."""
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    return clock() if clock else datetime.now(UTC)


def localnow() -> datetime:
    """Now on the server's own wall clock, for names an operator reads (backup files)."""
    return utcnow().astimezone()


def account_now() -> datetime:
    """The clock of sign-in sessions and reset links: real time unless a test sets ACCOUNT_CLOCK.

    Kept apart from CLOCK so a test that moves the study day forward by weeks does not also sign
    its learners out; session tests move this one.
    """
    clock = current_app.config.get("ACCOUNT_CLOCK")
    return clock() if clock else datetime.now(UTC)
