"""Full-text search over the OCR of public volumes: folding (text.py), the index in the
catalogue's database (index.py), and keeping it in step with publication (publication.py)."""

from guji.search.index import Found, PageMatch, SearchIndex
from guji.search.publication import sync_index, volume_pages
from guji.search.text import PageText, fold, page_text

__all__ = ["Found", "PageMatch", "PageText", "SearchIndex", "fold", "page_text", "sync_index",
           "volume_pages"]
