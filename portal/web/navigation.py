"""The navigation bar's links, chosen by the visitor's role."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from .. import clock
from ..matching.rules import describe_months
from ..models import Role

_LINKS: dict[Role | None, list[tuple[str, str]]] = {
    None: [],
    Role.CANDIDATE: [],
    Role.EMPLOYER: [("employer.dashboard", "Dashboard"), ("employer.team", "Team")],
    Role.RECRUITER: [("employer.dashboard", "Dashboard")],
    Role.ADMIN: [],
}


def nav_links() -> list[tuple[str, str]]:
    """(endpoint, label) pairs for the current visitor."""
    role = current_user.role if current_user.is_authenticated else None
    return _LINKS.get(role, [])


def register_nav_link(role: Role | None, endpoint: str, label: str, *, first: bool = False) -> None:
    """Add a link for ``role`` (blueprints call this when they are imported)."""
    links = _LINKS.setdefault(role, [])
    if (endpoint, label) not in links:
        links.insert(0, (endpoint, label)) if first else links.append((endpoint, label))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["nav_links"] = nav_links
    app.jinja_env.filters["months"] = describe_months
    app.jinja_env.filters["local"] = clock.local  # a stored moment (UTC) in the portal's time zone
    app.jinja_env.filters["last_moment"] = clock.last_moment_of  # a date's last second there (closing dates)
