"""Teachers share decks and quizzes; a deleted deck is kept for the quizzes that use it

Revision ID: c4a8e2f61d07
Revises: d8b1f4a2c6e9
Create Date: 2026-11-30 07:40:00

deck_share: a deck shared read-only with another teacher. quiz_share: a quiz another teacher may
read and copy into a class of theirs. deck.deleted_at: the owner deleted it; nobody sees it, its
rows stay so quizzes that hold its questions keep working.
"""

import sqlalchemy as sa
from alembic import op

from quizapp.models.base import UTCDateTime

revision = "c4a8e2f61d07"
down_revision = "d8b1f4a2c6e9"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("deck", sa.Column("deleted_at", UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "deck_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("shared_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["deck_id"], ["deck.id"], name=op.f("fk_deck_share_deck_id_deck"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["user.id"], name=op.f("fk_deck_share_teacher_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deck_share")),
        sa.UniqueConstraint("deck_id", "teacher_id", name=op.f("uq_deck_share_deck_id")),
    )
    op.create_index(op.f("ix_deck_share_deck_id"), "deck_share", ["deck_id"])
    op.create_index(op.f("ix_deck_share_teacher_id"), "deck_share", ["teacher_id"])
    op.create_table(
        "quiz_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("shared_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["quiz_id"], ["quiz.id"], name=op.f("fk_quiz_share_quiz_id_quiz"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["user.id"], name=op.f("fk_quiz_share_teacher_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_share")),
        sa.UniqueConstraint("quiz_id", "teacher_id", name=op.f("uq_quiz_share_quiz_id")),
    )
    op.create_index(op.f("ix_quiz_share_quiz_id"), "quiz_share", ["quiz_id"])
    op.create_index(op.f("ix_quiz_share_teacher_id"), "quiz_share", ["teacher_id"])


def downgrade():
    op.drop_table("quiz_share")
    op.drop_table("deck_share")
    with op.batch_alter_table("deck") as batch:
        batch.drop_column("deleted_at")
