"""Only local paths are accepted as `next`, so login can never bounce users to another site."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def safe_next(target: str | None) -> str | None:
    """Return target when it is a plain local path ("/ruta?q=x"), else None."""
    if not target:
        return None
    decoded = target
    for _ in range(3):  # undo double/triple encoding tricks
        decoded = unquote(decoded)
    if any(ch in decoded for ch in ("\\", "\r", "\n", "\t")) or any(ord(ch) < 32 for ch in decoded):
        return None
    if not decoded.startswith("/") or decoded.startswith("//"):
        return None
    parts = urlsplit(decoded)
    if parts.scheme or parts.netloc:
        return None
    return target
