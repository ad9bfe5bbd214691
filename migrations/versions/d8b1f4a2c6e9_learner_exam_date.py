"""A learner's exam date

Revision ID: d8b1f4a2c6e9
Revises: d5a8c3f1e7b2
Create Date: 2026-11-30 08:15:00

Reviews are brought before it where predicted recall on the day would fall short (srs.exam).
Empty for everyone: no exam until a learner sets one.
"""

import sqlalchemy as sa
from alembic import op

revision = "d8b1f4a2c6e9"
down_revision = "d5a8c3f1e7b2"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("user", sa.Column("exam_date", sa.Date(), nullable=True))


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+), not a batch table copy: renaming the copied "user" table
    # fails while the review-log triggers of d5a8c3f1e7b2 name it.
    op.drop_column("user", "exam_date")
