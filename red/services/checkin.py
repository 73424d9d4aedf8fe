"""QR check-in at the door: each registration has a short code, signed, that a person can
show as a QR (segno) or read aloud, and the organiser's staff scan or type.

The code is "<registration id>-<6 signature characters>" (HMAC of the id with the app's
secret, in an alphabet without 0/O/1/I), so it needs no column, cannot be guessed from
another registration's code, and is short enough to type on a phone. The QR holds the URL
of the check-in page of that registration; the page itself still goes through the access
layer (only the event's organisers reach it) and the one-tap confirmation is a POST.
"""

from __future__ import annotations

import hashlib
import hmac
import io

import segno
from flask import current_app

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_SIGNATURE_LENGTH = 6


def _signature(participation_id: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"ingreso:{participation_id}".encode(), hashlib.sha256).digest()
    return "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:_SIGNATURE_LENGTH])


def checkin_code(participation_id: int) -> str:
    return f"{participation_id}-{_signature(participation_id)}"


def participation_id_from_code(code: str | None) -> int | None:
    """The registration id a code names, or None for a code we did not sign (typos too)."""
    text = (code or "").strip().upper().replace(" ", "")
    number, _, signature = text.partition("-")
    if not number.isdigit() or len(number) > 12 or not signature:
        return None
    participation_id = int(number)
    if not hmac.compare_digest(signature, _signature(participation_id)):
        return None
    return participation_id


def checkin_path(slug: str, participation_id: int) -> str:
    return f"/eventos/{slug}/ingreso/codigo/{checkin_code(participation_id)}"


def checkin_url(slug: str, participation_id: int) -> str:
    base = current_app.config.get("PUBLIC_URL", "http://127.0.0.1:5000")
    return base + checkin_path(slug, participation_id)


def qr_svg(url: str) -> str:
    """An inline SVG (no script, no style attribute the CSP would block) with a title."""
    return segno.make(url, error="m").svg_inline(scale=6, title="Código QR de ingreso")


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()
