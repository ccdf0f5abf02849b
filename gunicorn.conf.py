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
# worker take other requests while some wait, without using the CPU, for SQLite's single writer or the document
# reader (candidate index writes run in a background thread per worker, see PORTAL_INDEX_SYNC). Measured with
# 50 users: 4 threads 97 req/s, 8 threads 156 req/s, 16 threads 144 req/s (more writers waiting on each other).
worker_class = os.environ.get("PORTAL_WORKER_CLASS", "gthread")
threads = int(os.environ.get("PORTAL_THREADS", 8))
keepalive = 5
# An upload is read by an isolated process with its own time limit (PORTAL_PARSE_TIMEOUT_SECONDS, 10 s by default).
timeout = 60
graceful_timeout = 30
# Recycling workers now and then bounds the memory any leak could take.
max_requests = 20000
max_requests_jitter = 2000


def worker_exit(server: object, worker: object) -> None:
    """Write the candidate index changes this worker still holds before it exits (see PORTAL_INDEX_SYNC)."""
    # Imported here: the arbiter never loads the app, only its workers do.
    from portal.services import candidate_search

    candidate_search.flush_pending(candidate_search.EXIT_FLUSH_SECONDS)
