"""Attachments: size and type limited, stored under instance/ with generated names.

The original name is kept only as metadata (shown and used as the download name); the file
on disk gets a random name, so nothing the user typed ever reaches a path.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# extension -> (content type, accepted leading bytes)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
}


class UploadError(ValueError):
    """The file was refused; the message is for the user."""


@dataclass
class StoredFile:
    original_name: str
    stored_name: str
    content_type: str
    size_bytes: int


def instance_folder(setting: str, name: str) -> Path:
    """The folder the `setting` names, or instance/<name>; created when missing. Files the
    app writes (meeting attachments, job files) live in one of these."""
    configured = current_app.config.get(setting)
    folder = Path(configured) if configured else Path(current_app.instance_path) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def uploads_dir() -> Path:
    return instance_folder("INSTANCE_UPLOADS", "uploads")


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def clean_name(filename: str) -> str:
    """A display name without directories or control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "archivo"


def store_upload(stream: BinaryIO, filename: str) -> StoredFile:
    """Check extension, content and size, then write the file under a generated name."""
    extension = _extension(filename or "")
    if extension not in ALLOWED:
        allowed = ", ".join(sorted(ALLOWED))
        raise UploadError(f"Tipo de archivo no permitido. Se aceptan: {allowed}.")
    data = stream.read(MAX_ATTACHMENT_BYTES + 1)
    if not data:
        raise UploadError("El archivo está vacío.")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise UploadError("El archivo supera el tamaño máximo de 5 MB.")
    content_type, signatures = ALLOWED[extension]
    if not data.startswith(signatures):
        raise UploadError("El contenido del archivo no corresponde a su extensión.")
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    (uploads_dir() / stored_name).write_bytes(data)
    return StoredFile(clean_name(filename), stored_name, content_type, len(data))


def stored_path(stored_name: str) -> Path:
    path = (uploads_dir() / stored_name).resolve()
    if path.parent != uploads_dir().resolve():
        raise UploadError("Archivo no válido.")
    return path
