"""The `guji` command line: parses, calls and prints. Errors become exit codes here only."""

from __future__ import annotations

import os
import sys

import click

from guji import __version__
from guji.commands.lazy import CommandSpec, LazyGroup
from guji.pipeline.errors import ExitCode, GujiError

# Each command's module is imported only when it runs or its --help is asked: together they
# load pyvips, Prefect, SQLAlchemy and onnxruntime, seconds that `guji --help` should not pay.
# A summary is the first sentence of the command's help (tests/test_cli.py keeps them equal).
COMMANDS = {
    "ingest": CommandSpec("guji.commands.ingest:ingest", "Ingest SOURCE: a folder of volume "
                          "folders, or one volume folder of page images."),
    "status": CommandSpec("guji.commands.status:status", "What is archived, what failed and why, "
                          "and what awaits review or rescan."),
    "review": CommandSpec("guji.commands.status:review", "Record a conservator's decision on "
                          "VOLUME: --approve, or --reject pages for rescan."),
    "structure": CommandSpec("guji.commands.structure:structure", "Show VOLUME's juan boundaries "
                             "and folio labels, or correct them."),
    "sample": CommandSpec("guji.commands.sample:sample", "Write synthetic scans of thread-bound "
                          "woodblock books into OUTDIR, each image with its ground truth beside "
                          "it (NNNN.gt.json, see docs/ground-truth.md, and NNNN.gt.txt)."),
    "inspect": CommandSpec("guji.commands.inspect:inspect", "Measure one IMAGE as it is: size, "
                           "resolution, skew, sharpness, clipping, blankness, the paper and the "
                           "printed frame, and the QA verdict under a profile."),
    "report": CommandSpec("guji.commands.report:report", "Write the QA report of VOLUME (qa.html: "
                          "flagged pages first, thumbnails, skew and sharpness plots, links to "
                          "the viewer) from the qa.json the ingest stored."),
    "ocr": CommandSpec("guji.commands.ocr:ocr", "Read the classical Chinese text of a page IMAGE "
                       "and print it on stdout."),
    "eval-ocr": CommandSpec("guji.commands.ocr:eval_ocr", "Character error rate of OCR on "
                            "FOLDER's images that have ground truth."),
    "ocr-train": CommandSpec("guji.commands.ocr_train:ocr_train", "Fine-tune the neural line "
                             "recognizer on woodblock columns rendered in the training fonts "
                             "(and proofread pages with --from), then write OUT/model.onnx and "
                             "OUT/record.json and print the character error rates of the stock "
                             "and tuned models."),
    "serve": CommandSpec("guji.commands.serve:serve", "Serve the archive: manifests, tiles and "
                         "records at their stable URLs, a viewer at /view/VOLUME, full-text "
                         "search at /search and OAI-PMH at /oai."),
    "export": CommandSpec("guji.commands.export:export", "Export VOLUME as a BagIt bag: images, "
                          "OCR, full text, manifest, MODS, DC and METS, each checked against the "
                          "checksum recorded when it was archived."),
    "verify": CommandSpec("guji.commands.verify:verify", "Recompute the checksums of stored "
                          "objects and compare them with the catalogue."),
    "withdraw": CommandSpec("guji.commands.withdraw:withdraw", "Withdraw VOLUME from everything "
                            "served, listed, harvested and searched."),
}


@click.group(cls=LazyGroup, specs=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="guji")
def cli() -> None:
    """guji: digitize, process, OCR and publish ancient Chinese books (古籍).

    Typical use: `guji ingest SCANS/` then `guji status`, `guji report VOLUME` and
    `guji serve`. Every command has --help.
    """


def main() -> None:
    # Prefect logs every task run at INFO; our progress bars say the same more quietly.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # Archives are often on closed networks: no usage reporting from the ephemeral server.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # Prefect's 20 s for its ephemeral server to start is too short on a busy two-core
    # machine (a run then fails before its first volume).
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    # Dask's scheduler and workers (--processes) log each start and stop at INFO.
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
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
