"""What `guji serve` serves from and by which rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from guji.pipeline.catalogue import Catalogue
from guji.pipeline.settings import Settings
from guji.pipeline.storage import Store
from guji.serve.access import AccessPolicy

PACKAGE_VENDOR = Path(__file__).parent / "static" / "vendor" / "mirador"
# A development checkout where `npm ci` ran but its copy step did not.
CHECKOUT_NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules" / "mirador" / "dist"


def find_mirador() -> Path | None:
    """The folder holding mirador.min.js, installed from the npm registry by the setup."""
    for folder in (PACKAGE_VENDOR, CHECKOUT_NODE_MODULES):
        if (folder / "mirador.min.js").is_file():
            return folder
    return None


@dataclass(frozen=True)
class ServeConfig:
    store: Store
    catalogue: Catalogue
    settings: Settings
    policy: AccessPolicy = field(default_factory=AccessPolicy)
    oai_page_size: int = 50
    admin_email: str = "guji@localhost"
    mirador_dir: Path | None = field(default_factory=find_mirador)
