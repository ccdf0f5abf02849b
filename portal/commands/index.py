"""``flask index``: rebuild the search indexes from the database, or check that they agree with it."""

from __future__ import annotations

import click
from flask.cli import AppGroup

index_cli = AppGroup("index", help="Rebuild or check the on-disk Whoosh indexes (jobs and candidates).")


def _maintainers() -> list[tuple[str, object]]:
    """(name, module) pairs; each module has rebuild_index() -> int and check_index() -> list[str]."""
    from ..services import candidate_search, job_search

    return [("jobs", job_search), ("candidates", candidate_search)]


@index_cli.command("rebuild")
def rebuild_command() -> None:
    """Rebuild every index from the database (safe while the portal runs: writers wait their turn)."""
    for name, module in _maintainers():
        count = module.rebuild_index()  # type: ignore[attr-defined]
        click.echo(f"{name}: {count} documents indexed")


@index_cli.command("check")
def check_command() -> None:
    """List every difference between the indexes and the database; exit 1 when there is one."""
    problems = []
    for name, module in _maintainers():
        problems += [f"{name}: {problem}" for problem in module.check_index()]  # type: ignore[attr-defined]
    for problem in problems:
        click.echo(problem)
    if problems:
        raise SystemExit(1)
    click.echo("Indexes agree with the database.")
