"""The allocator of a long ingest process that handles pages of hundreds of megabytes.

glibc's malloc keeps memory a process has freed: each thread that allocates while others
do gets an arena of its own (up to eight per core), and after a large block is freed the
threshold above which blocks are mapped (and unmapped when freed) rises to 32 MB, so
later page buffers come from the heap and stay in the process's resident memory.

The other way round, glibc gives the top of its heap back to the system as soon as 128 KB
there are free (the default once the mapping threshold is set), and takes it again on the
next allocation: every numpy temporary of a megabyte or so (a reduced page's mask, a
column's profile) then costs a page fault per 4 KB, about 3 µs each on a virtual machine.
An operation on a 150,000-element array took 0.5 ms instead of 0.07.
"""

from __future__ import annotations

import ctypes
import sys

# mallopt parameters (glibc's malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
# Page threads share two arenas: enough that they seldom wait on each other's allocations.
ARENAS = 2
# Blocks from 4 MB (a numpy copy of any page, a decoded band of one) are mapped on their
# own and given back to the system when freed, whatever was freed before.
MMAP_THRESHOLD = 4 * 1024 * 1024
# Free memory a heap keeps before it is given back: the temporaries below the mapping
# threshold are reused instead of faulted in again. An ingest of 35 pages took 8% less CPU
# with 8 MB (the same as with 32 MB, which kept 30 MB more with OCR).
TRIM_THRESHOLD = 8 * 1024 * 1024


def tune_allocator() -> None:
    """Fewer arenas, fixed mapping and trimming thresholds; nothing where libc is not glibc."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return  # musl or another libc: its allocator is left as it is
    mallopt(M_ARENA_MAX, ARENAS)
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
