"""Initial catalogue: volumes, pages, files, events.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "volumes",
        sa.Column("volume_id", sa.String(128), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("access", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("review", sa.String(32)),
        sa.Column("source", sa.Text),
        sa.Column("page_count", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("volume_id", sa.String(128),
                  sa.ForeignKey("volumes.volume_id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("scan_seq", sa.Integer, nullable=False),
        sa.Column("side", sa.String(16), nullable=False),
        sa.Column("source_name", sa.Text, nullable=False),
        sa.Column("master_key", sa.Text, nullable=False),
        sa.Column("master_ext", sa.String(8), nullable=False),
        sa.Column("master_sha256", sa.String(64), nullable=False),
        sa.Column("master_size", sa.Integer, nullable=False),
        sa.Column("image_info", sa.JSON, nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("skew_deg", sa.Float),
        sa.Column("page_box", sa.JSON),
        sa.Column("frame_box", sa.JSON),
        sa.Column("metrics", sa.JSON),
        sa.Column("verdict", sa.String(8)),
        sa.Column("reasons", sa.JSON),
        sa.Column("leaf_number", sa.Integer),
        sa.Column("juan", sa.Integer),
        sa.Column("rescan", sa.Boolean, nullable=False),
        sa.Column("rescan_reason", sa.Text),
        sa.UniqueConstraint("volume_id", "seq"),
    )
    op.create_index("ix_pages_volume_id", "pages", ["volume_id"])
    op.create_table(
        "files",
        sa.Column("key", sa.String(512), primary_key=True),
        sa.Column("volume_id", sa.String(128),
                  sa.ForeignKey("volumes.volume_id", ondelete="CASCADE"), nullable=False),
        sa.Column("page_seq", sa.Integer),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("mime", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_files_volume_id", "files", ["volume_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("volume_id", sa.String(128), nullable=False),
        sa.Column("page_seq", sa.Integer),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("agent", sa.String(128), nullable=False),
        sa.Column("agent_version", sa.String(64), nullable=False),
        sa.Column("at", TS, nullable=False),
    )
    op.create_index("ix_events_volume_id", "events", ["volume_id"])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("files")
    op.drop_table("pages")
    op.drop_table("volumes")
