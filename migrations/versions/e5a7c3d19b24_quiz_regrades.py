"""Quiz regrades: a quiz's fixed questions, each answer's response, and the changes made after attempts

Revision ID: e5a7c3d19b24
Revises: c4f2a8e61d07
Create Date: 2026-11-30 07:45:00

A regrade grades every kept response again with the fixed question, so answers keep their
response; answers stored before are filled from their review-log row, which has it.
"""

import sqlalchemy as sa
from alembic import op

import quizapp.models.base

revision = "e5a7c3d19b24"
down_revision = "c4f2a8e61d07"
branch_labels = None
depends_on = None


# Answers stored before this migration take the response their review-log row kept.
FILL_RESPONSES = (
    "UPDATE quiz_answer SET response = (SELECT review_log.response FROM review_log "
    "WHERE review_log.id = quiz_answer.review_log_id) WHERE review_log_id IS NOT NULL"
)


def upgrade():
    op.add_column(
        "quiz", sa.Column("question_fixes", sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
    )
    op.add_column("quiz_answer", sa.Column("response", sa.JSON(), nullable=True))
    op.execute(FILL_RESPONSES)
    op.create_table(
        "quiz_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("made_at", quizapp.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["user.id"], name=op.f("fk_quiz_change_made_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["quiz_id"], ["quiz.id"], name=op.f("fk_quiz_change_quiz_id_quiz"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_change")),
    )
    op.create_index(op.f("ix_quiz_change_quiz_id"), "quiz_change", ["quiz_id"], unique=False)
    op.create_table(
        "quiz_change_effect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("points_before", sa.Double(), nullable=True),
        sa.Column("points_after", sa.Double(), nullable=True),
        sa.Column("earned_before", sa.Double(), nullable=False),
        sa.Column("count_before", sa.Integer(), nullable=False),
        sa.Column("earned_after", sa.Double(), nullable=False),
        sa.Column("count_after", sa.Integer(), nullable=False),
        sa.Column("override_kept", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["quiz_attempt.id"],
            name=op.f("fk_quiz_change_effect_attempt_id_quiz_attempt"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["change_id"],
            ["quiz_change.id"],
            name=op.f("fk_quiz_change_effect_change_id_quiz_change"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_change_effect")),
    )
    op.create_index(
        op.f("ix_quiz_change_effect_change_id"), "quiz_change_effect", ["change_id"], unique=False
    )
    op.create_index(
        op.f("ix_quiz_change_effect_attempt_id"), "quiz_change_effect", ["attempt_id"], unique=False
    )


def downgrade():
    op.drop_table("quiz_change_effect")
    op.drop_table("quiz_change")
    op.drop_column("quiz_answer", "response")
    op.drop_column("quiz", "question_fixes")
