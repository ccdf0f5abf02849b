"""What the employer reports are made of: plain facts in, frozen report rows out, and tables for export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from portal.clock import start_in

Cell = str | int | float | date | None


@dataclass(frozen=True)
class Period:
    """The days whose applications a report counts (both ends included, days of the portal's time zone); None at an
    end means open."""

    since: date | None = None
    until: date | None = None

    @property
    def is_all_time(self) -> bool:
        return self.since is None and self.until is None

    @property
    def label(self) -> str:
        """ "All time", "1 Jan 2026 to 31 Mar 2026", "Since 1 Jan 2026" or "Until 31 Mar 2026"."""
        if self.since and self.until:
            return f"{self.since:%-d %b %Y} to {self.until:%-d %b %Y}"
        if self.since:
            return f"Since {self.since:%-d %b %Y}"
        if self.until:
            return f"Until {self.until:%-d %b %Y}"
        return "All time"

    def bounds(self, zone: tzinfo = UTC) -> tuple[datetime | None, datetime | None]:
        """The first moment in the period and the first moment after it, as naive UTC datetimes, when its days are
        the days of ``zone``."""
        start = start_in(self.since, zone) if self.since else None
        end = start_in(self.until + timedelta(days=1), zone) if self.until else None
        return start, end


ALL_TIME = Period()


@dataclass(frozen=True)
class EventFacts:
    """One status change of an application."""

    from_status: str | None
    to_status: str
    at: datetime


@dataclass(frozen=True)
class JobFacts:
    """What the reports need to know about one job."""

    id: int
    title: str
    status: str
    is_open: bool
    template: str
    created_at: datetime
    published_at: datetime | None
    salary_currency: str
    salary_min: float | None
    salary_max: float | None
    salary_unit: str


@dataclass(frozen=True)
class ApplicationFacts:
    """What the reports need to know about one application, with its history oldest first."""

    id: int
    job_id: int
    candidate_id: int
    status: str
    source: str
    created_at: datetime
    events: tuple[EventFacts, ...]
    held_credentials: frozenset[str]


@dataclass(frozen=True)
class FunnelRow:
    """How many applications of a job (or of all jobs: job_id None) reached each stage, and how many left."""

    job_id: int | None
    job: str
    applied: int
    screening: int
    interview: int
    offer: int
    hired: int
    rejected: int
    withdrawn: int


@dataclass(frozen=True)
class TimeToFillRow:
    """Days from publication to the first hire; None while the job is not filled."""

    job_id: int | None
    job: str
    published: date | None
    first_hire: date | None
    days: float | None


@dataclass(frozen=True)
class StageTimeRow:
    """How long applications stayed in a stage before moving on (completed stays only)."""

    stage: str
    stays: int
    average_days: float | None
    longest_days: float | None


@dataclass(frozen=True)
class CountRow:
    """A label and how many."""

    label: str
    count: int


@dataclass(frozen=True)
class SalaryRow:
    """A job's posted pay against the benchmark of its template, in the benchmark's unit."""

    job_id: int
    job: str
    currency: str
    posted_min: float
    posted_max: float
    posted_unit: str
    benchmark: str | None
    benchmark_median: float | None
    benchmark_unit: str | None
    posted_min_in_benchmark_unit: float | None
    posted_max_in_benchmark_unit: float | None
    position: str
    guidance: str


@dataclass(frozen=True)
class OpenJobRow:
    """A job taking applications now: how long it has been open and how many are in its pipeline."""

    job_id: int
    job: str
    published: date | None
    age_days: int
    applicants: int


@dataclass(frozen=True)
class Table:
    """One report as a table: the shape every export (CSV, a workbook sheet) is written from."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class EmployerReport:
    """Every report for one organisation at one moment."""

    organization: str
    generated_at: datetime
    funnel: tuple[FunnelRow, ...]
    time_to_fill: tuple[TimeToFillRow, ...]
    stage_times: tuple[StageTimeRow, ...]
    by_credential: tuple[CountRow, ...]
    by_source: tuple[CountRow, ...]
    salary: tuple[SalaryRow, ...]
    open_jobs: tuple[OpenJobRow, ...]
    period: Period = ALL_TIME
