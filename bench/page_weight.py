"""Page weight: bytes and requests of each main page, loaded by Chromium as a learner sees them.

Usage: python bench/page_weight.py

The app runs under gunicorn (as `make run`) on a copy of a seeded database (1,000 learners,
10,000 review-log rows; bench/seeded_db.py); a learner with a history is signed in and Chromium
(Debian's /usr/bin/chromium through Playwright; never `playwright install`) loads each page until
the network is idle, each with a cold cache. Bytes are response bodies as received (the app does not compress), so they
are what crosses the wire less headers. Any request to another origin is listed: there must be none.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import print_summary, print_table, verdict  # noqa: E402
from seeded_db import BENCH_PASSWORD, bench_email, bench_environment, seeded_database, working_copy  # noqa: E402
from servers import gunicorn, sign_in  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LEARNER = 7  # of 1,000 in the seeded database, with ten answers over the past year
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PAGES = [
    ("home", "/"),
    ("study", "/study/"),
    ("answer feedback", None),  # the page after a graded answer: the learner's latest in the log
    ("practice test setup", "/study/practice"),
    ("progress", "/progress/"),
    ("library", "/library/"),
    ("your answers", "/history/"),
    ("settings", "/settings"),
]


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python bench/page_weight.py", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        print(
            f"page_weight: Chromium is missing at {CHROMIUM}; install it with `apt-get install -y chromium`.",
            file=sys.stderr,
        )
        return 1
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print(
            "page_weight: Playwright is missing; `make bench` installs it (pip install -e '.[bench]').",
            file=sys.stderr,
        )
        return 1

    rows, outside = [], []
    with tempfile.TemporaryDirectory(prefix="quizapp-weight-") as scratch:
        database = working_copy(seeded_database(1_000, 10_000), Path(scratch))
        with (
            gunicorn("quizapp:create_app()", bench_environment(database)) as base,
            sync_playwright() as playwright,
        ):
            learner = sign_in(base, bench_email(LEARNER), BENCH_PASSWORD)
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            cookies = [
                {"name": name, "value": value, "url": base}
                for name, value in (part.split("=", 1) for part in learner.cookie.split("; "))
            ]
            origin = urlsplit(base).netloc
            for name, path in PAGES:
                if path is None:
                    path = feedback_page(database, LEARNER)
                    if path is None:
                        rows.append([name, "-", "-", "-", "(no graded answer in the log)"])
                        continue
                requests: list[tuple[str, int]] = []

                def record(response, requests=requests):
                    try:
                        size = len(response.body())
                    except Exception:  # noqa: BLE001 - redirects and aborted loads have no body
                        size = 0
                    requests.append((response.url, size))

                context = browser.new_context()  # a cold cache per page: its full weight
                context.add_cookies(cookies)
                page = context.new_page()
                page.on("response", record)
                page.goto(base + path, wait_until="networkidle")
                context.close()
                foreign = [url for url, _ in requests if urlsplit(url).netloc != origin]
                outside += foreign
                document = next(
                    (size for url, size in requests if urlsplit(url).path == urlsplit(base + path).path), 0
                )
                rows.append(
                    [
                        name,
                        len(requests),
                        f"{sum(size for _, size in requests) / 1024:.1f}",
                        f"{document / 1024:.1f}",
                        len(foreign),
                    ]
                )
            browser.close()

    print(
        "page weight: Chromium (headless) through Playwright, a signed-in learner with a history, "
        "gunicorn as `make run`"
    )
    print_table(
        "Each page as loaded until the network is idle",
        ["page", "requests", "KiB total", "KiB HTML", "outside the app"],
        rows,
    )
    if outside:
        print("\nrequests outside the app:\n  " + "\n  ".join(sorted(set(outside))))
    weights = [row for row in rows if row[1] != "-"]
    heaviest = max(weights, key=lambda row: float(row[2]))
    print_summary(
        "page weight",
        (
            f"{len(weights)} pages, at most {max(row[1] for row in weights)} requests and "
            f"{heaviest[2]} KiB ({heaviest[0]}); requests outside the app: {len(outside)} "
            f"({verdict(not outside)})"
        ),
    )
    return 0


def feedback_page(database: Path, learner_number: int) -> str | None:
    """The feedback page of the learner's latest graded (not flashcard) answer in the seeded log."""
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT id FROM review_log WHERE user_id = ? AND kind != 'flashcard' ORDER BY id DESC LIMIT 1",
            (learner_number,),
        ).fetchone()
    return f"/study/answers/{row[0]}" if row else None


if __name__ == "__main__":
    sys.exit(main(sys.argv))
