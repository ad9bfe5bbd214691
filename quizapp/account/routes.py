"""The settings page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp.account import bp
from quizapp.account.forms import SettingsForm
from quizapp.extensions import db
from quizapp.study.feedback import answer_pace_rows


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(obj=current_user if request.method == "GET" else None)
    if form.validate_on_submit():
        current_user.display_name = form.display_name.data.strip()
        current_user.time_zone = form.time_zone.data
        current_user.desired_retention = float(form.desired_retention.data)
        current_user.new_facts_per_day = form.new_facts_per_day.data
        current_user.reviews_per_day = form.reviews_per_day.data
        db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("account.settings"))
    status = 400 if form.errors else 200
    return render_template("account/settings.html", form=form, answer_pace=answer_pace_rows()), status
