"""The text layer of a manifest: OCR columns as supplementing annotations, juan as Ranges."""

from __future__ import annotations

from collections.abc import Callable

from iiif_prezi3 import (
    Annotation,
    AnnotationPage,
    CanvasRef,
    CssStylesheet,
    FragmentSelector,
    Range,
    SpecificResource,
    TextualBody,
)

from guji.metadata.urls import ArchiveUrls
from guji.metadata.volume import VERTICAL_RL, OcrColumn, PageView, VolumeView

# Columns of a woodblock page are read top to bottom, right to left. The style class
# tells a client that renders the text (rather than only highlighting the box) to set it
# vertically; "commentary" marks the double-line small characters (雙行小注).
STYLESHEET = ".vertical-rl { writing-mode: vertical-rl; } .commentary { font-size: 70%; }"
TEXT_LANGUAGE = "lzh"


def _column_annotation(vid: str, page: PageView, n: int, column: OcrColumn,
                       urls: ArchiveUrls) -> Annotation:
    classes = [column.direction or VERTICAL_RL]
    if column.kind == "commentary":
        classes.append("commentary")
    target = SpecificResource(
        source=urls.canvas(vid, page.seq),
        selector=FragmentSelector(value=f"xywh={column.box.xywh}"),
        styleClass=" ".join(classes))
    return Annotation(
        id=urls.text_annotation(vid, page.seq, n), motivation="supplementing",
        stylesheet=CssStylesheet(value=STYLESHEET),
        body=TextualBody(value=column.text, language=TEXT_LANGUAGE, format="text/plain"),
        target=target)


def text_page(vid: str, page: PageView, urls: ArchiveUrls) -> AnnotationPage:
    """The page's OCR columns in reading order, one annotation per column."""
    items = [_column_annotation(vid, page, n, column, urls)
             for n, column in enumerate(page.columns, start=1) if column.text.strip()]
    return AnnotationPage(id=urls.text_page(vid, page.seq), items=items)


def juan_ranges(view: VolumeView, urls: ArchiveUrls,
                label: Callable[[int], dict[str, list[str]]]) -> list[Range]:
    """One Range per juan, holding that juan's canvases in reading order."""
    vid = view.volume_id
    return [
        Range(id=urls.juan_range(vid, juan), label=label(juan),
              items=[CanvasRef(id=urls.canvas(vid, p.seq), type="Canvas")
                     for p in view.pages_of_juan(juan)])
        for juan in view.juan_numbers()
    ]
