"""quizapp under real gunicorn on a temporary SQLite file, for tests that need real processes.

In-process test clients cannot show locking, WAL or crash behaviour; these helpers start the
same command an operator runs (`gunicorn --config python:quizapp.gunicorn_config --workers N
'quizapp:create_app()'`) in its own process group, on a database prepared with `flask setup`,
and wait until /healthz answers.

    def test_something(server_database, gunicorn):      # fixtures from tests/reliability/conftest.py
        server = gunicorn(server_database, workers=2, extra_env={"QUIZAPP_SQLITE_SYNCHRONOUS": "FULL"})
        ... requests to server.url ...
        server.kill()          # SIGKILL of master and workers together; the fixture stops the rest

Outside pytest: `set_up_database(path)` then `start_gunicorn(path, workers=4)` and `server.stop()`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import copy_closed_database

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Fixed, so cookies and CSRF tokens issued before a restart stay valid after it.
TEST_SECRET_KEY = "reliability-tests-secret-key-not-for-production"
# The serving settings `make run` and the README's production command use (threaded workers).
SERVING_CONFIG = "python:quizapp.gunicorn_config"
LISTENING = re.compile(r"Listening at: (http://127\.0\.0\.1:\d+)")


def server_environment(database: Path, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for `flask` and `gunicorn` on `database`, isolated from the developer's.

    Rate limits are off: fifty learners signing up from one loopback address would hit the
    sign-up limit, which is not what these tests measure. So is the personalising runner (its own
    tests start it): these tests count gunicorn's children as its workers.
    """
    env = {
        **os.environ,
        "QUIZAPP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": TEST_SECRET_KEY,
        "RATELIMIT_STORAGE_URI": f"quizapp+sqlite:///{database.parent / 'ratelimits.sqlite'}",
        "RATELIMIT_ENABLED": "0",
        "QUIZAPP_PERSONALISE_EVERY": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra_env or {})
    return env


def run_flask(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `flask --app quizapp ARGS` as an operator would; output captured as text."""
    return subprocess.run(
        [str(BIN / "flask"), "--app", "quizapp", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def set_up_database(database: Path, extra_env: dict[str, str] | None = None) -> None:
    """Migrate `database` and load the question bank with `flask setup`."""
    result = run_flask("setup", env=server_environment(database, extra_env), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@dataclass
class GunicornServer:
    """A running gunicorn master (its own process group) and where its log goes."""

    process: subprocess.Popen
    url: str
    database: Path
    log_path: Path
    env: dict[str, str] = field(repr=False)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, like a power cut to the process group."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 15) -> None:
        """Graceful shutdown (SIGTERM to the group), SIGKILL if it takes longer than `timeout`."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()


def start_gunicorn(
    database: Path,
    workers: int = 4,
    extra_env: dict[str, str] | None = None,
    log_path: Path | None = None,
    timeout: float = 60,
    launcher: Sequence[str] = (),
) -> GunicornServer:
    """Start gunicorn with N workers as the README says, on `database`; return once /healthz is 200.

    It binds a free loopback port chosen by the kernel (read back from gunicorn's log), so tests
    never race each other for a port. `extra_env` is added to (and wins over) the test
    environment; `launcher` is a command gunicorn runs under (for example one that drops
    privileges). Raises AssertionError with the server log if gunicorn exits or never gets healthy.
    """
    env = server_environment(database, extra_env)
    log_path = log_path or database.with_name(f"gunicorn-{time.monotonic_ns()}.log")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                *launcher,
                str(BIN / "gunicorn"),
                "--config",
                SERVING_CONFIG,
                "--workers",
                str(workers),
                "--bind",
                "127.0.0.1:0",
                "--graceful-timeout",
                "5",
                "quizapp:create_app()",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so kill() reaches every worker
        )
    server = GunicornServer(process, "", database, log_path, env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}:\n{server.log_text()}")
        if not server.url:
            found = LISTENING.search(server.log_text())
            server.url = found.group(1) if found else ""
        if server.url and health_of(server.url).get("status") == "ok":
            return server
        time.sleep(0.05)
    server.kill()
    raise AssertionError(f"gunicorn was not healthy within {timeout} s:\n{server.log_text()}")


def gunicorn_until_it_exits(
    database: Path, extra_env: dict[str, str] | None = None, workers: int = 1, timeout: float = 60
) -> subprocess.CompletedProcess:
    """Run gunicorn expecting it to refuse to start; return its exit code and output.

    Raises subprocess.TimeoutExpired (after killing it) if it is still running after `timeout`.
    """
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config",
            SERVING_CONFIG,
            "--workers",
            str(workers),
            "--bind",
            "127.0.0.1:0",
            "quizapp:create_app()",
        ],
        cwd=REPO,
        env=server_environment(database, extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def health_of(url: str) -> dict:
    """The /healthz body, or {} while the server cannot answer yet."""
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error) if error.code == 503 else {}
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return {}


def copy_database(source: Path, target: Path) -> Path:
    """Copy a closed SQLite database (no -wal beside it) to `target`."""
    copy_closed_database(source, target)
    return target
