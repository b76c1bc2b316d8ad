"""The search index: one row per page of a public volume, in the catalogue's database.

SQLite answers a phrase of any length from an FTS5 index whose tokens are the folded
characters, ranked by FTS5's bm25 (more occurrences on a page rank it higher);
PostgreSQL narrows pages through a GIN index over their characters and character pairs
(migration 0003), confirms with strpos and ranks by the number of occurrences. Either way
a page is a hit only if the folded query occurs in its folded text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from guji.pipeline.catalogue import Catalogue
from guji.pipeline.catalogue.tables import SearchPageTable
from guji.pipeline.errors import CatalogueError
from guji.search.text import PageText, fold

# Ranking costs a little for every page found: a phrase found on most pages of a large
# archive (之, 子曰) is ranked among the first MAX_RANKED pages found, and counted as
# MAX_RANKED, which keeps every query fast.
MAX_RANKED = 2000


@dataclass(frozen=True)
class PageMatch:
    volume_id: str
    seq: int
    text: str  # the page's searchable characters, as printed
    folded: str
    count: int  # occurrences of the query on the page

    def positions(self, needle: str) -> list[int]:
        """Where the folded query starts on the page, in reading order, without overlaps."""
        found, start = [], self.folded.find(needle)
        while needle and start >= 0:
            found.append(start)
            start = self.folded.find(needle, start + len(needle))
        return found


@dataclass(frozen=True)
class Found:
    query: str  # the folded query
    total: int  # pages matching, before the limit; at most MAX_RANKED
    pages: tuple[PageMatch, ...]

    @property
    def capped(self) -> bool:
        """Found on more pages than are counted and ranked (MAX_RANKED)."""
        return self.total >= MAX_RANKED


def _ranked(where: str) -> str:
    # Occurrences counted and ranked in SQL, over narrow rows: the page texts are fetched
    # for the rows on this page of results only.
    return (
        "WITH matched AS (SELECT p.id, p.volume_id, p.seq, "
        "(length(p.folded) - length(replace(p.folded, :q, ''))) / length(:q) AS n "
        f"FROM search_pages p {where} LIMIT {MAX_RANKED}), "
        "ranked AS (SELECT id, n, count(*) OVER () AS total FROM matched "
        "ORDER BY n DESC, volume_id, seq LIMIT :limit OFFSET :offset) "
        "SELECT p.volume_id, p.seq, p.text, p.folded, ranked.n, ranked.total "
        "FROM ranked JOIN search_pages p ON p.id = ranked.id "
        "ORDER BY ranked.n DESC, p.volume_id, p.seq")


def _sqlite_ranked(volume: bool) -> str:
    if volume:
        # Inside one volume pages are listed in order; Content Search sorts hits so anyway.
        return (
            "SELECT p.volume_id, p.seq, p.text, p.folded, 0 AS n, 0 AS total "
            "FROM search_pages_fts f JOIN search_pages p ON p.id = f.rowid "
            "WHERE search_pages_fts MATCH :phrase AND p.volume_id = :volume "
            "ORDER BY p.seq LIMIT :limit OFFSET :offset")
    return (
        "WITH candidates AS (SELECT rowid AS id, rank AS r FROM search_pages_fts "
        f"WHERE search_pages_fts MATCH :phrase LIMIT {MAX_RANKED}), "
        "ranked AS (SELECT id, r FROM candidates ORDER BY r, id LIMIT :limit OFFSET :offset) "
        "SELECT p.volume_id, p.seq, p.text, p.folded, 0 AS n, "
        "(SELECT count(*) FROM candidates) AS total "
        "FROM ranked JOIN search_pages p ON p.id = ranked.id ORDER BY ranked.r, p.id")


def _sqlite_total(volume: bool) -> str:
    scope = "AND p.volume_id = :volume " if volume else ""
    return (f"SELECT count(*) FROM (SELECT 1 FROM search_pages_fts f "
            f"{'JOIN search_pages p ON p.id = f.rowid ' if volume else ''}"
            f"WHERE search_pages_fts MATCH :phrase {scope}LIMIT {MAX_RANKED})")


def tokens(folded: str) -> str:
    """Folded text as the SQLite index holds it: one token per character."""
    return " ".join(folded)


def _postgres_where(volume: bool) -> str:
    scope = " AND p.volume_id = :volume" if volume else ""
    return ("WHERE p.grams @> CAST(:grams AS text[]) "
            f"AND strpos(p.folded, :q) > 0{scope}")


def _grams(needle: str) -> list[str]:
    """What a page must contain to hold the needle: its pairs, or the lone character."""
    if len(needle) == 1:
        return [needle]
    return sorted({needle[i:i + 2] for i in range(len(needle) - 1)})


def _occurrences(folded: str, needle: str) -> int:
    return folded.count(needle)


class SearchIndex:
    """The pages of public volumes, searchable by phrase."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def of(cls, catalogue: Catalogue) -> SearchIndex:
        return cls(catalogue.engine)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def fill(self, volume_id: str, pages: Iterable[PageText]) -> int:
        """Replace the volume's entries with these pages; returns how many were indexed."""
        rows = [{"volume_id": volume_id, "seq": p.seq, "text": p.text, "folded": p.folded}
                for p in pages if p.text]
        try:
            with self._engine.begin() as conn:
                conn.execute(delete(SearchPageTable).where(SearchPageTable.volume_id == volume_id))
                if rows:
                    conn.execute(insert(SearchPageTable), rows)
                if rows and self.dialect == "sqlite":
                    ids = conn.execute(select(SearchPageTable.id, SearchPageTable.folded).where(
                        SearchPageTable.volume_id == volume_id)).all()
                    conn.execute(text("INSERT INTO search_pages_fts(rowid, chars) VALUES (:id, :chars)"),
                                 [{"id": i, "chars": tokens(f)} for i, f in ids])
        except SQLAlchemyError as e:
            raise CatalogueError(f"could not index volume {volume_id!r} for search: {e}",
                                 hint="check the catalogue database; `guji ingest` again "
                                      "re-indexes the volume") from e
        return len(rows)

    def withdraw(self, volume_id: str) -> int:
        """Remove every entry of the volume; returns how many pages were removed."""
        try:
            with self._engine.begin() as conn:
                result = conn.execute(
                    delete(SearchPageTable).where(SearchPageTable.volume_id == volume_id))
        except SQLAlchemyError as e:
            raise CatalogueError(f"could not withdraw volume {volume_id!r} from search: {e}",
                                 hint="check the catalogue database and try again") from e
        return int(result.rowcount or 0)

    def volumes(self) -> set[str]:
        """The volumes with pages in the index."""
        with self._engine.connect() as conn:
            return set(conn.execute(select(SearchPageTable.volume_id).distinct()).scalars())

    def find(self, query: str, *, volume_id: str | None = None, limit: int = 50,
             offset: int = 0) -> Found:
        """Pages holding the query after folding, best matches (most occurrences) first."""
        needle = fold(query)
        if not needle:
            return Found(needle, 0, ())
        params: dict[str, object] = {"q": needle, "limit": limit, "offset": offset}
        if volume_id is not None:
            params["volume"] = volume_id
        try:
            with self._engine.connect() as conn:
                if self.dialect == "postgresql":
                    params["grams"] = _grams(needle)
                    rows = conn.execute(text(_ranked(_postgres_where(volume_id is not None))),
                                        params).all()
                    total = int(rows[0].total) if rows else 0
                else:
                    # An FTS5 phrase of character tokens (folding left no quotes to escape).
                    params["phrase"] = f'"{tokens(needle)}"'
                    rows = conn.execute(text(_sqlite_ranked(volume_id is not None)), params).all()
                    if rows and volume_id is None:
                        total = int(rows[0].total)
                    else:
                        total = int(conn.execute(text(_sqlite_total(volume_id is not None)),
                                                 params).scalar_one()) if rows or offset else 0
        except SQLAlchemyError as e:
            raise CatalogueError(f"search for {query!r} failed: {e}",
                                 hint="check the catalogue database") from e
        pages = tuple(PageMatch(r.volume_id, r.seq, r.text, r.folded,
                                int(r.n) or _occurrences(r.folded, needle)) for r in rows)
        return Found(needle, total, pages)
