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
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_column("exam_date")
