"""Sign up, sign in, sign out, trying the app as a guest, and resetting a forgotten password."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from quizapp.auth import bp
from quizapp.auth.access import is_safe_next
from quizapp.auth.accounts import (
    AccountError,
    authenticate,
    create_account,
    create_guest,
    end_all_sessions,
    record_sign_in,
    set_password,
)
from quizapp.auth.forms import ConfirmForm, ForgotPasswordForm, ResetPasswordForm, SignInForm, SignUpForm
from quizapp.auth.guests import guest_progress
from quizapp.auth.notices import account_exists_mail, mail_reset_link_if_account, reset_link_prefix
from quizapp.auth.recovery import user_for_reset_token
from quizapp.auth.sessions import start_session
from quizapp.classes.service import class_of_join_link, join_by_link
from quizapp.clock import account_now
from quizapp.extensions import db
from quizapp.mail import after_response, mail_is_configured, send, where_mail_goes
from quizapp.passwords import hash_password, password_problem
from quizapp.ratelimits import failed_per_account, failed_per_address, per_address, per_email


def _after_sign_in(next_url: str | None):
    return redirect(next_url if is_safe_next(next_url) else url_for("main.home"))


@bp.route("/signup", methods=["GET", "POST"])
@per_address("SIGN_UP_LIMIT")
@per_email("SIGN_UP_EMAIL_LIMIT")
def sign_up():
    g.write_transaction = False  # reads until the password is hashed; _create_account takes the lock
    if current_user.is_authenticated and not current_user.is_guest:
        flash("You are already signed in.", "info")
        return redirect(url_for("main.home"))
    form = SignUpForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        problem = password_problem(
            form.password.data, current_app.config["PASSWORD_MIN_LENGTH"], form.email.data
        )
        if problem:
            form.password.errors.append(problem)
        else:
            return _create_account(form)
    status = 400 if form.errors else 200
    joining = class_of_join_link(form.next.data)
    return render_template("auth/sign_up.html", form=form, joining=joining), status


def _create_account(form: SignUpForm):
    """Create the account; for an address that has one, answer alike and tell its owner by mail.

    The page never says whether an address is taken: the same message follows either way, and
    the owner of a taken address gets a mail saying someone tried (with a reset link).
    """
    guest = current_user._get_current_object() if current_user.is_authenticated else None
    db.session.rollback()  # no transaction is open while the password is hashed
    password_hash = hash_password(form.password.data)
    g.write_transaction = True
    try:
        user = create_account(
            form.email.data, "", form.display_name.data, password_hash=password_hash, guest=guest
        )
    except AccountError:
        db.session.rollback()
        send(account_exists_mail(form.email.data))
        flash(_welcome(form.email.data), "success")
        # Answered as for a new address; whoever owns it signs in and still goes where they were going.
        if is_safe_next(form.next.data):
            return redirect(url_for("auth.sign_in", next=form.next.data))
        return redirect(url_for("main.home"))
    record_sign_in(user)
    joined = join_by_link(user, form.next.data)
    db.session.commit()
    start_session(user)
    if guest is not None:
        flash("Account created. Everything you did as a guest is kept.", "success")
    flash(_welcome(form.email.data), "success")
    if joined is not None:
        flash(f"You joined “{joined.name}”.", "success")
        return redirect(url_for("classes.index"))
    return _after_sign_in(form.next.data)


def _welcome(email: str) -> str:
    return (
        f"Thanks for signing up with {email.strip().lower()}. If that address already had an account, "
        "we have sent it a message instead: sign in, or reset the password."
    )


@bp.route("/signin", methods=["GET", "POST"])
@failed_per_address("SIGN_IN_LIMIT")
@failed_per_account("SIGN_IN_ACCOUNT_LIMIT")
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
            start_session(user, remember=form.remember.data)
            flash(f"Signed in as {user.display_name}.", "success")
            return _after_sign_in(form.next.data)
    status = 400 if form.errors else 200
    joining = class_of_join_link(form.next.data)
    return render_template("auth/sign_in.html", form=form, joining=joining), status


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
@per_address("SIGN_UP_LIMIT")
def try_as_guest():
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("main.home"))
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    guest = create_guest()
    db.session.commit()
    start_session(guest, remember=True)
    flash("You are trying quizapp as a guest. Sign up at any time to keep your progress.", "info")
    return redirect(url_for("main.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@per_address("PASSWORD_RESET_LIMIT")
@per_email("PASSWORD_RESET_EMAIL_LIMIT")
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The address is looked up after the response, so its timing cannot tell whether it has an account.
        valid_for = timedelta(hours=current_app.config["PASSWORD_RESET_HOURS"])
        after_response(
            mail_reset_link_if_account, form.email.data, valid_for, account_now(), reset_link_prefix()
        )
        return render_template(
            "auth/reset_sent.html",
            email=form.email.data.strip().lower(),
            hours=current_app.config["PASSWORD_RESET_HOURS"],
            mail=where_mail_goes(),
            mail_configured=mail_is_configured(),
        )
    status = 400 if form.errors else 200
    page = render_template(
        "auth/forgot_password.html", form=form, mail=where_mail_goes(), mail_configured=mail_is_configured()
    )
    return page, status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@per_address("PASSWORD_RESET_LIMIT")
def reset_password(token: str):
    """Choose a new password from a mailed (or admin's) link; it works once, until it expires."""
    g.write_transaction = False  # read first; the write below takes the lock after hashing
    user = user_for_reset_token(token, account_now())
    if user is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        problem = password_problem(form.password.data, current_app.config["PASSWORD_MIN_LENGTH"], user.email)
        if problem:
            form.password.errors.append(problem)
        else:
            db.session.rollback()
            password_hash = hash_password(form.password.data)  # outside any transaction
            g.write_transaction = True
            user = user_for_reset_token(token, account_now(), lock=True)
            if user is None:  # used by someone else while this password was being hashed
                db.session.rollback()
                return render_template("auth/reset_invalid.html"), 404
            set_password(user, password_hash)
            record_sign_in(user)
            db.session.commit()
            start_session(user)
            flash(
                "Your password is changed and you are signed in. Every other session was signed out.",
                "success",
            )
            return redirect(url_for("main.home"))
    status = 400 if form.errors else 200
    return render_template("auth/reset_password.html", form=form, email=user.email), status
