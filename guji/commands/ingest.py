"""`guji ingest`: archive volumes of scans through the Prefect flows."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from guji.commands.common import build_settings, console, setting_help, store_options
from guji.ingest.discover import Batch, VolumeSource
from guji.pipeline import progress
from guji.pipeline.errors import ExitCode, OcrError, UsageError
from guji.pipeline.model import CatalogueRecord
from guji.pipeline.scratch import scratch_dir
from guji.pipeline.settings import Settings, local_store_root


@click.command()
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--catalogue", "catalogue_csv",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="catalogue.csv with the volumes' records (default: SOURCE/catalogue.csv). "
                   "A volume without a row gets default_access.")
@click.option("--ignore", "ignore", multiple=True, metavar="GLOB",
              help="Files in volume folders that are not pages and may stay there, e.g. "
                   "'*.txt' (repeatable); any other file that is not a page image fails its "
                   "volume.")
@store_options
@click.option("--no-ocr", "no_ocr", is_flag=True, help="Skip OCR (faster; no text outputs).")
@click.option("--workers", type=int, default=None, help=setting_help("workers"))
@click.option("--volumes", type=int, default=None, help=setting_help("volumes"))
@click.option("--processes", type=int, default=None, help=setting_help("processes"))
@click.option("--dask-address", default=None, metavar="ADDRESS",
              help=setting_help("dask_address"))
@click.option("--split", type=click.Choice(["auto", "always", "never"]), default=None,
              help=setting_help("split"))
@click.option("--base-url", default=None, help=setting_help("base_url"))
def ingest(source: Path, catalogue_csv: Path | None, store: str | None, db: str | None,
           config: Path | None, no_ocr: bool, workers: int | None, volumes: int | None,
           processes: int | None, dask_address: str | None, split: str | None,
           base_url: str | None, ignore: tuple[str, ...] = ()) -> None:
    """Ingest SOURCE: a folder of volume folders, or one volume folder of page images.

    Page images are TIFF (.tif, .tiff; 8 or 16 bit), JPEG (.jpg, .jpeg) or PNG (.png).
    Any other file in a volume folder (JPEG 2000, WebP, BMP, text, subfolders) fails that
    volume by name before any work, as do an empty folder, two files with the same page
    number, identical files, and a scan over max_page_pixels or max_file_bytes.

    Every image is decoded in full, its master archived byte for byte with its SHA-256,
    then deskewed, cropped, split, measured, tiled, OCRed and published. A volume with a
    bad file fails alone; the rest of the batch completes. Re-running skips pages that
    are already archived and verified.

    Exit code 0: all volumes archived; 1: some failed; 2: bad usage or catalogue.
    """
    from guji.pipeline.memory import tune_allocator

    # Before Prefect and the page threads start: arenas are made as threads allocate. Only
    # here: `guji ocr` alone read a half-leaf in 1.40–1.55 s with two arenas against
    # 1.22–1.33 without (onnxruntime's threads), and no memory target is set for it.
    tune_allocator()
    settings = build_settings(config, store=store, db=db, workers=workers, volumes=volumes,
                              processes=processes, dask_address=dask_address, split=split,
                              base_url=base_url, ocr=False if no_ocr else None)
    # Before the imports and checks below, which then run while the server starts. Not for
    # a cluster of yours: its workers need a server they reach (need_prefect_server).
    from guji.flows.api import start_ephemeral_api

    api_started = (lambda: None) if settings.dask_address else start_ephemeral_api()
    from guji.flows import ingest_batch
    from guji.ingest.discover import discover_batch
    from guji.ingest.records import read_catalogue
    from guji.ingest.toolcheck import check_tools
    from guji.stages import RunContext

    batch = discover_batch(source, ignore)
    sources = batch.volumes
    csv_path = catalogue_csv or (source / "catalogue.csv")
    records = read_catalogue(csv_path, default_access=settings.default_access) \
        if csv_path.is_file() else {}
    # Missing programs and models stop the run before any volume is touched.
    check_tools(settings)
    if settings.dask_address:
        from guji.flows.cluster import need_prefect_server

        need_prefect_server()
    if settings.ocr:
        _check_ocr_engine(settings)
    _tell_before(batch, records, csv_path, settings.default_access)
    # Named after this process, so the next run removes it if this one is killed.
    workdir = Path(settings.work_dir or scratch_dir())
    ctx = RunContext(settings=settings, workdir=str(workdir), run_id=uuid.uuid4().hex)
    console.print(f"Ingesting {len(sources)} volume(s) from {source} into {settings.store}")
    api_started()
    try:
        with _progress_bars(ctx.run_id, sources):
            outcomes = ingest_batch(ctx, sources, records)
    finally:
        if not settings.work_dir:
            shutil.rmtree(workdir, ignore_errors=True)
    _summary(outcomes, settings.store, ctx.settings.db_url,
             _access_of(records, sources, settings.default_access))
    if any(o.status != "complete" for o in outcomes):
        raise SystemExit(int(ExitCode.failed))


# Enough for a batch whose pages take seconds each; each redraw of a bar per volume
# holds the interpreter from the page threads.
REFRESH_PER_SECOND = 2


class _progress_bars:
    """One bar per volume, fed by the tasks' progress reports."""

    def __init__(self, run_id: str, sources: list) -> None:  # type: ignore[type-arg]
        self.run_id = run_id
        self.bars = Progress(TextColumn("{task.description:<24}"), BarColumn(),
                             MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                             transient=False, refresh_per_second=REFRESH_PER_SECOND,
                             # Into a log file the bars are drawn once, at the end: redrawn
                             # ten times a second unseen they took 4% of a run's Python time.
                             auto_refresh=console.is_terminal)
        # Each scan is validated then finished as one or two pages: start with one each.
        self.ids = {s.volume_id: self.bars.add_task(s.volume_id, total=2 * len(s.scans))
                    for s in sources}
        self.pages = dict.fromkeys(self.ids, 0)
        self.scans = {s.volume_id: len(s.scans) for s in sources}

    def _on(self, volume_id: str, what: str, amount: int) -> None:
        task = self.ids.get(volume_id)
        if task is None:
            return
        if what == "page":
            self.pages[volume_id] += amount
            total = self.scans[volume_id] + max(self.pages[volume_id], self.scans[volume_id])
            self.bars.update(task, total=total)
        self.bars.advance(task, amount)

    def __enter__(self) -> _progress_bars:
        progress.listen(self.run_id, self._on)
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()
        progress.forget(self.run_id)


def _check_ocr_engine(settings: Settings) -> None:
    """A missing OCR program or model is a usage error now, not a failure on every page."""
    from guji.ocr.engines import get_engine

    try:
        get_engine(settings.ocr_engine, model=settings.ocr_model or None)
    except OcrError as e:
        raise UsageError(e.message, hint=e.hint or "or ingest with --no-ocr") from e


def _tell_before(batch: Batch, records: dict[str, CatalogueRecord], csv_path: Path,
                 default_access: str) -> None:
    """What the user should know before the work starts: nothing is skipped unsaid."""
    for note in batch.notes:
        console.print(f"[yellow]{note}")
    for volume in batch.volumes:
        for note in volume.notes:
            console.print(f"[yellow]{volume.volume_id}: {note}")
    if not records:
        console.print(f"[yellow]no catalogue ({csv_path}): volumes are titled by their id and "
                      f"get access {default_access} (default_access)")
        return
    for missing in sorted({s.volume_id for s in batch.volumes} - set(records)):
        console.print(f"[yellow]{missing}: no catalogue row; titled by its id, access "
                      f"{default_access} (default_access)")


def _access_of(records: dict[str, CatalogueRecord], sources: list[VolumeSource],
               default_access: str) -> dict[str, str]:
    return {s.volume_id: records[s.volume_id].access if s.volume_id in records
            else f"{default_access} (no row)" for s in sources}


def _summary(outcomes: list, store: str, db_url: str,  # type: ignore[type-arg]
             access: dict[str, str]) -> None:
    table = Table(title="Ingest summary")
    for col in ("volume", "access", "status", "pages", "warn", "fail", "problem"):
        table.add_column(col)
    for o in outcomes:
        colour = "green" if o.status == "complete" else "red"
        table.add_row(o.volume_id, access.get(o.volume_id, ""), f"[{colour}]{o.status}",
                      str(o.pages), str(o.warn), str(o.fail), (o.error or "").split("\n")[0])
    console.print(table)
    for o in outcomes:
        if o.error and "\n" in o.error:
            console.print(f"[red]{o.volume_id}: {o.error}", soft_wrap=True)
    root = local_store_root(store)
    where = root.resolve() if root else store
    console.print(f"Archive: {where}   catalogue: {db_url}")
    for o in outcomes:
        if getattr(o, "held", None):
            console.print(f"[yellow]{o.volume_id} awaits review before it is published: "
                          f"{o.held}  (`guji review {o.volume_id} --approve`)")
    done = [o.volume_id for o in outcomes if o.status == "complete"]
    if done:
        first = done[0]
        console.print(f"Look at: {where}/{first}/manifest.json, {where}/{first}/qa.html; "
                      f"`guji status`, `guji report {first}`, `guji serve`")
