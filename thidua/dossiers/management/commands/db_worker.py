"""django-tasks' db_worker, which also takes over the work of workers that died.

A worker killed mid-batch (OOM, kill -9, power, a lost machine) leaves its
certificate run "running" and its task claimed forever. Every worker, on start
and then every TASK_STALL_SECONDS / 4 from a watch thread, queues again the runs
whose worker is gone (dead on this node, or silent past TASK_STALL_SECONDS) and
marks the tasks those workers left RUNNING as failed. Workers are named
"<NODE_NAME>:<pid>" (docs/decisions/0013-task-leases.md).
"""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django_tasks.backends.database.management.commands import db_worker

from thidua.core.workers import reclaim_dead_here, worker_id
from thidua.dossiers.services import certificates_resume_stalled

log = logging.getLogger(__name__)


def reclaim() -> list[str]:
    """One pass; what was taken over, for the log."""
    lost = reclaim_dead_here()
    notes = [f"{lost} tác vụ của tiến trình đã dừng: đánh dấu lỗi"] if lost else []
    for run in certificates_resume_stalled():
        notes.append(
            f"Tiếp tục đợt in bằng, giấy khen {run.pk} ({run.done}/{run.total})"
        )
    return notes


def _watch(stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            for note in reclaim():
                log.warning(note)
        except Exception:  # a database hiccup must not end the watch
            log.exception("reclaiming lost tasks failed")
        finally:
            close_old_connections()


class Command(db_worker.Command):
    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_id())

    def handle(self, *args: Any, **options: Any) -> None:
        for note in reclaim():
            self.stderr.write(note)
        stop = threading.Event()
        every = max(1.0, settings.TASK_STALL_SECONDS / 4)
        threading.Thread(
            target=_watch, args=(stop, every), daemon=True, name="reclaim"
        ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
