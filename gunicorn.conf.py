"""gunicorn reads this file when started from the project folder without --config: the same
settings as `--config python:quizapp.gunicorn_config`, which `make run` and the README use."""

from quizapp.gunicorn_config import *  # noqa: F403
