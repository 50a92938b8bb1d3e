"""Small facts about the state itself: when it was recovered from damage, when it was last purged, a salt."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "m005_state_meta"
down_revision = "m004_email_leases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Small facts about the state itself: when it was recovered from damage, when it was last purged, a salt."""
    meta = op.create_table("state_meta", sa.Column("key", sa.Text, primary_key=True),
                           sa.Column("value", sa.Text, nullable=False))
    op.bulk_insert(meta, [{"key": "salt", "value": secrets.token_hex(16)}])


def downgrade() -> None:
    """State migrations go forward only: the state is precious."""
    raise NotImplementedError("state migrations go forward only")
