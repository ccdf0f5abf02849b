"""Employer reports: the pipeline funnel, time to fill and in each stage, applicants by credential and source, pay
against the benchmark and open jobs; exported as CSV or an Excel workbook, drawn as inline SVG charts.

``compute``, ``export`` and ``charts`` are pure; ``queries`` is the one module that reads the database.
"""

from portal.reports.charts import Bar, bar_chart
from portal.reports.compute import REPORT_TITLES, build_report, report_tables
from portal.reports.export import safe_text, to_csv, to_xlsx
from portal.reports.model import (
    ApplicationFacts,
    CountRow,
    EmployerReport,
    EventFacts,
    FunnelRow,
    JobFacts,
    OpenJobRow,
    Period,
    SalaryRow,
    StageTimeRow,
    Table,
    TimeToFillRow,
)

__all__ = [
    "REPORT_TITLES",
    "ApplicationFacts",
    "Bar",
    "CountRow",
    "EmployerReport",
    "EventFacts",
    "FunnelRow",
    "JobFacts",
    "OpenJobRow",
    "Period",
    "SalaryRow",
    "StageTimeRow",
    "Table",
    "TimeToFillRow",
    "bar_chart",
    "build_report",
    "report_tables",
    "safe_text",
    "to_csv",
    "to_xlsx",
]
