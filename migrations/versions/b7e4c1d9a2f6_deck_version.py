"""Deck version, bumped by every sync, so each worker's cache of the bank sees a sync at once

Revision ID: b7e4c1d9a2f6
Revises: b3e5f1a09c42
Create Date: 2026-11-30 05:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7e4c1d9a2f6"
down_revision = "b3e5f1a09c42"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("deck", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("deck", schema=None) as batch_op:
        batch_op.drop_column("version")
