"""Report arithmetic, export and charts without an app: the numbers an employer reads are the ones intended."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

from openpyxl import load_workbook

from portal.reports import (
    ApplicationFacts,
    Bar,
    EventFacts,
    JobFacts,
    Table,
    bar_chart,
    build_report,
    report_tables,
    to_csv,
    to_xlsx,
)
from portal.reports.compute import NO_BENCHMARK, by_credential, funnel_row, salary, stage_times
from portal.reports.export import sheet_title

T0 = datetime(2026, 1, 1, 9, 0)


def job(job_id: int = 1, **changes) -> JobFacts:
    values = dict(
        id=job_id,
        title=f"Job {job_id}",
        status="published",
        is_open=True,
        template="general",
        created_at=T0,
        published_at=T0,
        salary_currency="USD",
        salary_min=None,
        salary_max=None,
        salary_unit="YEAR",
    )
    values.update(changes)
    return JobFacts(**values)


def application(
    app_id: int,
    *steps: tuple[str, float],
    job_id: int = 1,
    candidate_id: int | None = None,
    source: str = "applied",
    held: frozenset[str] = frozenset(),
) -> ApplicationFacts:
    events, previous = [], None
    for status, day in steps:
        events.append(EventFacts(previous, status, T0 + timedelta(days=day)))
        previous = status
    return ApplicationFacts(
        app_id, job_id, candidate_id or app_id, previous or "applied", source, T0, tuple(events), held
    )


def test_skipping_screening_still_passes_it_in_the_funnel() -> None:
    row = funnel_row(1, "Job", [application(1, ("applied", 0), ("interview", 2)), application(2, ("applied", 0))])
    assert (row.applied, row.screening, row.interview, row.offer) == (2, 1, 1, 0)


def test_rejected_after_interview_counts_as_reached_interview_and_rejected() -> None:
    row = funnel_row(1, "Job", [application(1, ("applied", 0), ("screening", 1), ("interview", 2), ("rejected", 3))])
    assert (row.interview, row.offer, row.rejected) == (1, 0, 1)


def test_stage_times_ignore_stays_still_going() -> None:
    rows = {
        r.stage: r
        for r in stage_times([application(1, ("applied", 0), ("screening", 1.5)), application(2, ("applied", 0))])
    }
    assert (rows["Applied"].stays, rows["Applied"].average_days) == (1, 1.5)
    assert rows["Screening"].stays == 0 and rows["Screening"].average_days is None


def test_a_person_with_two_applications_counts_once_by_credential() -> None:
    apps = [
        application(1, ("applied", 0), candidate_id=7, held=frozenset({"RN"})),
        application(2, ("applied", 0), job_id=2, candidate_id=7, held=frozenset({"RN"})),
    ]
    assert [(r.label, r.count) for r in by_credential(apps)] == [("RN", 1), ("No credential on file", 0)]


def test_salary_without_a_benchmark_in_the_currency_says_so() -> None:
    [row] = salary([job(salary_min=100000, salary_max=120000, salary_currency="EUR")])
    assert row.position == NO_BENCHMARK and "EUR" in row.guidance


def test_salary_with_one_end_uses_it_for_both() -> None:
    [row] = salary([job(salary_min=55000)])
    assert (row.posted_min, row.posted_max) == (55000, 55000)


def test_time_to_fill_counts_from_publication_and_averages_filled_jobs() -> None:
    report = build_report(
        "Org",
        [job(1), job(2, published_at=T0 + timedelta(days=1))],
        [application(1, ("applied", 0), ("screening", 1), ("interview", 2), ("offer", 3), ("hired", 10))],
        now=T0 + timedelta(days=20),
    )
    fill = {r.job: r.days for r in report.time_to_fill}
    assert fill == {"Job 1": 10.0, "Job 2": None, "Average of filled jobs": 10.0}
    assert [(r.job, r.age_days) for r in report.open_jobs] == [("Job 1", 20), ("Job 2", 19)]


def test_every_report_becomes_a_table_with_matching_widths() -> None:
    report = build_report("Org", [job(salary_min=1, salary_max=2)], [application(1, ("applied", 0))], now=T0)
    tables = report_tables(report)
    assert len({t.key for t in tables}) == 7
    for table in tables:
        assert all(len(row) == len(table.headers) for row in table.rows), table.key


def test_csv_and_xlsx_disarm_formulas_and_keep_numbers() -> None:
    table = Table("t", "T", ("Name", "Count"), (("=1+1", 3), ("-5 days", 2.5), ("@SUM(A1)", None)))
    rows = list(csv.reader(io.StringIO(to_csv(table))))
    assert rows[1:] == [["'=1+1", "3"], ["'-5 days", "2.5"], ["'@SUM(A1)", ""]]
    sheet = load_workbook(io.BytesIO(to_xlsx([table])))["T"]
    assert [c.value for c in sheet["A"]] == ["Name", "'=1+1", "'-5 days", "'@SUM(A1)"]
    assert sheet["B2"].value == 3 and sheet["B3"].value == 2.5


def test_sheet_names_are_short_legal_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_title("Salary: posted / benchmark [USD] and a very long tail", taken)
    second = sheet_title("Salary: posted / benchmark [USD] and a very long tail", taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not re.search(r"[\[\]:*?/\\]", first + second)


def test_bar_chart_is_plain_svg_with_escaped_labels_and_no_style() -> None:
    svg = str(bar_chart("Jobs <b>", [Bar("<script>alert(1)</script>", 4), Bar("Half", 2), Bar("None", None)]))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths == [300.0, 150.0]  # scaled to the largest value
    assert "no data" in svg and 'role="img"' in svg


def test_an_empty_chart_says_there_is_no_data() -> None:
    assert "No data yet" in str(bar_chart("Nothing", []))
