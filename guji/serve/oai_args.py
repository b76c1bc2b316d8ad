"""OAI-PMH 2.0 request arguments: which verb takes which, dates, and resumption tokens.

Tokens are stateless (the query and an offset, base64url-encoded JSON), so they survive a
server restart; a list that changes between pages may shift by the records added."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

VERBS: dict[str, tuple[set[str], set[str]]] = {
    # verb: (required arguments, optional arguments)
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
RESUMABLE = {"ListIdentifiers", "ListRecords", "ListSets"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class OaiError(Exception):
    """An OAI-PMH error condition, answered inside a 200 response as the protocol says."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def stamp(at: datetime) -> str:
    """A datestamp at the repository's granularity (seconds, UTC)."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_date(value: str, *, end: bool) -> tuple[datetime, str]:
    """A from/until argument as a UTC instant and its granularity ("day" or "second");
    a day `until` means the end of that day."""
    try:
        if _SECOND.fullmatch(value):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), "second"
        if _DAY.fullmatch(value):
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return (day + timedelta(days=1, microseconds=-1) if end else day), "day"
    except ValueError:
        pass
    raise OaiError("badArgument", f"{value!r} is not a date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")


@dataclass(frozen=True)
class Query:
    verb: str
    metadata_prefix: str = ""
    set_spec: str = ""
    start: datetime | None = None
    until: datetime | None = None
    identifier: str = ""
    offset: int = 0

    def token(self, offset: int) -> str:
        state = {"v": self.verb, "p": self.metadata_prefix, "s": self.set_spec,
                 "f": stamp(self.start) if self.start else "",
                 "u": self.until.isoformat() if self.until else "", "o": offset}
        raw = json.dumps(state, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _from_token(verb: str, token: str) -> Query:
    try:
        padded = token + "=" * (-len(token) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(state, dict) or state.get("v") != verb:
            raise ValueError("token of another verb")
        offset = state["o"]
        if not isinstance(offset, int) or offset < 0:
            raise ValueError("bad offset")
        return Query(verb=verb, metadata_prefix=str(state["p"]), set_spec=str(state["s"]),
                     start=parse_date(state["f"], end=False)[0] if state["f"] else None,
                     until=datetime.fromisoformat(state["u"]) if state["u"] else None,
                     offset=offset)
    except (ValueError, KeyError, TypeError, binascii.Error, OaiError, json.JSONDecodeError):
        raise OaiError("badResumptionToken", "the resumption token is not one this repository issued") from None


def parse_query(args: list[tuple[str, str]]) -> Query:
    """Check a request's arguments against its verb; raises OaiError as the protocol says."""
    names = [name for name, _ in args]
    verbs = [value for name, value in args if name == "verb"]
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "give exactly one verb: " + ", ".join(VERBS))
    verb = verbs[0]
    if len(names) != len(set(names)):
        raise OaiError("badArgument", "an argument is repeated")
    given = {name: value for name, value in args if name != "verb"}
    required, optional = VERBS[verb]
    if "resumptionToken" in given:
        if verb not in RESUMABLE or len(given) != 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument of list verbs")
        return _from_token(verb, given["resumptionToken"])
    unknown = set(given) - required - optional
    missing = required - set(given)
    if unknown or missing:
        raise OaiError("badArgument", f"{verb}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    start = until = None
    grains = set()
    if "from" in given:
        start, grain = parse_date(given["from"], end=False)
        grains.add(grain)
    if "until" in given:
        until, grain = parse_date(given["until"], end=True)
        grains.add(grain)
    if len(grains) > 1:
        raise OaiError("badArgument", "from and until must have the same granularity")
    if start and until and start > until:
        raise OaiError("badArgument", "from is later than until")
    return Query(verb=verb, metadata_prefix=given.get("metadataPrefix", ""),
                 set_spec=given.get("set", ""), start=start, until=until,
                 identifier=given.get("identifier", ""))
