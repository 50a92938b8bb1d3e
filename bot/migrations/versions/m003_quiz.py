"""Quiz sessions and per-question answers for scores and weak spots."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "m003_quiz"
down_revision = "m002_email"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Quiz sessions and per-question answers for scores and weak spots."""
    op.create_table("quiz_sessions", sa.Column("id", sa.Text, primary_key=True),
                    sa.Column("user_id", sa.Text, nullable=False), sa.Column("channel", sa.Text, nullable=False),
                    sa.Column("family", sa.Text), sa.Column("seed", sa.Integer, nullable=False),
                    sa.Column("n", sa.Integer, nullable=False), sa.Column("created_at", sa.Float, nullable=False),
                    sa.Column("finished_at", sa.Float), sa.Column("score", sa.Integer))
    op.create_table("quiz_answers", sa.Column("session_id", sa.Text, primary_key=True),
                    sa.Column("question_index", sa.Integer, primary_key=True, autoincrement=False),
                    sa.Column("user_id", sa.Text, nullable=False), sa.Column("kind", sa.Text, nullable=False),
                    sa.Column("family", sa.Text), sa.Column("code", sa.Text),
                    sa.Column("correct", sa.Integer, nullable=False), sa.Column("answered_at", sa.Float, nullable=False))


def downgrade() -> None:
    """State migrations go forward only: the state is precious."""
    raise NotImplementedError("state migrations go forward only")
