"""django-tasks' db_worker, which first takes up certificate runs whose worker died.

A worker killed mid-batch (OOM, kill -9, power) leaves its run "running" and its
task claimed forever; systemd restarts the worker (docs/deploy/thidua-worker.service),
and this start picks the run up again where the certificates stop.
"""

from typing import Any

from django_tasks.backends.database.management.commands import db_worker

from thidua.dossiers.services import certificates_resume_stalled


class Command(db_worker.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        for run in certificates_resume_stalled():
            self.stderr.write(
                f"Tiếp tục đợt in bằng, giấy khen {run.pk} ({run.done}/{run.total})"
            )
        super().handle(*args, **options)
