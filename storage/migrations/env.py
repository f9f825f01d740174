"""Alembic environment: runs on the engine handed in by storage.db (or DATABASE_URL)."""

from __future__ import annotations

import os

from alembic import context

from storage.db import make_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    engine = config.attributes.get("engine") or make_engine(
        os.environ.get("DATABASE_URL", "sqlite:///prometo.db")
    )
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run()
