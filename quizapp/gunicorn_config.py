"""How gunicorn serves quizapp: `gunicorn --config python:quizapp.gunicorn_config ...`.

`make run`, the README's production command, the reliability tests and the benchmarks all start
gunicorn with this file, so they serve the same way (gunicorn.conf.py in the project folder, which
gunicorn reads when started there without --config, is this file too). Command-line flags win
over it.

Threaded workers (gthread), not sync ones: a sync worker reads the first connection it accepts
until a request arrives, so two connections opened and left idle (browsers open speculative ones)
stalled both of `make run`'s workers until gunicorn killed them 30 s later. A gthread worker
watches every open connection from its main thread and hands one to a thread only once a request
starts to arrive, so idle connections cost nothing.

Threads are safe here because nothing a request changes is shared: Flask-SQLAlchemy gives each
request (each app context) its own session and pooled connection; SQLAlchemy's pool for a SQLite
file holds 5 connections plus 10 overflow, so keep `threads` at 15 or fewer. SQLite's
`BEGIN IMMEDIATE` and busy timeout (quizapp/database.py) queue writers of one process exactly as
they queue writers of two; the rate-limit storage keeps one connection per thread.

A client that sends its request slowly holds one thread until it has sent it all. Eight threads
per worker absorb a few such clients; in production nginx reads whole requests before passing them
on (README, Production), so slow clients never reach a thread at all.
"""

import sys

worker_class = "gthread"
threads = 8


def on_starting(server):
    """Check quizapp's configuration once, in the master, before any worker starts.

    A bad setting then stops the server with quizapp's one line and exit code 4. Without this
    every worker fails on its own, and gunicorn, stopping the others while one more reports the
    same failure, prints its own tracebacks after the line.
    """
    if not str(getattr(server.app, "app_uri", "")).startswith("quizapp"):
        return  # another app served with quizapp's settings (the benchmarks' hello world)
    from quizapp import create_app

    create_app()  # prints "quizapp: ..." and exits with code 4 on a bad configuration
    from quizapp import STARTUP_FAILED_EXIT_CODE
    from quizapp.history.runner import RunnerSettingError, runner_interval

    try:
        runner_interval()
    except RunnerSettingError as error:
        print(f"quizapp: {error}", file=sys.stderr, flush=True)
        raise SystemExit(STARTUP_FAILED_EXIT_CODE) from None


def post_worker_init(worker):
    """Hide what the worker loaded at start-up (the app, its libraries: ~125k objects) from the
    garbage collector: a full collection otherwise walks them all, and those pauses (80-120 ms,
    seen in 2 of 150 progress redraws) were the page's slowest requests."""
    import gc

    gc.freeze()


_runner = None


def when_ready(server):
    """Start the personalising runner (quizapp/history/runner.py) once the workers can serve."""
    global _runner
    if not str(getattr(server.app, "app_uri", "")).startswith("quizapp"):
        return
    from quizapp.history.runner import runner_interval, start_runner

    every = runner_interval()  # checked in on_starting
    if every is not None:
        _runner = start_runner(every)
        server.log.info("quizapp: personalising schedules every %s s (process %s)", every, _runner.pid)


def on_exit(server):
    from quizapp.history.runner import stop_runner

    stop_runner(_runner)
