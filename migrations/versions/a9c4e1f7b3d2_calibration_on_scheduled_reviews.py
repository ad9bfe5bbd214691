"""Calibrated retention measured on what the schedule delivered

Revision ID: a9c4e1f7b3d2
Revises: e4b7a2c9d1f6
Create Date: 2026-11-30 21:05:00

schedule_fit.calibration_reviews: how many repeat reviews since the previous measurement a try
measured (srs.calibration.measure). With it, predicted_recall is the retention those reviews were
scheduled for and actual_recall the share recalled; tries before this revision have it empty and
keep the held-out figures they were made with.
"""

import sqlalchemy as sa
from alembic import op

revision = "a9c4e1f7b3d2"
down_revision = "e4b7a2c9d1f6"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("schedule_fit", sa.Column("calibration_reviews", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("schedule_fit", "calibration_reviews")
