"""docs/publishing.md is a contract: every stable URL it documents answers, and its MODS
mapping table covers every catalogue field."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from guji.pipeline.model import CatalogueRecord
from tests.serve.conftest import Site

DOC = (Path(__file__).resolve().parents[2] / "docs" / "publishing.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return DOC.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_every_documented_url_answers(site: Site) -> None:
    rows = re.findall(r"^\| `\{base\}([^|]+?)` \|", _section("Stable URLs"), flags=re.M)
    assert len(rows) >= 10
    paths = []
    for row in rows:
        for variant in row.split("` · `"):
            path = (variant.replace("{volume}", "pub-1").replace("{seq}", "0001")
                    .replace("?canvas=N", "?canvas=1").replace("?q=…", "?q=論語")
                    .replace("`", ""))
            paths.append(path if path.startswith("/") else f"/pub-1/ocr/0001{path}")
    with httpx.Client(base_url=site.url) as client:
        for path in paths:
            response = client.get(path, params={"verb": "Identify"} if path == "/oai" else None)
            assert response.status_code == 200, path


def test_the_mods_table_maps_every_catalogue_field() -> None:
    table = _section("MODS 3.7 mapping for ancient Chinese books")
    documented = set(re.findall(r"^\| `([a-z0-9_]+)`", table, flags=re.M))
    fields = set(CatalogueRecord.__dataclass_fields__) - {"split", "extra"}
    assert fields <= documented, sorted(fields - documented)
