"""`guji status` and `guji review`: what is archived, what failed, what awaits review."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from guji.commands.common import build_settings, console, store_options
from guji.pipeline.catalogue import REVIEW, Catalogue, PageRow
from guji.pipeline.errors import UsageError
from guji.pipeline.settings import Settings, local_store_root, redact_url
from guji.pipeline.storage import open_store
from guji.publish import publish_collection
from guji.publish.collection import COLLECTION_TURN
from guji.publish.review import AWAITING, RESCAN, is_released
from guji.publish.review import approve as approve_volume


@click.command()
@click.argument("volume", required=False)
@store_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout instead of tables.")
def status(volume: str | None, store: str | None, db: str | None, config: Path | None,
           as_json: bool) -> None:
    """What is archived, what failed and why, and what awaits review or rescan.

    With VOLUME: its pages, verdicts and the recent event log.
    """
    settings = build_settings(config, store=store, db=db)
    catalogue = open_existing_catalogue(settings)
    if volume:
        _volume_status(catalogue, volume, as_json)
        return
    rows: list[dict[str, Any]] = []
    for v in catalogue.volumes():
        pages = catalogue.pages(v.volume_id)
        rows.append({
            "volume_id": v.volume_id, "title": v.title, "access": v.access,
            "status": v.status, "pages": len(pages), "review": v.review,
            "warn": sum(p.verdict == "warn" for p in pages),
            "fail": sum(p.verdict == "fail" for p in pages),
            "rescan": [p.seq for p in pages if p.rescan], "error": v.error,
            "review_reason": v.review_reason,
            "published": v.status == "complete" and is_released(v),
        })
    leases = catalogue.leases.all()
    if as_json:
        click.echo(json.dumps({"volumes": rows, "leases": [
            {"volume_id": lease.volume_id, "holder": lease.holder, "pid": lease.pid,
             "since": lease.acquired_at.isoformat(), "expires": lease.expires_at.isoformat()}
            for lease in leases]}, ensure_ascii=False, indent=1))
        return
    now = datetime.now(UTC)
    for lease in leases:
        state = "[yellow](left by a stopped run: free to take)" if lease.abandoned(now) else ""
        what = ("Publishing the collection:" if lease.volume_id == COLLECTION_TURN
                else f"Being ingested: {lease.volume_id}")
        console.print(f"{what} by {lease.describe()} {state}")
    if not rows:
        console.print(f"The catalogue {redact_url(settings.db_url)} has no volumes yet: "
                      "run `guji ingest`.")
        return
    table = Table(title=f"Archive {settings.store}")
    for col in ("volume", "title", "access", "status", "pages", "warn", "fail", "review",
                "published", "problem"):
        table.add_column(col)
    for r in rows:
        colour = {"complete": "green", "failed": "red"}.get(r["status"], "yellow")
        table.add_row(r["volume_id"], r["title"], r["access"], f"[{colour}]{r['status']}",
                      str(r["pages"]), str(r["warn"]), str(r["fail"]), r["review"] or "",
                      "yes" if r["published"] else "no", (r["error"] or "").split("\n")[0])
    console.print(table)
    for r in rows:
        if r["review"] == AWAITING and r["status"] == "complete":
            console.print(f"[yellow]Awaiting review, not published: {r['volume_id']}: "
                          f"{r['review_reason'] or 'review requested'}  "
                          f"(`guji review {r['volume_id']} --approve`)")
    for r in rows:
        if r["rescan"]:
            console.print(f"Awaiting rescan: {r['volume_id']} pages "
                          f"{', '.join(map(str, r['rescan']))}")
    held = {lease.volume_id for lease in leases}
    for r in rows:
        if r["status"] == "processing" and r["volume_id"] not in held:
            console.print(f"[yellow]{r['volume_id']} was interrupted; run the same "
                          "`guji ingest` again to finish it")


def open_existing_catalogue(settings: Settings) -> Catalogue:
    """The archive's catalogue; UsageError, creating nothing, when there is no archive."""
    root = local_store_root(settings.store)
    if root is not None and not root.is_dir():
        raise UsageError(f"there is no archive at {root}: the folder does not exist",
                         hint="give --store the archive's folder, or run `guji ingest` first")
    url = settings.db_url
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        raise UsageError(f"there is no catalogue at {url[len('sqlite:///'):]}",
                         hint="give --store (or --db) of an archive `guji ingest` wrote")
    return Catalogue.open(url)


# Pages named in the status's proofreading line (the JSON lists them all).
PROOFREAD_LISTED = 10


def _proofreading_order(pages: list[PageRow]) -> list[PageRow]:
    """Pages with OCR, the most likely to be wrong first."""
    read = [p for p in pages if p.ocr_expected_cer is not None]
    return sorted(read, key=lambda p: (-(p.ocr_expected_cer or 0.0), p.seq))


def _volume_status(catalogue: Catalogue, volume_id: str, as_json: bool) -> None:
    row = catalogue.volume(volume_id)
    if row is None:
        raise UsageError(f"volume {volume_id!r} is not in the catalogue",
                         hint="run `guji status` to list archived volumes")
    pages = catalogue.pages(volume_id)
    events = catalogue.events(volume_id)
    if as_json:
        click.echo(json.dumps({
            "volume_id": volume_id, "title": row.title, "status": row.status,
            "review": row.review, "review_reason": row.review_reason, "error": row.error,
            "pages": [{"seq": p.seq, "source": p.source_name, "side": p.side,
                       "verdict": p.verdict, "reasons": p.reasons, "rescan": p.rescan,
                       "skew_deg": p.skew_deg, "ocr_confidence": p.ocr_confidence,
                       "ocr_expected_cer": p.ocr_expected_cer} for p in pages],
            "proofread_first": [p.seq for p in _proofreading_order(pages)],
            "events": [{"type": e.event_type, "outcome": e.outcome, "page": e.page_seq,
                        "detail": e.detail, "at": e.at.isoformat()} for e in events],
        }, ensure_ascii=False, indent=1))
        return
    console.print(f"[bold]{volume_id}[/] {row.title}  status={row.status} "
                  f"review={row.review or '-'} access={row.access}")
    if row.review == AWAITING:
        console.print(f"[yellow]Awaiting review, not published: {row.review_reason or '-'}")
    if row.error:
        console.print(f"[red]{row.error}")
    table = Table()
    for col in ("seq", "file", "side", "skew°", "verdict", "reasons", "rescan", "OCR errors"):
        table.add_column(col)
    for p in pages:
        table.add_row(str(p.seq), p.source_name, p.side,
                      f"{p.skew_deg:.2f}" if p.skew_deg is not None else "",
                      p.verdict or "", "; ".join(p.reasons), "yes" if p.rescan else "",
                      f"{p.ocr_expected_cer:.1%}" if p.ocr_expected_cer is not None else "")
    console.print(table)
    worst = _proofreading_order(pages)[:PROOFREAD_LISTED]
    if worst:
        console.print("Proofread first (OCR errors expected, from the recognizer's confidence): "
                      + ", ".join(f"p{p.seq} {p.ocr_expected_cer:.1%}" for p in worst))
    for e in events[-10:]:
        console.print(f"{e.at:%Y-%m-%d %H:%M:%S} {e.event_type:<12} {e.outcome:<8} "
                      f"{'p' + str(e.page_seq) if e.page_seq else '':<6} {e.detail[:80]}")


@click.command()
@click.argument("volume")
@click.option("--approve", is_flag=True, help="Approve the volume's images.")
@click.option("--reject", "reject", metavar="SEQ[,SEQ…]",
              help="Pages (by seq) that must be rescanned.")
@click.option("--reason", default="", help="Why, recorded in the event log.")
@click.option("--reviewer", default="", help="Who decided (default: the login name).")
@store_options
def review(volume: str, approve: bool, reject: str | None, reason: str, reviewer: str,
           store: str | None, db: str | None, config: Path | None) -> None:
    """Record a conservator's decision on VOLUME: --approve, or --reject pages for rescan."""
    import getpass

    if approve == bool(reject):
        raise UsageError("give exactly one of --approve or --reject SEQ[,SEQ…]")
    settings = build_settings(config, store=store, db=db)
    catalogue = open_existing_catalogue(settings)
    row = catalogue.volume(volume)
    if row is None or row.status != "complete":
        raise UsageError(f"volume {volume!r} is not a complete volume in the catalogue",
                         hint="run `guji status` to see what is archived")
    who = reviewer or getpass.getuser()
    store_ = open_store(settings.store)
    if approve:
        approve_volume(catalogue, volume, who, reason)
        publish_collection(store_, catalogue, settings)
        console.print(f"{volume}: approved and published")
        return
    if not reason:
        raise UsageError("--reject needs --reason TEXT, so the scanning team knows what to fix")
    seqs = _parse_seqs(reject or "", {p.seq for p in catalogue.pages(volume)})
    for seq in seqs:
        catalogue.update_page(volume, seq, rescan=True, rescan_reason=reason)
        catalogue.log_event(volume, REVIEW, "rejected", reason, page_seq=seq, agent=who)
    catalogue.set_review(volume, RESCAN, f"pages {', '.join(map(str, seqs))} to rescan: {reason}")
    # Pages judged unfit are not shown: the volume leaves the listings until rescanned.
    publish_collection(store_, catalogue, settings)
    console.print(f"{volume}: pages {', '.join(map(str, seqs))} marked for rescan; "
                  "the volume is not published until it is re-ingested")


def _parse_seqs(text: str, known: set[int]) -> list[int]:
    try:
        seqs = sorted({int(t) for t in text.split(",") if t.strip()})
    except ValueError:
        raise UsageError(f"--reject {text!r}: give page numbers like 3,7,12") from None
    unknown = [s for s in seqs if s not in known]
    if unknown or not seqs:
        raise UsageError(f"--reject: no such page(s) {unknown or text!r}",
                         hint="`guji status VOLUME` lists the pages")
    return seqs
