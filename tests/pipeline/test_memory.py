"""The ingest's allocator settings: numpy temporaries of a megabyte are reused, not
faulted in afresh each time (guji/pipeline/memory.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Page faults taken by 50 rounds of a 1.2 MB temporary made and freed, in a fresh process.
FAULTS = """
import resource, sys
import numpy as np
if sys.argv[1] == "tuned":
    from guji.pipeline.memory import tune_allocator
    tune_allocator()
a = np.random.default_rng(0).uniform(size=150_000)
for _ in range(5):
    (a - a * 0.5).sum()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    (a - a * 0.5).sum()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", FAULTS, mode], capture_output=True, text=True,
                         check=True)
    return int(out.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_temporaries_are_reused_not_faulted_in_again() -> None:
    # Without the settings glibc hands the heap's top back after each free and faults its
    # 300 pages in again on the next array (about 28,000 faults here); with them, a few.
    assert _faults("tuned") < 500
