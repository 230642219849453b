"""Background workers (`manage.py db_worker`) on one or more nodes: who they are,
and what happens to the task a killed worker was running.

django-tasks' database backend claims a task by setting it RUNNING with the
worker's id and never looks at it again: a worker killed mid-task (kill -9, OOM,
a machine lost) leaves it RUNNING forever. Our workers are named
"<NODE_NAME>:<pid>", so a worker on the same node can tell that the process is
gone and mark its task failed; a lost machine is caught by the task's own lease
(the certificate run's heartbeat, services.certificates_resume_stalled).
docs/decisions/0013-task-leases.md.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult
from django_tasks.base import TaskResultStatus

LOST = "thidua.core.workers.WorkerLost"


def worker_id(pid: int | None = None) -> str:
    """This process's name in the task queue and in certificate runs."""
    return f"{settings.NODE_NAME}:{pid or os.getpid()}"[-64:]


def is_dead(worker: str) -> bool:
    """True only when `worker` ran on this node and its process is gone; a worker
    on another node is never judged from here."""
    node, _, pid = worker.rpartition(":")
    if node != settings.NODE_NAME or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's process
        return False
    return False


def fail_lost(tasks: QuerySet[DBTaskResult], why: str) -> int:
    """Mark RUNNING tasks whose worker is gone as failed, with the reason."""
    return tasks.filter(status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=LOST,
        traceback=why,
        return_value=None,
    )


def reclaim_dead_here() -> int:
    """Fail the RUNNING tasks whose worker on this node has died."""
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    lost = [
        task.pk
        for task in running.only("pk", "worker_ids")
        if task.worker_ids and is_dead(task.worker_ids[-1])
    ]
    if not lost:
        return 0
    return fail_lost(
        DBTaskResult.objects.filter(pk__in=lost),
        "Tiến trình xử lý nền đã dừng giữa chừng (bị tắt hoặc hết bộ nhớ).",
    )
