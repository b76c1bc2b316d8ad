"""A small real archive for publishing and serving tests: synthetic pages run through the
real derivative maker (pyvips tiles), stored in a LocalStore and catalogued in SQLite.

Each page is a pale paper ground with dark vertical columns and a tint of its own, so a
test can tell pages apart by colour and tell a drawn tile from a blank one."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyvips

from guji.derivatives import make_derivatives
from guji.ocr.numerals import strip_fields
from guji.pipeline.catalogue import Catalogue, PageRow
from guji.pipeline.keys import access_key, complete_key, iiif_prefix, master_key, ocr_key, thumb_key
from guji.pipeline.model import CatalogueRecord
from guji.pipeline.settings import Settings
from guji.pipeline.storage import content_type_for
from guji.pipeline.storage.local import LocalStore
from guji.publish import publish_collection, publish_volume
from guji.publish.review import settle_review

PAGE_W, PAGE_H = 600, 900
# Paper tints by page: a test reads them back from the screen.
TINTS: tuple[tuple[int, int, int], ...] = (
    (236, 226, 200), (240, 170, 160), (160, 180, 240), (190, 230, 170), (230, 200, 240),
)


@dataclass(frozen=True)
class VolumeSpec:
    record: CatalogueRecord
    pages: int = 3
    centre_strip: tuple[str, ...] = ()  # OCR'd 版心 text per page, e.g. 「論語卷一」
    complete: bool = True


@dataclass
class Archive:
    root: Path
    store: LocalStore
    catalogue: Catalogue
    settings: Settings
    published: dict[str, list[str]] = field(default_factory=dict)


def tint(seq: int) -> tuple[int, int, int]:
    return TINTS[(seq - 1) % len(TINTS)]


def page_image(path: Path, seq: int) -> Path:
    """A page: tinted paper, a frame and five dark columns of 'text'."""
    r, g, b = tint(seq)
    paper = (pyvips.Image.black(PAGE_W, PAGE_H, bands=3) + [r, g, b]).cast("uchar")
    ink = [30, 25, 20]
    paper = paper.draw_rect(ink, 40, 40, PAGE_W - 80, PAGE_H - 80, fill=False)
    for n in range(5):
        x = PAGE_W - 110 - n * 95
        paper = paper.draw_rect(ink, x, 80, 30, 300 + 90 * ((seq + n) % 5), fill=True)
    paper.write_to_file(str(path))
    return path


def _ocr_json(seq: int, centre: str) -> dict[str, object]:
    """The OCR stage's JSON of a page: three columns, and the centre strip with the juan
    and leaf the stage types from it (at the frame's left: a recto)."""
    columns: list[dict[str, object]] = [
        {"box": [PAGE_W - 110 - n * 95, 80, 30, 300], "text": f"第{seq}頁第{n + 1}行",
         "kind": "main", "direction": "vertical-rl", "half_page": 0} for n in range(3)]
    if centre:
        fields = strip_fields([centre])
        columns.append({"box": [0, 0, 20, 200], "text": centre, "kind": "centre-strip",
                        "half_page": 0, "juan": fields.juan, "leaf": fields.leaf})
    return {"width": PAGE_W, "height": PAGE_H, "direction": "vertical-rl", "columns": columns,
            "half_pages": [{"side": "single", "frame": [40, 40, PAGE_W - 80, PAGE_H - 80]}]}


def _put(archive: Archive, vid: str, seq: int | None, key: str, data: bytes | Path,
         role: str) -> None:
    stored = (archive.store.put_bytes(key, data) if isinstance(data, bytes)
              else archive.store.put_file(key, data))
    archive.catalogue.record_file(vid, key, role=role, size=stored.size, sha256=stored.sha256,
                                  mime=content_type_for(key), page_seq=seq)


def add_volume(archive: Archive, spec: VolumeSpec, work: Path) -> None:
    """Ingest a volume the way the flow does, then publish it as the flow does."""
    vid = spec.record.volume_id
    catalogue = archive.catalogue
    catalogue.register_volume(spec.record, source=str(work))
    catalogue.log_event(vid, "ingestion", "success", f"{spec.pages} synthetic scans")
    texts = []
    for seq in range(1, spec.pages + 1):
        image = page_image(work / f"{vid}-{seq}.tif", seq)
        mkey = master_key(vid, seq, "tif")
        _put(archive, vid, seq, mkey, image, "master")
        made = make_derivatives(image, volume_id=vid, seq=seq, settings=archive.settings)
        _put(archive, vid, seq, access_key(vid, seq), made.access, "access")
        _put(archive, vid, seq, thumb_key(vid, seq), made.thumb, "thumb")
        for name, data in made.tiles.items():
            _put(archive, vid, seq, f"{iiif_prefix(vid, seq)}/{name}", data, "tiles")
        centre = spec.centre_strip[seq - 1] if seq <= len(spec.centre_strip) else ""
        ocr = _ocr_json(seq, centre)
        text = "\n".join(str(c["text"]) for c in ocr["columns"] if c.get("kind") == "main")  # type: ignore[union-attr]
        texts.append(f"=== {seq:04d} ===\n{text}\n")
        _put(archive, vid, seq, ocr_key(vid, seq, "json"),
             json.dumps(ocr, ensure_ascii=False).encode(), "ocr")
        _put(archive, vid, seq, ocr_key(vid, seq, "txt"), text.encode(), "ocr")
        _put(archive, vid, seq, ocr_key(vid, seq, "hocr"),
             f"<html><body><div class='ocr_page'>{text}</div></body></html>".encode(), "ocr")
        _put(archive, vid, seq, ocr_key(vid, seq, "alto.xml"),
             b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"/>', "ocr")
        info = image.stat()
        catalogue.put_page(PageRow(
            volume_id=vid, seq=seq, scan_seq=seq, side="single", source_name=image.name,
            master_key=mkey, master_ext="tif", master_sha256=archive.store.sha256(mkey),
            master_size=info.st_size, image_info={}, width=made.width, height=made.height))
        catalogue.log_event(vid, "derivation", "success", "access, thumbnail, tiles", page_seq=seq)
    _put(archive, vid, None, f"{vid}/fulltext.txt", "\n".join(texts).encode(), "fulltext")
    archive.published[vid] = publish_volume(archive.store, catalogue, vid, archive.settings)
    if spec.complete:
        archive.store.put_bytes(complete_key(vid), b'{"volume": "%s"}' % vid.encode())
        catalogue.set_status(vid, "complete", page_count=spec.pages)
        settle_review(catalogue, vid, archive.settings)
    publish_collection(archive.store, catalogue, archive.settings)


def build_archive(root: Path, specs: list[VolumeSpec], base_url: str) -> Archive:
    store_dir = root / "store"
    settings = Settings(store=str(store_dir), base_url=base_url, tile_size=512,
                        access_max_px=500, thumb_max_px=120)
    archive = Archive(root, LocalStore(store_dir), Catalogue.open(settings.db_url), settings)
    work = root / "work"
    work.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        add_volume(archive, spec, work)
    return archive
