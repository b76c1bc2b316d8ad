"""Pages for the OCR tests, generated from code once per session (no committed images).

`guji.sample` renders thread-bound woodblock pages with their ground truth; at 200 dpi a
page takes about a second to render and one or two to read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guji.ocr import OcrPage, recognize_page
from guji.ocr.truth import TruthPage, find_truth


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TruthPage]:
    """Three generated scans with their truth: two half-leaves (skewed, with a note and
    a seal) and an opening of two facing half-leaves."""
    from guji.sample import generate_flat

    root = tmp_path_factory.mktemp("ocr-pages")
    generate_flat(root / "half", pages=2, seed=5, layout="half-leaf", dpi=200, workers=1)
    generate_flat(root / "opening", pages=1, seed=22, layout="opening", dpi=200, workers=1)
    pages = {}
    for sub in ("half", "opening"):
        for truth in find_truth(root / sub):
            pages[f"{sub}/{truth.image.name}"] = truth
    return pages


@pytest.fixture(scope="session")
def recognized(generated: dict[str, TruthPage]) -> dict[str, OcrPage]:
    return {name: recognize_page(t.image) for name, t in generated.items()}


@pytest.fixture(scope="session")
def alto_schema(schemas_dir: Path):  # type: ignore[no-untyped-def]
    """The ALTO 4.4 XSD compiled offline: its xlink import resolved to the LOC copy."""
    from lxml import etree

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            if url.endswith("xlink.xsd"):
                return self.resolve_filename(str(schemas_dir / "mets" / "xlink.loc.xsd"),
                                             context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(schemas_dir / "alto" / "alto-4-4.xsd"), parser))
