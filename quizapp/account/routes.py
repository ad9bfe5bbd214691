"""The settings page, and changing the password."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp import srs
from quizapp.account import bp
from quizapp.account.forms import SettingsForm, time_zone_names
from quizapp.answering.exam import EXAM_HORIZON
from quizapp.auth.accounts import clean_display_name, set_password
from quizapp.auth.forms import ChangePasswordForm
from quizapp.auth.sessions import renew_session
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.history.fit_view import latest_fit_summary
from quizapp.models import User
from quizapp.passwords import hash_password, password_problem, verify_password
from quizapp.ratelimits import failed_per_address
from quizapp.srs.day import learner_zone
from quizapp.study.feedback import answer_pace_rows


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(obj=current_user if request.method == "GET" else None)
    if request.method == "GET":
        form.show_easy_days(current_user.easy_days)
    if form.validate_on_submit() and _exam_date_ok(form):
        current_user.display_name = clean_display_name(form.display_name.data)
        current_user.time_zone = form.time_zone.data
        current_user.desired_retention = form.desired_retention.data
        current_user.new_facts_per_day = form.new_facts_per_day.data
        current_user.reviews_per_day = form.reviews_per_day.data
        if form.daily_goal.data is not None:
            current_user.daily_goal = form.daily_goal.data
        if form.slow_answer_percent.data is not None:
            current_user.slow_answer_percent = form.slow_answer_percent.data
        current_user.easy_days = form.easy_days()
        current_user.exam_date = form.exam_date.data
        db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("account.settings"))
    status = 400 if form.errors else 200
    return render_template(
        "account/settings.html",
        form=form,
        answer_pace=answer_pace_rows(current_user.slow_answer_percent),
        time_zones=time_zone_names(),
        last_fit=latest_fit_summary(current_user.id),
        zone=learner_zone(current_user.time_zone),
    ), status


def _exam_date_ok(form: SettingsForm) -> bool:
    """An exam date is today or later in the learner's zone (the one being saved), and within 5 years."""
    chosen = form.exam_date.data
    if chosen is None:
        return True
    today = srs.study_day(utcnow(), form.time_zone.data)
    if chosen < today:
        form.exam_date.errors.append("That date has passed: choose today or a later date, or leave it empty.")
    elif chosen > today + EXAM_HORIZON:
        form.exam_date.errors.append("Choose a date within the next five years.")
    return not form.exam_date.errors


@bp.route("/settings/password", methods=["GET", "POST"])
@login_required
@failed_per_address("SIGN_IN_LIMIT")
def change_password():
    """Change the password, knowing the current one; every other session ends, this one goes on."""
    if current_user.is_guest:
        flash("A guest has no password yet: sign up to choose one.", "info")
        return redirect(url_for("auth.sign_up"))
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user_id, email, stored_hash = current_user.id, current_user.email, current_user.password_hash
        db.session.rollback()  # no transaction is held while the two hashes are computed
        problem = password_problem(form.password.data, current_app.config["PASSWORD_MIN_LENGTH"], email)
        if not verify_password(stored_hash, form.current.data):
            form.current.errors.append("That is not your current password.")
        elif problem:
            form.password.errors.append(problem)
        else:
            password_hash = hash_password(form.password.data)
            g.write_transaction = True
            user = db.session.get(User, user_id, with_for_update=True)
            set_password(user, password_hash)
            db.session.commit()
            renew_session(user)
            flash("Password changed. You stay signed in here; every other device was signed out.", "success")
            return redirect(url_for("account.settings"))
    status = 400 if form.errors else 200
    return render_template("account/password.html", form=form), status
