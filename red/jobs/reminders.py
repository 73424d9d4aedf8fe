"""The reminders' tick on the job system's scheduler: every 15 minutes, the same function as
`flask red tick` (red/services/reminders.py). It is idempotent by construction (a unique key
per notice and recipient), so the cron line and this task may both run without harm."""

from __future__ import annotations

from huey import crontab

from red.jobs import app_periodic_task


@app_periodic_task(crontab(minute="*/15"))
def reminders_tick() -> str:
    from red.extensions import db
    from red.services.reminders import tick

    report = tick(db.session)
    db.session.commit()
    return report.summary()
