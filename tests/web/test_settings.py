"""The settings page keeps what a learner chooses and refuses what makes no sense."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import post_form

GOOD = {
    "display_name": "Ada L.",
    "time_zone": "America/Sao_Paulo",
    "desired_retention": "0.85",
    "new_facts_per_day": "15",
    "reviews_per_day": "150",
    "slow_answer_percent": "150",
}


def test_settings_need_sign_in(client):
    response = client.get("/settings")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=")


def test_settings_are_saved(client, auth, app):
    auth.sign_up()
    response = post_form(client, "/settings", GOOD, follow_redirects=True)
    assert "Settings saved." in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.query(User).one()
        assert (user.display_name, user.time_zone) == ("Ada L.", "America/Sao_Paulo")
        assert user.desired_retention == pytest.approx(0.85)
        assert (user.new_facts_per_day, user.reviews_per_day) == (15, 150)
        assert user.slow_answer_percent == 150


@pytest.mark.parametrize("typed", ["85", "85 %", "85%", "0.85", "0,85"])
def test_retention_is_accepted_as_a_percentage_or_a_fraction_and_shown_as_a_percentage(
    client, auth, app, typed
):
    auth.sign_up()
    response = post_form(client, "/settings", {**GOOD, "desired_retention": typed}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Settings saved." in page
    assert 'name="desired_retention" required type="text" value="85"' in page
    assert "Desired retention (%)" in page
    with app.app_context():
        assert db.session.query(User).one().desired_retention == pytest.approx(0.85)


def test_the_time_zone_is_searchable_and_checked_against_zoneinfo(client, auth, app):
    auth.sign_up()
    page = client.get("/settings").get_data(as_text=True)
    assert 'list="time-zone-list"' in page
    assert '<option value="Europe/Paris">' in page and '<option value="America/Sao_Paulo">' in page
    assert "answers given after midnight but before 4 a.m. count to the day before" in page
    response = post_form(
        client, "/settings", {**GOOD, "time_zone": " America/Sao Paulo "}, follow_redirects=True
    )
    assert "Settings saved." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(User).one().time_zone == "America/Sao_Paulo"


def test_the_daily_limits_say_what_they_limit(client, auth):
    auth.sign_up()
    page = client.get("/settings").get_data(as_text=True)
    assert "How many facts you have never seen each study day may begin" in page
    assert "The most reviews of facts you already know in one study day" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("desired_retention", "1.5", "between 70 and 97 percent"),
        ("desired_retention", "0.5", "between 70 and 97 percent"),
        ("desired_retention", "98 %", "between 70 and 97 percent"),
        ("desired_retention", "abc", "between 70 and 97 percent, such as 90"),
        ("desired_retention", "nan", "between 70 and 97 percent, such as 90"),
        ("desired_retention", "", "between 70 and 97 percent, such as 90"),
        ("new_facts_per_day", "-1", "between 0 and 500"),
        ("reviews_per_day", "999999", "between 0 and 5000"),
        ("time_zone", "Mars/Olympus_Mons", "Choose a time zone from the list"),
        ("time_zone", "", "Choose a time zone, such as Europe/Paris."),
        ("display_name", "", "what to call you"),
        ("slow_answer_percent", "1000", "between 50 and 400 percent"),
        ("slow_answer_percent", "abc", "between 50 and 400"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(client, auth, app, field, value, message):
    auth.sign_up()
    response = post_form(client, "/settings", {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.query(User).one()
        assert user.time_zone == "UTC"
        assert user.new_facts_per_day == 20


HIDDEN_CONTROLS = [
    "Ada\u202eevil",  # right-to-left override: the rest of the name reads backwards
    "Ada\u2066x\u2069",  # a directional isolate
    "Ada\u200f",  # an invisible right-to-left mark
    "Ada\x1b[31m",  # a terminal escape
    "Ada\x00",
    "Ada\u2028Lovelace",  # a line separator
]


@pytest.mark.parametrize("name", HIDDEN_CONTROLS)
def test_display_names_with_control_or_direction_characters_are_refused(client, auth, app, name):
    auth.sign_up()
    response = post_form(client, "/settings", {**GOOD, "display_name": name})
    assert response.status_code == 400
    assert "control or text-direction characters" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(User).one().display_name == "Ada"


@pytest.mark.parametrize("name", HIDDEN_CONTROLS)
def test_sign_up_refuses_them_too(client, app, name):
    response = post_form(
        client,
        "/signup",
        {
            "display_name": name,
            "email": "ada@example.org",
            "password": "a long passphrase",
            "confirm": "a long passphrase",
        },
    )
    assert response.status_code == 400
    assert "control or text-direction characters" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_names_from_the_command_line_are_stripped_of_them(runner, app):
    result = runner.invoke(
        args=["users", "create", "ada@example.org", "--name", "Ada\u202e Lovelace\x07"],
        env={"QUIZAPP_NEW_PASSWORD": "a long passphrase"},
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.query(User).one().display_name == "Ada Lovelace"


def test_ordinary_names_in_any_script_are_kept(client, auth, app):
    auth.sign_up()
    name = "Zoë 李 محمد 👩‍🔬"  # accents, CJK, Arabic and an emoji joined by zero-width joiners
    assert post_form(client, "/settings", {**GOOD, "display_name": name}).status_code == 302
    with app.app_context():
        assert db.session.query(User).one().display_name == name


def test_lighter_days_are_saved_shown_again_and_all_normal_is_stored_as_none(client, auth, app):
    auth.sign_up()
    page = client.get("/settings").get_data(as_text=True)
    assert "Lighter days" in page and 'id="easy_saturday"' in page
    chosen = {"easy_saturday": "50", "easy_sunday": "0"}
    response = post_form(client, "/settings", {**GOOD, **chosen}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Settings saved." in page
    assert '<option selected value="50">Reduced (about half)</option>' in page.split('id="easy_saturday"')[1]
    with app.app_context():
        assert db.session.query(User).one().easy_days == [100, 100, 100, 100, 100, 50, 0]
    post_form(client, "/settings", {**GOOD, "easy_saturday": "100", "easy_sunday": "100"})
    with app.app_context():
        assert db.session.query(User).one().easy_days is None


def test_a_form_without_lighter_days_leaves_every_day_normal(client, auth, app):
    auth.sign_up()
    assert post_form(client, "/settings", GOOD).status_code == 302
    with app.app_context():
        assert db.session.query(User).one().easy_days is None


def test_an_unknown_day_load_is_refused_and_nothing_changes(client, auth, app):
    auth.sign_up()
    response = post_form(client, "/settings", {**GOOD, "easy_monday": "75"})
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.query(User).one()
        assert user.easy_days is None and user.time_zone != "America/Sao_Paulo"


def test_the_settings_page_says_when_the_schedule_was_last_personalised(client, auth, app):
    from quizapp.models import ScheduleFit
    from quizapp.srs.scheduler import SchedulerSettings, effective_parameters
    from tests.srs.histories import AFTER

    auth.sign_up()
    assert "Not personalised yet" in client.get("/settings").get_data(as_text=True)
    with app.app_context():
        user = db.session.query(User).one()
        db.session.add(
            ScheduleFit(
                user_id=user.id,
                tried_at=AFTER,
                trigger="automatic: first fit: 420 reviews",
                review_count=420,
                heldout_count=105,
                old_log_loss=0.5,
                new_log_loss=0.4,
                old_rmse=0.2,
                new_rmse=0.1,
                new_parameters=[0.5, 1.0, 3.0, 10.0, *effective_parameters(SchedulerSettings())[4:]],
                applied=True,
                outcome="applied",
            )
        )
        db.session.commit()
    page = client.get("/settings").get_data(as_text=True)
    assert "Last personalised" in page and "7 Mar 2026" in page
    assert "0.5000 with the parameters in use, 0.4000 with the fitted ones" in page
    assert "Your personal parameters are now in use." in page
