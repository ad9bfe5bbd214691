"""Start gunicorn the way `make run` does, and sign learners in over HTTP, for the benchmarks."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO / "bench"
WORKERS = 2  # the Makefile's default
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
QUESTION_PATTERN = re.compile(r'name="question_id"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Method, path, status and the time the server spent on the request in microseconds.
TIMING_LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s"


@contextmanager
def gunicorn(
    app_spec: str, env: dict[str, str] | None = None, workers: int = WORKERS, timing_log: Path | None = None
):
    """Serve `app_spec` with `make run`'s settings (quizapp/gunicorn_config.py's threaded workers,
    WORKERS unless `workers` says otherwise, access log to stdout) on a free loopback port; yield the base URL; stop the server
    (its process group) afterwards. With `timing_log`, the access log goes there instead, one
    TIMING_LOG_FORMAT line per request, so server-side times can be read apart from the client's."""
    port = free_port()
    access = (
        ["--access-logfile", str(timing_log), "--access-logformat", TIMING_LOG_FORMAT]
        if timing_log
        else ["--access-logfile", "-"]
    )
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--config",
        "python:quizapp.gunicorn_config",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        *access,
        app_spec,
    ]
    environment = dict(env or os.environ)
    # The personalising runner would fit the seeded learners while the requests are timed.
    environment.setdefault("QUIZAPP_PERSONALISE_EVERY", "0")
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH_DIR), environment.get("PYTHONPATH")]))
    server = subprocess.Popen(
        command,
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(server, base, workers)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _wait_until_serving(server: subprocess.Popen, base: str, workers: int = WORKERS) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited at start:\n{server.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5):
                pass
            # Every worker imports the app lazily on its first request: warm both.
            for _ in range(workers * 4):
                urllib.request.urlopen(base + "/", timeout=5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {base} within 60 s")


def connections_by_process(port: int) -> dict[int, int]:
    """How many established loopback TCP connections on server port `port` each process holds,
    read from /proc (Linux): which gunicorn worker accepted which of a load generator's
    connections. Empty where /proc does not say (another system)."""
    inodes = set()
    try:
        with open("/proc/net/tcp") as table:
            next(table)
            for line in table:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                    inodes.add(fields[9])
    except OSError:
        return {}
    held: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            for descriptor in os.listdir(f"/proc/{entry}/fd"):
                target = os.readlink(f"/proc/{entry}/fd/{descriptor}")
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    held[int(entry)] = held.get(int(entry), 0) + 1
        except OSError:  # a process that ended, or one we may not look into
            continue
    return held


@dataclass
class SignedInLearner:
    """What a load generator needs to act as this learner: the cookie header and a CSRF token."""

    email: str
    cookie: str
    csrf_token: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, email: str, password: str) -> SignedInLearner:
    """Sign in through the real form and read a CSRF token from the study page.

    Sent without a User-Agent, as wrk sends its requests: Flask-Login's session protection ties a
    session to the address and agent it signed in from, and a session seen from another agent is
    marked not fresh on every request, so each response would carry a new cookie that a browser,
    always sending the same agent, never gets."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = []
    page = opener.open(base + "/signin").read().decode()
    token = CSRF_PATTERN.search(page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    opener.open(base + "/signin", data=body).read()
    study = opener.open(base + "/study/")
    if not study.url.endswith("/study/"):
        raise SystemExit(f"could not sign in as {email}: ended at {study.url}")
    page = study.read().decode()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return SignedInLearner(email, cookie, CSRF_PATTERN.search(page).group(1))


def get_status(url: str, cookie: str) -> tuple[int, str]:
    """Status and final path of a GET that does not follow redirects (to check a cookie still works)."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with opener.open(request) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")
