"""Excel exports with openpyxl, safe against formula injection.

A cell whose text starts with = + - @ tab or CR would run as a formula in Excel or
LibreOffice; such text is prefixed with an apostrophe so it stays text.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def workbook_bytes(
    title: str, header: list[str], rows: list[list[Any]], notes: list[str] | None = None
) -> bytes:
    """One sheet: optional note lines, a bold header, then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for note in notes or []:
        sheet.append([neutralise(note)])
    if notes:
        sheet.append([])
    sheet.append([neutralise(h) for h in header])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    sheet.column_dimensions["A"].width = 48
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
