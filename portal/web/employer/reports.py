"""Employer reports: pipeline, time to fill, applicants, salary, open jobs; CSV and Excel export."""

from __future__ import annotations

from flask import Response, abort, render_template

from ... import pipeline
from ...extensions import db
from ...models import Role
from ...reports import Bar, bar_chart, report_tables, to_csv, to_xlsx
from ...reports.queries import employer_report
from ..navigation import register_nav_link
from ..security import role_required, staff_org_id
from .routes import bp

register_nav_link(Role.EMPLOYER, "employer.reports", "Reports")
register_nav_link(Role.RECRUITER, "employer.reports", "Reports")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes | str, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # applicant data: not for shared caches
    return response


@bp.route("/reports")
@role_required(Role.EMPLOYER, Role.RECRUITER)
def reports() -> str:
    report = employer_report(db.session, staff_org_id())
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
    )


@bp.route("/reports/<key>.csv")
@role_required(Role.EMPLOYER, Role.RECRUITER)
def report_csv(key: str) -> Response:
    tables = {t.key: t for t in report_tables(employer_report(db.session, staff_org_id()))}
    if key not in tables:
        abort(404)
    return _download(to_csv(tables[key]), f"{key.replace('_', '-')}.csv", "text/csv; charset=utf-8")


@bp.route("/reports.xlsx")
@role_required(Role.EMPLOYER, Role.RECRUITER)
def reports_xlsx() -> Response:
    report = employer_report(db.session, staff_org_id())
    return _download(to_xlsx(report_tables(report)), f"reports-{report.generated_at:%Y-%m-%d}.xlsx", XLSX_TYPE)
