"""OCR quality per page: mean confidence and expected character error rate.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("ocr_confidence", sa.Float, nullable=True))
        batch.add_column(sa.Column("ocr_expected_cer", sa.Float, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("ocr_expected_cer")
        batch.drop_column("ocr_confidence")
