"""Sign-up, log-in, log-out, password change and reset, and accepting a recruiter invitation."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ...errors import InvalidInput
from ...extensions import db, limiter
from ...models import Role, User
from ...services import accounts
from ...services.mail import send_mail
from ..security import end_session, external_url, start_session
from .forms import (
    AcceptInvitationForm,
    LoginForm,
    PasswordChangeForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)

bp = Blueprint("auth", __name__, url_prefix="/account")
log = logging.getLogger(__name__)


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _home_for(user: User) -> str:
    if user.role in (Role.EMPLOYER, Role.RECRUITER):
        return url_for("employer.dashboard")
    if user.role == Role.ADMIN:
        return url_for("admin.index")
    return url_for("public.index")


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths are followed after log-in, never another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _mail_link(user: User, endpoint: str, token: str, compose: Callable[[User, str], tuple[str, str]]) -> bool:
    """E-mail ``user`` a link to ``endpoint`` with ``token``, written by ``compose``; False when the mail server
    failed (logged, not shown: the page says the same either way)."""
    subject, body = compose(user, external_url(endpoint, token=token))
    try:
        send_mail(user.email, subject, body)
    except OSError:
        log.exception("Could not send %r to user %s", subject, user.id)
        return False
    return True


def _send_confirmation(user: User) -> None:
    """E-mail ``user`` the link that confirms their address."""
    _mail_link(user, "auth.confirm_email", accounts.email_confirmation_token(user), accounts.confirmation_mail)


def _show_field_error(form: object, exc: InvalidInput) -> None:
    field = getattr(form, exc.field or "", None)
    if field is not None:
        field.errors = [*field.errors, str(exc.args[0])]
    else:
        flash(str(exc.args[0]), "danger")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def signup() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            if form.account_type.data == "employer":
                user = accounts.sign_up_employer(
                    email=form.email.data,
                    password=form.password.data,
                    name=form.name.data,
                    organization_name=form.organization.data,
                )
            else:
                user = accounts.create_user(
                    email=form.email.data, password=form.password.data, name=form.name.data, role=Role.CANDIDATE
                )
        except InvalidInput as exc:
            db.session.rollback()
            log.info("Sign-up refused for %r: %s", form.email.data, exc)
            _show_field_error(form, exc)
        else:
            start_session(user)  # one commit: the account and its first log-in session together
            _send_confirmation(user)
            flash(f"Welcome! Your account is ready. We have sent a link to {user.email} to confirm it.", "success")
            return redirect(_home_for(user))
    return render_template("auth/signup.html", form=form), 200 if request.method == "GET" or not form.errors else 422


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        email = (form.email.data or "").strip().lower()
        user = accounts.authenticate(email, form.password.data or "")
        if user is not None:
            start_session(user)
            return redirect(_safe_next(request.args.get("next")) or _home_for(user))
        log.info("Failed log-in for %r from %s", email, request.remote_addr)
        # The same message whether the address exists or not, so the form does not reveal who has an account.
        form.password.errors = ["The e-mail address or the password is not right."]
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    end_session()
    flash("You are logged out.", "info")
    return redirect(url_for("public.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response | tuple[str, int]:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, current=form.current_password.data, new=form.new_password.data)
        except InvalidInput as exc:
            db.session.rollback()
            _show_field_error(form, exc)
        else:
            db.session.commit()
            start_session(current_user._get_current_object())
            flash("Your password is changed. Other devices have been logged out.", "success")
            return redirect(_home_for(current_user))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/password.html", form=form), status


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def request_reset() -> str | Response | tuple[str, int]:
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data or "")
        if user is not None and user.active:
            token = accounts.password_reset_token(user)
            if _mail_link(user, "auth.reset_password", token, accounts.reset_link_mail):
                log.info("Password reset link sent to user %s", user.id)
        else:
            log.info("Password reset asked for %r: no active account", form.email.data)
        # The same answer either way, so the form does not reveal who has an account.
        flash(
            "If an account uses that address, we have sent it a link to choose a new password. "
            f"The link works for {accounts.RESET_LINK_MINUTES} minutes. Check your spam folder if it does not arrive.",
            "info",
        )
        return redirect(url_for("auth.login"))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/reset_request.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    user = accounts.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_expired.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(user, form.password.data or "")
        except InvalidInput as exc:
            db.session.rollback()
            _show_field_error(form, exc)
        else:
            start_session(user)  # commits the new password with the new session
            flash("Your password is changed, and you are logged in. Other devices have been logged out.", "success")
            return redirect(_home_for(user))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/reset.html", form=form, user=user), status


@bp.route("/confirm/<token>")
def confirm_email(token: str) -> str | Response | tuple[str, int]:
    user = accounts.confirm_email(token)
    if user is None:
        return render_template("auth/confirm_expired.html", days=accounts.CONFIRM_LINK_DAYS), 404
    db.session.commit()
    flash("Your e-mail address is confirmed.", "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(_home_for(user))
    return redirect(url_for("auth.login"))


@bp.route("/confirm/resend", methods=["POST"])
@login_required
@limiter.limit(_login_limit)
def resend_confirmation() -> Response:
    user = current_user._get_current_object()
    if user.email_confirmed_at is None:
        _send_confirmation(user)
        flash(f"We have sent a new link to {user.email}. It works for {accounts.CONFIRM_LINK_DAYS} days.", "info")
    else:
        flash("Your e-mail address is already confirmed.", "info")
    return redirect(_safe_next(request.form.get("next")) or _home_for(user))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def accept_invitation(token: str) -> str | Response | tuple[str, int]:
    invitation = accounts.open_invitation(token)
    if invitation is None:
        abort(404)
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = accounts.accept_invitation(invitation, name=form.name.data, password=form.password.data)
        except InvalidInput as exc:
            db.session.rollback()
            _show_field_error(form, exc)
        else:
            db.session.commit()
            start_session(user)
            _send_confirmation(user)
            flash(f"Welcome to {invitation.organization.name}.", "success")
            return redirect(_home_for(user))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/invitation.html", form=form, invitation=invitation), status
