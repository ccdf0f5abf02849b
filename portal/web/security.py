"""Who may do what: the log-in loader and the one decorator every protected view uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from ..extensions import db, login_manager
from ..models import Role, User

F = TypeVar("F", bound=Callable[..., Any])

login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to open that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Find the user of a session; a session from before a password change or log-out-everywhere is refused."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


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
