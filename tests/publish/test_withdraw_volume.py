"""`guji withdraw VOLUME`: gone from everything served, listed, harvested and searched;
masters and records kept."""

from __future__ import annotations

import json

from click.testing import CliRunner

from guji.cli import cli
from guji.pipeline.catalogue import DEACCESSION
from guji.publish.collection import published_volumes
from guji.search import SearchIndex
from tests.publish.archive import Archive


def test_withdrawal_takes_a_volume_away_and_keeps_its_masters(fresh_archive: Archive) -> None:
    archive = fresh_archive
    store, catalogue = archive.store, archive.catalogue
    args = ["--store", archive.settings.store, "--db", archive.settings.db_url]
    assert [v.volume_id for v in published_volumes(store, catalogue, ("public",))] == ["pub-1"]
    masters = sorted(store.list("pub-1/master"))
    assert SearchIndex.of(catalogue).volumes() == {"pub-1"}
    result = CliRunner().invoke(cli, ["withdraw", "pub-1", "--reason", "returned to owner",
                                      "--by", "館長", *args])
    assert result.exit_code == 0, result.output
    assert not store.exists("pub-1/_complete")
    assert published_volumes(store, catalogue, ("public",)) == []
    collection = json.loads(store.get_bytes("collection.json"))
    assert "pub-1" not in json.dumps(collection)
    assert SearchIndex.of(catalogue).volumes() == set()
    assert not SearchIndex.of(catalogue).find("第1頁").pages
    assert sorted(store.list("pub-1/master")) == masters  # nothing of the book is lost
    row = catalogue.volume("pub-1")
    assert row is not None and row.status == "withdrawn"
    events = [e for e in catalogue.events("pub-1") if e.event_type == DEACCESSION]
    assert [(e.agent, e.detail) for e in events] == [("館長", "volume withdrawn: returned to owner")]


def test_withdrawing_an_unknown_volume_is_a_usage_error(fresh_archive: Archive) -> None:
    args = ["--store", fresh_archive.settings.store, "--db", fresh_archive.settings.db_url]
    result = CliRunner().invoke(cli, ["withdraw", "nope", "--reason", "x", *args])
    assert result.exit_code != 0 and "not in the catalogue" in str(result.exception or result.output)
