"""The storage layout: every key the archive writes, in one place.

    collection.json
    {volume}/master/0001.tif            scans, byte for byte (numbered by scan)
    {volume}/access/0001.jpg            pages from here on are numbered in reading order
    {volume}/thumb/0001.jpg
    {volume}/iiif/0001/...              level-0 tiles, sizes and info.json
    {volume}/ocr/0001.{txt,hocr,alto.xml,json}
    {volume}/{manifest.json,mods.xml,dc.xml,mets.xml,qa.json,qa.html,fulltext.txt}
    {volume}/withdrawn/{stamp}/...      what a re-ingest or withdrawal took out of service
    {volume}/_complete                  written last: the volume is whole

The URL space mirrors it (guji.metadata.urls), so these keys are also public paths.
"""

from __future__ import annotations

COLLECTION_KEY = "collection.json"
FULLTEXT = "fulltext.txt"
WITHDRAWN = "withdrawn"


def seq_name(seq: int) -> str:
    return f"{seq:04d}"


def master_key(volume_id: str, scan_seq: int, extension: str) -> str:
    return f"{volume_id}/master/{seq_name(scan_seq)}.{extension}"


def access_key(volume_id: str, seq: int) -> str:
    return f"{volume_id}/access/{seq_name(seq)}.jpg"


def thumb_key(volume_id: str, seq: int) -> str:
    return f"{volume_id}/thumb/{seq_name(seq)}.jpg"


def iiif_prefix(volume_id: str, seq: int) -> str:
    return f"{volume_id}/iiif/{seq_name(seq)}"


def ocr_key(volume_id: str, seq: int, suffix: str = "txt") -> str:
    return f"{volume_id}/ocr/{seq_name(seq)}.{suffix}"


def record_key(volume_id: str, name: str) -> str:
    """Key of a volume-level document: manifest.json, mods.xml, qa.json, fulltext.txt, ..."""
    return f"{volume_id}/{name}"


def fulltext_key(volume_id: str) -> str:
    return record_key(volume_id, FULLTEXT)


def withdrawn_key(volume_id: str, stamp: str, key: str) -> str:
    """Where a withdrawn object of the volume is kept: its path below the volume, kept."""
    return f"{volume_id}/{WITHDRAWN}/{stamp}/{key.split('/', 1)[1]}"


def complete_key(volume_id: str) -> str:
    return f"{volume_id}/_complete"
