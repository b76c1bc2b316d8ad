"""The bad-input corpus: every kind of faulty (or awkward but valid) delivery, made by code.

`build_batch(root, pages)` writes a batch of volume folders, one case each, from two real
generated page scans, and returns what each volume must come to: `complete`, or `failed`
with the names its error must mention. Files are real: the bomb is a valid PNG whose
deflate stream inflates to 100000×100000 pixels; WebP, JPEG 2000 and BMP are written by
libvips; CMYK, 16-bit and grey+alpha scans are conversions of a real page.

| volume         | what                                          | outcome                |
|----------------|-----------------------------------------------|------------------------|
| good           | two TIFF pages; catalogue row with XML-special | complete               |
|                | characters and Chinese in every field          |                        |
| variants       | 16-bit TIFF, CMYK JPEG, grey+alpha PNG        | complete (valid input) |
| odd-names      | spaces, Chinese, '#', '&' in file names; no   | complete, default      |
|                | catalogue row                                 | access                 |
| gap            | 0001.tif, 0003.tif                            | complete, noted        |
| bomb           | a page + a 100000×100000 PNG of 1.2 MB        | failed: bomb.png       |
| formats        | a page + .bmp, .jp2, .webp                    | failed: all three      |
| empty          | an empty folder                               | failed: the folder     |
| stray          | a page + notes.txt                            | failed: notes.txt      |
| zero-byte      | a page + a 0-byte .tif                        | failed: 0002.tif       |
| truncated-tif  | a TIFF cut at half                            | failed: 0002.tif       |
| truncated-jpg  | a JPEG cut at half (its header is whole)      | failed: 0002.jpg, at   |
|                |                                               | the full decode        |
| text-as-tif    | a text file named .tif                        | failed: 0002.tif       |
| misnamed       | a JPEG named .png                             | failed: 0002.png       |
| multi-page     | a TIFF with two images                        | failed: 0002.tif       |
| same-number    | 0001.tif and 0001.png                         | failed: both           |
| same-bytes     | 0002.tif a copy of 0001.tif                   | failed: both           |
"""

from __future__ import annotations

import shutil
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pyvips


@dataclass(frozen=True)
class Case:
    outcome: str  # "complete" or "failed"
    names: tuple[str, ...] = ()  # what the volume's error must name
    # Where it is refused: "preflight" (headers and names, before any decode) or "decode"
    # (a file whose header is sound but whose data is not: found by the full decode).
    stage: str = "preflight"


# One row per volume; `good` has XML-special characters and Chinese in every free field and
# a quoted line break in `seals`, the others are plain. `odd-names` has no row on purpose.
SPECIAL = "<&>\"'"
CATALOGUE_HEADER = ("volume_id,title,title_alt,author,author_dynasty,edition,date_text,"
                    "date_w3cdtf,place,publisher,juan,extent_volumes,layout,frame_size_cm,"
                    "seals,rarity_grade,classification,call_number,access,rights\n")
GOOD_FIELDS = {
    "title": f"論語 {SPECIAL} 集解", "title_alt": f"Lunyu {SPECIAL}", "author": f"何晏 {SPECIAL}",
    "author_dynasty": f"魏 {SPECIAL}", "edition": f"明刻本 {SPECIAL}",
    "date_text": f"明萬曆十八年 {SPECIAL}", "date_w3cdtf": "1590", "place": f"蘇州 {SPECIAL}",
    "publisher": f"掃葉山房 {SPECIAL}", "juan": f"十卷 {SPECIAL}",
    "extent_volumes": f"四冊 {SPECIAL}", "layout": f"半葉十行 {SPECIAL}",
    "frame_size_cm": "19.8×13.3", "seals": f"萍鄉圖書館藏 {SPECIAL}\n讀書之樂",
    "rarity_grade": f"三級 {SPECIAL}", "classification": f"經部 {SPECIAL}",
    "call_number": f"線善 {SPECIAL} 1", "access": "public", "rights": f"公有領域 {SPECIAL}",
}


def csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def catalogue_text(volume_ids: list[str]) -> str:
    columns = CATALOGUE_HEADER.strip().split(",")
    rows = [",".join(["good"] + [csv_cell(GOOD_FIELDS[c]) for c in columns[1:]])]
    for vid in volume_ids:
        if vid not in {"good", "odd-names"}:
            rows.append(",".join([vid, f"卷{vid}"] + [""] * (len(columns) - 3) + ["public"]))
    return CATALOGUE_HEADER + "\n".join(rows) + "\n"


# ------------------------------------------------------------------------ the files
def bomb_png(path: Path, side: int = 100_000) -> Path:
    """A valid 1-bit PNG of side×side white-less pixels in about 1.2 MB: each block of
    identical rows compresses to identical deflate bytes after a full flush, so the
    stream is built by repetition instead of compressing 1.25 GB."""
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + packed zero bits
    rows_per_block = 1000
    assert side % rows_per_block == 0
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(row * rows_per_block) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush(zlib.Z_FINISH)
    # Adler-32 of n zero bytes: A = 1, B = n mod 65521.
    adler = ((len(row) * side) % 65521) << 16 | 1
    stream = b"\x78\xda" + block * (side // rows_per_block) + end + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", stream)
                     + _chunk(b"IEND", b""))
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def truncated(source: Path, target: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def sixteen_bit(page: pyvips.Image, target: Path) -> Path:
    grey = page.colourspace("b-w")
    (grey.cast("ushort") * 257).cast("ushort").copy(interpretation="grey16").tiffsave(
        str(target))
    return target


def cmyk(page: pyvips.Image, target: Path) -> Path:
    # Ink only on K: the page's darkness, so the expected rendering is known exactly.
    ink = page.colourspace("b-w").invert()
    zero = ink.new_from_image(0)
    zero.bandjoin([zero, zero, ink]).copy(interpretation="cmyk").jpegsave(str(target), Q=95)
    return target


def grey_alpha(page: pyvips.Image, target: Path) -> Path:
    grey = page.colourspace("b-w")
    grey.bandjoin(grey.new_from_image(255)).copy(interpretation="b-w").pngsave(str(target))
    return target


def multi_page(page: pyvips.Image, target: Path) -> Path:
    twice = pyvips.Image.arrayjoin([page, page], across=1).copy()
    twice.set_type(pyvips.GValue.gint_type, "page-height", page.height)
    twice.tiffsave(str(target))
    return target


# ------------------------------------------------------------------------ the batch
def build_batch(root: Path, pages: list[Path]) -> dict[str, Case]:
    """Write the corpus's volume folders and catalogue.csv under root; what each must give.

    `pages` are two real scans (TIFF) of the same volume."""
    first, second = pages[0], pages[1]
    image = pyvips.Image.new_from_file(str(second))
    cases: dict[str, Case] = {}

    def volume(name: str, case: Case, *files: tuple[str, Path | None]) -> Path:
        folder = root / name
        folder.mkdir(parents=True)
        for filename, source in files:
            if source is not None:
                shutil.copyfile(source, folder / filename)
        cases[name] = case
        return folder

    volume("good", Case("complete"), ("0001.tif", first), ("0002.tif", second))
    variants = volume("variants", Case("complete"))
    sixteen_bit(image, variants / "0001.tif")
    cmyk(image, variants / "0002.jpg")
    grey_alpha(image, variants / "0003.png")
    volume("odd-names", Case("complete"), ("第 1 頁 (scan).tif", first),
           ("page #2 & more.tif", second))
    volume("gap", Case("complete"), ("0001.tif", first), ("0003.tif", second))

    bomb = volume("bomb", Case("failed", ("bomb.png", "max_page_pixels")), ("0001.tif", first))
    bomb_png(bomb / "bomb.png")
    formats = volume("formats", Case("failed", ("0002.bmp", "0003.jp2", "0004.webp",
                                                "JPEG 2000", "WebP", "BMP")),
                     ("0001.tif", first))
    small = image.resize(0.25)
    small.magicksave(str(formats / "0002.bmp"), format="bmp")
    small.jp2ksave(str(formats / "0003.jp2"))
    small.webpsave(str(formats / "0004.webp"))
    volume("empty", Case("failed", ("empty", "no page images")))
    stray = volume("stray", Case("failed", ("notes.txt",)), ("0001.tif", first))
    (stray / "notes.txt").write_text("掃描說明\n", encoding="utf-8")
    zero = volume("zero-byte", Case("failed", ("0002.tif", "0 bytes")), ("0001.tif", first))
    (zero / "0002.tif").write_bytes(b"")
    cut = volume("truncated-tif", Case("failed", ("0002.tif",)), ("0001.tif", first))
    truncated(second, cut / "0002.tif")
    cut_jpg = volume("truncated-jpg", Case("failed", ("0002.jpg",), stage="decode"),
                     ("0001.tif", first))
    image.jpegsave(str(cut_jpg / "whole.jpg"))
    truncated(cut_jpg / "whole.jpg", cut_jpg / "0002.jpg")
    (cut_jpg / "whole.jpg").unlink()
    text = volume("text-as-tif", Case("failed", ("0002.tif",)), ("0001.tif", first))
    (text / "0002.tif").write_text("this is not a TIFF\n")
    misnamed = volume("misnamed", Case("failed", ("0002.png", "JPEG")), ("0001.tif", first))
    image.jpegsave(str(misnamed / "0002.png"))
    multi = volume("multi-page", Case("failed", ("0002.tif", "2 images")), ("0001.tif", first))
    multi_page(image, multi / "0002.tif")
    same = volume("same-number", Case("failed", ("0001.png", "0001.tif", "same page number")),
                  ("0001.tif", first))
    image.pngsave(str(same / "0001.png"))
    volume("same-bytes", Case("failed", ("0001.tif", "0002.tif", "identical bytes")),
           ("0001.tif", first), ("0002.tif", first))
    (root / "catalogue.csv").write_text(catalogue_text(sorted(cases)), encoding="utf-8")
    return cases


# ------------------------------------------------------------------------ bad catalogues
# (catalogue.csv bytes after the header, what the error must say). Each is refused whole.
BAD_CATALOGUE_ROWS: list[tuple[bytes, str]] = [
    ("v1,論\u0001語\n".encode(), "row 2: column title: control character U+0001 at character 2"),
    ("v1,論\u000b語\n".encode(), "row 2: column title: control character U+000B"),
    ("v1,論語,\"a\u2028b\"\n".encode(), "row 2: column author: line separator U+2028"),
    ("v1,論語,\"a\u2029b\"\n".encode(), "row 2: column author: paragraph separator U+2029"),
    ("v1,\"論\n語\"\n".encode(), "row 2: column title: a line break at character 2"),
    ("v1,論語,\"".encode() + "長".encode() * 2001 + b"\"\n",
     "row 2: column author: 2001 characters, over the limit of 2000"),
    ("v1,論語,\ufffe\n".encode(), "Unicode noncharacter U+FFFE"),
    (",論語\n".encode(), "row 2: missing volume_id"),
    (b"v1,\n", "row 2: volume 'v1' has no title"),
    ("v1,論語\nv1,孟子\n".encode(), "row 3: duplicate volume_id 'v1'"),
    ("../etc,論語\n".encode(), "row 2: volume_id '../etc' is not a safe name"),
    ("卷一,論語\n".encode(), "row 2: volume_id '卷一' is not a safe name"),
    ("v1,論語,何晏,extra\n".encode(), "row 2: 4 cells but the header has 3 columns"),
    ("v1,論語\n".encode() + "v2,孟子\n".encode("big5"), "not UTF-8 (invalid start byte at line 3"),
    ("v1,\"論語\n".encode(), "row 2:"),
]
BAD_CATALOGUE_HEADER = b"volume_id,title,author\n"
