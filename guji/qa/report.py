"""A volume's QA: page verdicts revised by the volume-level checks, as qa.json and qa.html."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from statistics import median
from typing import Any

from guji.qa.checks import (
    Finding,
    duplicate_findings,
    file_sequence,
    sequence_findings,
    sharpness_findings,
)
from guji.qa.html import render_html
from guji.qa.profile import get_profile, worst

SCHEMA = "guji-qa/1"


def proofreading_order(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pages with OCR, the most likely to be wrong first: what staff proofread first."""
    read = [p for p in pages if p.get("ocr")]
    read.sort(key=lambda p: (-p["ocr"]["expected_cer"], p["seq"]))
    return [{"seq": p["seq"], "expected_cer": round(p["ocr"]["expected_cer"], 3),
             "confidence": round(p["ocr"]["confidence"], 3)} for p in read]


def volume_report(volume_id: str, pages: list[dict[str, Any]], *, scan_names: list[str],
                  viewer_url: str | None, thumbs: dict[int, bytes],
                  profile: str = "default") -> tuple[dict[str, Any], str]:
    """(qa.json content, qa.html text) for a volume.

    `pages` are the flow's per-page dicts (seq, scan_seq, side, source, skew_deg,
    page_box, frame_box, metrics, verdict, reasons, phash); the volume checks may
    raise a page's verdict and add reasons. The input dicts are not modified.
    """
    qa_profile = get_profile(profile)
    entries = [copy.deepcopy(p) for p in sorted(pages, key=lambda p: p["seq"])]
    for entry in entries:
        entry.setdefault("phash", entry.get("metrics", {}).get("phash"))
        entry["reasons"] = list(entry.get("reasons", []))
        entry.setdefault("verdict", "pass")
        if viewer_url:
            entry["viewer"] = f"{viewer_url}?canvas={entry['seq']}"

    sequence = file_sequence(list(scan_names))
    findings: list[Finding] = sequence_findings(entries, sequence)
    dup_findings, duplicates = duplicate_findings(entries, qa_profile)
    soft_findings, median_sharpness = sharpness_findings(entries, qa_profile)
    findings += dup_findings + soft_findings
    by_seq = {e["seq"]: e for e in entries}
    for f in findings:
        entry = by_seq[f.seq]
        if f.reason not in entry["reasons"]:
            entry["reasons"].append(f.reason)
        entry["verdict"] = worst(entry["verdict"], f.verdict)

    skews = [abs(float(e["skew_deg"])) for e in entries if e.get("skew_deg") is not None]
    verdicts = [e["verdict"] for e in entries]
    qa: dict[str, Any] = {
        "schema": SCHEMA,
        "volume": volume_id,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "profile": {"name": qa_profile.name, "description": qa_profile.description,
                    "thresholds": {k: v for k, v in qa_profile.to_dict().items()
                                   if k not in {"name", "description"}}},
        "viewer_url": viewer_url,
        "summary": {
            "pages": len(entries),
            "scans": len(scan_names),
            "verdicts": {v: verdicts.count(v) for v in ("pass", "warn", "fail")},
            "verdict": worst(*verdicts),
            "sequence": sequence.to_dict(),
            "duplicates": [list(d) for d in duplicates],
            "median_sharpness": median_sharpness,
            "skew": {"median_abs": round(float(median(skews)), 3) if skews else None,
                     "max_abs": round(max(skews), 3) if skews else None},
            "proofread_first": proofreading_order(entries),
        },
        "pages": entries,
    }
    return qa, render_html(qa, thumbs)
