"""``flask candidate remind-expiring`` and ``flask retention run``: the profile's scheduled jobs (run them daily)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from ..extensions import db

candidate_cli = AppGroup("candidate", help="Jobs over job seekers' profiles.")
retention_cli = AppGroup("retention", help="Erase data the portal no longer may keep.")


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD.", param_hint="--as-of") from None


@candidate_cli.command("remind-expiring")
@click.option(
    "--as-of", "as_of", metavar="YYYY-MM-DD", help="Act as if today were this date (default: today in PORTAL_TIMEZONE)."
)
def remind_expiring_command(as_of: str | None) -> None:
    """E-mail job seekers whose held credentials expire within 90, 60 or 30 days.

    Each credential is announced once at each of those marks, so running this daily (or twice) sends nothing twice.
    Mail goes through SMTP when PORTAL_MAIL_SMTP_HOST is set, else into the outbox folder.
    """
    from ..services import candidates

    sent = candidates.send_expiry_reminders(_as_of(as_of))
    db.session.commit()
    click.echo(f"Sent {sent} reminder e-mail{'' if sent == 1 else 's'}.")


@retention_cli.command("run")
@click.option(
    "--as-of", "as_of", metavar="YYYY-MM-DD", help="Act as if today were this date (default: today in PORTAL_TIMEZONE)."
)
def retention_run_command(as_of: str | None) -> None:
    """Erase sourced candidates (imported by an organisation, without an account of their own) kept longer than
    their organisation's retention period, with their resume files. Organisations without a period keep theirs.

    Also removes upload files that no resume refers to (left behind when a process died between writing a file and
    saving its row), once they are an hour old."""
    from ..services import candidates

    erased = candidates.purge_expired_sourced(_as_of(as_of))
    db.session.commit()
    click.echo(f"Erased {len(erased)} sourced candidate{'' if len(erased) == 1 else 's'}.")
    orphans = candidates.remove_orphan_files()
    click.echo(f"Removed {len(orphans)} upload file{'' if len(orphans) == 1 else 's'} that no resume refers to.")
