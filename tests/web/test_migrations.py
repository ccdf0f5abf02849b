"""The migrations build the whole schema, and the models agree with them."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests.conftest import database_url


def _empty_database() -> None:
    db.drop_all()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_upgrade_on_an_empty_database_matches_the_models_and_downgrade_undoes_it(tmp_path: Path) -> None:
    app = create_app(
        {"TESTING": True, "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": database_url(tmp_path), "SECRET_KEY": "x"}
    )
    with app.app_context():
        try:
            _empty_database()
            upgrade()
            with db.engine.connect() as conn:
                differences = compare_metadata(
                    MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
                )
            assert differences == [], f"models and migrations differ: {differences}"
            downgrade(revision="base")
            with db.engine.connect() as conn:
                assert set(db.inspect(conn).get_table_names()) <= {"alembic_version"}
        finally:
            db.session.remove()
            _empty_database()
            db.engine.dispose()
