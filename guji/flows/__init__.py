"""Prefect flows: thin wrappers that add retries, concurrency and run history to stages."""

from guji.flows.ingest import VolumeOutcome, ingest_batch, ingest_volume

__all__ = ["VolumeOutcome", "ingest_batch", "ingest_volume"]
