"""A real SMTP server for tests: quizapp sends through smtplib, the tests read what arrived.

def test_something(app, mailbox):      # the `mailbox` fixture points `app` at this server
    ...
    message = mailbox.wait_for(to="ada@example.org")
    link = mailbox.link_in(message)
"""

from __future__ import annotations

import re
import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


class Mailbox:
    """Everything the SMTP server received, as parsed messages."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]

    def wait_for(self, to: str, count: int = 1, timeout: float = 10) -> EmailMessage:
        """The `count`-th message to `to`, waiting for the app's background sender to deliver it."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.to(to)) < count:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"no mail #{count} to {to}; got {[m['To'] for m in self.messages]}"
                self._arrived.wait(remaining)
            return self.to(to)[count - 1]

    def settle(self, seconds: float = 0.5) -> None:
        """Give the background sender time to deliver anything it still holds (before 'nothing came')."""
        time.sleep(seconds)

    @staticmethod
    def body(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @classmethod
    def link_in(cls, message: EmailMessage, containing: str = "") -> str:
        links = [link for link in LINK.findall(cls.body(message)) if containing in link]
        assert links, f"no link with {containing!r} in:\n{cls.body(message)}"
        return links[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """aiosmtpd in a thread on a free loopback port."""

    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    def settings(self) -> dict:
        """The app settings that send mail to this server."""
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_SECURITY": "none"}
