"""Tasks left RUNNING by a worker that died (docs/decisions/0013-task-leases.md):
a dead worker on this node is seen at once, one on another node by its silence
past TASK_STALL_SECONDS; its certificate run is resumed and its task closed.
bench/bench_nodes.py does the same with real processes on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from typing import Any

from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult
from django_tasks.base import TaskResultStatus

from thidua.core.workers import LOST, reclaim_dead_here, worker_id
from thidua.dossiers import services
from thidua.dossiers.models import Certificate, CertificateRun
from thidua.dossiers.tasks import generate_certificates

from .factories import issued_decision

RUNNING = TaskResultStatus.RUNNING


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _task(worker: str, *args: object) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=RUNNING,
        args_kwargs={"args": list(args), "kwargs": {}},
        task_path=generate_certificates.module_path,
        worker_ids=[worker],
        backend_name="default",
        run_after=timezone.now(),
    )


def test_a_dead_worker_on_this_node_has_its_task_failed(db: Any, settings: Any) -> None:
    settings.NODE_NAME = "nut-a"
    dead = _task(worker_id(_dead_pid()), 1)
    alive = _task(worker_id(os.getpid()), 2)
    elsewhere = _task(f"nut-b:{_dead_pid()}", 3)
    assert reclaim_dead_here() == 1
    dead.refresh_from_db()
    assert (dead.status, dead.exception_class_path) == ("FAILED", LOST)
    assert dead.finished_at is not None and "dừng giữa chừng" in dead.traceback
    states = DBTaskResult.objects.filter(pk__in=[alive.pk, elsewhere.pk])
    assert set(states.values_list("status", flat=True)) == {RUNNING}


def test_a_silent_run_on_another_node_is_resumed_and_finished_once(
    world: Any, settings: Any
) -> None:
    settings.NODE_NAME, settings.TASK_STALL_SECONDS = "nut-a", 60
    decision = issued_decision(world, "Đã có thành tích xuất sắc")
    total = decision.items.count()
    run = CertificateRun.objects.create(
        decision=decision,
        total=total,
        status=CertificateRun.Status.RUNNING,
        worker="nut-b:4242",
        heartbeat_at=timezone.now(),
    )
    task = _task("nut-b:4242", run.pk, None)
    # another node's worker that reported a moment ago is still at work
    assert services.certificates_resume_stalled() == []
    task.refresh_from_db()
    assert task.status == RUNNING

    silent = timezone.now() - dt.timedelta(seconds=61)
    CertificateRun.objects.filter(pk=run.pk).update(heartbeat_at=silent)
    resumed = services.certificates_resume_stalled()  # the test backend runs it at once

    assert [r.pk for r in resumed] == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", total, total)
    made = Certificate.objects.filter(item__decision=decision)
    assert made.count() == made.values("item").distinct().count() == total
    task.refresh_from_db()
    assert task.status == "FAILED" and "nut-b:4242" in task.traceback
