"""The allocator of a long ingest process that handles pages of hundreds of megabytes.

glibc's malloc keeps memory a process has freed: each thread that allocates while others
do gets an arena of its own (up to eight per core), and after a large block is freed the
threshold above which blocks are mapped (and unmapped when freed) rises to 32 MB, so
later page buffers come from the heap and stay in the process's resident memory.
"""

from __future__ import annotations

import ctypes
import sys

# mallopt parameters (glibc's malloc.h).
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
# Page threads share two arenas: enough that they seldom wait on each other's allocations.
ARENAS = 2
# Blocks from 4 MB (a numpy copy of any page, a decoded band of one) are mapped on their
# own and given back to the system when freed, whatever was freed before.
MMAP_THRESHOLD = 4 * 1024 * 1024


def tune_allocator() -> None:
    """Fewer arenas and a fixed mapping threshold; nothing where libc is not glibc."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return  # musl or another libc: its allocator is left as it is
    mallopt(M_ARENA_MAX, ARENAS)
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
