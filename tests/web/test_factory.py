"""The application factory and its settings."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from portal import create_app
from portal.errors import ConfigError
from portal.extensions import db


def test_defaults_put_database_uploads_and_key_in_the_instance_folder(tmp_path: Path, monkeypatch) -> None:
    for name in ("PORTAL_DATABASE_URL", "PORTAL_SECRET_KEY", "PORTAL_UPLOAD_DIR"):
        monkeypatch.delenv(name, raising=False)
    instance = tmp_path / "inst"
    app = create_app({"INSTANCE_PATH": str(instance)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'portal.db'}"
    assert Path(app.config["UPLOAD_DIR"]) == instance / "uploads"
    assert Path(app.config["SEARCH_INDEX_DIR"]).name == "search_index"
    key_file = instance / "secret_key"
    assert key_file.read_text() == app.config["SECRET_KEY"]
    assert len(app.config["SECRET_KEY"]) >= 32
    assert key_file.stat().st_mode & 0o077 == 0, "the key file is readable by its owner only"
    # The same key is kept on the next start, so sessions survive a restart.
    assert create_app({"INSTANCE_PATH": str(instance)}).config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_environment_overrides_defaults_and_test_mapping_overrides_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PORTAL_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    monkeypatch.setenv("PORTAL_MAX_UPLOAD_MB", "3")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "from-env")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "from-mapping"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    assert app.config["MAX_CONTENT_LENGTH"] == 3 * 1024 * 1024
    assert app.config["SECRET_KEY"] == "from-mapping"


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("DATABASE_URL", "not a url", "PORTAL_DATABASE_URL is not a database URL"),
        ("DATABASE_URL", "mysql://u@h/db", "must be SQLite or PostgreSQL"),
        ("MAX_UPLOAD_MB", "lots", "PORTAL_MAX_UPLOAD_MB must be a whole number"),
        ("PARSE_TIMEOUT_SECONDS", 0, "must be greater than zero"),
        ("PASSWORD_ARGON2_TIME_COST", "two", "PORTAL_PASSWORD_ARGON2_TIME_COST must be a whole number"),
        ("PASSWORD_ARGON2_MEMORY_KIB", 4, "at least 8 KiB per lane"),
    ],
)
def test_invalid_setting_stops_start_up_with_a_clear_message(tmp_path: Path, setting, value, message) -> None:
    with pytest.raises(ConfigError, match=message):
        create_app({"INSTANCE_PATH": str(tmp_path), setting: value})


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA busy_timeout")).scalar() >= 5000


def test_security_headers_on_every_page(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_assets_are_served_by_the_app_not_a_cdn(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "cdn." not in html and "https://" not in html.split("<body")[0]
    with client.get("/static/app.css") as response:
        assert response.status_code == 200
    with client.get("/bootstrap/static/css/bootstrap.min.css") as response:
        assert response.status_code == 200
