"""How well a profile of ink repeats: the pitch of columns across a frame
(columns._text_pitch) and of a note's rows down its column (note_ends._row_pitch)."""

from __future__ import annotations

import numpy as np


def self_match(profile: np.ndarray) -> np.ndarray:
    """For each lag 0, 1, …: how well the profile matches itself shifted by that lag
    (the autocorrelation of its departures from its mean; lag 0 is its energy)."""
    centred = profile.astype(np.float64) - float(profile.mean())
    return np.correlate(centred, centred, mode="full")[len(centred) - 1:]
