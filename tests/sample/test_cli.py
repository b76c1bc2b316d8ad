"""`guji sample`: the click command, and the committed sample_scans/ it made."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from click.testing import CliRunner

from guji.commands.sample import sample

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_scans"
LIMIT_BYTES = 15 * 1024 * 1024


def test_flat_set_from_the_command_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(sample, [str(tmp_path), "--flat", "--pages", "2", "--seed", "7",
                                         "--dpi", "72", "--format", "jpg", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "0001.gt.json", "0001.gt.txt", "0001.jpg", "0002.gt.json", "0002.gt.txt", "0002.jpg"]
    assert "wrote 2 scans" in result.output


def test_bad_choice_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(sample, [str(tmp_path), "--format", "png"])
    assert result.exit_code == 2 and "tif16" in result.output


def test_sample_scans_fit_the_size_limit() -> None:
    total = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert 0 < total <= LIMIT_BYTES, f"sample_scans/ is {total / 1e6:.1f} MB"


def test_sample_scans_are_complete_and_catalogued() -> None:
    with (SAMPLES / "catalogue.csv").open(encoding="utf-8") as f:
        rows = {row["volume_id"]: row for row in csv.DictReader(f)}
    folders = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())
    assert sorted(rows) == folders and len(folders) >= 2
    assert {row["access"] for row in rows.values()} >= {"public", "reading-room"}
    for folder in folders:
        images = sorted(p for p in (SAMPLES / folder).iterdir() if p.suffix in {".tif", ".jpg"})
        assert [p.stem for p in images] == [f"{i:04d}" for i in range(1, len(images) + 1)]
        for image in images:
            truth = json.loads((image.parent / f"{image.stem}.gt.json").read_text(encoding="utf-8"))
            assert truth["image"] == image.name


def test_readme_records_commands_that_the_cli_accepts() -> None:
    """Each `guji sample …` line of the README must parse with today's options."""
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^guji sample (.+)$", readme, flags=re.MULTILINE)
    assert commands
    for line in commands:
        args = line.split()
        ctx = sample.make_context("sample", args)
        assert ctx.params["outdir"] == Path("sample_scans")
