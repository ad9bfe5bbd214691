"""Calibrated retention: how a learner's parameters predict their recall on held-out reviews

Revision ID: b7e3d9a1c5f2
Revises: c4a8e2f61d07
Create Date: 2026-11-30 11:20:00

user.fsrs_recall_offset: the log-odds shift from predicted to actual recall measured at the latest
fit (srs.calibration); reviews are scheduled for the predicted recall that delivers the desired
retention. schedule_fit.predicted_recall / actual_recall / recall_offset: the same figures for
each try, shown on the history page.
"""

import sqlalchemy as sa
from alembic import op

revision = "b7e3d9a1c5f2"
down_revision = "c4a8e2f61d07"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("user", sa.Column("fsrs_recall_offset", sa.Double(), nullable=True))
    op.add_column("schedule_fit", sa.Column("predicted_recall", sa.Double(), nullable=True))
    op.add_column("schedule_fit", sa.Column("actual_recall", sa.Double(), nullable=True))
    op.add_column("schedule_fit", sa.Column("recall_offset", sa.Double(), nullable=True))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+), not a batch table copy: renaming the copied "user" table
    # fails while the review-log triggers of d5a8c3f1e7b2 name it.
    op.drop_column("schedule_fit", "recall_offset")
    op.drop_column("schedule_fit", "actual_recall")
    op.drop_column("schedule_fit", "predicted_recall")
    op.drop_column("user", "fsrs_recall_offset")
