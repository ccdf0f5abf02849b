"""``make bench``: micro-benchmarks (parser, board, matching, password hashing) and the load run: docs/benchmarks.md.

Usage: .venv/bin/python scripts/bench.py [--skip-micro] [--users 50] [--seconds 60] [--board-seconds 30]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Everything from this line on in docs/benchmarks.md is written by people (history, readings) and kept by new runs.
NOTES_MARKER = "<!-- notes below are kept by scripts/bench.py -->"
MICRO = [
    ["scripts/bench_parse.py", "--runs", "20"],
    ["scripts/bench_board.py", "--jobs", "1000", "--rounds", "2"],
    ["scripts/bench_match.py", "--sizes", "10000", "--jobs", "20", "--naive-jobs", "3"],
    ["scripts/bench_passwords.py", "--rounds", "15"],
]


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []:
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def table(rows: list[dict[str, object]]) -> list[str]:
    lines = [
        "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['requests']} | {r['failures']} | {float(r['rps']):.1f} | {r['p50']:.0f} | "
            f"{r['p95']:.0f} | {r['p99']:.0f} |"
        )
    return lines


def load_section(result: dict, command: str) -> list[str]:
    mix = next(r for r in result["mix"] if r["name"] == "all (mix)")
    board = next(r for r in result["board"] if r["name"] == "all (mix)")
    out = [
        "## Load run (gunicorn + Locust on 127.0.0.1)",
        "",
        f"Command: `{command}`. {result['users']} concurrent users against {server_description(result)} "
        f"(gunicorn.conf.py), the mix for {result['seconds']} s, then board search alone for "
        f"{result['board_seconds']} s. Locust (one process, FastHttpUser) runs on the same two cores as the server, "
        "so the client's own CPU is part of every figure.",
        "",
        "| target | goal | measured | met |",
        "|---|---|---|---|",
        f"| mix throughput | >= 150 req/s | {mix['rps']:.1f} req/s | {'yes' if mix['rps'] >= 150 else 'no'} |",
        f"| mix p95 | <= 250 ms | {mix['p95']:.0f} ms | {'yes' if mix['p95'] <= 250 else 'no'} |",
        f"| board search alone | >= 400 req/s | {board['rps']:.1f} req/s | {'yes' if board['rps'] >= 400 else 'no'} |",
        f"| 5xx | 0 | {result['server_5xx'] + result['client_5xx']} | "
        f"{'yes' if result['checks']['no 5xx'] else 'no'} |",
        f"| uploads accounted for | all | server accepted {result['did']['uploads']}, database gained "
        f"{result['db']['resumes_added']} (files missing: {result['db']['resume_files_missing']}) | "
        f"{'yes' if result['checks']['uploads accounted for'] else 'no'} |",
        f"| applications accounted for | all | server accepted {result['did']['applications']}, database gained "
        f"{result['db']['applications_added']} | {'yes' if result['checks']['applications accounted for'] else 'no'} |",
        f"| `flask index check` | clean | {result['index_check']['output']} | "
        f"{'yes' if result['index_check']['ok'] else 'no'} |",
        "",
        "### The mix, per endpoint (client side, Locust)",
        "",
        *table(result["mix"]),
        "",
        "### Board search alone",
        "",
        *table(result["board"]),
        "",
        "### Server time of the journey pages (gunicorn access log, %(D)s), goal <= 300 ms at p95",
        "",
        "| page | requests | p50 ms | p95 ms | max ms | p95 <= 300 ms |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, t in sorted(result["pages"].items()):
        if name != "5xx":
            met = "yes" if t["p95"] <= 300 else "no"
            out.append(f"| {name} | {t['count']} | {t['p50']:.0f} | {t['p95']:.0f} | {t['max']:.0f} | {met} |")
    board = result.get("board_pages", {}).get("/jobs (search)")
    if board:
        out.append(
            f"| /jobs (search), board-only run | {board['count']} | {board['p50']:.1f} | {board['p95']:.1f} | "
            f"{board['max']:.0f} | {'yes' if board['p95'] <= 300 else 'no'} |"
        )
    return out


def server_description(result: dict) -> str:
    """'3 gthread workers x 4 threads' (older result files only name the number of sync workers)."""
    server = result.get("server") or {"workers": result["workers"], "worker_class": "sync", "threads": 1}
    if server["worker_class"] == "gthread":
        return f"{server['workers']} gthread workers x {server['threads']} threads"
    return f"{server['workers']} {server['worker_class']} gunicorn workers"


def kept_notes(path: Path) -> list[str]:
    """The hand-written part of the existing file (from NOTES_MARKER on), which a new run keeps."""
    if not path.exists():
        return []
    text = path.read_text()
    return text[text.index(NOTES_MARKER) :].rstrip("\n").splitlines() if NOTES_MARKER in text else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-micro", action="store_true")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--board-seconds", type=int, default=30)
    args = parser.parse_args()
    python = sys.executable
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    doc = [
        "# Benchmarks",
        "",
        f"Measured {date.today().isoformat()} by `make bench` (scripts/bench.py) on {os.cpu_count()} CPUs "
        f"(`nproc`), {cpu_model()}, Python {platform.python_version()}. Other work shared the machine, so "
        "figures vary by some tens of percent between runs.",
        "",
    ]
    if not args.skip_micro:
        for command in MICRO:
            done = subprocess.run([python, *command], cwd=ROOT, env=env, capture_output=True, text=True)
            doc += [f"## `{' '.join(command)}`", "", "```", (done.stdout + done.stderr).strip()[-4000:], "```", ""]
    if shutil.which("locust", path=str(Path(python).parent)) is None:
        doc += ["## Load run", "", "Skipped: Locust is not installed (`make load` installs the `load` extra).", ""]
        target = ROOT / "docs" / "benchmarks.md"
        target.write_text("\n".join([*doc, *kept_notes(target)]) + "\n")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "load.json"
        load = [
            "scripts/load/run.py",
            "--users",
            str(args.users),
            "--seconds",
            str(args.seconds),
            "--board-seconds",
            str(args.board_seconds),
        ]
        done = subprocess.run([python, *load, "--json", str(out)], cwd=ROOT, env=env)
        if out.exists():
            doc += load_section(json.loads(out.read_text()), " ".join([".venv/bin/python", *load]))
    target = ROOT / "docs" / "benchmarks.md"
    target.write_text("\n".join([*doc, *kept_notes(target)]) + "\n")
    print("wrote docs/benchmarks.md")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
