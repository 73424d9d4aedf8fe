"""Second factor: TOTP (RFC 6238, pyotp) with single-use recovery codes.

Required for the roles in TOTP_REQUIRED_ROLES (admin and núcleo by default: they see the
whole network), offered to everyone else.
"""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from red.models import RecoveryCode, User
from red.models.base import utcnow

RECOVERY_CODE_COUNT = 10
STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no JavaScript, no external service)."""
    return segno.make(uri, error="m").svg_inline(scale=4, title="Código QR para la aplicación")


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step the code belongs to (now ±1 step for clock drift), or None."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    moment = now if now is not None else time.time()
    current = int(moment // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def verify_code(user: User, code: str, now: float | None = None) -> bool:
    """Check a TOTP code for an enrolled user; each code works once."""
    if not user.totp_secret or not user.totp_enabled_at:
        return False
    step = _matching_step(user.totp_secret, code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def _hash_code(code: str) -> str:
    normalised = code.strip().replace("-", "").replace(" ", "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


def enable(session: Session, user: User, secret: str, code: str) -> list[str] | None:
    """Turn the second factor on once the user proves the app works; return recovery codes.

    The plain codes are returned once, to be shown once; only their hashes are kept.
    """
    step = _matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    return regenerate_recovery_codes(session, user)


def regenerate_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_code(c)) for c in codes)
    session.flush()
    return codes


def use_recovery_code(session: Session, user: User, code: str) -> bool:
    """Accept an unused recovery code once."""
    row = session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_code(code or ""),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    return True


def disable(session: Session, user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def is_required(user: User, required_roles: tuple[str, ...]) -> bool:
    return user.role in required_roles


def is_enrolled(user: User) -> bool:
    return bool(user.totp_secret and user.totp_enabled_at)
