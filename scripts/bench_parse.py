"""Benchmark resume parsing per format, including the isolated worker: p50/p95 per document and documents per second.

Run: .venv/bin/python scripts/bench_parse.py [--runs 60]
It builds its own 2-page PDF (fpdf2), DOCX (python-docx) and text resume, so it needs no corpus.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402
from fpdf import FPDF  # noqa: E402

from portal.documents import extract_text, start_worker  # noqa: E402
from portal.extraction import parse_resume  # noqa: E402

AS_OF = date(2026, 11, 1)


def resume_lines() -> list[str]:
    """About two pages of a realistic nurse case manager resume."""
    lines = [
        "Jordan Avery, BSN, RN, CCM",
        "Dayton, OH | (937) 555-0100 | jordan.avery@example.com",
        "PROFESSIONAL SUMMARY",
        "Registered Nurse and Certified Case Manager with 12 years in acute care and health plan case management.",
        "LICENSES & CERTIFICATIONS",
        "- Registered Nurse, Ohio Board of Nursing, #RN.123456, exp. 08/2028",
        "- Certified Case Manager (CCM), CCMC, #A55219, exp. 2029",
        "- ACM-RN exam scheduled December 2026",
        "PROFESSIONAL EXPERIENCE",
    ]
    jobs = [
        ("Utilization Management Nurse Case Manager", "Tri-State Health Plan, Cincinnati, OH | Aug 2019 - Present"),
        ("RN Case Manager", "Miami Valley Hospital, Dayton, OH | Jan 2016 - Jul 2019"),
        ("Staff Nurse, Medical ICU", "Good Shepherd Hospital, Covington, KY | May 2012 - Dec 2015"),
        ("Staff Nurse, Telemetry", "Kettering Health, Dayton, OH | Jun 2010 - Apr 2012"),
    ]
    bullets = [
        "- Performed admission and concurrent utilization review using InterQual criteria.",
        "- Coordinated transitions of care with discharging facilities to prevent readmissions.",
        "- Communicated clinical updates to payers and secured authorizations for post-acute placement.",
        "- Partnered with LCSWs and physicians to resolve complex discharge barriers.",
        "- Managed a caseload of 60-75 high-risk members through telephonic case management.",
        "- Educated patients and families on new diagnoses, medications, and discharge instructions.",
    ]
    for title, company in jobs:
        lines += [title, company, *bullets]
    lines += [
        "EDUCATION",
        "Master of Science in Nursing, Nursing Leadership",
        "Mount St. Joseph University | 2018",
        "Bachelor of Science in Nursing (BSN)",
        "Wright State University | 2010",
        "SKILLS",
        *[f"- Skill line {i}: discharge planning, InterQual, MCG, Epic, payer authorization" for i in range(12)],
    ]
    return lines


def make_pdf(lines: list[str]) -> bytes:
    """A two-page PDF with a text layer."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    while pdf.page_no() < 2:
        pdf.multi_cell(0, 5.5, lines[-1], new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_docx(lines: list[str]) -> bytes:
    """The same resume as a DOCX with a small credentials table."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Credential", "Number", "Expires"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["CCM", "A55219", "2029"], strict=True):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def measure(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock milliseconds of each run after two warm-up runs."""
    for _ in range(2):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    """Measure and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    lines = resume_lines()
    samples = {
        "pdf (2 pages)": make_pdf(lines),
        "docx": make_docx(lines),
        "text": "\n".join(lines).encode("utf-8"),
    }
    start_worker()
    time.sleep(1.0)  # let the worker finish importing its parsers, as a running web process would have
    print(f"machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, Python {platform.python_version()}")
    print(f"runs per format: {args.runs} (after 2 warm-up runs)\n")
    print("| format | bytes | extract p50 ms | extract p95 ms | extract+parse p50 ms | extract+parse p95 ms | docs/s |")
    print("|---|---|---|---|---|---|---|")
    for label, data in samples.items():
        extracted = measure(lambda data=data: extract_text(data), args.runs)
        full = measure(lambda data=data: parse_resume(extract_text(data).text, AS_OF), args.runs)
        p = statistics.quantiles(extracted, n=20)
        q = statistics.quantiles(full, n=20)
        per_second = 1000 / statistics.mean(full)
        print(
            f"| {label} | {len(data):,} | {statistics.median(extracted):.1f} | {p[18]:.1f} | "
            f"{statistics.median(full):.1f} | {q[18]:.1f} | {per_second:.0f} |"
        )


if __name__ == "__main__":
    main()
