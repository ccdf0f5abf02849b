"""Benchmark the candidate index: bulk import throughput and top-20 ranking latency on synthetic pools.

Usage:  .venv/bin/python scripts/bench_match.py [--sizes 10000 100000] [--jobs 50] [--seed 7]

Each size gets a fresh index in a temporary directory. For every job the tiered ranking
(``CandidateIndex.rank``) is timed beside a naive baseline that sends the whole job description to Whoosh as one OR
query over the same pool (no credential tiers).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh.qparser import OrGroup, QueryParser  # noqa: E402
from whoosh.query import Or, Term  # noqa: E402
from whoosh.searching import Searcher  # noqa: E402

from portal.matching.index import CandidateDocument, CandidateIndex  # noqa: E402
from portal.matching.rules import JobRequirements  # noqa: E402

ORGS = 20
JOBS_IN_SYSTEM = 400

# Rough shares among case-manager applicants; a candidate can hold several.
CREDENTIAL_SHARES = {
    "RN": 0.55,
    "LPN": 0.06,
    "LCSW": 0.14,
    "LMSW": 0.08,
    "LSW": 0.05,
    "LICSW": 0.02,
    "LISW": 0.02,
    "CCM": 0.24,
    "ACM-RN": 0.06,
    "ACM-SW": 0.03,
    "C-SWCM": 0.02,
    "C-ASWCM": 0.02,
    "CMAC": 0.01,
    "CDMS": 0.02,
    "CRC": 0.02,
    "CMGT-BC": 0.02,
    "CCRN": 0.04,
}
STATES = ["TX", "CA", "FL", "NY", "OH", "PA", "IL", "GA", "NC", "MA", "WA", "AZ", "MD", "MN", "CO"]
DEGREES = ["BSN", "ADN", "MSN", "BSW", "MSW", "BA Psychology", "MPH"]

SETTINGS = [
    "acute care hospital",
    "inpatient rehabilitation",
    "outpatient clinic",
    "home health agency",
    "hospice",
    "managed care organization",
    "health plan",
    "behavioral health",
    "community mental health center",
    "skilled nursing facility",
    "long-term care",
    "workers compensation carrier",
    "accountable care organization",
    "federally qualified health center",
    "emergency department",
    "pediatric hospital",
    "oncology center",
    "dialysis unit",
    "transplant program",
    "substance use treatment program",
    "homeless services agency",
    "child welfare agency",
    "veterans affairs medical center",
    "medicaid waiver program",
    "population health team",
]
DUTIES = [
    "utilization review using InterQual and MCG criteria",
    "discharge planning for complex patients",
    "care coordination across the continuum",
    "transitions of care and follow-up calls",
    "prior authorization of services",
    "psychosocial assessments",
    "crisis intervention and safety planning",
    "benefit navigation and eligibility screening",
    "motivational interviewing",
    "medication reconciliation",
    "chronic disease management for diabetes and heart failure",
    "readmission reduction initiatives",
    "length of stay management",
    "denials management and appeals",
    "HEDIS and quality measure reporting",
    "Medicare and Medicaid regulations",
    "documentation in Epic",
    "documentation in Cerner",
    "caseload management",
    "interdisciplinary team rounds",
    "advance care planning conversations",
    "patient and family education",
    "referrals to community resources",
    "housing and food insecurity screening",
    "trauma-informed care",
    "telephonic case management",
    "field visits to members' homes",
    "return-to-work planning for injured workers",
    "vocational rehabilitation",
    "level of care determinations",
    "peer-to-peer reviews with physicians",
    "observation status reviews",
    "post-acute placement",
    "durable medical equipment orders",
    "home health referrals",
    "mental health first aid",
    "substance use disorder assessments",
    "child protective services coordination",
    "guardianship paperwork",
    "waiver program enrollment",
    "risk stratification",
    "complex case management",
    "transitional care management",
    "care plan development",
    "member outreach",
    "quality improvement projects",
    "staff training and precepting",
]
VERBS = [
    "Managed",
    "Performed",
    "Coordinated",
    "Led",
    "Conducted",
    "Completed",
    "Supported",
    "Handled",
    "Provided",
    "Oversaw",
    "Facilitated",
    "Delivered",
]
POPULATIONS = [
    "adult patients",
    "older adults",
    "members",
    "high-risk members",
    "families",
    "veterans",
    "children and youth",
    "injured workers",
    "people experiencing homelessness",
    "patients with serious mental illness",
    "post-surgical patients",
    "oncology patients",
    "dual-eligible members",
]
FILLER = [
    "Worked closely with physicians, nurses and social workers.",
    "Met productivity and quality targets.",
    "Maintained accurate and timely records.",
    "Communicated with payers and providers.",
    "Recognized for strong organization and teamwork.",
    "Advocated for patients and families.",
    "Participated in weekly case conferences.",
    "Trained new staff on workflows.",
]
TITLES = [
    "RN Case Manager",
    "Utilization Review Nurse",
    "Social Work Case Manager",
    "Care Coordinator",
    "Behavioral Health Case Manager",
    "Discharge Planner",
    "Transitions of Care Nurse",
    "Complex Case Manager",
    "Workers Compensation Case Manager",
    "Hospice Social Worker",
    "Community Health Case Manager",
    "Medical Case Manager",
    "Case Management Supervisor",
]
REQUIREMENT_SHAPES: list[tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]] = [
    ((("RN",),), ("CCM", "ACM-RN")),
    ((("RN",), ("CCM", "ACM-RN")), ("CMAC",)),
    ((("LCSW", "LICSW", "LISW"),), ("C-ASWCM", "CCM")),
    ((("RN", "LCSW", "LMSW"),), ("CCM",)),
    ((("LMSW", "LCSW", "LSW"),), ("C-SWCM",)),
    ((("CCM",),), ("RN",)),
    ((), ("CCM", "RN", "LCSW")),
    ((("RN", "LPN"),), ()),
    ((("RN",), ("CCM", "ACM-RN", "CMGT-BC")), ()),
    ((("CDMS", "CRC", "CCM"),), ("RN",)),
]


def _resume(rng: random.Random, title: str) -> str:
    lines = [f"{title}. Experienced case manager in {rng.choice(SETTINGS)} and {rng.choice(SETTINGS)}."]
    for _ in range(rng.randint(3, 5)):
        lines.append(f"{rng.choice(TITLES)}, {rng.choice(SETTINGS)}, {rng.randint(1, 9)} years.")
        for _ in range(rng.randint(3, 6)):
            lines.append(
                f"{rng.choice(VERBS)} {rng.choice(DUTIES)} for {rng.choice(POPULATIONS)} "
                f"in a {rng.choice(SETTINGS)}; caseload of {rng.randint(15, 80)}."
            )
        lines.append(rng.choice(FILLER))
    lines.append("Skills: " + ", ".join(rng.sample(DUTIES, 6)) + ".")
    return " ".join(lines)


def _candidate(rng: random.Random, candidate_id: int) -> CandidateDocument:
    held: set[str] = set()
    expired: set[str] = set()
    in_progress: set[str] = set()
    for code, share in CREDENTIAL_SHARES.items():
        roll = rng.random()
        if roll < share:
            held.add(code)
        elif roll < share * 1.15:
            expired.add(code)
        elif roll < share * 1.3:
            in_progress.add(code)
    return CandidateDocument(
        candidate_id=candidate_id,
        resume_text=_resume(rng, rng.choice(TITLES)),
        held=frozenset(held),
        expired=frozenset(expired),
        in_progress=frozenset(in_progress),
        experience_months=None if rng.random() < 0.08 else rng.randint(0, 300),
        owner_org_id=rng.randint(1, ORGS) if rng.random() < 0.3 else None,
        discoverable=rng.random() < 0.6,
        applied_job_ids=frozenset(rng.sample(range(1, JOBS_IN_SYSTEM + 1), rng.randint(0, 3))),
        states=frozenset(rng.sample(STATES, rng.randint(1, 2))),
        degrees=frozenset(rng.sample(DEGREES, 1)),
        location=f"{rng.choice(['Austin', 'Dallas', 'Columbus', 'Tampa', 'Seattle'])}, {rng.choice(STATES)}",
    )


def _job(rng: random.Random) -> tuple[int, int, JobRequirements]:
    groups, preferred = rng.choice(REQUIREMENT_SHAPES)
    title = rng.choice(TITLES)
    duties = rng.sample(DUTIES, rng.randint(5, 9))
    text = (
        f"{title}. We are seeking a {title} to join our {rng.choice(SETTINGS)} team. "
        f"Responsibilities include {', '.join(duties)}. "
        f"Serve {rng.choice(POPULATIONS)} in a {rng.choice(SETTINGS)} setting. "
        "Required skills: strong communication, critical thinking, and knowledge of "
        f"{rng.choice(DUTIES)}. Excellent benefits and a supportive team."
    )
    job = JobRequirements(
        required_groups=groups,
        preferred=preferred,
        min_experience_months=rng.choice([0, 12, 24, 36, 60]),
        query_text=text,
    )
    return rng.randint(1, JOBS_IN_SYSTEM), rng.randint(1, ORGS), job


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _time_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run(size: int, jobs: int, seed: int, naive_jobs: int) -> dict[str, float]:
    """Import ``size`` synthetic candidates into a fresh index and time the ranking; return the figures."""
    rng = random.Random(seed)
    start = time.perf_counter()
    docs = [_candidate(rng, i) for i in range(1, size + 1)]
    generated = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="bench_match_") as tmp:
        index = CandidateIndex(tmp)
        start = time.perf_counter()
        index.upsert_many(docs)
        import_seconds = time.perf_counter() - start

        # Single upserts as the web app does them (one commit each), into the already-full index.
        single_rng = random.Random(seed + 1)
        singles = [_candidate(single_rng, rng.randint(1, size)) for _ in range(50)]
        start = time.perf_counter()
        for doc in singles:
            index.upsert(doc)
        single_seconds = time.perf_counter() - start

        job_rng = random.Random(seed + 2)
        job_list = [_job(job_rng) for _ in range(jobs)]
        index.rank(job_list[0][2], job_id=job_list[0][0], org_id=job_list[0][1], limit=20)  # open the searcher

        tiered_cold = [
            _time_ms(lambda j=j, jid=jid, org=org: index.rank(j, job_id=jid, org_id=org, limit=20))
            for jid, org, j in job_list
        ]
        tiered_warm = [
            _time_ms(lambda j=j, jid=jid, org=org: index.rank(j, job_id=jid, org_id=org, limit=20))
            for jid, org, j in job_list
        ]
        tiered_page3 = [
            _time_ms(lambda j=j, jid=jid, org=org: index.rank(j, job_id=jid, org_id=org, limit=20, offset=40))
            for jid, org, j in job_list
        ]

        def naive_all(searcher: Searcher) -> list[float]:
            # The same open searcher as the tiered ranking, so only the query differs.
            parser = QueryParser("resume", searcher.schema, group=OrGroup)

            def naive(jid: int, org: int, job: JobRequirements) -> object:
                pool = Or([Term("owner_org", str(org)), Term("applied_jobs", str(jid)), Term("discoverable", True)])
                return list(searcher.search(parser.parse(job.query_text), filter=pool, limit=20))

            # The naive query takes seconds at these sizes, so it runs on the first few jobs only.
            return [_time_ms(lambda j=j, jid=jid, org=org: naive(jid, org, j)) for jid, org, j in job_list[:naive_jobs]]

        baseline = index._read(naive_all)

    return {
        "size": size,
        "generate_s": generated,
        "import_s": import_seconds,
        "import_docs_per_s": size / import_seconds,
        "single_upserts_per_s": len(singles) / single_seconds,
        "tiered_cold_p50": statistics.median(tiered_cold),
        "tiered_cold_p95": _percentile(tiered_cold, 95),
        "tiered_warm_p50": statistics.median(tiered_warm),
        "tiered_warm_p95": _percentile(tiered_warm, 95),
        "tiered_page3_p95": _percentile(tiered_page3, 95),
        "naive_p50": statistics.median(baseline),
        "naive_p95": _percentile(baseline, 95),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table of the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--naive-jobs", type=int, default=10, help="how many jobs the slow naive baseline runs")
    args = parser.parse_args(argv)

    print(f"machine: nproc={os.cpu_count()}, CPU={_cpu_model()}, Python {platform.python_version()}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print()
    print(
        "| candidates | bulk import (docs/s) | single upserts (docs/s) | tiered p50 / p95 (ms) | "
        "tiered repeat p50 / p95 (ms) | tiered page 3 p95 (ms) | naive OR p50 / p95 (ms, first N jobs) |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        started = time.perf_counter()
        r = run(size, args.jobs, args.seed, args.naive_jobs)
        print(f"<!-- {size:,} candidates: whole run {time.perf_counter() - started:.0f} s -->", flush=True)
        print(
            f"| {size:,} | {r['import_docs_per_s']:.0f} ({r['import_s']:.0f} s) | {r['single_upserts_per_s']:.0f} | "
            f"{r['tiered_cold_p50']:.0f} / {r['tiered_cold_p95']:.0f} | "
            f"{r['tiered_warm_p50']:.0f} / {r['tiered_warm_p95']:.0f} | {r['tiered_page3_p95']:.0f} | "
            f"{r['naive_p50']:.0f} / {r['naive_p95']:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
