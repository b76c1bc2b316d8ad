"""Ingest: catalogue records, volume folders, and validation of every master file."""
