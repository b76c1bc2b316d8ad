"""Review before publication and structure corrections (readers issue).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Why a volume waits for review ("2 pages failed QA; rare book (善本)"), and when it
    # was last made public (OAI-PMH datestamps; a once-published volume that is no longer
    # visible is reported deleted).
    with op.batch_alter_table("volumes") as batch:
        batch.add_column(sa.Column("review_reason", sa.Text, nullable=True))
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
    # Staff corrections of a page's structure (juan, leaf, folio side). Kept apart from
    # the page rows, which a re-ingest rewrites, so a correction outlives it.
    op.create_table(
        "structure_corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("volume_id", sa.String(128), nullable=False, index=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("juan", sa.Integer, nullable=True),
        sa.Column("leaf_number", sa.Integer, nullable=True),
        sa.Column("folio_side", sa.String(1), nullable=True),
        sa.Column("agent", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("volume_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("structure_corrections")
    with op.batch_alter_table("volumes") as batch:
        batch.drop_column("published_at")
        batch.drop_column("review_reason")
