"""End-to-end benchmark: ``flask resume import`` throughput and screening latency through the service layer.

Usage:  .venv/bin/python scripts/bench_match_e2e.py [--candidates 10000] [--jobs 30] [--seed 7]

A fresh SQLite database, upload folder and index in a temporary directory. Synthetic plain-text resumes are written
to files and imported through the CLI command (text extraction, parsing, storage, database rows, batched index
writes); then jobs are ranked with ``candidate_search.rank_pool`` (the screening page's query) and timed.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Job, JobStatus, Organization, Role  # noqa: E402
from portal.services import accounts, candidate_search  # noqa: E402

LICENSES = [
    ("Registered Nurse (RN)", 0.55),
    ("Licensed Clinical Social Worker (LCSW)", 0.15),
    ("Licensed Master Social Worker (LMSW)", 0.08),
    ("Licensed Practical Nurse (LPN)", 0.06),
]
CERTS = [("Certified Case Manager (CCM)", 0.25), ("ACM-RN", 0.06), ("C-SWCM", 0.03), ("CCRN", 0.04)]
STATES = ["Texas", "California", "Florida", "New York", "Ohio", "Georgia"]
PHRASES = [
    "utilization review using InterQual criteria",
    "discharge planning for inpatient admissions",
    "care coordination for high-risk members",
    "prior authorization and medical necessity review",
    "behavioral health case management",
    "housing and benefits referrals for families",
    "transitions of care and readmission reduction",
    "workers compensation claims coordination",
    "hospice and palliative care planning",
    "pediatric complex care coordination",
    "motivational interviewing and crisis intervention",
    "Epic and Allscripts documentation",
]
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Eva", "Femi", "Gina", "Hugo", "Ivy", "Jon", "Kira", "Luis"]
LAST = ["Reyes", "Okafor", "Nguyen", "Smith", "Kowalski", "Haddad", "Park", "Moreau", "Silva", "Berg"]


def make_resume(rng: random.Random, n: int) -> str:
    """Return one synthetic case-manager resume as plain text."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    lines = [name, f"{name.split()[0].lower()}.{n}@example.net", "", "Licenses and certifications"]
    for label, share in LICENSES + CERTS:
        if rng.random() < share:
            status = "active" if rng.random() < 0.85 else "expired 2019"
            lines.append(f"{label}, {rng.choice(STATES)}, {status}")
    start = rng.randint(2005, 2024)
    lines += ["", "Experience", f"Case Manager, General Hospital, January {start} - Present"]
    lines += [f"- {p}" for p in rng.sample(PHRASES, 4)]
    lines += ["", "Education", rng.choice(["BSN, State University", "MSW, City College", "ADN, Community College"])]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        app = create_app(
            {
                "INSTANCE_PATH": str(root / "instance"),
                "DATABASE_URL": f"sqlite:///{root / 'bench.db'}",
                "SEARCH_INDEX_DIR": str(root / "index"),
                "UPLOAD_DIR": str(root / "uploads"),
                "SECRET_KEY": "bench",
            }
        )
        files_dir = root / "resumes"
        files_dir.mkdir()
        files = []
        for n in range(args.candidates):
            path = files_dir / f"resume-{n:05d}.txt"
            path.write_text(make_resume(rng, n))
            files.append(str(path))

        with app.app_context():
            db.create_all()
            orgs = [Organization(name=f"Org {i}") for i in range(5)]
            db.session.add_all(orgs)
            db.session.flush()
            accounts.create_user(
                email="bench@org0.example", password="quiet-river-stone-1987", role=Role.EMPLOYER, organization=orgs[0]
            )
            db.session.commit()

            runner = app.test_cli_runner()
            started = time.perf_counter()
            result = runner.invoke(args=["resume", "import", "--employer", "bench@org0.example", *files])
            import_seconds = time.perf_counter() - started
            if result.exit_code != 0:
                print(result.output[-2000:], file=sys.stderr)
                raise SystemExit("import failed")
            imported = result.output.count('"candidate_id"')

            jobs = []
            for _job_number in range(args.jobs):
                required = rng.choice([[["RN"]], [["LCSW", "LMSW"]], [["RN"], ["CCM", "ACM-RN"]], []])
                job = Job(
                    organization_id=orgs[0].id,
                    title="Case Manager",
                    template=rng.choice(["hospital_utilization_review", "mental_health", "general"]),
                    duties=rng.sample(PHRASES, 3),
                    skills=rng.sample(PHRASES, 2),
                    required_credentials=required,
                    preferred_credentials=rng.choice([["CCM"], [], ["ACM-RN", "CCM"]]),
                    min_experience_months=rng.choice([0, 12, 24, 60]),
                    status=JobStatus.PUBLISHED,
                )
                db.session.add(job)
                jobs.append(job)
            db.session.commit()

            candidate_search.get_index().optimize()
            cold: list[float] = []
            warm: list[float] = []
            for job in jobs:
                for bucket in (cold, warm):
                    started = time.perf_counter()
                    page = candidate_search.rank_pool(job, limit=20)
                    bucket.append((time.perf_counter() - started) * 1000)
                    assert page.rows
            deep = []
            for job in jobs[:10]:
                started = time.perf_counter()
                candidate_search.rank_pool(job, limit=20, offset=2000)
                deep.append((time.perf_counter() - started) * 1000)

    def p95(values: list[float]) -> float:
        return sorted(values)[max(0, int(len(values) * 0.95) - 1)]

    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "unknown CPU")
    print(f"python {platform.python_version()} on {platform.machine()}, nproc={os.cpu_count()}, {cpu}")
    print(f"import: {imported} resumes in {import_seconds:.1f} s = {imported / import_seconds:.0f} resumes/s")
    print(
        f"rank_pool top 20 of {args.candidates}, {len(jobs)} jobs: first query p50 {statistics.median(cold):.1f} ms "
        f"(p95 {p95(cold):.1f}); repeat p50 {statistics.median(warm):.1f} ms (p95 {p95(warm):.1f}); "
        f"page at offset 2000 median {statistics.median(deep):.1f} ms"
    )


if __name__ == "__main__":
    main()
