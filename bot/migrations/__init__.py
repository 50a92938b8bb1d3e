"""migrations: the state database's named migrations, run by alembic on SQLite and PostgreSQL alike (env.py, versions/); imports sqlalchemy, alembic and bot.state's address hash only."""
