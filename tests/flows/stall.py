"""Run `guji` with a pause right after a volume's manifest is stored, so a test can kill -9
the run while its records are half written, every time rather than when polling happens
to catch the moment.

    python -m tests.flows.stall MARKER guji-args...

MARKER is created when the pause begins."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    marker, args = Path(sys.argv[1]), sys.argv[2:]
    import guji.publish.volume as volume

    put = volume._put

    def stalling_put(*a, **kw):  # type: ignore[no-untyped-def]
        put(*a, **kw)
        if str(a[3]).endswith("manifest.json"):
            marker.touch()
            time.sleep(600)  # the test kills the run long before this ends

    volume._put = stalling_put  # type: ignore[assignment]
    from guji.cli import main as guji

    sys.argv = ["guji", *args]
    guji()


if __name__ == "__main__":
    main()
