"""`guji verify`: the fixity audit, run now or served on a schedule."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import click
from rich.table import Table

from guji.commands.common import build_settings, console, store_options
from guji.pipeline.errors import ExitCode, UsageError
from guji.pipeline.settings import redacted


@click.command()
@click.argument("volumes", nargs=-1, metavar="[VOLUME]...")
@click.option("--sample", type=float, default=1.0, show_default=True, metavar="FRACTION",
              help="Read back this fraction of each volume's objects, chosen at random "
                   "(missing and unexpected objects are always looked for).")
@click.option("--seed", type=int, default=None, help="Seed of the random sample.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON on stdout.")
@click.option("--serve-schedule", "cron", metavar="CRON", default=None,
              help="Instead of verifying now, serve the verify-archive flow as a Prefect "
                   "deployment that runs on this cron schedule, e.g. '0 3 * * 0'.")
@store_options
def verify(volumes: tuple[str, ...], sample: float, seed: int | None, as_json: bool,
           cron: str | None, store: str | None, db: str | None, config: Path | None) -> None:
    """Recompute the checksums of stored objects and compare them with the catalogue.

    Reports missing, altered, truncated and unexpected objects of each VOLUME (all
    volumes when none is named) and records a fixity-check event per volume and per
    finding. Exit code 0: every object intact; 1: something was found.
    """
    if not 0.0 < sample <= 1.0:
        raise UsageError(f"--sample {sample}: give a fraction above 0 and at most 1")
    settings = build_settings(config, store=store, db=db)
    # Flow parameters are kept in Prefect's database and shown in its UI: never a password.
    db_url = redacted(settings).db_url
    parameters: dict[str, object] = {"store": settings.store, "db": db_url,
                                     "volumes": list(volumes) or None, "sample": sample,
                                     "seed": seed}
    if cron:
        if db_url != settings.db_url:
            # Scheduled runs start in child processes, which inherit the environment.
            os.environ["GUJI_DB"] = settings.db_url
            parameters["db"] = None
        from guji.flows.verify import DEPLOYMENT, serve_schedule

        console.print(f"Serving deployment verify-archive/{DEPLOYMENT} on '{cron}'; "
                      "stop with Ctrl-C")
        serve_schedule(cron, parameters)
        return
    from guji.flows.verify import verify_archive

    report = verify_archive(settings.store, db_url, list(volumes) or None, sample, seed)
    findings = report.findings
    if as_json:
        click.echo(json.dumps({"store": settings.store, "checked": report.checked,
                               "volumes": [v.volume_id for v in report.volumes],
                               "findings": [asdict(f) for f in findings]},
                              ensure_ascii=False, indent=1))
    elif findings:
        table = Table(title=f"Fixity findings in {settings.store}")
        for col in ("volume", "key", "finding", "detail"):
            table.add_column(col)
        for f in findings:
            table.add_row(f.volume_id or "-", f.key, f"[red]{f.kind}", f.detail)
        console.print(table)
    console.print(f"Checked {report.checked} object(s) in {len(report.volumes)} volume(s): "
                  + (f"[red]{len(findings)} finding(s)" if findings else "[green]all intact"))
    if findings:
        raise SystemExit(int(ExitCode.failed))
