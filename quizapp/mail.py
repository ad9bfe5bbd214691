"""Sending mail (password resets, sign-up notices) through SMTP, after the response.

Mail goes through smtplib to SMTP_HOST. It is handed to one background thread per process, so
a page answers in the same time whether or not it sent a mail (a forgotten-password page must not
reveal which addresses have accounts) and no request waits on a mail server. A mail that cannot
be delivered is logged; it is never retried.

Without SMTP_HOST, development writes each mail, link included, to the server's log (the terminal
of `make run` or `make dev`), so a reset works on a laptop; production logs only that a mail could
not be sent, since a reset link in a log would let its readers take over the account.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

logger = logging.getLogger("quizapp.mail")
SMTP_TIMEOUT_SECONDS = 20

_executor: ThreadPoolExecutor | None = None


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: str  # starttls, ssl or none
    username: str
    password: str

    @classmethod
    def from_config(cls, config) -> SmtpServer:
        return cls(
            config["SMTP_HOST"],
            config["SMTP_PORT"],
            config["SMTP_SECURITY"],
            config["SMTP_USERNAME"],
            config["SMTP_PASSWORD"],
        )

    def deliver(self, message: EmailMessage) -> None:
        if self.security == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS)
        with connection:
            if self.security == "starttls":
                connection.starttls(context=ssl.create_default_context())
            if self.username:
                connection.login(self.username, self.password)
            connection.send_message(message)


def mail_is_configured() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def where_mail_goes() -> str:
    """One sentence for pages and the log about where this quizapp's mail ends up."""
    if mail_is_configured():
        return "sent by email"
    if current_app.config["QUIZAPP_ENV"] == "production":
        return "not sent: this quizapp has no mail server (SMTP_HOST); ask an admin for a reset link"
    return "written to the server's log, not sent: no mail server (SMTP_HOST) is set up"


@dataclass(frozen=True)
class Mail:
    """A plain-text mail, composed while the data it needs is at hand and sent after."""

    to: str
    subject: str
    body: str


def compose(mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain="quizapp")
    message.set_content(mail.body)
    return message


def send(mail: Mail) -> Future | None:
    """Send `mail` from a background thread (call it outside any transaction).

    Returns the delivery's future, or None when there is no SMTP server and the mail was logged.
    """
    to = mail.to
    message = compose(mail)
    if not mail_is_configured():
        if current_app.config["QUIZAPP_ENV"] == "production":
            logger.error("quizapp: mail to %s not sent: SMTP_HOST is not set", to)
        else:
            logger.warning(
                "quizapp: no SMTP_HOST is set, so this mail is written here instead of sent:\n"
                "To: %s\nSubject: %s\n\n%s",
                to,
                mail.subject,
                mail.body,
            )
        return None
    return _background().submit(_deliver, SmtpServer.from_config(current_app.config), message)


def after_response(job: Callable[..., None], *args) -> Future:
    """Run `job(*args)` in the mail thread, inside an app context, after this request answers.

    For work whose duration must not show in the response time (looking an address up).
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            try:
                job(*args)
            except Exception:  # noqa: BLE001 - nobody waits for this thread's result
                logger.exception("quizapp: background mail job %s failed", job.__name__)

    return _background().submit(run)


def _deliver(server: SmtpServer, message: EmailMessage) -> None:
    try:
        server.deliver(message)
    except (OSError, smtplib.SMTPException) as error:
        logger.error("quizapp: mail to %s not delivered via %s: %s", message["To"], server.host, error)


def _background() -> ThreadPoolExecutor:
    """One sending thread per process, started on first use (after gunicorn forked the worker)."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quizapp-mail")
    return _executor
