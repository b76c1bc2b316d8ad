"""Ingest throughput against the tiling floor, stage by stage, with memory per process.

    python benchmarks/throughput.py                          # 20 volumes x 10 half-leaves ...
    python benchmarks/throughput.py --volumes 2 --pages 4 --masters16 1 --json bench.json

Generates realistic scans once and caches them (`--cache`, reused for the same parameters):
`--volumes` x `--pages` half-leaves at `--dpi` (600: about 33 MP RGB TIFF each), `--openings`
two-page openings at `--opening-dpi` (730: about 100 MP) and `--masters16` 16-bit RGB TIFF
half-leaves. Then, one after another on the same scans, it times

  floor       bare pyvips dzsave(layout="iiif3") of every scan: decode plus tiles, nothing else;
  no-ocr      `guji ingest SCANS --store TMP --no-ocr` as a subprocess, into a fresh store;
  ocr         the same with OCR;
  processes   `--no-ocr` with `--processes 1` and `--processes 2` (local Dask cluster of
              single-threaded worker processes), when `guji ingest --help` offers it;
  stages      an in-process pass over a few scans that calls the pipeline's stage functions
              one after another, each timed, split further by the catalogue's event times;

and prints pages per hour, the ratio to the floor, seconds per page for each stage and the
peak resident memory (VmHWM) of every process of each run (the ingest process and all its
children, polled). `--json PATH` writes every figure. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

# A module beside this script (its folder is first on sys.path when run as one).
from stage_pass import profiled, stage_pass, stage_sample

RUNS = ("floor", "no-ocr", "ocr", "processes", "stages")
# The targets on a 2-core machine.
TARGETS = {"no_ocr_ratio": 2.0, "worker_rss_mib": 1024, "ocr_pages_per_hour": 1000,
           "help_s": 1.0, "two_workers_speedup": 1.7}
# --- scans ----------------------------------------------------------------------------------
def scan_set(args: argparse.Namespace) -> Path:
    """The cached folder of volumes for these parameters, generated when missing."""
    params = {"volumes": args.volumes, "pages": args.pages, "dpi": args.dpi,
              "openings": args.openings, "opening_dpi": args.opening_dpi,
              "masters16": args.masters16, "seed": args.seed}
    key = "-".join(f"{k[0]}{v}" for k, v in params.items()).replace("_", "")
    folder = args.cache / f"scans-{key}"
    marker = folder / "params.json"
    if marker.is_file() and json.loads(marker.read_text()) == params:
        return folder / "scans"
    from guji.sample import generate_samples

    start = time.perf_counter()
    scans = folder / "scans"
    # Distinct seeds give distinct volume ids (px<seed>-NN) for the three kinds of scan.
    groups = [(args.volumes, args.pages, args.dpi, "half-leaf", "tif"),
              (1 if args.openings else 0, args.openings, args.opening_dpi, "opening", "tif"),
              (1 if args.masters16 else 0, args.masters16, args.dpi, "half-leaf", "tif16")]
    for offset, (volumes, pages, dpi, layout, fmt) in enumerate(groups):
        if volumes:
            generate_samples(scans, volumes=volumes, pages=pages, seed=args.seed + offset,
                             layout=layout, image_format=fmt, dpi=dpi,  # type: ignore[arg-type]
                             workers=args.render_workers)
    marker.write_text(json.dumps(params))
    print(f"generated scans into {scans} in {time.perf_counter() - start:.0f} s")
    return scans


def scan_files(scans: Path) -> list[Path]:
    return sorted(p for p in scans.glob("*/*") if p.suffix == ".tif")


def describe_scans(images: list[Path]) -> dict[str, Any]:
    import pyvips

    sizes = []
    for path in images:
        im = pyvips.Image.new_from_file(str(path))
        sizes.append((im.width * im.height / 1e6, im.format))
    return {"scans": len(images), "megapixels_total": round(sum(s for s, _ in sizes), 1),
            "megapixels_max": round(max(s for s, _ in sizes), 1),
            "sixteen_bit": sum(f == "ushort" for _, f in sizes),
            "bytes": sum(p.stat().st_size for p in images)}


# --- measuring a process tree ---------------------------------------------------------------
def _role(proc: psutil.Process, root: int) -> str:
    if proc.pid == root:
        return "ingest"
    try:
        cmd = " ".join(proc.cmdline())
    except psutil.Error:
        return "other"
    if "spawn_main" in cmd or "forkserver" in cmd or "distributed" in cmd:
        return "worker"
    if "prefect" in cmd and "server" in cmd:
        return "prefect-server"
    return os.path.basename(proc.name()) or "other"


def _hwm_mib(proc: psutil.Process) -> float:
    """Peak resident memory so far (VmHWM): no spike between two polls is missed."""
    try:
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return proc.memory_info().rss / 2**20


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run cmd, polling its process tree; wall seconds, exit status, peak memory and CPU
    seconds per process (the CPU as last polled: a process's last 0.1 s may be missed)."""
    with tempfile.TemporaryFile(mode="w+") as log:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True, env=env)
        root = psutil.Process(child.pid)
        peaks: dict[int, dict[str, Any]] = {}
        while child.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                tree = []
            for proc in tree:
                try:
                    mib = _hwm_mib(proc)
                    entry = peaks.setdefault(proc.pid, {"pid": proc.pid, "role": _role(proc, root.pid),
                                                        "peak_rss_mib": 0.0})
                    entry["peak_rss_mib"] = round(max(entry["peak_rss_mib"], mib), 1)
                    cpu = proc.cpu_times()
                    entry["cpu_s"] = round(cpu.user + cpu.system, 1)
                except psutil.Error:
                    continue
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        log.seek(0)
        output = log.read()
    return {"seconds": round(seconds, 2), "returncode": child.returncode,
            "output": output, "processes": sorted(peaks.values(),
                                                          key=lambda e: -e["peak_rss_mib"])}


def worker_peak(processes: list[dict[str, Any]]) -> float:
    """The largest peak of a process that runs page tasks: Dask workers, else the ingest."""
    workers = [p["peak_rss_mib"] for p in processes if p["role"] == "worker"]
    return max(workers or [p["peak_rss_mib"] for p in processes if p["role"] == "ingest"])


# --- the runs -------------------------------------------------------------------------------
def floor_worker(outdir: Path, images: list[Path]) -> None:
    """In a fresh process: dzsave every image, as the pipeline's tiles are made, and time it."""
    import pyvips

    from guji.pipeline.settings import Settings

    settings = Settings()  # the pipeline's tile size and JPEG quality, so the tiles match
    seconds = []
    for i, path in enumerate(images):
        start = time.perf_counter()
        pyvips.Image.new_from_file(str(path), access="sequential").dzsave(
            str(outdir / f"{i:04d}"), layout="iiif3", tile_size=settings.tile_size,
            suffix=f".jpg[Q={settings.jpeg_quality}]", overlap=0)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": sum(seconds), "per_image": seconds}))


def run_floor(images: list[Path], work: Path, label: str = "floor") -> dict[str, Any]:
    out = work / label
    out.mkdir()
    run = run_measured([sys.executable, __file__, "--floor-worker", str(out),
                        *map(str, images)])
    shutil.rmtree(out)  # gigabytes of tiles on the default set, needed by no later run
    if run["returncode"]:
        raise SystemExit(f"floor run failed:\n{run['output']}")
    timed = json.loads(run["output"].strip().splitlines()[-1])
    return {"seconds": round(timed["seconds"], 2), "images": len(images),
            "seconds_per_image": round(timed["seconds"] / len(images), 3),
            "peak_rss_mib": worker_peak(run["processes"]), "cpu_s": cpu_seconds(run)}


def cpu_seconds(run: dict[str, Any]) -> float:
    """CPU seconds of every process of a run, all cores together: against the wall time,
    how busy the run kept the machine."""
    return round(sum(p.get("cpu_s", 0.0) for p in run["processes"]), 1)


def run_ingest(label: str, scans: Path, work: Path, env: dict[str, str],
               *flags: str) -> dict[str, Any]:
    store = work / label
    run = run_measured([sys.executable, "-m", "guji", "ingest", str(scans), "--store", str(store),
                        *flags], env=env)
    try:
        pages, statuses = _catalogued(store)
    except Exception as e:  # a run that died early may leave a half-made catalogue
        pages, statuses = 0, {"?": f"catalogue unreadable: {e}"}
    shutil.rmtree(store, ignore_errors=True)  # counted: the next run gets a fresh store
    result = {"command": f"guji ingest SCANS --store TMP {' '.join(flags)}".strip(),
              "seconds": run["seconds"], "returncode": run["returncode"], "pages": pages,
              "volumes": statuses, "processes": run["processes"],
              "worker_peak_rss_mib": worker_peak(run["processes"]), "cpu_s": cpu_seconds(run)}
    result["pages_per_hour"] = round(pages / run["seconds"] * 3600) if pages else 0
    result["seconds_per_page"] = round(run["seconds"] / pages, 2) if pages else None
    if run["returncode"] or any(s != "complete" for s in statuses.values()):
        result["error"] = run["output"][-2000:]
    return result


def prefect_env(home: Path) -> tuple[dict[str, str], float]:
    """Prefect's ephemeral server on a database of its own (in the cache, so it is made and
    migrated once, by a warm-up flow that is not timed) with time to start on a busy machine
    (its 20 s default can run out); and the seconds a trivial flow then takes in a fresh
    process: what every `guji ingest` pays before its first page."""
    env = dict(os.environ)
    env.setdefault("PREFECT_HOME", str(home))
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    trivial = "from prefect import flow; flow(name='guji-benchmark-warm-up')(lambda: None)()"
    subprocess.run([sys.executable, "-c", trivial], env=env, check=True, capture_output=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", trivial], env=env, check=True, capture_output=True)
    return env, round(time.perf_counter() - start, 2)


def _catalogued(store: Path) -> tuple[int, dict[str, str]]:
    from guji.pipeline.catalogue import Catalogue

    db = store / "catalogue.db"
    if not db.is_file():
        return 0, {}
    catalogue = Catalogue.open(f"sqlite:///{db}")
    volumes = catalogue.volumes()
    return (sum(len(catalogue.pages(v.volume_id)) for v in volumes),
            {v.volume_id: v.status for v in volumes})


def help_seconds() -> float:
    """`guji --help`, best of three (the first may pay for a cold disk cache)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "guji", "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return round(min(times), 3)


def offers_processes() -> bool:
    out = subprocess.run([sys.executable, "-m", "guji", "ingest", "--help"], capture_output=True,
                         text=True, check=True).stdout
    return "--processes" in out


# --- report ---------------------------------------------------------------------------------
def verdicts(figures: dict[str, Any]) -> dict[str, Any]:
    runs = figures["runs"]
    found: dict[str, Any] = {"help_s": figures.get("help_s")}
    if "no-ocr" in runs and "floor" in runs:
        found["no_ocr_ratio"] = runs["no-ocr"]["ratio_to_floor"]
    if figures.get("rounds"):
        found["no_ocr_ratio"] = figures["no_ocr_ratio_median"]
    peaks = [r["worker_peak_rss_mib"] for r in runs.values() if "worker_peak_rss_mib" in r]
    found["worker_rss_mib"] = max(peaks) if peaks else None
    found["ocr_pages_per_hour"] = runs.get("ocr", {}).get("pages_per_hour")
    found["two_workers_speedup"] = figures.get("two_workers_speedup")
    out = {}
    for name, target in TARGETS.items():
        value = found.get(name)
        higher_is_better = name in ("ocr_pages_per_hour", "two_workers_speedup")
        met = None if value is None else (value >= target if higher_is_better else value <= target)
        out[name] = {"value": value, "target": target, "met": met}
    if figures["scans"]["megapixels_max"] < 90:  # the target is for the 100-MP opening too
        out["worker_rss_mib"]["met"] = None
        figures["notes"].append("no 100-MP scan in the set (--openings 0): memory not judged")
    return out


def print_report(figures: dict[str, Any]) -> None:
    s = figures["scans"]
    print(f"\n{s['scans']} scans, {s['megapixels_total']} MP in all (largest "
          f"{s['megapixels_max']} MP, {s['sixteen_bit']} 16-bit), {s['bytes'] / 1e9:.2f} GB; "
          f"{figures['cpus']} CPUs, load average {figures['load_average_before']:.1f} before, "
          f"{figures['load_average_after']:.1f} after")
    print(f"{'run':<14}{'seconds':>9}{'pages':>7}{'pages/h':>9}{'s/page':>8}{'x floor':>9}"
          f"{'peak MiB/worker':>17}")
    for label, r in figures["runs"].items():
        if label == "floor":
            print(f"{label:<14}{r['seconds']:>9.1f}{r['images']:>7}"
                  f"{r['images'] / r['seconds'] * 3600:>9.0f}{r['seconds_per_image']:>8.2f}"
                  f"{1:>9.2f}{r['peak_rss_mib']:>17.0f}")
            continue
        ratio = r.get("ratio_to_floor")
        print(f"{label:<14}{r['seconds']:>9.1f}{r['pages']:>7}{r['pages_per_hour']:>9}"
              f"{r['seconds_per_page'] or 0:>8.2f}{ratio if ratio else float('nan'):>9.2f}"
              f"{r['worker_peak_rss_mib']:>17.0f}"
              + ("  FAILED" if "error" in r else ""))
        for p in r["processes"][:6]:
            print(f"{'':<16}{p['role']:<16} pid {p['pid']:<8} peak {p['peak_rss_mib']:.0f} MiB, "
                  f"CPU {p.get('cpu_s', 0):.1f} s")
    if "prefect_start_s" in figures:
        print(f"a trivial Prefect flow in a fresh process (ephemeral server start): "
              f"{figures['prefect_start_s']:.1f} s, in every ingest run's seconds")
    if figures.get("rounds"):
        ratios = ", ".join(f"{p['ratio']:.2f}" for p in figures["rounds"])
        print(f"no-ocr / floor in {len(figures['rounds'])} alternating rounds: {ratios}; "
              f"median {figures['no_ocr_ratio_median']:.2f}")
    if figures.get("worker_rounds"):
        ratios = ", ".join(f"{p['speedup']:.2f}" for p in figures["worker_rounds"])
        print(f"processes-1 / processes-2 in {len(figures['worker_rounds'])} alternating "
              f"rounds: {ratios}; median {figures['two_workers_speedup']:.2f}")
    if figures.get("two_workers_speedup") is not None:
        print(f"2 workers / 1 worker throughput: {figures['two_workers_speedup']:.2f}")
    if "stages" in figures:
        st = figures["stages"]
        print(f"\nstages, one at a time in one process ({st['scans']} scans, {st['pages']} pages):")
        for name, per_page in st["seconds_per_page"].items():
            print(f"  {name:<48}{per_page:>7.2f} s/page")
    print("\ntargets:")
    for name, v in figures["targets"].items():
        state = "not run" if v["met"] is None else ("met" if v["met"] else "NOT met")
        print(f"  {name:<22} {v['value']!s:>10}  target {v['target']:<6} {state}")
    for note in figures["notes"]:
        print(f"note: {note}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--volumes", type=int, default=20, help="volumes of half-leaves")
    ap.add_argument("--pages", type=int, default=10, help="half-leaves per volume")
    ap.add_argument("--dpi", type=int, default=600, help="dpi of the half-leaves")
    ap.add_argument("--openings", type=int, default=1, help="two-page openings (one volume)")
    ap.add_argument("--opening-dpi", type=int, default=730, help="730 dpi: about 100 MP")
    ap.add_argument("--masters16", type=int, default=3, help="16-bit half-leaves (one volume)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "guji-throughput",
                    help="where generated scans are kept and reused (default: %(default)s)")
    ap.add_argument("--runs", default=",".join(RUNS),
                    help="which to run, comma-separated, of: %(default)s")
    ap.add_argument("--rounds", type=int, default=1,
                    help="pairs of floor and no-ocr runs, alternated, and of processes-1 and "
                    "processes-2; each ratio's verdict is its pairs' median (for a machine "
                    "whose speed drifts)")
    ap.add_argument("--stage-scans", type=int, default=2,
                    help="half-leaves in the stage-by-stage pass (plus an opening, a 16-bit)")
    ap.add_argument("--render-workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--profile", type=Path, help="profile the stage pass (pyinstrument): "
                    "an .html or .txt file")
    ap.add_argument("--json", type=Path, help="write every figure to this file")
    args = ap.parse_args(argv)
    args.runs = [r for r in args.runs.split(",") if r]
    if unknown := set(args.runs) - set(RUNS):
        ap.error(f"unknown runs: {', '.join(sorted(unknown))}")
    return args


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    scans = scan_set(args)
    images = scan_files(scans)
    figures: dict[str, Any] = {"scans": describe_scans(images), "runs": {}, "notes": [],
                               "help_s": help_seconds(), "cpus": os.cpu_count(),
                               # Other work on the machine slows every run: say how much there was.
                               "load_average_before": os.getloadavg()[0]}
    runs = figures["runs"]
    if "floor" in args.runs:
        runs["floor"] = run_floor(images, work)
        _so_far(args, figures, "floor")
    ingests = [("no-ocr", ["--no-ocr"]), ("ocr", [])]
    if "processes" in args.runs:
        if offers_processes():
            ingests += [("processes-1", ["--no-ocr", "--processes", "1"]),
                        ("processes-2", ["--no-ocr", "--processes", "2"])]
        else:
            figures["notes"].append("guji ingest has no --processes: the Dask runs were skipped")
    env: dict[str, str] = {}
    if len(ingests) > 2 or {"no-ocr", "ocr"} & set(args.runs):
        env, figures["prefect_start_s"] = prefect_env(args.cache / "prefect")
    for label, flags in ingests:
        if label in args.runs or label.startswith("processes"):
            runs[label] = run_ingest(label, scans, work, env, *flags)
            if "floor" in runs:
                runs[label]["ratio_to_floor"] = round(
                    runs[label]["seconds"] / runs["floor"]["seconds"], 2)
            _so_far(args, figures, label)
    if args.rounds > 1 and {"floor", "no-ocr"} <= set(runs):
        more_rounds(args, figures, scans, images, work, env)
    if all(k in runs and "error" not in runs[k] for k in ("processes-1", "processes-2")):
        figures["two_workers_speedup"] = round(
            runs["processes-1"]["seconds"] / runs["processes-2"]["seconds"], 2)
        if args.rounds > 1:
            worker_rounds(args, figures, scans, work, env)
    if "stages" in args.runs:
        figures["stages"] = profiled(args.profile, stage_pass, stage_sample(scans, args), work,
                                      ocr="ocr" in args.runs)
    figures["targets"] = verdicts(figures)
    figures["load_average_after"] = os.getloadavg()[0]
    return figures


def worker_rounds(args: argparse.Namespace, figures: dict[str, Any], scans: Path, work: Path,
                  env: dict[str, str]) -> None:
    """One worker and two again, alternately, `--rounds` pairs in all; the speed-up is
    judged on the pairs' median, as the floor's ratio is (see more_rounds)."""
    runs = figures["runs"]
    pairs = [{"one_s": runs["processes-1"]["seconds"], "two_s": runs["processes-2"]["seconds"]}]
    for n in range(2, args.rounds + 1):
        one = run_ingest(f"processes-1-{n}", scans, work, env, "--no-ocr", "--processes", "1")
        two = run_ingest(f"processes-2-{n}", scans, work, env, "--no-ocr", "--processes", "2")
        if "error" in one or "error" in two:
            figures["notes"].append(f"worker round {n}: an ingest failed")
            break
        runs[f"processes-1-{n}"], runs[f"processes-2-{n}"] = one, two
        pairs.append({"one_s": one["seconds"], "two_s": two["seconds"]})
        print(f"round {n}: one worker {one['seconds']:.1f} s, two {two['seconds']:.1f} s",
              flush=True)
    for pair in pairs:
        pair["speedup"] = round(pair["one_s"] / pair["two_s"], 2)
    figures["worker_rounds"] = pairs
    figures["two_workers_speedup"] = round(statistics.median(p["speedup"] for p in pairs), 2)


def more_rounds(args: argparse.Namespace, figures: dict[str, Any], scans: Path,
                images: list[Path], work: Path, env: dict[str, str]) -> None:
    """The floor and the ingest without OCR again, alternately, `--rounds` pairs in all:
    on a shared machine a run's seconds move 10-25% between runs minutes apart, more than a
    change to the pipeline gains, so the ratio is judged on the median of the pairs, each
    ingest against the floor timed just before it."""
    runs = figures["runs"]
    pairs = [{"floor_s": runs["floor"]["seconds"], "no_ocr_s": runs["no-ocr"]["seconds"]}]
    for n in range(2, args.rounds + 1):
        floor = run_floor(images, work, f"floor-{n}")
        ingest = run_ingest(f"no-ocr-{n}", scans, work, env, "--no-ocr")
        if "error" in ingest:
            figures["notes"].append(f"round {n}: the ingest failed: {ingest['error'][-300:]}")
            break
        pairs.append({"floor_s": floor["seconds"], "no_ocr_s": ingest["seconds"]})
        print(f"round {n}: floor {floor['seconds']:.1f} s, no-ocr {ingest['seconds']:.1f} s",
              flush=True)
    for pair in pairs:
        pair["ratio"] = round(pair["no_ocr_s"] / pair["floor_s"], 2)
    figures["rounds"] = pairs
    figures["no_ocr_ratio_median"] = round(statistics.median(p["ratio"] for p in pairs), 2)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False))


def _so_far(args: argparse.Namespace, figures: dict[str, Any], label: str) -> None:
    """Each run as it ends, and the figures so far in the JSON: a long benchmark that is
    stopped half-way still leaves what it measured."""
    r = figures["runs"][label]
    print(f"{label}: {r['seconds']:.1f} s" + (f", {r['pages']} pages" if "pages" in r else "")
          + (" FAILED" if "error" in r else ""), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--floor-worker":
        floor_worker(Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]])
        return
    args = parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="guji-throughput-") as tmp:
        figures = measure(args, Path(tmp))
    figures["parameters"] = {k: str(v) if isinstance(v, Path) else v
                             for k, v in vars(args).items()}
    print_report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False))
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
