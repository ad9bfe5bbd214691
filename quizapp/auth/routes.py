"""Sign up, sign in, sign out, and trying the app as a guest."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from quizapp.auth import bp
from quizapp.auth.access import is_safe_next
from quizapp.auth.accounts import (
    AccountError,
    authenticate,
    create_account,
    create_guest,
    end_all_sessions,
    record_sign_in,
)
from quizapp.auth.forms import ConfirmForm, SignInForm, SignUpForm
from quizapp.auth.guests import guest_progress
from quizapp.extensions import db, limiter
from quizapp.passwords import hash_password, password_problem


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT"]


def _sign_up_limit() -> str:
    return current_app.config["SIGN_UP_LIMIT"]


def _start_session(user, remember: bool = False) -> None:
    """Begin a fresh session: drop whatever the old cookie carried, then sign in."""
    session.clear()
    login_user(user, remember=remember)
    session.permanent = True


def _after_sign_in(next_url: str | None):
    return redirect(next_url if is_safe_next(next_url) else url_for("main.home"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_sign_up_limit, methods=["POST"])
def sign_up():
    form = SignUpForm()
    if form.validate_on_submit():
        problem = password_problem(
            form.password.data, current_app.config["PASSWORD_MIN_LENGTH"], form.email.data
        )
        if problem:
            form.password.errors.append(problem)
        else:
            password_hash = hash_password(form.password.data)  # before the write lock is taken
            guest = current_user if current_user.is_authenticated and current_user.is_guest else None
            if current_user.is_authenticated and not current_user.is_guest:
                flash("You are already signed in.", "info")
                return redirect(url_for("main.home"))
            try:
                user = create_account(
                    form.email.data,
                    "",
                    form.display_name.data,
                    password_hash=password_hash,
                    guest=guest,
                )
            except AccountError as error:
                db.session.rollback()
                form.email.errors.append(str(error))
            else:
                record_sign_in(user)
                db.session.commit()
                _start_session(user)
                if guest is not None:
                    flash("Account created. Everything you did as a guest is kept.", "success")
                else:
                    flash("Welcome to quizapp! Your account is ready.", "success")
                return redirect(url_for("main.home"))
    status = 400 if form.errors else 200
    return render_template("auth/sign_up.html", form=form), status


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    form = SignInForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("Wrong email or password.")
        else:
            record_sign_in(user)
            db.session.commit()
            _start_session(user, remember=form.remember.data)
            flash(f"Signed in as {user.display_name}.", "success")
            return _after_sign_in(form.next.data)
    status = 400 if form.errors else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.route("/signout", methods=["POST"])
def sign_out():
    form = ConfirmForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        if current_user.is_guest and request.form.get("lose_guest_progress") != "yes":
            # A guest who signs out can never come back: warn, and offer the account first.
            return render_template(
                "auth/sign_out_guest.html", form=ConfirmForm(), progress=guest_progress(current_user)
            )
        # Guests too: a guest has no password, so a copied guest cookie would be theirs for good.
        end_all_sessions(current_user)
        db.session.commit()
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
    return redirect(url_for("main.home"))


@bp.route("/guest", methods=["POST"])
@limiter.limit(_sign_up_limit, methods=["POST"])
def try_as_guest():
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("main.home"))
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    guest = create_guest()
    db.session.commit()
    _start_session(guest, remember=True)
    flash("You are trying quizapp as a guest. Sign up at any time to keep your progress.", "info")
    return redirect(url_for("main.home"))
