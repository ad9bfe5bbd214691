"""The personalising runner gunicorn starts beside its workers, so `make run` needs no cron.

Why a child process and not a thread in each worker: a fit is seconds of CPU. In a worker it
would compete with that worker's request threads for the interpreter, and two workers would run
two loops. One `flask schedules personalise --every N` process, started by gunicorn's master once
it is ready and run at a lower CPU priority (nice 10), keeps every fit off the request path; the
per-learner lease (quizapp/history/personalise.py) still makes it safe beside cron, the button
or a second machine. QUIZAPP_PERSONALISE_EVERY sets the seconds between passes (default 3600);
0 turns the runner off (for a deployment where cron or a systemd timer runs the command instead).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

DEFAULT_EVERY_SECONDS = 3600
PARENT_ENV = "QUIZAPP_PERSONALISE_PARENT"


class RunnerSettingError(ValueError):
    pass


def runner_interval(environ: Mapping[str, str] = os.environ) -> int | None:
    """Seconds between passes from QUIZAPP_PERSONALISE_EVERY, or None when the runner is off."""
    raw = environ.get("QUIZAPP_PERSONALISE_EVERY", "").strip()
    if not raw:
        return DEFAULT_EVERY_SECONDS
    if not raw.isdigit() or (int(raw) != 0 and int(raw) < 60):
        raise RunnerSettingError(
            f"QUIZAPP_PERSONALISE_EVERY must be 0 (off) or at least 60 seconds, not {raw!r}."
        )
    return int(raw) or None


def start_runner(every: int) -> subprocess.Popen[bytes]:
    """Start the runner as a niced child of this process; it stops by itself if this process dies."""
    environ = {**os.environ, PARENT_ENV: str(os.getpid())}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "quizapp",
            "schedules",
            "personalise",
            "--every",
            str(every),
        ],
        env=environ,
        preexec_fn=lambda: os.nice(10),  # noqa: PLW1509  (only os.nice, no locks taken)
    )


def stop_runner(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def parent_is_gone(environ: Mapping[str, str] = os.environ) -> bool:
    """True in a runner whose gunicorn master has died (it was re-parented): time to stop."""
    parent = environ.get(PARENT_ENV)
    return parent is not None and str(os.getppid()) != parent
