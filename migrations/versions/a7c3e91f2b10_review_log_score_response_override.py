"""Review log keeps the score, the structured response and a learner's own rating over the app's

Revision ID: a7c3e91f2b10
Revises: cddac66d531f
Create Date: 2026-11-30 04:40:00

score: the grader's partial credit (0-1), so history can say "Partly right".
response: the answer as graded (indices of picks, pairs, order), so feedback can mark the wrong items.
auto_rating / rerated_at: when the learner overrode the app's rating ("I was right"), the app's
rating and when; `rating` then holds the learner's.
"""

import sqlalchemy as sa
from alembic import op

import quizapp.models.base

revision = "a7c3e91f2b10"
down_revision = "cddac66d531f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("review_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("score", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("response", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("auto_rating", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("rerated_at", quizapp.models.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("review_log", schema=None) as batch_op:
        batch_op.drop_column("rerated_at")
        batch_op.drop_column("auto_rating")
        batch_op.drop_column("response")
        batch_op.drop_column("score")
