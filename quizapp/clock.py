"""The web layer's clock. Tests set app.config["CLOCK"] to a callable to travel in time;
the domain core never reads a clock, it is handed `now`."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app


def utcnow() -> datetime:
    clock = current_app.config.get("CLOCK")
    return clock() if clock else datetime.now(UTC)
