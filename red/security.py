"""Security headers on every response (errors included), the deny-by-default hook, and the
refusal of NUL bytes in any request."""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request
from flask_login import current_user

from red.permissions import enforce_access

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if getattr(current_user, "is_authenticated", False):
        headers["Cache-Control"] = "no-store"
    return response


def refuse_nul_bytes() -> None:
    """No form or link carries a NUL byte; PostgreSQL refuses them in text (a 500 otherwise)."""
    texts = [request.path]
    for values in (request.args, request.form):
        for key, items in values.lists():
            texts.append(key)
            texts.extend(items)
    if any("\x00" in text for text in texts):
        abort(400, "La solicitud contiene caracteres no permitidos (un byte nulo).")


def register(app: Flask) -> None:
    app.before_request(enforce_access)
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)
