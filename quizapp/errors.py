"""Friendly error pages: a clear message and a way back, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from quizapp.extensions import db

MESSAGES = {
    400: ("That request didn't make sense", "Something in what was sent was missing or malformed."),
    403: ("Not yours to see", "You don't have access to this page. Sign in with another account?"),
    404: ("Page not found", "There is nothing at this address. It may have moved or never existed."),
    405: ("Not allowed", "This page can't be used that way."),
    413: ("Too large", "What you sent is larger than quizapp accepts."),
    429: ("Slow down", "Too many attempts in a short time. Wait a minute and try again."),
    500: ("Something went wrong on our side", "The error was logged. Nothing you saved before is lost."),
    503: ("Temporarily unavailable", "quizapp can't reach its database right now. Try again shortly."),
}


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    try:
        page = render_template("errors/error.html", code=code, title=title, message=detail or message)
    except Exception:  # noqa: BLE001 - the layout needs the database; the error page must not
        db.session.rollback()
        page = render_template("errors/plain.html", code=code, title=title, message=detail or message)
    return page, code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            "This form expired or came from somewhere else. Go back, reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code < 400:
            return error
        if request.path == "/healthz":
            return {"status": "error", "code": error.code}, error.code
        return render_error(error.code or 500)

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError):
        app.logger.exception("database error")
        db.session.rollback()
        return render_error(503)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        return render_error(500)
