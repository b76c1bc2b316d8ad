"""The search index on both catalogue databases: SQLite (FTS5 trigram) and PostgreSQL (GIN
over character pairs). Same pages, same queries, same answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from guji.pipeline.catalogue import Catalogue
from guji.pipeline.model import CatalogueRecord
from guji.search import SearchIndex, fold, page_text

# 論語 學而 as a printer set it: 爲 (the variant the page shows), not 為.
LUNYU = {
    1: ["子曰學而時習之不亦說乎", "有朋自遠方來不亦樂乎"],
    2: ["人不知而不慍不亦君子乎", "有子曰其爲人也孝弟"],
    3: ["而好犯上者鮮矣不好犯上", "而好作亂者未之有也君子務本本立而道生孝弟也者其爲仁之本與"],
}
MENGZI = {1: ["孟子見梁惠王王曰叟不遠千里而來", "亦將有以利吾國乎孟子對曰王何必曰利"]}


def _ocr(columns: list[str]) -> dict[str, object]:
    """A page's OCR JSON: columns right to left, one glyph box per character, 40 px each."""
    out = []
    for n, column in enumerate(columns):
        x = 900 - n * 60
        glyphs = [{"text": c, "box": [x, 100 + 40 * i, 36, 36]} for i, c in enumerate(column)]
        out.append({"kind": "body", "box": [x, 100, 36, 40 * len(column)], "text": column,
                    "lines": [{"kind": "body", "text": column, "glyphs": glyphs}]})
    out.append({"kind": "centre-strip", "box": [0, 0, 20, 200], "text": "論語卷一", "lines": []})
    return {"schema": "guji-ocr/1", "columns": out}


def _fill(catalogue: Catalogue) -> SearchIndex:
    for vid, title in (("lunyu", "論語"), ("mengzi", "孟子")):
        catalogue.register_volume(CatalogueRecord(vid, title))
    index = SearchIndex.of(catalogue)
    index.fill("lunyu", [page_text(seq, _ocr(cols)) for seq, cols in LUNYU.items()])
    index.fill("mengzi", [page_text(seq, _ocr(cols)) for seq, cols in MENGZI.items()])
    return index


@pytest.fixture(params=["sqlite", "postgresql"])
def catalogue(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Catalogue]:
    if request.param == "sqlite":
        yield Catalogue.open(f"sqlite:///{tmp_path / 'catalogue.db'}")
    else:
        yield Catalogue.open(request.getfixturevalue("postgres_url"))


def test_folding_is_one_character_for_one() -> None:
    assert fold("其爲人也") == fold("其為人也") == fold("其为人也") == "其为人也"
    assert fold("學而，時習之。") == "学而时习之"  # punctuation out, simplified forms in
    assert fold("  ") == ""


def test_page_text_reads_glyphs_in_order_and_skips_the_centre_strip() -> None:
    page = page_text(2, _ocr(LUNYU[2]))
    assert page.text == "".join(LUNYU[2])
    assert len(page.boxes) == len(page.text)
    assert page.boxes[0] is not None and (page.boxes[0].x, page.boxes[0].y) == (900, 100)
    assert "論語卷" not in page.text


def test_a_phrase_finds_its_pages_ranked_by_occurrences(catalogue: Catalogue) -> None:
    index = _fill(catalogue)
    found = index.find("不亦")
    # Page 1 of 論語 has 不亦 twice, page 2 once; 孟子 never.
    assert [(p.volume_id, p.seq, p.count) for p in found.pages] == [
        ("lunyu", 1, 2), ("lunyu", 2, 1)]
    assert found.total == 2


def test_variants_and_simplified_forms_find_the_printed_form(catalogue: Catalogue) -> None:
    index = _fill(catalogue)
    for query in ("其爲人也", "其為人也", "其为人也", "为仁之本"):
        found = index.find(query)
        assert [(p.volume_id, p.seq) for p in found.pages] in ([("lunyu", 2)], [("lunyu", 3)])
    hit = index.find("其為人也").pages[0]
    start = hit.positions(fold("其為人也"))[0]
    assert hit.text[start:start + 4] == "其爲人也"  # the snippet shows what is printed


def test_single_characters_and_phrases_across_columns(catalogue: Catalogue) -> None:
    index = _fill(catalogue)
    assert {(p.volume_id, p.seq) for p in index.find("利").pages} == {("mengzi", 1)}
    # 樂乎 ends column 2 of page 1; 說乎有朋 runs from column 1 into column 2.
    assert [(p.volume_id, p.seq) for p in index.find("說乎有朋").pages] == [("lunyu", 1)]
    assert index.find("論語卷").pages == ()  # the centre strip is not the text
    assert index.find("子曰", volume_id="mengzi").pages == ()
    assert [p.seq for p in index.find("子曰", volume_id="lunyu").pages] == [1, 2]


def test_withdraw_and_refill_replace_a_volumes_entries(catalogue: Catalogue) -> None:
    index = _fill(catalogue)
    assert index.volumes() == {"lunyu", "mengzi"}
    assert index.withdraw("lunyu") == 3
    assert index.find("不亦").pages == ()
    assert index.volumes() == {"mengzi"}
    index.fill("mengzi", [page_text(1, _ocr(["學而時習之"]))])
    assert index.find("梁惠王").pages == ()
    assert [p.volume_id for p in index.find("時習").pages] == ["mengzi"]


def test_the_database_index_is_used(catalogue: Catalogue) -> None:
    _fill(catalogue)
    with catalogue.engine.connect() as conn:
        if catalogue.engine.dialect.name == "sqlite":
            # One token per character: the phrase 学而时 as three tokens in a row.
            rows = conn.execute(text("SELECT rowid FROM search_pages_fts "
                                     "WHERE search_pages_fts MATCH '\"学 而 时\"'")).all()
        else:
            conn.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(r[0] for r in conn.execute(text(
                "EXPLAIN SELECT id FROM search_pages WHERE grams @> ARRAY['学而']")))
            assert "search_pages_grams" in plan
            rows = conn.execute(text("SELECT id FROM search_pages WHERE "
                                     "grams @> ARRAY['学而', '而时']")).all()
    assert len(rows) == 1
