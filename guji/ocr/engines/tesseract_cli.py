"""The boundary to the tesseract program: every call to it goes through here.

Like OCRmyPDF's `_exec/tesseract.py`: build the command line, run it, and turn every
failure (missing program, missing language data, crash, timeout) into an OcrError that
says what to install or check. Nothing else in guji runs tesseract.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from guji.pipeline.errors import OcrError

PROGRAM = "tesseract"
# Seconds a single tesseract run may take: a page's lines at most, on a slow machine.
TIMEOUT_S = 120
_INSTALL_HINT = ("install Tesseract 5 and its traditional Chinese data, e.g. "
                 "apt-get install tesseract-ocr tesseract-ocr-chi-tra tesseract-ocr-chi-tra-vert")


def executable() -> str:
    """Path of the tesseract program, or OcrError when it is not installed."""
    found = shutil.which(PROGRAM)
    if found is None:
        raise OcrError("tesseract is not installed or not on PATH", hint=_INSTALL_HINT)
    return found


@lru_cache(maxsize=1)
def version() -> str:
    """The version tesseract reports, e.g. '5.3.0'."""
    out = _run([executable(), "--version"], what="tesseract --version")
    match = re.search(r"tesseract\s+v?(\S+)", out, re.IGNORECASE)
    return match.group(1) if match else "unknown"


@lru_cache(maxsize=1)
def languages() -> frozenset[str]:
    """The language data tesseract can load."""
    out = _run([executable(), "--list-langs"], what="tesseract --list-langs")
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def require_language(lang: str) -> None:
    if lang not in languages():
        raise OcrError(f"tesseract has no '{lang}' language data", hint=_INSTALL_HINT)


def recognize_tsv(images: list[Path], *, lang: str, psm: int, workdir: Path,
                  whitelist: str | None = None) -> str:
    """TSV output of tesseract over `images` (words with boxes and confidences); its
    page_num is the image's 1-based index."""
    return _recognize(images, lang=lang, psm=psm, workdir=workdir, whitelist=whitelist,
                      output="tsv")


def recognize_hocr(images: list[Path], *, lang: str, psm: int, workdir: Path,
                   whitelist: str | None = None) -> str:
    """hOCR output of tesseract over `images`, with a box and a confidence for every
    character (ocrx_cinfo); the n-th ocr_page is the n-th image."""
    return _recognize(images, lang=lang, psm=psm, workdir=workdir, whitelist=whitelist,
                      output="hocr", config=("hocr_char_boxes=1",))


def _recognize(images: list[Path], *, lang: str, psm: int, workdir: Path,
               whitelist: str | None, output: str, config: tuple[str, ...] = ()) -> str:
    """One tesseract run over `images`, read as the pages of one document so that the
    language model is loaded once. `whitelist` limits the characters it may read."""
    if not images:
        return ""
    listing = workdir / f"{images[0].stem}.list"
    listing.write_text("".join(f"{p}\n" for p in images), encoding="utf-8")
    cmd = [executable(), str(listing), "stdout", "-l", lang, "--psm", str(psm)]
    for setting in config:
        cmd += ["-c", setting]
    if whitelist:
        cmd += ["-c", f"tessedit_char_whitelist={whitelist}"]
    cmd += ["quiet", output]
    return _run(cmd, what=f"tesseract ({lang}, psm {psm}) on {len(images)} line image(s)")


def _run(cmd: list[str], *, what: str) -> str:
    # One thread per process: OpenMP threads only slow tesseract down on small
    # images, and recognition runs several processes side by side instead.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env,
                              timeout=TIMEOUT_S, check=True)
    except FileNotFoundError as e:
        raise OcrError("tesseract is not installed or not on PATH", hint=_INSTALL_HINT) from e
    except subprocess.TimeoutExpired as e:
        raise OcrError(f"{what} took longer than {TIMEOUT_S} s",
                       hint="check the machine's load; very large page images slow it down") from e
    except subprocess.CalledProcessError as e:
        detail = (e.stderr or "").strip().splitlines()
        raise OcrError(f"{what} failed (exit {e.returncode}): {detail[-1] if detail else ''}",
                       hint="run tesseract --list-langs to check the installation") from e
    return done.stdout
