"""Full-text search index (readers issue).

One row per page of a public volume: its OCR text and the folded text queries are matched
against (guji/search). The index over `folded` depends on the database:

* SQLite: an FTS5 table of character tokens (each folded character a token, rowid the
  page row's id), filled by guji/search and emptied by a trigger when page rows go.
* PostgreSQL: a GIN index over the set of single characters and character pairs of each
  page (`guji_search_grams`, kept in a generated column `grams` that only PostgreSQL
  has). pg_trgm would be the usual choice, but it sees no CJK
  characters in a database created with the C locale, which is common.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SQLITE = [
    # Each folded character a token (written space-separated by guji/search), so any
    # phrase, of one character or many, is an FTS5 phrase query answered from the index.
    "CREATE VIRTUAL TABLE search_pages_fts USING fts5("
    "chars, tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_pages_ad AFTER DELETE ON search_pages BEGIN "
    "DELETE FROM search_pages_fts WHERE rowid = old.id; END",
]

_POSTGRES = [
    # Immutable, so it may be indexed: every character and every pair of neighbours.
    "CREATE FUNCTION guji_search_grams(t text) RETURNS text[] "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_agg(DISTINCT g), '{}') FROM ("
    "SELECT substr(t, i, 1) AS g FROM generate_series(1, char_length(t)) AS i "
    "UNION ALL SELECT substr(t, i, 2) FROM generate_series(1, char_length(t) - 1) AS i"
    ") AS grams $$",
    # Stored, not an index expression: rows the index finds are checked against the stored
    # array, not by computing it again for every page.
    "ALTER TABLE search_pages ADD COLUMN grams text[] "
    "GENERATED ALWAYS AS (guji_search_grams(folded)) STORED",
    "CREATE INDEX search_pages_grams ON search_pages USING gin (grams)",
]


def upgrade() -> None:
    op.create_table(
        "search_pages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("volume_id", sa.String(128),
                  sa.ForeignKey("volumes.volume_id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.UniqueConstraint("volume_id", "seq"),
    )
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE if dialect == "sqlite" else _POSTGRES if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_pages_fts")
    op.drop_table("search_pages")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS guji_search_grams(text)")
