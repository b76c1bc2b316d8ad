"""The `guji` command line: parses, calls and prints. Errors become exit codes here only."""

from __future__ import annotations

import os
import sys

import click

from guji import __version__
from guji.commands.export import export
from guji.commands.ingest import ingest
from guji.commands.inspect import inspect
from guji.commands.ocr import eval_ocr, ocr
from guji.commands.ocr_train import ocr_train
from guji.commands.report import report
from guji.commands.sample import sample
from guji.commands.serve import serve
from guji.commands.status import review, status
from guji.commands.structure import structure
from guji.commands.verify import verify
from guji.commands.withdraw import withdraw
from guji.pipeline.errors import ExitCode, GujiError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="guji")
def cli() -> None:
    """guji: digitize, process, OCR and publish ancient Chinese books (古籍).

    Typical use: `guji ingest SCANS/` then `guji status`, `guji report VOLUME` and
    `guji serve`. Every command has --help.
    """


for command in (ingest, status, review, structure, sample, inspect, report, ocr, eval_ocr,
                ocr_train, serve, export, verify, withdraw):
    cli.add_command(command)


def main() -> None:
    # Prefect logs every task run at INFO; our progress bars say the same more quietly.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # Archives are often on closed networks: no usage reporting from the ephemeral server.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        code = cli.main(standalone_mode=False)
    except GujiError as e:
        click.secho(f"error: {e}", fg="red", err=True)
        sys.exit(int(e.exit_code))
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        sys.exit(int(ExitCode.interrupted))
    except click.ClickException as e:
        e.show()
        sys.exit(int(ExitCode.usage))
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(int(ExitCode.interrupted))
    sys.exit(code if isinstance(code, int) else 0)
