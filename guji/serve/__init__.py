"""`guji serve`: the archive over HTTP with a Mirador viewer, search and OAI-PMH, behind
the catalogue's access levels."""

from guji.serve.access import AccessPolicy
from guji.serve.app import create_app
from guji.serve.config import ServeConfig, find_mirador

__all__ = ["AccessPolicy", "ServeConfig", "create_app", "find_mirador"]
