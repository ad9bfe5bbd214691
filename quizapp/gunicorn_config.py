"""How gunicorn serves quizapp: `gunicorn --config python:quizapp.gunicorn_config ...`.

`make run`, the README's production command, the reliability tests and the benchmarks all start
gunicorn with this file, so they serve the same way. Command-line flags still win over it.

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

worker_class = "gthread"
threads = 8
