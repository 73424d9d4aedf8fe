"""Uploaded spreadsheets read as a stream of rows, and the errors written back as one.

An .xlsx is opened with openpyxl's read_only mode (rows are parsed as they are asked for,
never the whole workbook in memory); a .csv is read line by line. Either way the caller gets
(row number, {column: text}) with the spreadsheet's own numbering (header = row 1).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from red.services.xlsx_export import neutralise

EXTENSIONS = ("xlsx", "csv")


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


def extension_of(filename: str) -> str:
    name = (filename or "").lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def check_upload(filename: str, head: bytes) -> str:
    """The file's extension if it is one we read and its first bytes match it."""
    extension = extension_of(filename)
    if extension not in EXTENSIONS:
        raise SheetError("Suba un archivo .xlsx o .csv con la plantilla.")
    if extension == "xlsx" and not head.startswith(b"PK\x03\x04"):
        raise SheetError("El archivo no es un Excel (.xlsx) válido.")
    return extension


DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def declared_rows(path: Path) -> int | None:
    """Rows the workbook says it has (the dimension tag at the head of its first sheet),
    read from the first bytes of that part only: lets the request refuse a file over the
    limit at once. None when the file does not say (the job's streaming check still stops
    at the limit)."""
    if extension_of(str(path)) != "xlsx":
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
            if not sheets:
                return None
            with archive.open(sheets[0]) as part:
                head = part.read(64 * 1024)
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    found = DIMENSION.search(head)
    if found is None:
        return None
    return int(found.group(1)) if found.group(1) else 1


def thousands(number: int) -> str:
    """12.345 (the Colombian thousands separator)."""
    return f"{number:,}".replace(",", ".")


def too_many_rows(max_rows: int, rows: int | None = None) -> str:
    has = f"tiene {thousands(rows)} filas" if rows else f"tiene más de {thousands(max_rows)} filas"
    return (
        f"El archivo {has} y el máximo de una importación es {thousands(max_rows)}: "
        "divídalo en varios archivos."
    )


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path) -> Iterator[Sequence[Any]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any corrupt file is the user's to fix
        raise SheetError("No se pudo leer el archivo de Excel.") from error
    try:
        yield from book.active.iter_rows(values_only=True)
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[Sequence[Any]]:
    with path.open("rb") as raw:
        head = raw.read(4096)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = "latin-1"
    first_line = head.decode(encoding, errors="ignore").splitlines()[:1]
    dialect: Any = csv.excel
    try:
        dialect = csv.Sniffer().sniff(first_line[0], delimiters=",;")
    except (csv.Error, IndexError):
        pass
    with path.open(encoding=encoding, newline="") as text:
        try:
            yield from csv.reader(text, dialect)
        except (csv.Error, UnicodeDecodeError) as error:
            raise SheetError("No se pudo leer el archivo CSV.") from error


def iter_rows(
    path: Path, columns: Sequence[str], max_rows: int
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, values by column) for each non-empty data row. Raises SheetError when
    the header lacks a column of the template or the file has more than max_rows rows."""
    reader = _xlsx_rows(path) if extension_of(str(path)) == "xlsx" else _csv_rows(path)
    header: list[str] | None = None
    for number, row in enumerate(reader, start=1):
        if header is None:
            header = [str(h or "").strip().lower() for h in row]
            missing = [c for c in columns if c not in header]
            if missing:
                raise SheetError("Faltan columnas de la plantilla: " + ", ".join(missing) + ".")
            continue
        if number - 1 > max_rows:
            raise SheetError(too_many_rows(max_rows))
        values = {header[i]: cell_text(v) for i, v in enumerate(row) if i < len(header)}
        if any(values.values()):
            yield number, values
    if header is None:
        raise SheetError("El archivo está vacío.")


def write_errors(path: Path, errors: Sequence[tuple[int, str, str]]) -> None:
    """Every bad row in a workbook the user can sort and filter (streamed: write-only)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Errores")
    sheet.append(["Fila", "Columna", "Problema"])
    for row, column, reason in errors:
        sheet.append([row or None, neutralise(column or ""), neutralise(reason)])
    book.save(path)


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_workbook(
    title: str, columns: Sequence[tuple[str, str]], example: Sequence[str]
) -> bytes:
    """A template to fill in: the column keys, one example row, and a sheet that explains
    each column."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([key for key, _ in columns])
    sheet.append(list(example))
    help_sheet = book.create_sheet("Instrucciones")
    for key, label in columns:
        help_sheet.append([key, label])
    return workbook_bytes(book)
