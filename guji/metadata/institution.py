"""Who publishes the archive and on what terms: the fixed words every record repeats."""

from __future__ import annotations

from dataclasses import dataclass

NAME_ZH = "萍鄉市圖書館"
NAME_EN = "Pingxiang Library"
ATTRIBUTION_ZH = f"{NAME_ZH}藏"
ATTRIBUTION_EN = f"Held by {NAME_EN} ({NAME_ZH}), Pingxiang, Jiangxi"
ISIL_LIKE_CODE = "pxlib"  # short code used in OAI identifiers and METS agents

# The books are centuries out of copyright; the library asks for attribution
# (requiredStatement) but claims no new rights in faithful reproductions. A catalogue row
# whose `rights` column holds a Creative Commons or RightsStatements.org URI overrides this.
DEFAULT_RIGHTS = "http://creativecommons.org/publicdomain/mark/1.0/"
RIGHTS_PREFIXES = (
    "http://creativecommons.org/licenses/",
    "http://creativecommons.org/publicdomain/",
    "http://rightsstatements.org/vocab/",
)


@dataclass(frozen=True)
class AccessTerms:
    zh: str
    en: str


ACCESS_TERMS: dict[str, AccessTerms] = {
    "public": AccessTerms("公開：任何人可在線閱覽及下載", "Open: anyone may view and download online"),
    "reading-room": AccessTerms("限館內閱覽室閱覽", "Reading room only: viewable on the library's premises"),
    "restricted": AccessTerms("不公開：僅限館員", "Restricted: library staff only"),
}


def rights_uri(rights: str) -> str:
    """The IIIF `rights` URI of a volume: the catalogue's, when it is one IIIF accepts."""
    value = rights.strip().replace("https://", "http://")
    return value if value.startswith(RIGHTS_PREFIXES) else DEFAULT_RIGHTS


def rights_statement(rights: str) -> str:
    """The free-text rights statement, when the catalogue gives one that is not a URI."""
    value = rights.strip()
    return "" if not value or value.startswith(("http://", "https://")) else value
