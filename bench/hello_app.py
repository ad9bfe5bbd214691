"""The baseline for the web-path benchmark: Flask's hello world, served by the same gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "Hello, World!"
