"""A deck is complete once every row of its upload is written

Revision ID: b91d4e6a0c37
Revises: b7e4c1d9a2f6
Create Date: 2026-11-30 05:20:00

A large upload is written in short transactions so answers keep flowing; until the last one,
the deck is incomplete and nobody sees it. Existing decks are complete.
"""

import sqlalchemy as sa
from alembic import op

revision = "b91d4e6a0c37"
down_revision = "b7e4c1d9a2f6"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (no table copy): sections and facts point at deck rows.
    op.add_column("deck", sa.Column("complete", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    op.drop_column("deck", "complete")
