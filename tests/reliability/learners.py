"""Simulated learners: each a thread with its own cookies, answering through the real study pages.

A learner does what a browser without JavaScript does: start as a guest, raise the daily limit
of new facts in settings (so 40 answers in one sitting are all possible), then repeatedly GET
/study/, fill in the answer form the page carries (CSRF token and submission key included) and
POST it. A 302 from /study/answer is the acknowledgement: the answer is stored.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

ANSWER_FORM = re.compile(r'<form method="post" action="/study/answer"[^>]*>(.*?)</form>', re.S)
HIDDEN_INPUT = re.compile(r'<input[^>]*type="hidden"[^>]*>')
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
SELECT_NAME = re.compile(r'<select[^>]*name="([^"]+)"')


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer we want to see, not the page it points to


@dataclass
class Submission:
    """One answer as posted; resending `form` as-is is what a retrying client does."""

    learner: Learner
    form: dict[str, str]
    status: int | None = None  # None: no response (connection refused or cut)
    acknowledged_at: float | None = None  # time.monotonic() of the 302

    @property
    def key(self) -> str:
        return self.form["submission_key"]

    @property
    def acknowledged(self) -> bool:
        return self.status == 302


class Learner:
    """One person with a browser: a cookie jar and the server's address (which may change)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def request(self, path: str, form: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, str]:
        """GET (or POST `form`) and return (status, body); raises OSError when the server is gone
        or has not answered within `timeout` seconds."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(f"{self.base_url}{path}", data=data, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # a 302 too (no redirects followed)
            try:
                body = error.read().decode(errors="replace")
            except http.client.HTTPException:
                body = ""  # the status line and headers came whole: the server did answer
            return error.code, body
        except http.client.HTTPException as error:
            # A reply cut off (the server killed while sending it) is no reply, like a refused
            # connection: the answer may or may not have been stored, and the caller sends it again.
            raise ConnectionError(f"the reply was cut off: {error!r}") from error

    def start_as_guest(self, new_facts_per_day: int = 100) -> None:
        status, home = self.request("/")
        assert status == 200, status
        status, _ = self.request("/guest", {"csrf_token": page_csrf_token(home)})
        assert status == 302, status
        status, settings = self.request("/settings")
        assert status == 200, status
        form = {
            "csrf_token": page_csrf_token(settings),
            "display_name": "Load learner",
            "time_zone": "UTC",
            "desired_retention": "0.90",
            "new_facts_per_day": str(new_facts_per_day),
            "reviews_per_day": "1000",
            "slow_answer_percent": "100",
        }
        status, _ = self.request("/settings", form)
        assert status == 302, f"settings refused ({status})"

    def next_answer(self) -> dict[str, str]:
        """Read /study/ and fill in its answer form the way a person who is unsure would."""
        status, page = self.request("/study/")
        if status != 200:
            raise StudyPageError(status)
        found = ANSWER_FORM.search(page)
        if found is None:
            raise StudyPageError(status, "no question on the study page")
        return fill_in_answer(found.group(1))

    def submit(self, form: dict[str, str]) -> Submission:
        submission = Submission(self, form)
        try:
            submission.status, _ = self.request("/study/answer", form)
        except OSError:
            return submission
        if submission.acknowledged:
            submission.acknowledged_at = time.monotonic()
        return submission


class StudyPageError(AssertionError):
    def __init__(self, status: int, reason: str = ""):
        super().__init__(f"study page: {status} {reason}".strip())
        self.status = status


def page_csrf_token(page: str) -> str:
    found = CSRF_INPUT.search(page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def fill_in_answer(form_html: str) -> dict[str, str]:
    """The fields a browser sends for this answer form: hidden envelope plus some answer."""
    form: dict[str, str] = {}
    for tag in HIDDEN_INPUT.findall(form_html):
        attributes = dict(ATTRIBUTE.findall(tag))
        form[attributes["name"]] = attributes.get("value", "")
    if 'name="rating"' in form_html:
        form["rating"] = "3"
    elif 'name="choice"' in form_html:
        form["choice"] = "0"
    elif 'name="text"' in form_html:
        form["text"] = "not sure"
    for name in SELECT_NAME.findall(form_html):
        index = int(name.rsplit("-", 1)[1])
        form[name] = str(index + 1) if name.startswith("place-") else "0"
    assert form.get("submission_key"), "the answer form carries no submission key"
    return form


@dataclass
class LoadResult:
    """Everything the learners sent and what came back."""

    submissions: list[Submission] = field(default_factory=list)
    page_errors: list[int] = field(default_factory=list)  # statuses of failed study pages
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def acknowledged(self) -> list[Submission]:
        return [s for s in self.submissions if s.acknowledged]

    def statuses(self) -> list[int | None]:
        return [s.status for s in self.submissions] + list(self.page_errors)


HOLD_SECONDS = 120


def run_learners(
    base_url: str,
    learners: int,
    answers_each: int,
    result: LoadResult | None = None,
    stop: threading.Event | None = None,
    hold: tuple[int, threading.Event] | None = None,
) -> tuple[LoadResult, list[Learner]]:
    """Let `learners` threads answer `answers_each` items each, all at once.

    A learner stops early when `stop` is set or the server stops answering (a killed server);
    what it sent until then is in the result. `result` may be passed in so another thread can
    watch acknowledgements arrive. `hold` (answers, gate): each learner waits after that many
    answers until the gate is set (at most HOLD_SECONDS), so some of the load is sure to come after
    whatever the test does meanwhile, however fast the machine.
    """
    result = result or LoadResult()
    stop = stop or threading.Event()
    people = [Learner(base_url) for _ in range(learners)]
    start_line = threading.Barrier(learners)

    def one_learner(learner: Learner) -> None:
        try:
            learner.start_as_guest()
        finally:
            start_line.wait()  # everyone starts answering together, so the load is concurrent
        for answered in range(answers_each):
            if stop.is_set():
                return
            if hold is not None and answered == hold[0]:
                hold[1].wait(HOLD_SECONDS)
            try:
                form = learner.next_answer()
            except StudyPageError as error:
                with result.lock:
                    result.page_errors.append(error.status)
                return
            except OSError:
                return
            submission = learner.submit(form)
            with result.lock:
                result.submissions.append(submission)
            if submission.status is None:
                return

    with ThreadPoolExecutor(max_workers=learners) as pool:
        for future in [pool.submit(one_learner, person) for person in people]:
            future.result()
    return result, people
