"""The progress page is kept between requests (progress/page_cache.py), yet never shows a stale figure.

Each test views the page (so it is kept), changes something the page shows through the real
pages, and checks that the next view differs from the kept one and equals a page drawn from
scratch (the same request with the cache emptied).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text, update

from quizapp.extensions import db
from quizapp.models import Deck, ReviewLog, Role, Section, User
from tests.conftest import AuthActions, dispose, make_app, post_form
from tests.progress.test_class_progress import learner_in_class, setup_class
from tests.study.conftest import Learner
from tests.study.test_feedback import answer_due_variant_wrong, rerate
from tests.study.test_practice import answer_all, start

CACHE = "quizapp.pages.progress"
WHOLE_PAGE = "quizapp.pages.progress-page"
SETTINGS = {
    "display_name": "Ada",
    "time_zone": "UTC",
    "desired_retention": "90",
    "new_facts_per_day": "20",
    "reviews_per_day": "200",
    "slow_answer_percent": "100",
}


def figures(client, path: str = "/progress/") -> str:
    """The page's content below the menu (the menu carries a fresh CSRF token on every page)."""
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html[html.index("<h1>") : html.index("</main>")]


def drawn_afresh(app, client, path: str = "/progress/") -> str:
    """The page drawn from scratch: every kept page and figure of the app forgotten."""
    for name in [name for name in app.extensions if name.startswith("quizapp.pages.")]:
        app.extensions.pop(name)
    return figures(client, path)


def kept_page_is_reused(app, client) -> None:
    """The page just viewed is served from the cache: the entries stay the same, and the whole
    page is kept too (learner_pages)."""
    before = dict(app.extensions[CACHE]._entries)
    whole = dict(app.extensions[WHOLE_PAGE]._entries)
    assert whole
    figures(client)
    assert app.extensions[CACHE]._entries == before
    assert app.extensions[WHOLE_PAGE]._entries == whole


def tile(page: str, name: str) -> int:
    """The figure on one of the page's tiles ("due now", "new left today", "streak")."""
    found = re.search(
        rf'<p class="stat-value">(\d+)(?: <span class="stat-unit">[^<]*</span>)?</p>\s*<p class="stat-name">{name}</p>',
        page,
    )
    assert found, f"no {name} tile"
    return int(found.group(1))


def test_a_second_view_is_served_from_the_cache(learner):
    learner.answer_current()
    first = figures(learner.client)
    kept_page_is_reused(learner.app, learner.client)
    assert figures(learner.client) == first == drawn_afresh(learner.app, learner.client)


def test_the_page_follows_each_answer(learner):
    empty = figures(learner.client)
    assert "Nothing to show yet" in empty and tile(empty, "new left today") == 20
    learner.answer_current()
    one = figures(learner.client)
    assert "1 answer on 1 day" in one and tile(one, "new left today") == 19
    learner.answer_current()
    two = figures(learner.client)
    assert "2 answers on 1 day" in two and tile(two, "new left today") == 18
    assert two == drawn_afresh(learner.app, learner.client)


def test_the_page_follows_an_undo(learner):
    learner.answer_current()
    learner.answer_current()
    two = figures(learner.client)
    assert "2 answers on 1 day" in two
    token = learner.envelope(learner.page())["csrf_token"]
    learner.client.post("/study/undo", data={"csrf_token": token})
    learner.page()  # shows (and so clears) the "undone" message
    undone = figures(learner.client)
    assert "1 answer on 1 day" in undone and tile(undone, "new left today") == 19
    assert undone == drawn_afresh(learner.app, learner.client)


def test_the_page_follows_a_re_rating(learner, loaded_app, clock):
    answer_due_variant_wrong(learner, clock)
    wrong = figures(learner.client)
    with loaded_app.app_context():
        log_id = db.session.scalar(select(ReviewLog.id).order_by(ReviewLog.id.desc()).limit(1))
    rerate(learner, log_id, "3")
    rerated = figures(learner.client)
    # Wrong, the fact was due again in minutes, today; rated Good it comes back on a later day.
    assert rerated != wrong
    assert rerated == drawn_afresh(loaded_app, learner.client)


def test_the_page_follows_a_time_zone_change(learner):
    learner.answer_current()
    before = figures(learner.client)
    assert "UTC time" in before
    post_form(learner.client, "/settings", {**SETTINGS, "time_zone": "Pacific/Auckland"})
    after = figures(learner.client)
    assert "Pacific/Auckland time" in after and "UTC time" not in after
    assert after == drawn_afresh(learner.app, learner.client)


def test_the_page_follows_a_new_desired_retention(learner, clock):
    learner.answer_current()
    clock.advance(days=1)
    learner.answer_current()
    before = figures(learner.client)
    post_form(learner.client, "/settings", {**SETTINGS, "desired_retention": "85"})
    after = figures(learner.client)
    assert "beside the 85% your schedule aims for" in after and after != before
    assert after == drawn_afresh(learner.app, learner.client)


def test_the_page_follows_a_new_study_day(learner, clock):
    learner.answer_current()
    today = figures(learner.client)
    assert tile(today, "streak") == 1 and "Study today to keep it going." not in today
    clock.advance(days=1)
    tomorrow = figures(learner.client)
    assert tomorrow != today and "Study today to keep it going." in tomorrow
    assert tomorrow == drawn_afresh(learner.app, learner.client)


def test_a_learning_step_coming_due_shows_within_the_day(learner, clock):
    learner.answer_current(right=False)  # Again: the fact comes back in a few minutes
    now = figures(learner.client)
    assert tile(now, "due now") == 0
    clock.advance(minutes=11)
    later = figures(learner.client)
    assert tile(later, "due now") == 1
    assert later == drawn_afresh(learner.app, learner.client)


def test_the_page_follows_burying_a_fact_and_its_return_after_a_time_zone_change(learner, clock):
    """Buried until the day's end in the zone the learner had; moved west, their day lasts longer,
    and the fact comes back in the middle of it."""
    from tests.study.test_marks import mark

    clock.now = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
    fact_id = learner.answer_current(right=False)[0].fact_id
    clock.advance(minutes=11)
    assert tile(figures(learner.client), "due now") == 1
    mark(learner, fact_id, "bury")  # until 04:00 UTC, Tuesday
    assert tile(figures(learner.client), "due now") == 0
    post_form(learner.client, "/settings", {**SETTINGS, "time_zone": "America/Los_Angeles"})
    assert tile(figures(learner.client), "due now") == 0
    clock.now = datetime(2026, 3, 3, 5, 0, tzinfo=UTC)  # 21:00 on Monday in Los Angeles
    back = figures(learner.client)
    assert tile(back, "due now") == 1
    assert back == drawn_afresh(learner.app, learner.client)


def test_the_page_follows_suspending_a_fact(learner, clock):
    from tests.study.test_marks import mark

    fact_id = learner.answer_current(right=False)[0].fact_id
    clock.advance(minutes=11)
    assert tile(figures(learner.client), "due now") == 1
    mark(learner, fact_id, "suspend")
    suspended = figures(learner.client)
    assert tile(suspended, "due now") == 0
    assert suspended == drawn_afresh(learner.app, learner.client)


def test_the_page_follows_a_finished_practice_test(learner):
    before = figures(learner.client)
    response = start(learner, sections=["history"], kinds=["multiple_choice"])
    answer_all(learner, response.headers["Location"], right_positions={0, 1, 2})
    after = figures(learner.client)
    assert "No practice tests yet" in before and "1 test; the latest scored 75%" in after
    assert after == drawn_afresh(learner.app, learner.client)


def test_the_resume_notice_follows_each_practice_answer(learner):
    """The answers of a test left part-way are counted from practice_answer rows; each practice
    answer is logged (and moves the schedule) in the same transaction, so the version moves too."""
    import re as regex

    from tests.study.conftest import answer_fields

    response = start(learner, sections=["history"], kinds=["multiple_choice"])
    test_path = response.headers["Location"]
    for answered in (1, 2):
        page = learner.client.get(test_path, follow_redirects=True).get_data(as_text=True)
        envelope = learner.envelope(page)
        envelope["position"] = regex.search(r'name="position"[^>]*value="(\d+)"', page).group(1)
        fields = answer_fields(learner.question(page).data, right=True)
        assert learner.client.post(f"{test_path}/answer", data={**envelope, **fields}).status_code == 302
        kept = figures(learner.client)
        assert f"A practice test is in progress: {answered} of 4 answered." in kept
    assert kept == drawn_afresh(learner.app, learner.client)


def test_the_page_follows_a_change_of_the_bank(learner, loaded_app):
    learner.answer_current()
    before = figures(learner.client)
    with loaded_app.app_context():  # what a sync does: new text, and the decks' version moves on
        section = db.session.scalars(select(Section).order_by(Section.position)).first()
        section.title = "A title the sync brought"
        db.session.execute(update(Deck).values(version=Deck.version + 1))
        db.session.commit()
    after = figures(learner.client)
    assert "A title the sync brought" in after and after != before
    assert after == drawn_afresh(loaded_app, learner.client)


def test_an_answer_through_another_worker_shows_on_this_one(learner, loaded_app, clock):
    """Two apps on one database stand for two gunicorn workers, each with its own cache."""
    other_worker = make_app(loaded_app.config["SQLALCHEMY_DATABASE_URI"])
    other_worker.config["CLOCK"] = clock
    try:
        elsewhere = Learner(other_worker, other_worker.test_client(), clock)
        AuthActions(elsewhere.client).sign_in(email="learner@example.org")
        learner.answer_current()
        here = figures(learner.client)
        assert "1 answer on 1 day" in here
        elsewhere.answer_current()
        elsewhere.answer_current()
        assert "3 answers on 1 day" in figures(learner.client)
        token = elsewhere.envelope(elsewhere.page())["csrf_token"]
        elsewhere.client.post("/study/undo", data={"csrf_token": token})
        assert "2 answers on 1 day" in figures(learner.client)
    finally:
        dispose(other_worker)


def test_a_teachers_view_follows_the_learners_answers(loaded_app, make_user, clock):
    _teacher, teacher_client, class_id, code = setup_class(loaded_app, make_user)
    pupil = learner_in_class(loaded_app, clock, "pupil@example.org", code)
    with loaded_app.app_context():
        pupil_id = db.session.scalar(select(User.id).where(User.email == "pupil@example.org"))
    path = f"/progress/classes/{class_id}/learners/{pupil_id}"
    pupil.answer_current()
    seen = figures(teacher_client, path)
    assert "1 answer on 1 day" in seen and "they forget" in seen
    own = figures(pupil.client)
    assert "you forget" in own  # the learner's own page is kept apart from the teacher's view
    pupil.answer_current()
    assert "2 answers on 1 day" in figures(teacher_client, path)
    assert figures(teacher_client, path) == drawn_afresh(loaded_app, teacher_client, path)


@pytest.mark.parametrize("table", ["review_log", "card", "fact_mark", "practice_test"])
def test_every_write_to_a_learners_rows_moves_their_progress_version(learner, loaded_app, make_user, table):
    """Whatever writes the rows (an import, a guest's progress moving to an account, a tool), the
    database itself moves the version the cache is keyed on, for each learner concerned."""
    learner.answer_current()  # one card and one log row
    other = make_user(Role.LEARNER)
    with loaded_app.app_context():
        owner = db.session.scalar(select(User.id).where(User.email == "learner@example.org"))
        if table == "fact_mark":
            db.session.execute(
                text(
                    "INSERT INTO fact_mark (user_id, fact_id, flag, updated_at) SELECT :u, id, 1, CURRENT_TIMESTAMP FROM fact LIMIT 1"
                ),
                {"u": owner},
            )
            db.session.commit()
        if table == "practice_test":
            db.session.execute(
                text(
                    "INSERT INTO practice_test (user_id, section_ids, kinds, question_ids, created_at, "
                    "correct_count) VALUES (:u, '[]', '[]', '[]', CURRENT_TIMESTAMP, 0)"
                ),
                {"u": owner},
            )
            db.session.commit()

        def versions() -> tuple[int, int]:
            db.session.expire_all()
            return (
                db.session.get(User, owner).progress_version,
                db.session.get(User, other.id).progress_version,
            )

        first = versions()
        db.session.execute(
            text(f"UPDATE {table} SET user_id = :to WHERE user_id = :owner"), {"to": other.id, "owner": owner}
        )
        db.session.commit()
        moved = versions()
        assert moved[0] > first[0] and moved[1] > first[1]
        db.session.execute(text(f"DELETE FROM {table} WHERE user_id = :other"), {"other": other.id})
        db.session.commit()
        deleted = versions()
        assert deleted[0] == moved[0] and deleted[1] > moved[1]


def test_a_day_old_entry_is_not_used_when_the_clock_goes_back_and_forth(learner, clock):
    """An entry is used only from when it was drawn until the day ends."""
    learner.answer_current()
    figures(learner.client)
    clock.advance(days=-1)
    yesterday = figures(learner.client)
    assert yesterday == drawn_afresh(learner.app, learner.client)
    clock.advance(days=1, hours=1)
    assert figures(learner.client) == drawn_afresh(learner.app, learner.client)


def test_class_memberships_and_assigned_quizzes_move_the_version_of_the_class_s_learners(
    learner, loaded_app, make_user, clock
):
    """An assigned quiz's close time is an exam date for the class's learners (answering/exam.py),
    which their kept study and progress pages show: joining or leaving the class and assigning,
    moving, unassigning or deleting the quiz move their version; a learner outside the class and a
    change no page shows (the quiz's title) leave versions alone."""
    import random
    from datetime import timedelta

    from quizapp.auth.accounts import create_account
    from quizapp.classes.service import create_class, join_class
    from quizapp.models import Enrollment, Quiz
    from quizapp.quizzes.service import create_quiz

    outsider = make_user(Role.LEARNER)
    with loaded_app.app_context():
        pupil = db.session.scalar(select(User).where(User.email == "learner@example.org"))
        teacher = create_account("t@example.org", "a long and memorable passphrase", "Ms T", Role.TEACHER)
        classroom = create_class(teacher, "Period 3")
        db.session.commit()

        def versions() -> tuple[int, int]:
            db.session.expire_all()
            return db.session.get(User, pupil.id).progress_version, db.session.get(
                User, outsider.id
            ).progress_version

        def moves(change) -> bool:
            before = versions()
            change()
            db.session.commit()
            after = versions()
            assert after[1] == before[1], "a learner outside the class was bumped"
            return after[0] > before[0]

        assert moves(lambda: join_class(pupil, classroom.join_code))
        quiz = create_quiz(
            classroom, "Unit test", ["history"], ["multiple_choice"], 2, clock.now, random.Random(1)
        )
        db.session.commit()
        quiz_id = quiz.id
        table = Quiz.__table__
        assert moves(lambda: db.session.execute(update(table).values(assigned_at=clock.now)))
        assert moves(
            lambda: db.session.execute(update(table).values(closes_at=clock.now + timedelta(days=8)))
        )
        assert not moves(lambda: db.session.execute(update(table).values(title="Renamed")))
        assert not moves(
            lambda: db.session.execute(update(table).values(closes_at=clock.now + timedelta(days=8)))
        )
        assert moves(lambda: db.session.execute(update(table).values(assigned_at=None)))
        db.session.execute(update(table).values(assigned_at=clock.now))
        db.session.commit()
        assert moves(lambda: db.session.execute(table.delete().where(table.c.id == quiz_id)))
        assert moves(lambda: db.session.execute(Enrollment.__table__.delete()))


def test_a_kept_page_carries_each_session_s_own_token_and_never_a_message(learner, loaded_app):
    """The whole page is kept with the CSRF token it was drawn with: another session of the same
    learner gets its own token (its sign-out form works), and a page with a one-off message is
    neither kept nor served in place of one."""
    learner.answer_current()
    figures(learner.client)
    kept_page_is_reused(loaded_app, learner.client)
    other = loaded_app.test_client()
    AuthActions(other).sign_in(email="learner@example.org")
    other.get("/")  # shows (and so clears) the sign-in's message
    page = other.get("/progress/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert other.post("/study/undo", data={"csrf_token": token}).status_code == 302
    post_form(learner.client, "/settings", {**SETTINGS, "display_name": "Ada L"})
    with_message = learner.client.get("/progress/").get_data(as_text=True)
    assert "Settings saved." in with_message
    assert "Settings saved." not in learner.client.get("/progress/").get_data(as_text=True)
