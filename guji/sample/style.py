"""An edition's look beyond its 行款: typefaces by role and habits of setting type.

Books mix faces: commentary cut in a smaller Kai hand under Ming main text, a heading in a
heavier face. Each edition draws its faces from one pool (`sample`, `train` or
`reserved`, see guji/sample/fonts.py), never across pools, so a reserved-font page holds
no training face and a training page no reserved one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from guji.sample.fonts import FontPool, Typeface, find_typefaces
from guji.sample.glyphs import has_glyph
from guji.sample.typeset import Commentary, MainRun, Run, Typesetting

# A face that lacks more than this share of the generator's characters is not printed
# with (HanaMin B holds only the rare characters of CJK Extension B).
MAX_MISSING_SHARE = 0.01
# Chances that an edition cuts its commentary, or its headings, in a face of their own.
OTHER_NOTE_FACE = 0.4
OTHER_HEADING_FACE = 0.3
COMMENTARY_LEVELS: tuple[Commentary, ...] = ("none", "as-written", "heavy")
COMMENTARY_WEIGHTS = (0.2, 0.55, 0.25)
# Chance that an edition writes its notes in the Siku hand: each note character as tall as
# a main one and half as wide, a note row a whole cell.
TALL_NOTES = 0.3
# Chance that an edition crowds its notes: the sub-columns' glyphs stand up to
# CROWDED_GAP of the column's width apart, or touch (the Siku manuscripts' hand).
CROWDED_NOTES = 0.25
CROWDED_GAP = 0.04


@dataclass(frozen=True)
class Faces:
    """The faces of one edition by role; `spare` faces stand in for a missing character."""

    text: Typeface
    note: Typeface
    heading: Typeface
    spare: tuple[Typeface, ...] = ()

    def for_run(self, run: Run) -> Typeface:
        if isinstance(run, MainRun):
            return self.heading if run.heading else self.text
        return self.note

    def drawing(self, face: Typeface, ch: str) -> Typeface:
        """The face that draws `ch`: `face`, else the text face, else a spare that has it."""
        for candidate in (face, self.text, *self.spare):
            if has_glyph(candidate, ch):
                return candidate
        return face


@lru_cache(maxsize=4)
def printing_faces(pool: FontPool) -> tuple[Typeface, ...]:
    """The pool's faces that cover the generator's characters (see MAX_MISSING_SHARE)."""
    from guji.sample.texts import all_characters

    chars = sorted(all_characters())
    faces = tuple(f for f in find_typefaces(pool)
                  if sum(not has_glyph(f, c) for c in chars) <= MAX_MISSING_SHARE * len(chars))
    return faces


def random_faces(rng: np.random.Generator, pool: FontPool) -> Faces:
    """Text face, and a commentary and heading face that are now and then another one."""
    from guji.pipeline.errors import UsageError

    faces = printing_faces(pool)
    if not faces:
        raise UsageError(f"no typeface of the {pool!r} pool is installed",
                         hint="install the font packages docs/ground-truth.md lists, "
                              "or use --fonts sample")

    def pick() -> Typeface:
        return faces[int(rng.integers(0, len(faces)))]

    text = pick()
    note = pick() if rng.random() < OTHER_NOTE_FACE else text
    heading = pick() if rng.random() < OTHER_HEADING_FACE else text
    return Faces(text=text, note=note, heading=heading, spare=faces)


def random_typesetting(rng: np.random.Generator) -> Typesetting:
    # The note hand comes from a stream spawned off the edition's (which advances nothing):
    # every edition drawn before it was added comes out as it did, so figures measured on
    # earlier sets stay comparable page by page.
    (notes_rng,) = rng.spawn(1)
    # Crowding, likewise, from a stream of the note hand's own.
    (crowd_rng,) = notes_rng.spawn(1)
    crowded = crowd_rng.random() < CROWDED_NOTES
    return Typesetting(
        heading_indent=int(rng.integers(1, 4)),
        commentary=COMMENTARY_LEVELS[int(rng.choice(len(COMMENTARY_LEVELS),
                                                    p=COMMENTARY_WEIGHTS))],
        blank_after_chapter=bool(rng.random() < 0.25),
        note_row_units=2 if notes_rng.random() < TALL_NOTES else 1,
        note_gap=float(crowd_rng.uniform(0, CROWDED_GAP)) if crowded else None,
    )
