"""Bounded load run on loopback: prepare an instance, serve it with gunicorn, drive it with Locust, then check it.

Usage: .venv/bin/python scripts/load/run.py [--users 50] [--seconds 60] [--board-seconds 30] [--json OUT]
       [--workers N] [--worker-class sync|gthread] [--threads N] [--skip-mix]

1. A fresh instance in a temporary folder: migrated SQLite (WAL), demo data, 300 more jobs and 300 candidates, indexes.
2. ``gunicorn -c gunicorn.conf.py 'portal:create_app()'`` (the production settings; --workers, --worker-class and
   --threads override them) on 127.0.0.1 only, access log with each request's server time.
3. The mix (job seekers and recruiters, scripts/load/locustfile.py) for --seconds, then anonymous board search alone.
4. Checks: no 5xx; every upload and application the server accepted is in the database; ``flask index check`` clean.
Prints the figures and, with --json, writes them for scripts/bench.py. Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import runpy
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
sys.path[:0] = [str(HERE), str(ROOT)]

from prepare import PASSWORD_FOR_SEEDED, instance_env, prepare  # noqa: E402

from portal.demo import DEMO_PASSWORD  # noqa: E402

ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(D)s %(t)s"
# Paths of the three journeys, grouped the way the report names them (server time must stay <= 300 ms).
PAGE_GROUPS = [
    (re.compile(r"^GET /$"), "home"),
    (re.compile(r"^GET /jobs$"), "/jobs (search)"),
    (re.compile(r"^GET /jobs/\d+$"), "job page"),
    (re.compile(r"^GET /account/signup$"), "sign-up form"),
    (re.compile(r"^POST /account/signup$"), "sign-up (submit)"),
    (re.compile(r"^GET /account/login$"), "log-in form"),
    (re.compile(r"^POST /account/login$"), "log-in (submit)"),
    (re.compile(r"^GET /me/$"), "profile"),
    (re.compile(r"^POST /me/resumes$"), "upload"),
    (re.compile(r"^GET /me/applications/apply/\d+$"), "apply form"),
    (re.compile(r"^POST /me/applications/apply/\d+$"), "apply (submit)"),
    (re.compile(r"^GET /certification-path/$"), "certification path"),
    (re.compile(r"^GET /screening/$"), "screening list"),
    (re.compile(r"^GET /screening/jobs/\d+$"), "screening page (ranking)"),
    (re.compile(r"^GET /screening/jobs/\d+/candidates/\d+$"), "screening candidate"),
    (re.compile(r"^GET /employer/reports$"), "reports"),
]


def server_settings(server_args: list[str]) -> dict[str, Any]:
    """Workers, worker class and threads the server will run with: gunicorn.conf.py's, then the overrides."""
    values = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    settings = {"workers": values["workers"], "worker_class": values["worker_class"], "threads": values["threads"]}
    flags = dict(zip(server_args[::2], server_args[1::2], strict=True))
    settings["workers"] = int(flags.get("-w", settings["workers"]))
    settings["worker_class"] = flags.get("-k", settings["worker_class"])
    settings["threads"] = int(flags.get("--threads", settings["threads"]))
    return settings


def describe(settings: dict[str, Any]) -> str:
    """'3 gthread workers x 4 threads' or '4 sync workers'."""
    if settings["worker_class"] == "gthread":
        return f"{settings['workers']} gthread workers x {settings['threads']} threads"
    return f"{settings['workers']} {settings['worker_class']} workers"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fixture(instance: Path) -> dict[str, Any]:
    """Ids and log-ins the locustfile needs, read from the prepared database."""
    with sqlite3.connect(instance / "portal.db") as conn:
        jobs = [r[0] for r in conn.execute("SELECT id FROM jobs WHERE status = 'published'")]
        org = conn.execute("SELECT organization_id FROM users WHERE email = 'recruiter@demo.example'").fetchone()[0]
        recruiter_jobs = [r[0] for r in conn.execute("SELECT id FROM jobs WHERE organization_id = ?", (org,))]
        candidates = [r[0] for r in conn.execute("SELECT id FROM candidates")]
    seekers = [f"seeker{n}@load.example" for n in range(300)]
    return {
        "jobs": jobs,
        "recruiter_jobs": recruiter_jobs,
        "candidates": candidates,
        "seekers": seekers,
        "recruiter": "recruiter@demo.example",
        "password": PASSWORD_FOR_SEEDED,
        "recruiter_password": DEMO_PASSWORD,
    }


def db_counts(instance: Path) -> dict[str, int]:
    with sqlite3.connect(instance / "portal.db") as conn:
        return {
            "resumes": conn.execute("SELECT count(*) FROM resumes").fetchone()[0],
            "applications": conn.execute("SELECT count(*) FROM applications").fetchone()[0],
            "resume_files_missing": 0,
        }


def missing_files(instance: Path) -> int:
    """Resume rows whose file is not in the upload folder."""
    with sqlite3.connect(instance / "portal.db") as conn:
        keys = [r[0] for r in conn.execute("SELECT storage_key FROM resumes")]
    return sum(1 for key in keys if not (instance / "uploads" / key).is_file())


def start_server(instance: Path, port: int, server_args: list[str], log: Path, workers: int) -> subprocess.Popen[bytes]:
    """Start gunicorn and return once every worker has warmed up (gunicorn.conf.py's post_worker_init) and answers."""
    env = {**os.environ, **instance_env(instance), "PYTHONPATH": str(ROOT)}
    command = [
        str(BIN / "gunicorn"),
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        *server_args,
        "-b",
        f"127.0.0.1:{port}",
        "--access-logfile",
        str(log),
        "--access-logformat",
        ACCESS_FORMAT,
        "--error-logfile",
        str(log.with_suffix(".err")),
        "portal:create_app()",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    errors = log.with_suffix(".err")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        warmed = errors.read_text().count(" warmed up: ") if errors.exists() else 0
        if warmed >= workers:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/jobs", timeout=5).read()
                return server
            except OSError:
                pass
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn's workers did not all warm up and answer within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def run_locust(port: int, users: int, seconds: int, classes: list[str], prefix: Path, env: dict[str, str]) -> None:
    command = [
        str(BIN / "locust"),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(max(1, users // 5)),
        "-t",
        f"{seconds}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "5",
        *classes,
    ]
    subprocess.run(command, env={**os.environ, **env}, cwd=ROOT, check=False, capture_output=True)


def locust_stats(prefix: Path) -> list[dict[str, Any]]:
    """Per-endpoint rows and the aggregated row of Locust's CSV."""
    rows = []
    with open(f"{prefix}_stats.csv") as fh:
        for row in csv.DictReader(fh):
            rows.append(
                {
                    "name": row["Name"] if row["Name"] != "Aggregated" else "all (mix)",
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"] or 0),
                    "p95": float(row["95%"] or 0),
                    "p99": float(row["99%"] or 0),
                }
            )
    return rows


def locust_5xx(prefix: Path) -> int:
    """How many failures were server errors (5xx or a dropped connection)."""
    total = 0
    with open(f"{prefix}_failures.csv") as fh:
        for row in csv.DictReader(fh):
            if re.search(r"\b5\d\d\b|Connection|RemoteDisconnected|reset", row["Error"]):
                total += int(row["Occurrences"])
    return total


def server_times(log: Path) -> dict[str, dict[str, float]]:
    """p50 / p95 / max server time in ms per journey page, from gunicorn's access log; plus the count of 5xx."""
    times: dict[str, list[float]] = defaultdict(list)
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) < 4:
            continue
        method, path, status, micros = parts[:4]
        if status.startswith("5"):
            times["5xx"].append(0)
        for pattern, group in PAGE_GROUPS:
            if pattern.match(f"{method} {path}"):
                times[group].append(int(micros) / 1000)
                break
    out = {}
    for group, values in times.items():
        values.sort()
        out[group] = {
            "count": len(values),
            "p50": statistics.median(values),
            "p95": values[min(len(values) - 1, round(0.95 * (len(values) - 1)))],
            "max": values[-1],
        }
    return out


def index_check(instance: Path) -> tuple[bool, str]:
    env = {**os.environ, **instance_env(instance)}
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "portal", "index", "check"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    return done.returncode == 0, (done.stdout + done.stderr).strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--board-seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--worker-class", help="gunicorn worker class (default: gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="threads per gthread worker (default: gunicorn.conf.py's)")
    parser.add_argument("--skip-mix", action="store_true", help="run the board search alone (no checks of the mix)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep-logs", type=Path, help="copy the access logs and Locust's CSV files to this folder")
    args = parser.parse_args()
    server_args = [
        *(["-w", str(args.workers)] if args.workers else []),
        *(["-k", args.worker_class] if args.worker_class else []),
        *(["--threads", str(args.threads)] if args.threads else []),
    ]
    settings = server_settings(server_args)

    with tempfile.TemporaryDirectory(prefix="portal-load-") as tmp:
        root = Path(tmp)
        instance = root / "instance"
        print("preparing the instance ...", flush=True)
        prepare(instance)
        (root / "fixture.json").write_text(json.dumps(fixture(instance)))
        before = db_counts(instance)
        port = free_port()
        env = {"LOAD_FIXTURE": str(root / "fixture.json"), "LOAD_COUNTS": str(root / "counts.json")}

        mix: list[dict[str, Any]] = []
        pages: dict[str, dict[str, float]] = {}
        mix_5xx = 0
        did = {"uploads": 0, "applications": 0, "signups": 0}
        after, missing = before, 0
        index_ok, index_output = True, "(mix skipped)"
        if not args.skip_mix:
            server = start_server(instance, port, server_args, root / "mix.log", settings["workers"])
            try:
                print(f"mix: {args.users} users for {args.seconds} s against {describe(settings)} ...", flush=True)
                run_locust(port, args.users, args.seconds, ["JobSeeker", "Recruiter"], root / "mix", env)
            finally:
                stop_server(server)
            mix = locust_stats(root / "mix")
            mix_5xx = locust_5xx(root / "mix")
            pages = server_times(root / "mix.log")
            did = json.loads((root / "counts.json").read_text())
            after = db_counts(instance)
            index_ok, index_output = index_check(instance)
            missing = missing_files(instance)

        server = start_server(instance, port, server_args, root / "board.log", settings["workers"])
        try:
            print(f"board: {args.users} users searching for {args.board_seconds} s ...", flush=True)
            run_locust(port, args.users, args.board_seconds, ["BoardSearcher"], root / "board", env)
        finally:
            stop_server(server)
        board = locust_stats(root / "board")
        board_5xx = locust_5xx(root / "board")
        board_pages = server_times(root / "board.log")
        if args.keep_logs:
            args.keep_logs.mkdir(parents=True, exist_ok=True)
            for kept in [*root.glob("*.log"), *root.glob("*.err"), *root.glob("*.csv")]:
                shutil.copy2(kept, args.keep_logs / kept.name)

    result = {
        "users": args.users,
        "seconds": args.seconds,
        "board_seconds": args.board_seconds,
        "server": settings,
        "workers": settings["workers"],
        "mix": mix,
        "board": board,
        "pages": pages,
        "board_pages": board_pages,
        "server_5xx": pages.get("5xx", {}).get("count", 0) + board_pages.get("5xx", {}).get("count", 0),
        "client_5xx": mix_5xx + board_5xx,
        "did": did,
        "db": {
            "resumes_added": after["resumes"] - before["resumes"],
            "applications_added": after["applications"] - before["applications"],
            "resume_files_missing": missing,
        },
        "index_check": {"ok": index_ok, "output": index_output},
    }
    checks = {
        "no 5xx": result["server_5xx"] == 0 and result["client_5xx"] == 0,
        "uploads accounted for": result["db"]["resumes_added"] == did["uploads"] and missing == 0,
        "applications accounted for": result["db"]["applications_added"] == did["applications"],
        "index check clean": index_ok,
    }
    result["checks"] = checks
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
