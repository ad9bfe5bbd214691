"""Live answers feed players' schedules when the quiz says so (was one server-wide flag)

Revision ID: c5a8e2f17d40
Revises: b91d4e6a0c37
Create Date: 2026-11-30 07:40:00

The teacher turns it on per quiz; a live session copies the setting when it starts, as it copies
speed points, so changing the quiz mid-game does not change the game. Off for every existing row,
as the old flag was off by default.
"""

import sqlalchemy as sa
from alembic import op

revision = "c5a8e2f17d40"
down_revision = "b91d4e6a0c37"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "quiz", sa.Column("live_feeds_schedules", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column(
        "live_session", sa.Column("feeds_schedules", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade():
    with op.batch_alter_table("live_session") as batch_op:
        batch_op.drop_column("feeds_schedules")
    with op.batch_alter_table("quiz") as batch_op:
        batch_op.drop_column("live_feeds_schedules")
