"""Who may do what: the log-in loader and the one decorator every protected view uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, session, url_for
from flask_login import current_user, login_user, logout_user

from ..extensions import db, login_manager
from ..models import Role, User
from ..services import accounts

F = TypeVar("F", bound=Callable[..., Any])

login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to open that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


SESSION_TOKEN_KEY = "login_token"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Find the user of a session; a session ended on the server (log-out, password change) is refused."""
    token = session.get(SESSION_TOKEN_KEY)
    if not user_id.isdigit() or not isinstance(token, str):
        return None
    if not accounts.login_session_is_open(int(user_id), token):
        return None
    return db.session.get(User, int(user_id))


def start_session(user: User) -> None:
    """Log ``user`` in with a brand-new session: nothing from before survives (no fixation). Commits."""
    session.clear()
    token = accounts.start_login_session(user)
    db.session.commit()
    session[SESSION_TOKEN_KEY] = token
    login_user(user)


def end_session() -> None:
    """Log out: the session ends on the server too, so a copy of the cookie is worthless. Commits."""
    token = session.get(SESSION_TOKEN_KEY)
    if isinstance(token, str):
        accounts.end_login_session(token)
        db.session.commit()
    logout_user()
    session.clear()


def role_required(*roles: Role) -> Callable[[F], F]:
    """Let a view run only for logged-in users with one of ``roles``: others are sent to log in, or refused (403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def staff_org_id() -> int:
    """The organisation of the logged-in employer admin or recruiter (views guarded by role_required)."""
    org_id = current_user.organization_id
    if org_id is None:
        abort(403)
    return int(org_id)


def external_url(endpoint: str, **values: Any) -> str:
    """The full address of a page for links that leave the site (e-mails, search-engine data, invitations).

    It starts with PORTAL_PUBLIC_URL when that is set, never with the Host header a client sent, so a forged header
    cannot point a reset link or a cached job page's data at another site.
    """
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return f"{public}{url_for(endpoint, **values)}"
    return url_for(endpoint, _external=True, **values)
