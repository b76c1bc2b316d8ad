"""The CJK typefaces the generator prints with, found through fontconfig at run time."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

from guji.pipeline.errors import GujiError

FONT_PACKAGES = "fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai"

# Families in order of preference: the Ming (明體/宋體) faces descend from woodblock
# lettering, Kai (楷) faces look like 寫刻本; a sans face adds variety for the OCR.
WANTED: tuple[tuple[str, str], ...] = (
    ("Noto Serif CJK TC", "Regular"),
    ("AR PL UMing TW", "Light"),
    ("AR PL UKai TW", "Book"),
    ("Noto Serif CJK TC", "Bold"),
    ("Noto Sans CJK TC", "Regular"),
)


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


@lru_cache(maxsize=1)
def find_typefaces() -> tuple[Typeface, ...]:
    """The installed traditional-Chinese typefaces the generator knows, in preference order."""
    if shutil.which("fc-list") is None:
        raise GujiError("fontconfig (fc-list) is not installed, so no CJK font can be found",
                        hint=f"install fontconfig and {FONT_PACKAGES} (apt-get install ...)")
    listing = subprocess.run(
        ["fc-list", ":lang=zh-tw", "--format", "%{family[0]}|%{style[0]}|%{file}|%{index}\n"],
        capture_output=True, text=True, check=False).stdout
    seen: dict[tuple[str, str], Typeface] = {}
    for line in listing.splitlines():
        parts = line.split("|")
        if len(parts) != 4 or not parts[3].isdigit():
            continue
        family, style, path, index = parts
        seen.setdefault((family, style), Typeface(family, style, path, int(index)))
    found = tuple(seen[want] for want in WANTED if want in seen)
    if not found:
        raise GujiError(
            "no traditional-Chinese font (Noto CJK TC, AR PL UMing or UKai) is installed",
            hint=f"install the Debian packages {FONT_PACKAGES} and run `fc-cache`")
    return found
