"""Getting a server process ready before it takes its first request.

A new process compiles each template, opens the search indexes and starts the document reader on first use; on two
cores that made the first log-ins after a (re)start take up to a second. ``gunicorn.conf.py`` calls ``warm_up`` in each
worker before the worker accepts connections, so users never pay that cost.
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from .documents import start_worker
from .errors import DocumentError

log = logging.getLogger(__name__)

#: Public pages whose first rendering compiles the shared layout and opens the job board's index.
WARM_PAGES = ("/", "/jobs", "/jobs?q=case+manager", "/account/login", "/account/signup", "/certification-path/")


def warm_up(app: Flask) -> dict[str, float]:
    """Compile every template, render the public pages once, open the indexes and start the document reader.

    Returns the milliseconds each step took. Reads only: nothing is written to the database or the indexes.
    """
    took: dict[str, float] = {}

    started = time.perf_counter()
    for name in app.jinja_env.list_templates(filter_func=lambda n: n.endswith(".html")):
        app.jinja_env.get_template(name)
    took["templates"] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    client = app.test_client()
    for path in WARM_PAGES:
        response = client.get(path)
        if response.status_code >= 500:
            log.warning("Warm-up: %s answered %s", path, response.status_code)
    took["pages"] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    from .services import candidate_search

    with app.app_context():
        candidate_search.get_index(app).count()
    took["candidate index"] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    try:
        # Waits until the reader has imported its parsers (about a second of CPU), so that work is not left to
        # compete with the first requests.
        start_worker(int(app.config["PARSE_MEMORY_MB"]), wait=True)
    except DocumentError as exc:
        log.warning("Warm-up: %s The first upload will start it again.", exc)
    took["document reader"] = (time.perf_counter() - started) * 1000
    return took
