"""Slack event de-duplication and answer feedback."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "m001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Slack event de-duplication and answer feedback."""
    op.create_table("slack_events", sa.Column("event_id", sa.Text, primary_key=True),
                    sa.Column("received_at", sa.Float, nullable=False))
    op.create_table("feedback", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("created_at", sa.Float, nullable=False), sa.Column("channel", sa.Text, nullable=False),
                    sa.Column("user_id", sa.Text), sa.Column("question_hash", sa.Text, nullable=False),
                    sa.Column("codes", sa.Text, nullable=False), sa.Column("status", sa.Text),
                    sa.Column("verdict", sa.Text, nullable=False))


def downgrade() -> None:
    """State migrations go forward only: the state is precious."""
    raise NotImplementedError("state migrations go forward only")
