"""Benchmark the job board: 5,000 published jobs in a temporary database and index, then /jobs through the test client.

Usage: .venv/bin/python scripts/bench_board.py [--jobs 5000] [--rounds 5] [--seed 7]

Prints p50/p95/max latency of the board's search page (keywords, filters, counts, sorting, pages, rendering) for a
varied set of queries: the first pass over the set (per-query caches cold) and the later passes, separately.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from portal import create_app
from portal.extensions import db
from portal.jobs import load_templates, spec_from_template, spec_to_json
from portal.models import Job, JobStatus, Organization
from portal.models.base import utcnow
from portal.services import job_search
from portal.services import jobs as job_service

CITIES = [
    ("Columbus", "OH"),
    ("Dayton", "OH"),
    ("Cleveland", "OH"),
    ("Akron", "OH"),
    ("Chicago", "IL"),
    ("Springfield", "IL"),
    ("Austin", "TX"),
    ("Houston", "TX"),
    ("Dallas", "TX"),
    ("Denver", "CO"),
    ("Phoenix", "AZ"),
    ("Seattle", "WA"),
    ("Portland", "OR"),
    ("Boston", "MA"),
    ("Baltimore", "MD"),
    ("Atlanta", "GA"),
    ("Miami", "FL"),
    ("Tampa", "FL"),
    ("Nashville", "TN"),
    ("Raleigh", "NC"),
]
REQUIRED = [[["RN"]], [["LCSW", "LISW"]], [["RN"], ["CCM", "ACM"]], [["LSW", "LMSW"]], [], [["RN", "LCSW"]]]
PREFERRED = [["CCM"], ["ACM"], ["C-SWCM"], [], ["CMAC"], ["CDMS", "CRC"]]
ADJECTIVES = ["Senior", "Lead", "Bilingual", "Night", "Pediatric", "Oncology", "Transitions", "Community", ""]
QUERIES = [
    "",
    "q=case+manager",
    "q=discharge+planning",
    "q=utilization+review",
    "q=nurse&remote=yes",
    "q=behavioral+health&sort=newest",
    "q=pediatric",
    "q=social+worker&credential=LCSW",
    "credential=RN",
    "credential=CCM&sort=salary",
    "location=Columbus,+OH",
    "location=Austin,+TX&employment_type=PART_TIME",
    "setting=hospitals",
    "setting=insurance_firms&min_salary=80000",
    "min_salary=60000&sort=salary",
    "employment_type=CONTRACT",
    "remote=no&sort=newest&page=3",
    "page=20",
    "q=managing&page=2",
    "q=authorization&credential=RN&remote=yes",
    "q=dischrage",
    "q=zzqx",
    "q=court+liaison&setting=courts",
    "q=school&sort=salary",
    "q=oncology+nurse&min_salary=70000",
    "sort=newest",
    "sort=salary&page=5",
    "q=transitions+of+care&location=Boston,+MA",
    "credential=C-SWCM&employment_type=FULL_TIME",
    "q=crisis&remote=yes&sort=newest",
]


def seed_jobs(count: int, rng: random.Random) -> None:
    """Add `count` published jobs (validated like any job) and rebuild the board index once."""
    templates = list(load_templates())
    base = {key: spec_to_json(spec_from_template(key)) for key in templates}
    orgs = [Organization(name=f"Employer {n}") for n in range(50)]
    db.session.add_all(orgs)
    db.session.flush()
    for n in range(count):
        key = rng.choice(templates)
        data = dict(base[key])
        city, region = rng.choice(CITIES)
        remote = rng.random() < 0.2
        low = rng.randrange(40_000, 90_000, 1000)
        data.update(
            title=f"{rng.choice(ADJECTIVES)} {data['title']}".strip(),
            location={"city": "" if remote else city, "region": region, "country": "US"},
            remote=remote,
            required_credentials=rng.choice(REQUIRED),
            preferred_credentials=[],
            employment_type=rng.choice(["FULL_TIME", "FULL_TIME", "PART_TIME", "CONTRACT"]),
            salary={"currency": "USD", "min": low, "max": low + rng.randrange(5_000, 30_000, 1000), "unit": "YEAR"},
            valid_through=(date.today() + timedelta(days=rng.randrange(1, 90))).isoformat(),
        )
        required = {c for group in data["required_credentials"] for c in group}
        data["preferred_credentials"] = [c for c in rng.choice(PREFERRED) if c not in required]
        spec = job_service.validate_job_data(data)
        job = job_service.create_job(organization=orgs[n % len(orgs)], created_by=None, spec=spec)
        job.status = JobStatus.PUBLISHED
        job.published_at = utcnow() - timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
        if n % 500 == 499:
            db.session.flush()
    db.session.commit()
    job_search.rebuild_index()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query set")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = create_app(
            {
                "INSTANCE_PATH": str(folder / "instance"),
                "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
                "SEARCH_INDEX_DIR": str(folder / "index"),
                "SECRET_KEY": "bench",
            }
        )
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            seed_jobs(args.jobs, rng)
            seeded = time.perf_counter() - started
            published = db.session.query(Job).count()
        client = app.test_client()
        first: list[float] = []
        later: list[float] = []
        for round_number in range(args.rounds):
            order = list(QUERIES)
            rng.shuffle(order)
            for query in order:
                started = time.perf_counter()
                response = client.get(f"/jobs?{query}")
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (query, response.status_code)
                (first if round_number == 0 else later).append(elapsed)
        every = first + later
        cpu = platform.processor() or platform.machine()
        print(f"machine: {platform.platform()}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        print(f"jobs: {published} published, seeded and indexed in {seeded:.1f} s; {len(QUERIES)} distinct queries")
        for name, values in (("first pass (cold caches)", first), ("later passes", later), ("all requests", every)):
            print(
                f"{name:<26} n={len(values):<4} p50={statistics.median(values):6.1f} ms  "
                f"p95={percentile(values, 0.95):6.1f} ms  max={max(values):6.1f} ms"
            )


if __name__ == "__main__":
    main()
