"""The CJK typefaces the generator prints with, found through fontconfig at run time.

Typefaces come in two pools that never mix. `train` is everything the project may render,
tune and train on. `reserved` is kept for evaluation only: pages printed with those faces
predict how the OCR does on books it was never shown, so no model, threshold or layout
rule may be fitted, tuned or selected on them (docs/ocr.md, "Held-out evaluation").
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import Literal

from PIL import ImageFont

from guji.pipeline.errors import GujiError

FONT_PACKAGES = "fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai"
# Debian packages of the optional faces: more training variety, and the reserved faces.
EXTRA_FONT_PACKAGES = ("fonts-cns11643-sung fonts-cns11643-kai fonts-lxgw-wenkai "
                       "fonts-babelstone-han fonts-ipamj-mincho fonts-cwtex-fs fonts-cwtex-yen "
                       "fonts-wqy-zenhei fonts-seto")
RESERVED_FONT_PACKAGES = ("fonts-cwtex-ming fonts-cwtex-kai fonts-hanazono "
                          "fonts-arphic-bsmi00lp fonts-arphic-bkai00mp")

FontPool = Literal["sample", "train", "reserved"]
FONT_POOLS: tuple[FontPool, ...] = ("sample", "train", "reserved")

# Families in order of preference: the Ming (明體/宋體) faces descend from woodblock
# lettering, Kai (楷) faces look like 寫刻本; a sans face adds variety for the OCR.
WANTED: tuple[tuple[str, str], ...] = (
    ("Noto Serif CJK TC", "Regular"),
    ("AR PL UMing TW", "Light"),
    ("AR PL UKai TW", "Book"),
    ("Noto Serif CJK TC", "Bold"),
    ("Noto Sans CJK TC", "Regular"),
)
# More faces the project may train and tune on, where installed (EXTRA_FONT_PACKAGES).
MORE_TRAINING: tuple[tuple[str, str], ...] = (
    ("TW-Sung", "Regular"),
    ("TW-Kai", "Regular"),
    ("LXGW WenKai", "Regular"),
    ("BabelStone Han", "Regular"),
    ("IPAmjMincho", "Regular"),
    ("cwTeXFangSong", "Medium"),
    ("cwTeXYen", "Medium"),
    ("WenQuanYi Zen Hei", "Regular"),
    ("SetoFont", "Regular"),
)
# The reserved faces, known by their files: a family name can be shared by another
# package (cwTeX's FangSong and Yen are free to use; its Ming and Kai are not).
RESERVED_FILES = frozenset({"cwming.ttf", "cwkai.ttf", "HanaMinA.ttf", "HanaMinB.ttf",
                            "bsmi00lp.ttf", "bkai00mp.ttf"})


@dataclass(frozen=True)
class Typeface:
    """One face of a font file (TrueType collections hold several faces)."""

    family: str
    style: str
    path: str
    index: int

    @property
    def name(self) -> str:
        return f"{self.family} {self.style}"

    def at(self, size: int) -> ImageFont.FreeTypeFont:
        return _load(self.path, self.index, max(4, int(size)))


@lru_cache(maxsize=256)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size=size, index=index)


def is_reserved(face: Typeface) -> bool:
    """Whether the face is kept for evaluation only (never train, tune or select on it)."""
    return PurePath(face.path).name in RESERVED_FILES


@lru_cache(maxsize=4)
def find_typefaces(pool: FontPool = "sample") -> tuple[Typeface, ...]:
    """The installed typefaces of a pool, in preference order.

    `sample`: the traditional-Chinese faces `guji sample` prints with by default (at least
    one is required). `train`: those and every other installed face the project may train
    on. `reserved`: the evaluation-only faces that are installed (may be empty).
    """
    faces = _installed()
    if pool == "reserved":
        return tuple(f for f in faces.values() if is_reserved(f))
    wanted = WANTED if pool == "sample" else WANTED + MORE_TRAINING
    found = tuple(faces[want] for want in wanted
                  if want in faces and not is_reserved(faces[want]))
    if not any(want in faces for want in WANTED):
        raise GujiError(
            "no traditional-Chinese font (Noto CJK TC, AR PL UMing or UKai) is installed",
            hint=f"install the Debian packages {FONT_PACKAGES} and run `fc-cache`")
    return found


@lru_cache(maxsize=1)
def _installed() -> dict[tuple[str, str], Typeface]:
    if shutil.which("fc-list") is None:
        raise GujiError("fontconfig (fc-list) is not installed, so no CJK font can be found",
                        hint=f"install fontconfig and {FONT_PACKAGES} (apt-get install ...)")
    # All faces, not only those fontconfig tags zh-tw: a Mincho face has the characters
    # under a Japanese tag.
    listing = subprocess.run(
        ["fc-list", ":", "--format", "%{family[0]}|%{style[0]}|%{file}|%{index}\n"],
        capture_output=True, text=True, check=False).stdout
    seen: dict[tuple[str, str], Typeface] = {}
    for line in listing.splitlines():
        parts = line.split("|")
        if len(parts) != 4 or not parts[3].isdigit():
            continue
        family, style, path, index = parts
        seen.setdefault((family, style), Typeface(family, style, path, int(index)))
    return seen
