"""gunicorn reads this file from the working directory (`make run`, the tests' servers).

It checks quizapp's configuration once, in the master, before any worker starts: a bad setting
then stops the server with quizapp's one line and exit code 4. Without it every worker fails on
its own, and gunicorn, stopping the others while one more reports the same failure, prints its
own tracebacks after the line.
"""


def on_starting(server):
    from quizapp import create_app

    create_app()  # prints "quizapp: ..." and exits with code 4 on a bad configuration
