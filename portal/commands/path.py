"""``flask path``: which case-management certifications and licenses a person can go for, and what is missing."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import click

from portal import clock
from portal.errors import CatalogError, InvalidInput
from portal.paths import PathProfile, PathResult, check_paths

HELP = """Check eligibility for CCM, ACM, C-SWCM, C-ASWCM, CMAC and the RN, LPN, LSW, LCSW, LICSW and LISW licenses.

Give the person's degrees, credentials and months of case management experience; for each credential the command says
whether they are eligible now, what is missing, the earliest date they could be eligible (when only months are missing),
and the rule applied with its source and date. Codes are case-insensitive and aliases such as LVN, ACM-RN, LCSW-C,
LISW-S or LGSW are accepted. For licenses, eligible means eligible to apply and sit the exam, so the exam is still
listed as missing. The rules are data (portal/paths/rules.json): correct them there.

\b
Example:
  flask path --degree BSN --credential RN --months 14 --supervised-by-ccm --json
"""


def _parse_as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return clock.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from exc


@click.command("path", help=HELP)
@click.option(
    "--degree",
    "degrees",
    multiple=True,
    metavar="CODE",
    help="A degree held (repeatable): BSN, ADN, MSN, DNP, BSW, MSW, BA, BS, MA, MS, PhD.",
)
@click.option(
    "--credential",
    "credentials",
    multiple=True,
    metavar="CODE",
    help="A license or certification held (repeatable), e.g. RN, LPN, LSW, LMSW, LCSW, CCM, ACM, CRC, CDMS.",
)
@click.option(
    "--months",
    type=int,
    required=True,
    metavar="N",
    help="Months of full-time case management experience (for licenses: supervised post-degree months).",
)
@click.option("--supervised-by-ccm", is_flag=True, help="The case management months were supervised by a CCM.")
@click.option(
    "--supervisor-months",
    type=int,
    default=0,
    show_default=True,
    metavar="N",
    help="Months spent supervising people who provide case management.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    callback=_parse_as_of,
    help="Check as on this date (default: today in PORTAL_TIMEZONE); earliest dates count from it.",
)
@click.option(
    "--code", "codes", multiple=True, metavar="CODE", help="Only report these credentials (repeatable); default: all."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def path(
    degrees: tuple[str, ...],
    credentials: tuple[str, ...],
    months: int,
    supervised_by_ccm: bool,
    supervisor_months: int,
    as_of: date,
    codes: tuple[str, ...],
    as_json: bool,
) -> None:
    """Print each certification path's eligibility for the given person."""
    profile = PathProfile(
        degrees=frozenset(degrees),
        credentials=frozenset(credentials),
        months=months,
        supervised_by_ccm=supervised_by_ccm,
        supervisor_months=supervisor_months,
    )
    try:
        results = check_paths(profile, as_of=as_of, codes=codes or None)
    except InvalidInput as exc:
        raise click.UsageError(_option_message(exc)) from exc
    except CatalogError as exc:
        raise click.ClickException(f"the certification-path rules are invalid: {exc}") from exc
    if as_json:
        click.echo(json.dumps([result_as_json(r, as_of) for r in results], indent=2))
    else:
        click.echo(render_table(results, as_of))


_OPTION_FOR_FIELD = {
    "degrees": "--degree",
    "credentials": "--credential",
    "months": "--months",
    "supervisor_months": "--supervisor-months",
    "codes": "--code",
}


def _option_message(exc: InvalidInput) -> str:
    option = _OPTION_FOR_FIELD.get(exc.field or "")
    base = Exception.__str__(exc)
    return f"{option}: {base}" if option else str(exc)


def result_as_json(result: PathResult, checked_on: date) -> dict[str, Any]:
    """Return one result as JSON; ``as_of`` is the date the rule was read, ``checked_on`` the date of the check."""
    return {
        "code": result.code,
        "name": result.name,
        "eligible": result.eligible,
        "missing": list(result.missing),
        "earliest": result.earliest.isoformat() if result.earliest else None,
        "rule": result.rule,
        "source": result.source,
        "as_of": result.as_of.isoformat(),
        "notes": list(result.notes),
        "checked_on": checked_on.isoformat(),
    }


def render_table(results: list[PathResult], checked_on: date) -> str:
    """Return a readable report: one summary line per credential, then what is missing, the rule and its source."""
    lines = [f"Certification paths as of {checked_on.isoformat()}", ""]
    width = max([4, *(len(r.code) for r in results)])
    lines.append(f"{'CODE'.ljust(width)}  ELIGIBLE  EARLIEST    NAME")
    for r in results:
        earliest = r.earliest.isoformat() if r.earliest else "-"
        lines.append(f"{r.code.ljust(width)}  {'yes' if r.eligible else 'no':<8}  {earliest:<10}  {r.name}")
    for r in results:
        lines += ["", f"{r.code} ({r.name}): {'eligible' if r.eligible else 'not eligible yet'}"]
        lines += [f"  missing: {item}" for item in r.missing]
        lines += [f"  note: {note}" for note in r.notes]
        lines.append(f"  rule: {r.rule}")
        lines.append(f"  source: {r.source} (checked {r.as_of.isoformat()})")
    return "\n".join(lines)
