"""The portal's clock: one idea of "today", in the portal's time zone (``PORTAL_TIMEZONE``).

Moments are stored as naive UTC (``models.base.utcnow``). Days are not: a job "valid through 30 November" stays open
until that day ends where the portal's users are, a credential that expires today is still held today, and a report
for "1 to 30 November" counts what arrived on those days on their clock. Every such decision, and every date shown
from a stored moment, goes through this module, so they agree with one another whatever zone the server runs in.

Call these as ``clock.today()`` (not ``from portal.clock import today``) so that tests can set the clock in one place.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

from .models.base import utcnow

DEFAULT_TIMEZONE = "America/New_York"


def zone_named(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (e.g. ``America/Chicago``); ValueError when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not an IANA time zone name such as America/New_York or UTC.") from None


def zone() -> ZoneInfo:
    """The portal's time zone (the app's setting; the default outside an app, e.g. in a parser benchmark)."""
    name = current_app.config.get("TIMEZONE") if has_app_context() else None
    return zone_named(name or DEFAULT_TIMEZONE)


def now() -> datetime:
    """This moment, as naive UTC: the form in which the database stores moments."""
    return utcnow()


def local(moment: datetime) -> datetime:
    """A stored moment (naive UTC) as an aware datetime in the portal's time zone."""
    return moment.replace(tzinfo=UTC).astimezone(zone())


def today() -> date:
    """Today's date in the portal's time zone."""
    return local(now()).date()


def day_in(moment: datetime, zone: tzinfo) -> date:
    """The date in ``zone`` on which a stored moment (naive UTC) fell (for code that is handed its zone)."""
    return moment.replace(tzinfo=UTC).astimezone(zone).date()


def start_in(day: date, zone: tzinfo) -> datetime:
    """The moment (naive UTC) at which ``day`` begins in ``zone`` (for code that is handed its zone)."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def day_of(moment: datetime) -> date:
    """The date, in the portal's time zone, on which a stored moment (naive UTC) fell."""
    return day_in(moment, zone())


def last_moment_of(day: date) -> datetime:
    """The last second of ``day`` in the portal's time zone, as an aware datetime (e.g. a job's closing moment)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone())


def zone_name() -> str:
    """The portal's time zone as configured, e.g. ``America/New_York``."""
    return zone().key


def start_of(day: date) -> datetime:
    """The moment (naive UTC) at which ``day`` begins in the portal's time zone."""
    return start_in(day, zone())
