"""Commands for administrators and scripts: ``flask --app portal <command>``."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from .config import SETTINGS
from .errors import InvalidInput
from .extensions import db
from .models import Role
from .services import accounts

user_cli = AppGroup("user", help="Manage user accounts.")


@user_cli.command("create")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="admin: site administrator; employer: employer administrator; recruiter; candidate: job seeker.",
)
@click.option("--organization", metavar="NAME", help="Organisation of an employer or recruiter (created if new).")
@click.option("--name", default="", help="The person's full name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt.")
@click.argument("email")
def create_user_command(role: str, organization: str | None, name: str, password_stdin: bool, email: str) -> None:
    """Create a user with e-mail EMAIL.

    The password is asked for at a prompt (typed twice), or read from the first line of standard input with
    --password-stdin. Employers and recruiters need --organization.
    """
    chosen = Role(role)
    if chosen in (Role.EMPLOYER, Role.RECRUITER) and not organization:
        raise click.UsageError(f"A {chosen.value} belongs to an organisation: give --organization NAME.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    org = accounts.find_or_create_organization(organization) if organization else None
    try:
        user = accounts.create_user(
            email=email, password=password, role=chosen, name=name, organization=org, confirmed=True
        )
    except InvalidInput as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email} (id {user.id})" + (f" in {org.name}" if org else ""))


def _set_active(email: str, active: bool) -> None:
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"No account has the e-mail address {email}.")
    accounts.set_active(user, active)
    db.session.commit()
    click.echo(f"{'Restored' if active else 'Suspended'} {user.role.value} {user.email} (id {user.id})")


@user_cli.command("suspend")
@click.argument("email")
def suspend_user_command(email: str) -> None:
    """Suspend the account with e-mail EMAIL: it cannot log in, and its open sessions end at once."""
    _set_active(email, False)


@user_cli.command("restore")
@click.argument("email")
def restore_user_command(email: str) -> None:
    """Let the suspended account with e-mail EMAIL log in again."""
    _set_active(email, True)


@click.command("settings")
def settings_command() -> None:
    """Print the settings table (environment variable, default, meaning) as Markdown."""
    click.echo("| Environment variable | Default | Meaning |")
    click.echo("|---|---|---|")
    for setting in SETTINGS:
        default = "(see meaning)" if setting.default is None else f"`{setting.default}`"
        if setting.name == "SEARCH_INDEX_DIR":
            default = "`search_index/`"
        click.echo(f"| `PORTAL_{setting.name}` | {default} | {setting.help} |")


def register(app: Flask) -> None:
    """Attach every command group to the app's ``flask`` command."""
    from . import demo
    from .commands import index, job, path

    app.cli.add_command(user_cli)
    app.cli.add_command(settings_command)
    app.cli.add_command(demo.demo_cli)
    app.cli.add_command(path.path)
    app.cli.add_command(index.index_cli)
    from .commands import candidate

    app.cli.add_command(candidate.candidate_cli)
    app.cli.add_command(candidate.retention_cli)
    app.cli.add_command(job.job)
    from .commands import match, resume_import  # resume_import attaches "import" to the resume group

    app.cli.add_command(match.match_command)
    app.cli.add_command(resume_import.resume)
    from .commands.resume import catalog

    app.cli.add_command(catalog)
