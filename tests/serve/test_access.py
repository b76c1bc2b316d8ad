"""Access levels over real HTTP: what an anonymous visitor, the reading room and nobody
may see, and that nothing of a closed volume leaks through listings or search."""

from __future__ import annotations

import httpx
import pytest

from guji.serve import AccessPolicy
from tests.serve.conftest import PUBLIC_IDS, TOKEN, Site, site_config
from tests.serve.server import running

JSON = {"Accept": "application/json"}
CLOSED_TITLES = ("某氏家譜", "萍鄉縣志", "未完成之書")
VOLUME_URLS = ["/{v}/manifest.json", "/{v}/mods.xml", "/{v}/dc.xml", "/{v}/mets.xml",
               "/{v}/fulltext.txt", "/{v}/iiif/0001/info.json",
               "/{v}/access/0001.jpg", "/{v}/thumb/0001.jpg", "/{v}/ocr/0001.json",
               "/iiif/{v}/0001/info.json", "/view/{v}"]


def _tile(site: Site, volume: str) -> str:
    """The path of a real tile of page 1, from the store's listing."""
    keys = [k for k in site.archive.store.list(f"{volume}/iiif/0001/") if k.endswith(".jpg")]
    return "/" + keys[0]


def test_a_public_volume_is_open_to_anyone(site: Site) -> None:
    with httpx.Client(base_url=site.url) as client:
        manifest = client.get("/pub-1/manifest.json")
        assert manifest.status_code == 200
        assert manifest.headers["content-type"].startswith("application/ld+json")
        assert manifest.headers["access-control-allow-origin"] == "*"
        # Published for another host, served with links to this one.
        assert manifest.json()["id"] == f"{site.url}/pub-1/manifest.json"
        assert "guji.example.org" not in manifest.text
        info = client.get("/pub-1/iiif/0001/info.json").json()
        assert info["id"] == f"{site.url}/pub-1/iiif/0001"
        tile = client.get(_tile(site, "pub-1"))
        assert tile.status_code == 200 and tile.headers["content-type"] == "image/jpeg"
        assert tile.content[:2] == b"\xff\xd8"
        for path in VOLUME_URLS:
            assert client.get(path.format(v="pub-1")).status_code == 200, path


@pytest.mark.parametrize("volume", ["closed-1", "room-1"])
def test_a_closed_volume_answers_403_everywhere_and_names_nothing(site: Site, volume: str) -> None:
    with httpx.Client(base_url=site.url) as client:
        for path in [*VOLUME_URLS, _tile(site, volume)]:
            response = client.get(path.format(v=volume))
            assert response.status_code == 403, path
            assert not any(t in response.text for t in CLOSED_TITLES)


def test_an_unfinished_volume_does_not_exist(site: Site) -> None:
    with httpx.Client(base_url=site.url) as client:
        assert client.get("/wip-1/manifest.json").status_code == 404
        assert client.get("/view/wip-1").status_code == 404


def test_only_published_files_are_served(site: Site) -> None:
    with httpx.Client(base_url=site.url) as client:
        for path in ["/pub-1/master/0001.tif", "/pub-1/_complete", "/catalogue.db",
                     "/pub-1/iiif/..%2F..%2Fcatalogue.db", "/pub-1/ocr/..%2F..%2Fcatalogue.db",
                     "/nope/manifest.json"]:
            assert client.get(path).status_code == 404, path


def test_listings_and_search_show_public_volumes_only(site: Site) -> None:
    with httpx.Client(base_url=site.url) as client:
        collection = client.get("/collection.json").json()
        assert [m["id"] for m in collection["items"]] == [
            f"{site.url}/{v}/manifest.json" for v in PUBLIC_IDS]
        index = client.get("/").text
        assert "論語集解" in index and not any(t in index for t in CLOSED_TITLES)
        assert "room-1" not in index and "closed-1" not in index
        # Every volume's text has 「第1頁」; only public ones may be found.
        hits = client.get("/search", params={"q": "第1頁"}, headers=JSON).json()["hits"]
        assert sorted({h["volume"] for h in hits}) == PUBLIC_IDS
        assert hits[0]["viewer"].startswith(f"{site.url}/view/")
        assert client.get("/search", params={"q": "某氏"}, headers=JSON).json()["hits"] == []


def test_the_reading_room_token_opens_reading_room_volumes_but_not_restricted_ones(site: Site) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=site.url) as client:
        assert client.get("/room-1/manifest.json", headers=bearer).status_code == 200
        assert client.get("/closed-1/manifest.json", headers=bearer).status_code == 403
        assert client.get("/room-1/manifest.json",
                          headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 403
        assert client.get("/reading-room", params={"token": "wrong"}).status_code == 403
    with httpx.Client(base_url=site.url, follow_redirects=True) as browser:
        door = browser.get("/reading-room", params={"token": TOKEN})
        assert door.status_code == 200 and "萍鄉縣志" in door.text
        assert browser.get("/room-1/manifest.json").status_code == 200
        assert browser.get(_tile(site, "room-1")).status_code == 200
        assert browser.get("/room-1/manifest.json").headers["cache-control"].startswith("private")
        # The search index holds public volumes only: a reading room reads its volumes
        # in the viewer, but search finds nothing of them, for anyone.
        hits = browser.get("/search", params={"q": "第1頁"}, headers=JSON).json()["hits"]
        assert {h["volume"] for h in hits} == set(PUBLIC_IDS)
        assert "某氏家譜" not in browser.get("/").text
        # The collection stays public-only, whoever asks.
        assert "room-1" not in browser.get("/collection.json").text


def test_the_reading_room_network_opens_reading_room_volumes(site: Site) -> None:
    config = site_config(site.archive, AccessPolicy.build(["127.0.0.0/8"]))
    with running(config) as url, httpx.Client(base_url=url) as client:
        assert client.get("/room-1/manifest.json").status_code == 200
        assert client.get("/view/room-1").status_code == 200
        assert client.get("/closed-1/manifest.json").status_code == 403
    elsewhere = site_config(site.archive, AccessPolicy.build(["10.8.0.0/24"]))
    with running(elsewhere) as url, httpx.Client(base_url=url) as client:
        assert client.get("/room-1/manifest.json").status_code == 403
