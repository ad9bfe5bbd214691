"""Real Chromium (Debian's /usr/bin/chromium) driving the app served on a loopback port.

In CI (CI=true) a missing browser is a failure; on a developer machine the tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("QUIZAPP_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT_DIR = Path(
    os.environ.get("QUIZAPP_SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots")
)


def _missing(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (browser tests are mandatory in CI)")
    pytest.skip(f"{reason}; install it with 'apt-get install -y chromium' to run browser tests")


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def serve(app):
    """Serve `app` from a thread on a free loopback port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def live_server(app):
    """The app on a real database without the question bank."""
    yield from serve(app)


@pytest.fixture
def loaded_live_server(loaded_app):
    """The app with the real question bank loaded; `loaded_app` is there to set its clock."""
    yield from serve(loaded_app)


class PageWatch:
    """Records every request a page makes so tests can prove nothing leaves the machine."""

    def __init__(self, page, base_url: str):
        self.base_url = base_url
        self.outside: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _on_request(self, request):
        url = request.url
        if not (url.startswith(self.base_url) or url.startswith("data:") or url.startswith("about:")):
            self.outside.append(url)

    def _on_console(self, message):
        # A refused form answers 4xx on purpose; Chromium notes that as a failed load.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)


def watched_page(browser, base_url: str):
    """A page in a normal context (CSP enforced), with a watch on its requests and errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = PageWatch(page, base_url)
    yield page
    context.close()
    assert page.watch.outside == [], f"requests left the machine: {page.watch.outside}"
    assert page.watch.console_errors == [], f"console errors: {page.watch.console_errors}"


def focused_id(page, expected: str, timeout_ms: int = 5000) -> str:
    """The id of the element holding keyboard focus, once it is `expected` or `timeout_ms` has
    passed. The browser applies `autofocus` at a rendering update after the page has loaded, so a
    read straight after navigating can come before it (seen in CI: '' instead of 'title')."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "expected => document.activeElement && document.activeElement.id === expected",
            arg=expected,
            timeout=timeout_ms,
        )
    except PlaywrightTimeout:  # the caller's assertion then says what had the focus instead
        pass
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


@pytest.fixture
def page(browser, live_server):
    yield from watched_page(browser, live_server)


@pytest.fixture
def loaded_page(browser, loaded_live_server):
    yield from watched_page(browser, loaded_live_server)


def check_accessibility(
    browser, url: str, cookies: list[dict], name: str, phone_schemes: tuple[str, ...] = ("light",)
) -> None:
    """Run axe-core on `url` and fail on serious or critical violations; save screenshots (the
    phone in `phone_schemes`, the desktop in light and dark).

    axe is injected by script, which our CSP rightly blocks, so this runs in a context that
    bypasses CSP; the CSP itself is checked in the normal context of the other tests.
    """
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for label, viewport in (
        ("desktop", {"width": 1280, "height": 900}),
        ("phone", {"width": 390, "height": 844}),
    ):
        for scheme in ("light", "dark") if label == "desktop" else phone_schemes:
            context = browser.new_context(viewport=viewport, bypass_csp=True, color_scheme=scheme)
            context.add_cookies(cookies)
            page = context.new_page()
            page.goto(url)
            page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{label}-{scheme}.png"), full_page=True)
            results = Axe().run(page)
            context.close()
            serious = [
                f"{violation['id']}: {violation['help']} at "
                + ", ".join(str(node.get("target")) for node in violation["nodes"][:5])
                for violation in results.response["violations"]
                if violation.get("impact") in {"serious", "critical"}
            ]
            assert serious == [], f"{name} ({label}, {scheme}) has accessibility problems: {serious}"
