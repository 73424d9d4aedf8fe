"""The upload form every import shares: the file, and "solo revisar" (unticked)."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField

from red.forms import FlaskForm


class JobImportForm(FlaskForm):
    file = FileField("Archivo (.xlsx o .csv)")
    check_only = BooleanField("Solo revisar (no escribir nada)", default=False)


class ConfirmExportForm(FlaskForm):
    """A big export is a job: the list's GET only offers it, this POST starts it."""
