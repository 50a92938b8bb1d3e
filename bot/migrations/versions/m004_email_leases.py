"""A lease per message (owner, expiry): with several workers only the holder may answer it."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "m004_email_leases"
down_revision = "m003_quiz"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A lease per message (owner, expiry): with several workers only the holder may answer it."""
    op.add_column("emails", sa.Column("lease_owner", sa.Text))
    op.add_column("emails", sa.Column("lease_until", sa.Float))


def downgrade() -> None:
    """State migrations go forward only: the state is precious."""
    raise NotImplementedError("state migrations go forward only")
