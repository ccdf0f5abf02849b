"""Employer reports: pipeline, time to fill, applicants, salary, open jobs; CSV and Excel export."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, render_template, request

from ... import clock, pipeline
from ...extensions import db
from ...models import Role
from ...reports import Bar, EmployerReport, Period, bar_chart, report_tables, to_csv, to_xlsx
from ...reports.queries import employer_report
from ..navigation import register_nav_link
from ..security import role_required, staff_org_id
from .forms import ReportPeriodForm
from .routes import bp

register_nav_link(Role.EMPLOYER, "employer.reports", "Reports")
register_nav_link(Role.RECRUITER, "employer.reports", "Reports")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes | str, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # applicant data: not for shared caches
    return response


def _period() -> tuple[ReportPeriodForm, Period]:
    """The period asked for in the query string; all time when none is given or the dates do not make sense."""
    form = ReportPeriodForm(request.args, meta={"csrf": False})
    if not request.args or not form.validate():
        return form, Period()
    return form, Period(form.since.data, form.until.data)


def _period_args(period: Period) -> dict[str, str]:
    """The query string that asks for ``period`` again (for the download links)."""
    args = {}
    if period.since:
        args["since"] = period.since.isoformat()
    if period.until:
        args["until"] = period.until.isoformat()
    return args


def _presets(today: date) -> list[tuple[str, dict[str, str]]]:
    return [
        ("Last 30 days", _period_args(Period(today - timedelta(days=29), today))),
        ("Last 90 days", _period_args(Period(today - timedelta(days=89), today))),
        ("This year", _period_args(Period(date(today.year, 1, 1), today))),
        ("All time", {}),
    ]


def _report(period: Period) -> EmployerReport:
    return employer_report(db.session, staff_org_id(), period=period)


@bp.route("/reports")
@role_required(Role.EMPLOYER, Role.RECRUITER)
def reports() -> str:
    form, period = _period()
    report = _report(period)
    overall = report.funnel[-1]
    charts = {
        "funnel": bar_chart(
            "Pipeline funnel, all jobs",
            [Bar(pipeline.LABELS[s], getattr(overall, s)) for s in pipeline.FUNNEL_STAGES],
            unit="applications",
        ),
        "stage_times": bar_chart(
            "Average days in each stage", [Bar(r.stage, r.average_days) for r in report.stage_times], unit="days"
        ),
        "by_credential": bar_chart(
            "Applicants by credential", [Bar(r.label, r.count) for r in report.by_credential], unit="applicants"
        ),
        "by_source": bar_chart(
            "Applications by source", [Bar(r.label.capitalize(), r.count) for r in report.by_source]
        ),
        "open_jobs": bar_chart("Open jobs by age", [Bar(r.job, r.age_days) for r in report.open_jobs], unit="days"),
    }
    return render_template(
        "employer/reports.html",
        report=report,
        tables={t.key: t for t in report_tables(report)},
        charts=charts,
        label=pipeline.LABELS,
        stages=pipeline.FUNNEL_STAGES,
        form=form,
        period_args=_period_args(report.period),
        presets=_presets(clock.today()),
    )


@bp.route("/reports/<key>.csv")
@role_required(Role.EMPLOYER, Role.RECRUITER)
def report_csv(key: str) -> Response:
    period = _period()[1]
    tables = {t.key: t for t in report_tables(_report(period))}
    if key not in tables:
        abort(404)
    return _download(
        to_csv(tables[key]), f"{key.replace('_', '-')}{_file_suffix(period)}.csv", "text/csv; charset=utf-8"
    )


@bp.route("/reports.xlsx")
@role_required(Role.EMPLOYER, Role.RECRUITER)
def reports_xlsx() -> Response:
    period = _period()[1]
    report = _report(period)
    name = f"reports-{clock.day_of(report.generated_at):%Y-%m-%d}{_file_suffix(period)}.xlsx"
    return _download(to_xlsx(report_tables(report)), name, XLSX_TYPE)


def _file_suffix(period: Period) -> str:
    """ "-applications-2026-01-01-to-2026-03-31" for a period, nothing for all time."""
    if period.is_all_time:
        return ""
    since = period.since.isoformat() if period.since else "start"
    until = period.until.isoformat() if period.until else "now"
    return f"-applications-{since}-to-{until}"
