"""alembic's environment: migrate on the connection (and inside the transaction) that bot.statemigrate hands in."""

from __future__ import annotations

from alembic import context


def run_migrations() -> None:
    """Run the pending revisions on the caller's connection, inside the caller's transaction."""
    connection = context.config.attributes["connection"]
    # transactional_ddl: SQLite and PostgreSQL both roll DDL back, so a migration is applied whole or not at all.
    context.configure(connection=connection, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


if __name__ != "bot.migrations.env":  # alembic loads this file by path; an import (tests, tools) only defines
    run_migrations()
