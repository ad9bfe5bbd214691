"""`make run`, started as a user starts it, keeps answering while idle and slow connections are open.

Browsers open connections they may never use; anyone can open fifty on purpose or send a request
one byte a second. With sync workers two idle connections were enough to stall every request for
30 seconds. Here the server gets fifty idle connections and a few slow clients, and /healthz and a
signed-in study page must still answer, each in under a second.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.reliability.learners import Learner
from tests.reliability.server import REPO, health_of, server_environment

IDLE_CONNECTIONS = 50
SLOW_CLIENTS = 4
ROUNDS = 10
LIMIT_SECONDS = 1.0
# A request header long enough that a client sending a byte a second is still sending it when
# the test ends.
SLOW_REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: one-byte-a-second-client\r\n\r\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def make_run(database: Path, log_path: Path, timeout: float = 300) -> Iterator[str]:
    """`make run HOST=127.0.0.1 PORT=<free>` on `database` with this test run's venv; yields its URL.

    `make run` installs what is missing, runs `flask setup` and starts gunicorn exactly as the
    README says; its process group is stopped afterwards, whatever happened.
    """
    port = free_port()
    venv = Path(sys.executable).parent.parent
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}", f"VENV={venv}"],
            cwd=REPO,
            env=server_environment(database),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while health_of(url).get("status") != "ok":
            if process.poll() is not None:
                raise AssertionError(f"make run exited with {process.returncode}:\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"make run was not healthy within {timeout} s:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def open_idle_connections(stack: ExitStack, port: int, count: int) -> list[socket.socket]:
    """Connect `count` times and send nothing, as a browser's speculative connections do."""
    return [
        stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5)) for _ in range(count)
    ]


def start_slow_clients(stack: ExitStack, port: int, count: int) -> threading.Event:
    """`count` clients each sending SLOW_REQUEST one byte a second until the returned event is set."""
    stop = threading.Event()

    def trickle(connection: socket.socket) -> None:
        for byte in SLOW_REQUEST:
            if stop.wait(1.0):
                return
            try:
                connection.sendall(bytes([byte]))
            except OSError:
                return

    threads = []
    for _ in range(count):
        connection = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
        threads.append(threading.Thread(target=trickle, args=(connection,), daemon=True))
    for thread in threads:
        thread.start()
    stack.callback(lambda: [thread.join(timeout=5) for thread in threads])
    stack.callback(stop.set)
    return stop


def timed(learner: Learner, path: str) -> tuple[int, float]:
    """(status, seconds) of one GET on a new connection; a stalled server shows as a slow answer."""
    started = time.monotonic()
    try:
        status, _ = learner.request(path, timeout=5)
    except OSError:  # timed out or cut: report it as too slow, with how long it took
        status = 0
    return status, time.monotonic() - started


def test_make_run_answers_with_fifty_idle_and_four_slow_connections_open(server_database, tmp_path):
    with make_run(server_database, tmp_path / "make-run.log") as url:
        learner = Learner(url)
        learner.start_as_guest()
        port = int(url.rsplit(":", 1)[1])
        with ExitStack() as stack:
            open_idle_connections(stack, port, IDLE_CONNECTIONS)
            start_slow_clients(stack, port, SLOW_CLIENTS)
            time.sleep(2)  # every worker has accepted some of them and the slow ones are sending
            answers = []
            for _ in range(ROUNDS):
                answers.append(("/healthz", *timed(learner, "/healthz")))
                answers.append(("/study/", *timed(learner, "/study/")))
                time.sleep(0.3)
        slow = [
            (path, status, round(seconds, 2)) for path, status, seconds in answers if seconds >= LIMIT_SECONDS
        ]
        failed = [(path, status) for path, status, _seconds in answers if status != 200]
        assert failed == [], failed
        assert slow == [], f"answered in a second or more: {slow}"
        slowest = max(seconds for _path, _status, seconds in answers)
        print(
            f"{len(answers)} requests with {IDLE_CONNECTIONS} idle and {SLOW_CLIENTS} slow connections open;"
            f" slowest {slowest * 1000:.0f} ms"
        )
