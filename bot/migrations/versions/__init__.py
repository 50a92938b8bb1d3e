"""versions: one alembic revision per named migration (m001_initial ...), applied in order; imports sqlalchemy, alembic and bot.state only."""
