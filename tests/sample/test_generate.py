"""Generated scans: deterministic, carrying their DPI and depth, truth that matches the pixels."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import pyvips

from guji.pipeline.errors import UsageError
from guji.sample import generate_flat, generate_samples, generate_volume

DPI = 100


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("flat")
    generate_flat(out, pages=3, seed=5, image_format="mixed", dpi=DPI)
    return out


@pytest.fixture(scope="module")
def opening(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("opening")
    generate_volume(out, "vol-open", pages=1, seed=3, layout="opening", image_format="jpg",
                    dpi=DPI)
    return out / "vol-open"


def truths(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    return [(folder / t["image"], t) for t in
            (json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.gt.json")))]


def load(path: Path) -> np.ndarray:
    """The image as float RGB in [0, 1] whatever its depth."""
    image = pyvips.Image.new_from_file(str(path), access="sequential")
    data = image.numpy().astype(np.float64)
    return data / (65535.0 if image.format == "ushort" else 255.0)


def test_same_seed_same_bytes(flat: Path, tmp_path: Path) -> None:
    generate_flat(tmp_path, pages=3, seed=5, image_format="mixed", dpi=DPI)
    for path in sorted(flat.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    other = tmp_path / "other"
    generate_flat(other, pages=1, seed=6, image_format="tif", dpi=DPI)
    assert (other / "0001.tif").read_bytes() != (flat / "0001.tif").read_bytes()


def test_files_carry_dpi_and_depth(flat: Path) -> None:
    kinds = {}
    for path, truth in truths(flat):
        image = pyvips.Image.new_from_file(str(path))
        assert image.xres * 25.4 == pytest.approx(DPI, abs=0.01)
        assert image.yres * 25.4 == pytest.approx(DPI, abs=0.01)
        assert (image.width, image.height) == (truth["width"], truth["height"])
        bits = 16 if image.format == "ushort" else 8
        assert bits == truth["bits_per_sample"]
        kinds[path.suffix + str(bits)] = image.bands
    # mixed cycles 8-bit TIFF, JPEG and 16-bit TIFF, all RGB
    assert kinds == {".tif8": 3, ".jpg8": 3, ".tif16": 3}


def test_truth_is_consistent(flat: Path, opening: Path) -> None:
    for path, truth in truths(flat) + truths(opening):
        assert truth["schema"] == "guji-gt/1" and truth["image"] == path.name
        assert -3.0 <= truth["skew_deg"] <= 3.0
        lines = [c["text"] for page in truth["pages"] for c in page["columns"]]
        assert truth["text"] == "\n".join(lines)
        assert (path.parent / path.name.replace(path.suffix, ".gt.txt")).read_text(
            encoding="utf-8") == truth["text"] + "\n"
        assert inside(truth["page_box"], [0, 0, truth["width"], truth["height"]])
        for page in truth["pages"]:
            assert inside(page["frame_box"], truth["page_box"])
            orders = [c["order"] for c in page["columns"]]
            assert orders == sorted(orders) and len(orders) <= truth["format"]["columns"]
            for column in page["columns"]:
                assert inside(column["box"], page["frame_box"])
                assert column["box"] == bbox(column["quad"])
                parts = [s["text"] if s["kind"] == "main" else s["right"] + s["left"]
                         for s in column["segments"]]
                assert "".join(parts) == column["text"]
                # right to left: each column lies left of the one read before it
            xs = [np.mean([p[0] for p in c["quad"]]) for c in page["columns"]]
            assert xs == sorted(xs, reverse=True)
            strip = page["centre_strip"]
            assert strip["text"].startswith(strip["title"]) and strip["leaf"] >= 1
            for seal in page["seals"]:
                assert inside(seal["box"], truth["page_box"])


def test_opening_reads_right_page_first(opening: Path) -> None:
    ((_, truth),) = truths(opening)
    assert truth["layout"] == "opening"
    right, left = truth["pages"]
    assert (right["side"], left["side"]) == ("right", "left")
    fold_x = np.mean([p[0] for p in truth["fold"]])
    assert left["frame_box"][0] + left["frame_box"][2] < fold_x < right["frame_box"][0]
    assert right["centre_strip"]["leaf"] + 1 == left["centre_strip"]["leaf"]


def test_truth_matches_the_pixels(flat: Path, opening: Path) -> None:
    """Frame lines are dark where the truth puts them; columns hold ink; seals are red."""
    for path, truth in truths(flat) + truths(opening):
        rgb = load(path)
        grey = rgb.mean(axis=2)
        paper = np.median(grey[box_slice(truth["page_box"])])
        for page in truth["pages"]:
            top_right, _, bottom_left, top_left = page["frame_quad"]
            line = 0.075 * DPI / 2.54  # border lines are 0.75 mm wide
            # A cracked block leaves gaps in the frame's lines: most of the line is ink.
            on_line = []
            for t in np.linspace(0.05, 0.95, 31):
                x = top_left[0] + t * (top_right[0] - top_left[0])
                y = top_left[1] + t * (top_right[1] - top_left[1])
                # The line is 3 px wide at 100 dpi: on a turned page one row through its
                # middle may land on its edge, so the darkest of three rows counts.
                mid = int(y + line / 2)
                on_line.append(grey[mid - 1:mid + 2, int(x)].min() < 0.6 * paper)
                above = (int(x), int(y - 4 * line))
                # Above the frame is paper, unless a seal is stamped there.
                if not any(inside([*above, 0, 0], s["box"]) for s in page["seals"]):
                    assert grey[above[1], above[0]] > 0.75 * paper, (path.name, t)
            assert np.mean(on_line) > 0.7, path.name
            if not truth["format"]["frame_breaks"]:
                # Worn ink (and JPEG at 100 dpi) may leave a point of a whole line pale.
                assert np.mean(on_line) > 0.93, path.name
            for column in page["columns"]:
                dark = grey[box_slice(column["box"])] < 0.5 * paper
                assert dark.mean() > 0.02, (path.name, column["order"])
            for seal in page["seals"]:
                r, g = (rgb[box_slice(seal["box"])][..., i] for i in (0, 1))
                assert ((r - g) > 0.15).mean() > 0.1, path.name


def test_samples_write_volumes_and_catalogue(tmp_path: Path) -> None:
    written = generate_samples(tmp_path, volumes=2, pages=1, seed=9, dpi=72,
                               layout="mixed", image_format="mixed")
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "px009-01/0001.tif", "px009-02/0001.jpg"]
    with (tmp_path / "catalogue.csv").open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames == [
        "volume_id", "title", "title_alt", "author", "author_dynasty", "edition", "date_text",
        "date_w3cdtf", "place", "publisher", "juan", "extent_volumes", "layout",
        "frame_size_cm", "seals", "rarity_grade", "classification", "call_number", "access",
        "rights"]
    assert [r["volume_id"] for r in rows] == ["px009-01", "px009-02"]
    assert [r["access"] for r in rows] == ["public", "reading-room"]
    for row in rows:
        assert row["title"] and row["date_w3cdtf"].isdigit() and "萍鄉圖書館藏" in row["seals"]
        assert row["rarity_grade"][:2] in {"一級", "二級", "三級"}
    # A second run with another seed adds its volumes and keeps the others.
    generate_samples(tmp_path, volumes=1, pages=1, seed=10, dpi=72, access="restricted")
    with (tmp_path / "catalogue.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["volume_id"], r["access"]) for r in rows] == [
        ("px009-01", "public"), ("px009-02", "reading-room"), ("px010-01", "restricted")]


def test_bad_options_say_what_to_use(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="tif, tif-grey, tif16"):
        generate_flat(tmp_path, pages=1, seed=1, image_format="png")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="72 to 1200"):
        generate_flat(tmp_path, pages=1, seed=1, dpi=10)


def inside(inner: list[int], outer: list[int], slack: int = 1) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[0] + inner[2] <= outer[0] + outer[2] + slack
            and inner[1] + inner[3] <= outer[1] + outer[3] + slack)


def bbox(quad: list[list[float]]) -> list[int]:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    x0, y0 = int(np.floor(min(xs))), int(np.floor(min(ys)))
    return [x0, y0, int(np.ceil(max(xs))) - x0, int(np.ceil(max(ys))) - y0]


def box_slice(box: list[int]) -> tuple[slice, slice]:
    x, y, w, h = box
    return slice(y, y + h), slice(x, x + w)


@pytest.mark.timeout(120)
def test_workers_render_in_a_process_that_has_used_libvips(tmp_path: Path) -> None:
    # The throughput benchmark generates its 16-bit masters after writing the 100-MP
    # opening with libvips in its own process; forked workers inherited libvips' locks
    # and hung on their first write. The same pages as one worker renders them.
    pyvips.Image.black(64, 64).avg()  # libvips' thread pool now runs in this process
    generate_flat(tmp_path / "two", pages=2, seed=11, image_format="tif", dpi=DPI, workers=2)
    generate_flat(tmp_path / "one", pages=2, seed=11, image_format="tif", dpi=DPI, workers=1)
    for name in ("0001.tif", "0002.tif"):
        assert (load(tmp_path / "two" / name) == load(tmp_path / "one" / name)).all()
