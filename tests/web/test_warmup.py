"""A gunicorn worker warms up (templates, pages, indexes, document reader) before it takes its first request."""

from __future__ import annotations

import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa

from portal.documents import worker as document_worker
from portal.extensions import db
from portal.warmup import warm_up

ROOT = Path(__file__).resolve().parents[2]


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_warm_up_compiles_every_page_template_and_writes_nothing(app, make_user) -> None:
    make_user()
    before = row_counts()
    took = warm_up(app)
    assert set(took) == {"templates", "pages", "candidate index", "document reader"}
    compiled = {key[1] for key in app.jinja_env.cache.keys()}  # (loader weakref, template name)
    assert {"base.html", "auth/login.html", "auth/signup.html", "candidate/profile.html"} <= compiled
    assert document_worker._worker is not None and document_worker._worker.alive()
    db.session.expire_all()
    assert row_counts() == before


def test_gunicorn_calls_the_warm_up_before_a_worker_serves(app, caplog) -> None:
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    worker = SimpleNamespace(wsgi=app, pid=4242, log=logging.getLogger("gunicorn.error"))
    with caplog.at_level(logging.INFO, logger="gunicorn.error"):
        hooks["post_worker_init"](worker)
    assert "Worker 4242 warmed up: templates" in caplog.text


def test_a_worker_that_cannot_warm_up_still_serves_and_says_why(app, caplog, monkeypatch) -> None:
    import portal.warmup

    def broken(_app: object) -> dict[str, float]:
        raise OSError("search index folder is not readable")

    monkeypatch.setattr(portal.warmup, "warm_up", broken)
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    worker = SimpleNamespace(wsgi=app, pid=4343, log=logging.getLogger("gunicorn.error"))
    with caplog.at_level(logging.INFO, logger="gunicorn.error"):
        hooks["post_worker_init"](worker)  # returns: gunicorn goes on to serve with this worker
    assert "Worker 4343 could not warm up; it serves anyway" in caplog.text
    assert "search index folder is not readable" in caplog.text
    assert app.test_client().get("/account/login").status_code == 200
