"""Benchmark OWASP's five Argon2id settings of equal defence: one hash alone, and bursts of hashes at the same moment.

Run: .venv/bin/python scripts/bench_passwords.py [--rounds 15] [--burst 4 --burst 10]
A burst is what a server sees when several people sign up or log in at once: N threads start a hash together
(argon2-cffi releases the GIL), and the burst takes as long as its slowest hash. The portal's default
(PORTAL_PASSWORD_ARGON2_*) is the setting whose bursts finished first where it was chosen; see docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher  # noqa: E402

from portal.passwords import OWASP_SETTINGS  # noqa: E402

PASSWORD = "lantern-harbor-meadow-42"


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []:
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def burst(hasher: PasswordHasher, size: int) -> float:
    """Seconds from the common start of ``size`` simultaneous hashes to the end of the slowest."""
    barrier = threading.Barrier(size)

    def one(_: int) -> float:
        barrier.wait()
        started = time.perf_counter()
        hasher.hash(PASSWORD)
        return time.perf_counter() - started

    with ThreadPoolExecutor(size) as pool:
        return max(pool.map(one, range(size)))


def main() -> None:
    """Measure and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="hashes alone, and bursts of each size (default 15)")
    parser.add_argument("--burst", type=int, action="append", help="simultaneous hashes (default 4 and 10)")
    args = parser.parse_args()
    sizes = args.burst or [4, 10]

    print(f"machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, Python {platform.python_version()}")
    print(f"rounds: {args.rounds} of each (after one warm-up hash); times in ms, median / p95\n")
    header = "| Argon2id setting | one hash alone |" + "".join(f" burst of {n} |" for n in sizes)
    print(header)
    print("|---|---:|" + "---:|" * len(sizes))
    for memory_kib, passes in OWASP_SETTINGS:
        hasher = PasswordHasher(time_cost=passes, memory_cost=memory_kib, parallelism=1)
        hasher.hash(PASSWORD)
        cells = []
        alone = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            hasher.hash(PASSWORD)
            alone.append(time.perf_counter() - started)
        cells.append(alone)
        for size in sizes:
            cells.append([burst(hasher, size) for _ in range(args.rounds)])
        shown = " | ".join(f"{statistics.median(c) * 1000:.0f} / {percentile(c, 0.95) * 1000:.0f}" for c in cells)
        print(f"| {memory_kib} KiB x {passes} | {shown} |")


if __name__ == "__main__":
    main()
