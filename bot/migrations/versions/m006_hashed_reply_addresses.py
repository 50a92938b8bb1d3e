"""The per-sender reply log keeps a keyed hash of the address (the rate limit only compares them); every row kept."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.state import address_hash

revision = "m006_hashed_reply_addresses"
down_revision = "m005_state_meta"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Copy every reply-log row with the address replaced by its keyed hash, then drop the plain addresses."""
    db = op.get_bind()
    salt = db.execute(sa.text("select value from state_meta where key = 'salt'")).scalar_one()
    log = op.create_table("email_reply_log", sa.Column("sender_hash", sa.Text, nullable=False),
                          sa.Column("sent_at", sa.Float, nullable=False))
    rows = db.execute(sa.text("select sender, sent_at from email_replies order by sent_at")).all()
    if rows:
        op.bulk_insert(log, [{"sender_hash": address_hash(salt, a), "sent_at": t} for a, t in rows])
    op.drop_table("email_replies")
    op.create_index("email_reply_log_sender", "email_reply_log", ["sender_hash", "sent_at"])


def downgrade() -> None:
    """State migrations go forward only: the state is precious."""
    raise NotImplementedError("state migrations go forward only")
