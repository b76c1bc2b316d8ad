"""The throughput benchmark (benchmarks/throughput.py) runs and reports sane figures.

Speed and memory targets live in the benchmark, not here: this only checks that its
figures exist and agree with what it ran on."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from guji.pipeline.catalogue import DERIVATION, FIXITY_CHECK, VALIDATION, EventRow

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "throughput.py"
STAGE_PASS = BENCH.with_name("stage_pass.py")


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"{path.stem}_bench", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stage_pass() -> ModuleType:
    return _load(STAGE_PASS)


def _event(kind: str, at: float) -> EventRow:
    return EventRow(id=0, volume_id="v", page_seq=1, event_type=kind, outcome="success",
                    detail="", agent="guji", agent_version="0", at=datetime.fromtimestamp(at, UTC))


def test_a_stage_call_is_cut_at_the_events_it_logged() -> None:
    bench = _stage_pass()
    events = [_event(VALIDATION, 101.5), _event("ingestion", 101.9),
              _event(FIXITY_CHECK, 102.0), _event(VALIDATION, 200.0)]  # the last: later
    parts = bench.split_call("ingest_scan", 100.0, 105.0, events)
    named = bench.STAGE_OF_EVENT
    assert parts == pytest.approx({named[VALIDATION]: 1.5, named[FIXITY_CHECK]: 0.5,
                                   bench.STAGE_AFTER_LAST_EVENT["ingest_scan"]: 3.0})
    assert sum(parts.values()) == pytest.approx(5.0)


@pytest.mark.slow
def test_the_benchmark_on_one_small_page(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    cmd = [sys.executable, str(BENCH), "--volumes", "1", "--pages", "1", "--dpi", "100",
           "--openings", "0", "--masters16", "0", "--runs", "floor,no-ocr,stages",
           "--cache", str(tmp_path / "cache"), "--json", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text())

    assert figures["scans"]["scans"] == 1 and figures["scans"]["sixteen_bit"] == 0
    floor, run = figures["runs"]["floor"], figures["runs"]["no-ocr"]
    assert floor["images"] == 1 and floor["seconds"] > 0
    assert "error" not in run, run["error"]
    # One half-leaf scan is one page, and the volume completed.
    assert run["pages"] == 1 and set(run["volumes"].values()) == {"complete"}
    assert floor["seconds"] < run["seconds"] and run["ratio_to_floor"] > 1
    assert run["pages_per_hour"] == round(3600 / run["seconds"])
    assert 0 < run["worker_peak_rss_mib"] < 64 * 1024
    assert any(p["role"] == "ingest" for p in run["processes"])

    stages, bench = figures["stages"], _stage_pass()
    assert stages["pages"] == 1
    for name in (*[bench.STAGE_OF_EVENT[e] for e in (VALIDATION, FIXITY_CHECK, DERIVATION)],
                 bench.STAGE_AFTER_LAST_EVENT["finish_volume"]):
        assert stages["seconds"][name] > 0, name
    # The parts add up to the pass: nothing of a stage call is left out or counted twice.
    assert sum(stages["seconds"].values()) <= stages["wall_seconds"] + 0.5
    assert figures["targets"]["no_ocr_ratio"]["value"] == run["ratio_to_floor"]
    assert figures["targets"]["ocr_pages_per_hour"]["met"] is None  # not run
    assert "pages/h" in done.stdout and "targets:" in done.stdout

    # The scans are cached: a second call with the same parameters generates nothing. With
    # --rounds, the floor and the ingest alternate and the verdict is their pairs' median.
    out2 = tmp_path / "rounds.json"
    again = subprocess.run([*cmd[:-6], "--runs", "floor,no-ocr", "--rounds", "2",
                            "--cache", str(tmp_path / "cache"), "--json", str(out2)],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "generated scans" in done.stdout and "generated scans" not in again.stdout
    figures = json.loads(out2.read_text())
    pairs = figures["rounds"]
    assert len(pairs) == 2 and pairs[0]["floor_s"] == figures["runs"]["floor"]["seconds"]
    for pair in pairs:
        assert pair["ratio"] == round(pair["no_ocr_s"] / pair["floor_s"], 2) > 1
    ratios = sorted(pair["ratio"] for pair in pairs)
    assert figures["targets"]["no_ocr_ratio"]["value"] == round(sum(ratios) / 2, 2)
    assert "alternating rounds" in again.stdout

    # One worker and two, twice over: the speed-up's verdict is the median of the pairs.
    out3 = tmp_path / "workers.json"
    workers = subprocess.run([*cmd[:-6], "--runs", "processes", "--rounds", "2",
                              "--cache", str(tmp_path / "cache"), "--json", str(out3)],
                             capture_output=True, text=True, timeout=900)
    assert workers.returncode == 0, workers.stdout + workers.stderr
    figures = json.loads(out3.read_text())
    pairs = figures["worker_rounds"]
    assert len(pairs) == 2
    assert pairs[0]["one_s"] == figures["runs"]["processes-1"]["seconds"]
    assert pairs[1]["two_s"] == figures["runs"]["processes-2-2"]["seconds"]
    for label in ("processes-1", "processes-2", "processes-1-2", "processes-2-2"):
        run = figures["runs"][label]
        assert "error" not in run, run["error"]
        assert set(run["volumes"].values()) == {"complete"}
        assert sum(p["role"] == "worker" for p in run["processes"]) == int(label[10])
    speedups = sorted(pair["speedup"] for pair in pairs)
    assert figures["targets"]["two_workers_speedup"]["value"] == round(sum(speedups) / 2, 2)
    assert "alternating rounds" in workers.stdout
