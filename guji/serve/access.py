"""Who may see what: the catalogue's access level against the visitor's standing.

    public        anyone
    reading-room  visitors on the reading room's networks (client-IP allow-list), or a
                  browser that has shown the reading-room token once (/reading-room?token=…
                  sets a cookie) or a client sending `Authorization: Bearer <token>`
    restricted    nobody over HTTP; staff read the store itself

A volume a visitor may not see answers 403 for every URL under it (manifest, tiles,
records, viewer) and is left out of every listing: the collection, the index page,
OAI-PMH and search."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from guji.pipeline.errors import UsageError

PUBLIC = "public"
READING_ROOM = "reading-room"
RESTRICTED = "restricted"
COOKIE = "guji_reading_room"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class AccessPolicy:
    reading_room_networks: tuple[Network, ...] = ()
    reading_room_token: str = ""

    @classmethod
    def build(cls, networks: Iterable[str] = (), token: str = "") -> AccessPolicy:
        """A policy from CIDR strings ("10.8.0.0/24", "192.168.1.20") and a token."""
        parsed = []
        for text in networks:
            for part in text.replace(",", " ").split():
                try:
                    parsed.append(ipaddress.ip_network(part, strict=False))
                except ValueError:
                    raise UsageError(f"reading-room network {part!r} is not an IP address or CIDR",
                                     hint="write it like 10.8.0.0/24 or 192.168.1.20") from None
        if token and len(token) < 16:
            raise UsageError("the reading-room token is shorter than 16 characters",
                             hint="use a long random string, e.g. from `openssl rand -hex 16`")
        return cls(tuple(parsed), token)

    def cookie_value(self) -> str:
        """What the reading-room cookie holds: a keyed digest, never the token itself."""
        return hmac.new(self.reading_room_token.encode(), b"guji reading room",
                        hashlib.sha256).hexdigest()

    def token_matches(self, token: str) -> bool:
        return bool(self.reading_room_token) and hmac.compare_digest(
            token.encode(), self.reading_room_token.encode())

    def in_reading_room(self, client_ip: str | None, headers: Mapping[str, str],
                        cookies: Mapping[str, str]) -> bool:
        if client_ip and self.reading_room_networks:
            try:
                address = ipaddress.ip_address(client_ip)
            except ValueError:
                address = None
            if address is not None and any(address in net for net in self.reading_room_networks):
                return True
        if not self.reading_room_token:
            return False
        bearer = headers.get("authorization", "")
        if bearer.lower().startswith("bearer ") and self.token_matches(bearer[7:].strip()):
            return True
        cookie = cookies.get(COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie, self.cookie_value())

    def levels(self, client_ip: str | None, headers: Mapping[str, str],
               cookies: Mapping[str, str]) -> tuple[str, ...]:
        """The access levels this visitor may see."""
        if self.in_reading_room(client_ip, headers, cookies):
            return (PUBLIC, READING_ROOM)
        return (PUBLIC,)
