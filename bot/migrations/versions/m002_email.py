"""E-mail processing stages (received -> answered -> filed) and per-sender reply log."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "m002_email"
down_revision = "m001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """E-mail processing stages (received -> answered -> filed) and per-sender reply log."""
    op.create_table("emails", sa.Column("key", sa.Text, primary_key=True), sa.Column("message_id", sa.Text),
                    sa.Column("stage", sa.Text, nullable=False), sa.Column("reason", sa.Text),
                    sa.Column("folder", sa.Text), sa.Column("codes", sa.Text),
                    sa.Column("received_at", sa.Float, nullable=False), sa.Column("updated_at", sa.Float, nullable=False))
    op.create_table("email_replies", sa.Column("sender", sa.Text, nullable=False),
                    sa.Column("sent_at", sa.Float, nullable=False))
    op.create_index("email_replies_sender", "email_replies", ["sender", "sent_at"])


def downgrade() -> None:
    """State migrations go forward only: the state is precious."""
    raise NotImplementedError("state migrations go forward only")
