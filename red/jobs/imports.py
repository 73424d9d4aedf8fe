"""The three imports that run as jobs, registered as job handlers: services (atenciones,
red/jobs/service_import.py), people (red/jobs/people_import.py) and event attendance
(red/jobs/attendance_import.py). Each is an Importer (red/jobs/importing.py): per-row
parsing with the column and a Spanish reason for each problem, batch checks through the
access rule, staging, and one final set-based promotion (red/jobs/staging.py)."""

from __future__ import annotations

from red.jobs import importing
from red.jobs.attendance_import import ParticipantsImport
from red.jobs.people_import import PeopleImport
from red.jobs.registry import handles
from red.jobs.service_import import ServiceImport

IMPORTERS = (ServiceImport, PeopleImport, ParticipantsImport)

for _importer in IMPORTERS:

    def _handler(session, job, report, _cls=_importer):
        return importing.run_import(session, job, report, _cls(session, job))

    handles(_importer.kind)(_handler)

__all__ = ["IMPORTERS", "ParticipantsImport", "PeopleImport", "ServiceImport"]
