"""How the HSDS API answers: HSDS's page envelope, ndjson, validators for 304, CORS.

Every answer carries an ETag and a Last-Modified taken from the catalog's version counter
(bumped in the same transaction as any change to programs, actors or catalogs), so a client
that asks again with If-None-Match or If-Modified-Since gets a 304 before any work is done.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Response, jsonify, request

from red.extensions import db
from red.services.hsds import queries
from red.services.hsds.taxonomies import Terms
from red.services.hsds.values import as_utc

CACHE_CONTROL = "public, max-age=60"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, "
        "X-RateLimit-Reset"
    ),
    "Access-Control-Max-Age": "86400",
}


@dataclass(frozen=True)
class Page:
    """One page of a list, however it was read (database or a small list in memory)."""

    contents: list[dict[str, Any]]
    total: int
    number: int
    per_page: int

    @property
    def total_pages(self) -> int:
        return -(-self.total // self.per_page) if self.total else 0

    def envelope(self) -> dict[str, Any]:
        return {
            "total_items": self.total,
            "total_pages": self.total_pages,
            "page_number": self.number,
            "size": len(self.contents),
            "first_page": self.number == 1,
            "last_page": self.number >= self.total_pages,
            "empty": not self.contents,
            "contents": self.contents,
        }


def page_of(items: Sequence[Any], number: int, per_page: int, render: Callable) -> Page:
    """A page of a small list held in memory (taxonomies, terms)."""
    start = (number - 1) * per_page
    return Page(
        [render(item) for item in items[start : start + per_page]], len(items), number, per_page
    )


def add_cors(response: Response) -> Response:
    response.headers.update(CORS_HEADERS)
    return response


def _validators(stamp: tuple[int, datetime | None]) -> tuple[str, datetime | None]:
    version, changed_at = stamp
    key = f"{version}|{changed_at}|{request.url}".encode()
    return hashlib.sha256(key).hexdigest()[:32], as_utc(changed_at) if changed_at else None


def _not_modified(etag: str, modified: datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return bool(modified and since and modified.replace(microsecond=0) <= since)


def _with_validators(response: Response, etag: str, modified: datetime | None) -> Response:
    response.set_etag(etag)
    if modified:
        response.last_modified = modified
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def answer(build: Callable[[Terms], Any]) -> Response:
    """Run `build` (given every term) unless the client already holds this version.

    `build` returns a JSON-able value, or an iterator of objects for ndjson.
    """
    stamp = queries.catalog_stamp(db.session)
    etag, modified = _validators(stamp)
    if _not_modified(etag, modified):
        return _with_validators(Response(status=304), etag, modified)
    result = build(queries.terms_for(db.session, stamp))
    if isinstance(result, Iterator):
        # Built whole rather than streamed: the read ends before the client starts
        # downloading (no transaction held open on a slow connection); bounded by the catalog.
        response = Response("".join(_lines(result)), mimetype="application/x-ndjson")
    else:
        response = jsonify(result)
    return _with_validators(response, etag, modified)


def _lines(objects: Iterable[dict[str, Any]]) -> Iterator[str]:
    for item in objects:
        yield json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"
