"""An index on the e-mail ledger's lease owner: every worker's pass gives its leases back by owner."""

from __future__ import annotations

from alembic import op

revision = "m007_email_lease_owner_index"
down_revision = "m006_hashed_reply_addresses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index emails(lease_owner), so giving a worker's leases back reads only its own rows."""
    op.create_index("emails_lease_owner", "emails", ["lease_owner"])


def downgrade() -> None:
    """State migrations go forward only: the state is precious."""
    raise NotImplementedError("state migrations go forward only")
