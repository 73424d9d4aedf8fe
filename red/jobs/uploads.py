"""What the upload request does before answering: check, store, create the job, enqueue.

Everything here reads at most the first bytes and the workbook's dimension tag, never the
rows, so the request answers at once whatever the file's size (within IMPORT_MAX_BYTES).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from red.jobs import sheets, store
from red.models import Job
from red.services.uploads import clean_name


def start_import(
    session: Session,
    *,
    user: Any,
    kind: str,
    upload: FileStorage | None,
    check_only: bool,
    params: dict | None = None,
) -> Job:
    """The queued job for an uploaded file; raises JobError with a Spanish message and
    stores nothing when the file is refused."""
    if upload is None or not upload.filename:
        raise store.JobError("Elija el archivo con la plantilla diligenciada.")
    head = upload.stream.read(8)
    upload.stream.seek(0)
    try:
        extension = sheets.check_upload(upload.filename, head)
    except sheets.SheetError as error:
        raise store.JobError(str(error)) from error
    path, digest, _ = store.store_stream(
        upload.stream, extension, current_app.config["IMPORT_MAX_BYTES"]
    )
    limit = current_app.config["IMPORT_MAX_ROWS"]
    declared = sheets.declared_rows(path)
    if declared is not None and declared - 1 > limit:
        path.unlink(missing_ok=True)
        raise store.JobError(sheets.too_many_rows(limit, declared - 1))
    return store.create_job(
        session,
        user=user,
        kind=kind,
        params=params,
        check_only=check_only,
        input_name=clean_name(upload.filename),
        input_path=path,
        input_sha256=digest,
    )
