"""The report arithmetic over plain facts (pure: no Flask, no database), and each report as an exportable table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, tzinfo

from portal import pipeline
from portal.clock import day_in
from portal.errors import CatalogError, InvalidInput
from portal.jobs import benchmark_for_template, compare_salary
from portal.reports.model import (
    ALL_TIME,
    ApplicationFacts,
    CountRow,
    EmployerReport,
    FunnelRow,
    JobFacts,
    OpenJobRow,
    Period,
    SalaryRow,
    StageTimeRow,
    Table,
    TimeToFillRow,
)

SOURCES: tuple[str, ...] = ("applied", "sourced", "discovered")
SECONDS_PER_DAY = 86_400
NO_BENCHMARK = "no_benchmark"
INVALID_RANGE = "invalid_range"


def furthest_stage(application: ApplicationFacts) -> int:
    """Index in FUNNEL_STAGES of the furthest forward stage the application reached (0: applied)."""
    reached = [
        pipeline.FUNNEL_STAGES.index(e.to_status) for e in application.events if e.to_status in pipeline.FUNNEL_STAGES
    ]
    if application.status in pipeline.FUNNEL_STAGES:
        reached.append(pipeline.FUNNEL_STAGES.index(application.status))
    return max(reached, default=0)


def funnel_row(job_id: int | None, title: str, applications: Iterable[ApplicationFacts]) -> FunnelRow:
    """Count, per stage, the applications that reached it or went past it (skipping screening still passes it)."""
    apps = list(applications)
    furthest = [furthest_stage(a) for a in apps]
    reached = [sum(1 for f in furthest if f >= index) for index in range(len(pipeline.FUNNEL_STAGES))]
    return FunnelRow(
        job_id,
        title,
        *reached,
        rejected=sum(1 for a in apps if a.status == pipeline.REJECTED),
        withdrawn=sum(1 for a in apps if a.status == pipeline.WITHDRAWN),
    )


def funnel(jobs: Sequence[JobFacts], applications: Sequence[ApplicationFacts]) -> tuple[FunnelRow, ...]:
    """One funnel row per job, then the overall row (job_id None)."""
    rows = [funnel_row(job.id, job.title, (a for a in applications if a.job_id == job.id)) for job in jobs]
    rows.append(funnel_row(None, "All jobs", applications))
    return tuple(rows)


def _days(start: datetime, end: datetime) -> float:
    return round((end - start).total_seconds() / SECONDS_PER_DAY, 1)


def time_to_fill(
    jobs: Sequence[JobFacts], applications: Sequence[ApplicationFacts], zone: tzinfo = UTC
) -> tuple[TimeToFillRow, ...]:
    """Days from publication (or creation, for a job never published) to its first hire; then the average of filled.
    The dates shown are the days of ``zone``."""
    rows: list[TimeToFillRow] = []
    for job in jobs:
        hires = [e.at for a in applications if a.job_id == job.id for e in a.events if e.to_status == pipeline.HIRED]
        start = job.published_at or job.created_at
        first = min(hires, default=None)
        rows.append(
            TimeToFillRow(
                job_id=job.id,
                job=job.title,
                published=day_in(job.published_at, zone) if job.published_at else None,
                first_hire=day_in(first, zone) if first else None,
                days=_days(start, first) if first else None,
            )
        )
    filled = [r.days for r in rows if r.days is not None]
    average = round(sum(filled) / len(filled), 1) if filled else None
    rows.append(TimeToFillRow(job_id=None, job="Average of filled jobs", published=None, first_hire=None, days=average))
    return tuple(rows)


def stage_times(applications: Sequence[ApplicationFacts]) -> tuple[StageTimeRow, ...]:
    """Average and longest stay in each forward stage before the next change (stays still going are not counted)."""
    stays: dict[str, list[float]] = {stage: [] for stage in pipeline.FUNNEL_STAGES if stage != pipeline.HIRED}
    for application in applications:
        events = sorted(application.events, key=lambda e: e.at)
        for current, following in zip(events, events[1:], strict=False):
            if current.to_status in stays:
                stays[current.to_status].append(_days(current.at, following.at))
    return tuple(
        StageTimeRow(
            stage=pipeline.LABELS[stage],
            stays=len(values),
            average_days=round(sum(values) / len(values), 1) if values else None,
            longest_days=max(values) if values else None,
        )
        for stage, values in stays.items()
    )


def by_credential(applications: Sequence[ApplicationFacts]) -> tuple[CountRow, ...]:
    """Distinct applicants holding each credential (a person who applied to two jobs counts once), most first."""
    held: dict[int, frozenset[str]] = {a.candidate_id: a.held_credentials for a in applications}
    counts = Counter(code for codes in held.values() for code in codes)
    rows = [CountRow(code, n) for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    rows.append(CountRow("No credential on file", sum(1 for codes in held.values() if not codes)))
    return tuple(rows)


def by_source(applications: Sequence[ApplicationFacts]) -> tuple[CountRow, ...]:
    """Applications by how the person entered the pipeline: applied, sourced, discovered (zeros included)."""
    counts = Counter(a.source for a in applications)
    return tuple(CountRow(source, counts.get(source, 0)) for source in SOURCES)


def salary(jobs: Sequence[JobFacts]) -> tuple[SalaryRow, ...]:
    """Each job with a posted pay range against its template's benchmark in the same currency."""
    rows: list[SalaryRow] = []
    for job in jobs:
        if job.salary_min is None and job.salary_max is None:
            continue
        low = job.salary_min if job.salary_min is not None else job.salary_max
        high = job.salary_max if job.salary_max is not None else job.salary_min
        assert low is not None and high is not None  # at least one is set
        try:
            benchmark = benchmark_for_template(job.template, job.salary_currency)
        except (InvalidInput, CatalogError):
            benchmark = None
        if benchmark is None:
            rows.append(
                SalaryRow(
                    job.id,
                    job.title,
                    job.salary_currency,
                    low,
                    high,
                    job.salary_unit,
                    None,
                    None,
                    None,
                    None,
                    None,
                    NO_BENCHMARK,
                    f"No benchmark for this job's template in {job.salary_currency}.",
                )
            )
            continue
        try:
            comparison = compare_salary(low, high, job.salary_currency, job.salary_unit, benchmark)
        except InvalidInput as exc:
            rows.append(
                SalaryRow(
                    job.id,
                    job.title,
                    job.salary_currency,
                    low,
                    high,
                    job.salary_unit,
                    benchmark.label,
                    benchmark.median.amount,
                    benchmark.unit,
                    None,
                    None,
                    INVALID_RANGE,
                    str(exc),
                )
            )
            continue
        rows.append(
            SalaryRow(
                job_id=job.id,
                job=job.title,
                currency=job.salary_currency,
                posted_min=low,
                posted_max=high,
                posted_unit=job.salary_unit,
                benchmark=benchmark.label,
                benchmark_median=benchmark.median.amount,
                benchmark_unit=benchmark.unit,
                posted_min_in_benchmark_unit=_round(comparison.posted_min_in_benchmark_unit),
                posted_max_in_benchmark_unit=_round(comparison.posted_max_in_benchmark_unit),
                position=comparison.position,
                guidance=comparison.guidance,
            )
        )
    return tuple(rows)


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def open_jobs(
    jobs: Sequence[JobFacts], applications: Sequence[ApplicationFacts], today: date, zone: tzinfo = UTC
) -> tuple[OpenJobRow, ...]:
    """Jobs taking applications now, oldest first, with their age in days (of ``zone``, where it is ``today``) and the
    number in their pipeline."""
    per_job = Counter(a.job_id for a in applications)
    published = {job.id: day_in(job.published_at or job.created_at, zone) for job in jobs if job.is_open}
    rows = [
        OpenJobRow(
            job_id=job.id,
            job=job.title,
            published=published[job.id],
            age_days=(today - published[job.id]).days,
            applicants=per_job.get(job.id, 0),
        )
        for job in jobs
        if job.id in published
    ]
    return tuple(sorted(rows, key=lambda r: (-r.age_days, r.job_id)))


def build_report(
    organization: str,
    jobs: Sequence[JobFacts],
    applications: Sequence[ApplicationFacts],
    *,
    now: datetime,
    period: Period = ALL_TIME,
    zone: tzinfo = UTC,
) -> EmployerReport:
    """Every report for one organisation from its jobs and the applications of ``period`` (already chosen), at ``now``
    (naive UTC); dates are the days of ``zone``."""
    return EmployerReport(
        organization=organization,
        generated_at=now,
        funnel=funnel(jobs, applications),
        time_to_fill=time_to_fill(jobs, applications, zone),
        stage_times=stage_times(applications),
        by_credential=by_credential(applications),
        by_source=by_source(applications),
        salary=salary(jobs),
        open_jobs=open_jobs(jobs, applications, day_in(now, zone), zone),
        period=period,
    )


REPORT_TITLES: dict[str, str] = {
    "funnel": "Pipeline funnel",
    "time_to_fill": "Time to fill",
    "stage_times": "Time in each stage",
    "by_credential": "Applicants by credential",
    "by_source": "Applicants by source",
    "salary": "Salary against benchmark",
    "open_jobs": "Open jobs",
}


def report_tables(report: EmployerReport) -> tuple[Table, ...]:
    """Each report as a table with headers, in page order: what CSV and the workbook are written from."""
    stage_headers = tuple(pipeline.LABELS[s] for s in pipeline.FUNNEL_STAGES)
    return (
        Table(
            "funnel",
            REPORT_TITLES["funnel"],
            ("Job ID", "Job", *stage_headers, "Rejected", "Withdrawn"),
            tuple(
                (r.job_id, r.job, r.applied, r.screening, r.interview, r.offer, r.hired, r.rejected, r.withdrawn)
                for r in report.funnel
            ),
        ),
        Table(
            "time_to_fill",
            REPORT_TITLES["time_to_fill"],
            ("Job ID", "Job", "Published", "First hire", "Days to fill"),
            tuple((r.job_id, r.job, r.published, r.first_hire, r.days) for r in report.time_to_fill),
        ),
        Table(
            "stage_times",
            REPORT_TITLES["stage_times"],
            ("Stage", "Completed stays", "Average days", "Longest days"),
            tuple((r.stage, r.stays, r.average_days, r.longest_days) for r in report.stage_times),
        ),
        Table(
            "by_credential",
            REPORT_TITLES["by_credential"],
            ("Credential", "Applicants"),
            tuple((r.label, r.count) for r in report.by_credential),
        ),
        Table(
            "by_source",
            REPORT_TITLES["by_source"],
            ("Source", "Applications"),
            tuple((r.label, r.count) for r in report.by_source),
        ),
        Table(
            "salary",
            REPORT_TITLES["salary"],
            (
                "Job ID",
                "Job",
                "Currency",
                "Posted min",
                "Posted max",
                "Posted per",
                "Benchmark",
                "Benchmark median",
                "Benchmark per",
                "Posted min (benchmark unit)",
                "Posted max (benchmark unit)",
                "Position",
                "Guidance",
            ),
            tuple(
                (
                    r.job_id,
                    r.job,
                    r.currency,
                    r.posted_min,
                    r.posted_max,
                    r.posted_unit,
                    r.benchmark,
                    r.benchmark_median,
                    r.benchmark_unit,
                    r.posted_min_in_benchmark_unit,
                    r.posted_max_in_benchmark_unit,
                    r.position,
                    r.guidance,
                )
                for r in report.salary
            ),
        ),
        Table(
            "open_jobs",
            REPORT_TITLES["open_jobs"],
            ("Job ID", "Job", "Open since", "Age (days)", "In pipeline"),
            tuple((r.job_id, r.job, r.published, r.age_days, r.applicants) for r in report.open_jobs),
        ),
    )
