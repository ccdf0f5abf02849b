"""gunicorn settings for serving the portal in production: ``gunicorn -c gunicorn.conf.py 'portal:create_app()'``.

Chosen by the load run (scripts/load/run.py, figures in docs/benchmarks.md). Every value can be changed on the
command line (``-w 8``, ``-b 0.0.0.0:8000``) or with the environment variables named below.
"""

from __future__ import annotations

import os

_cores = os.cpu_count() or 1

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
# Requests are CPU-bound Python: one process per core plus one that can run while another waits on a disk write.
workers = int(os.environ.get("PORTAL_WORKERS", _cores + 1))
# Threaded workers keep connections alive (sync workers close every connection after one response) and let a
# worker take other requests while some wait, without using the CPU, for their SQLite write turn or the document
# reader. More threads than that only time-slice the CPU and the GIL: every request, and every write transaction,
# then takes longer. Measured with 50 users (docs/benchmarks.md), 3 workers x 4 threads against x 8: about the same
# throughput (186-191 against 178-197 req/s) with upload p95 159-225 ms against 283-478 ms, apply 103-156 against
# 212-306 ms.
worker_class = os.environ.get("PORTAL_WORKER_CLASS", "gthread")
threads = int(os.environ.get("PORTAL_THREADS", 4))
keepalive = 5
# An upload is read by an isolated process with its own time limit (PORTAL_PARSE_TIMEOUT_SECONDS, 10 s by default).
timeout = 60
graceful_timeout = 30
# Recycling workers now and then bounds the memory any leak could take.
max_requests = 20000
max_requests_jitter = 2000


def post_worker_init(worker: object) -> None:
    """Compile templates, open the indexes and start the document reader before this worker takes a request."""
    from portal.warmup import warm_up

    try:
        took = warm_up(worker.wsgi)  # type: ignore[attr-defined]
    except Exception:
        # Only slower first requests follow; a worker that would not start would leave the site down instead.
        worker.log.exception("Worker %s could not warm up; it serves anyway", worker.pid)  # type: ignore[attr-defined]
        return
    steps = ", ".join(f"{step} {ms:.0f} ms" for step, ms in took.items())
    worker.log.info("Worker %s warmed up: %s", worker.pid, steps)  # type: ignore[attr-defined]


def worker_exit(server: object, worker: object) -> None:
    """Write the candidate index changes this worker still holds before it exits (see PORTAL_INDEX_SYNC)."""
    # Imported here: the arbiter never loads the app, only its workers do.
    from portal.services import candidate_search

    candidate_search.flush_pending(candidate_search.EXIT_FLUSH_SECONDS)
