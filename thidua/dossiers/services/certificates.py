"""Certificates of an issued award decision, rendered in the background."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.models import AuditEntry
from thidua.core.workers import fail_lost, is_dead, worker_id

from ..models import (
    Certificate,
    CertificateRun,
    Decision,
    DecisionItem,
)


def certificates_start(*, decision: Decision, by: User | None) -> CertificateRun:
    """Queue the background generation of a decision's certificates."""
    from ..tasks import generate_certificates

    if not decision.is_issued or decision.kind == Decision.Kind.REVOKE:
        raise ValidationError(
            "Chỉ in bằng, giấy khen cho quyết định khen thưởng hoặc sửa đổi đã ban hành."
        )
    active = decision.certificate_runs.filter(
        status__in=[CertificateRun.Status.QUEUED, CertificateRun.Status.RUNNING]
    ).first()
    if active:
        return active
    with audit.acting_as(by):
        run = CertificateRun.objects.create(
            decision=decision, total=decision.items.count()
        )
        audit.record_event(decision, "Bắt đầu tạo bằng, giấy khen")
    # with the database backend the task rows commit together with the run
    for _ in range(_shares()):
        generate_certificates.enqueue(run.pk, by.pk if by else None)
    return run


def _shares() -> int:
    """Tasks (so workers) that render one run together: several only where each
    can lock the item it renders (PostgreSQL); on SQLite one worker renders it."""
    if connection.features.has_select_for_update_skip_locked:
        return max(1, settings.CERTIFICATE_TASKS)
    return 1


def _stall_after() -> dt.timedelta:
    # a run whose workers have not reported for this long is taken over: they are
    # on a lost machine, or hung (each certificate takes well under a second)
    return dt.timedelta(seconds=settings.TASK_STALL_SECONDS)


# a worker that died on this node is seen at once, unless another worker of the
# same run reported since (it is still rendering)
SIBLING_GRACE = dt.timedelta(seconds=5)


def _beat(run: CertificateRun, **fields: object) -> None:
    # progress and heartbeat go through the base manager: not worth an audit entry each
    CertificateRun._base_manager.filter(pk=run.pk).update(
        heartbeat_at=timezone.now(), **fields
    )


def _render_one(item: DecisionItem, renderer: object) -> None:
    certificate = getattr(item, "certificate", None)
    if certificate is not None and certificate.pdf:
        return
    certificate = certificate or Certificate(item=item)
    certificate.item = item
    certificate.pdf.save(
        f"{certificate.code}.pdf",
        ContentFile(renderer.render(certificate)),  # type: ignore[attr-defined]
        save=False,
    )
    certificate.generated_at = timezone.now()
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:  # another worker took over this run and made it first
        certificate.pdf.delete(save=False)


def _missing(run: CertificateRun) -> QuerySet[DecisionItem]:
    return (
        DecisionItem.objects.filter(decision=run.decision_id)
        .filter(Q(certificate__isnull=True) | Q(certificate__pdf=""))
        .select_related("award_type", "decision")
        .order_by("position")
    )


def _render_in_order(run: CertificateRun, renderer: object) -> None:
    items = DecisionItem.objects.filter(decision=run.decision_id).order_by("position")
    related = items.select_related("award_type", "decision", "certificate")
    for done, item in enumerate(related, start=1):
        _render_one(item, renderer)
        _beat(run, done=done)


def _render_claimed(run: CertificateRun, renderer: object) -> None:
    """Each worker sharing the run locks the next missing item (SKIP LOCKED) and
    renders it inside that transaction. A killed worker's lock goes with its
    connection, so another worker takes the item; a lost machine's goes when
    PostgreSQL ends its session idle in the transaction."""
    missing = _missing(run)
    timeout = f"{settings.TASK_STALL_SECONDS}s"
    after = -1  # the next item is after the last one rendered: no rescan from the top
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('idle_in_transaction_session_timeout', %s, true)",
                [timeout],
            )
            item = (
                missing.filter(position__gt=after)
                .select_for_update(skip_locked=True, of=("self",))
                .first()
            )
            if item is not None:
                _render_one(item, renderer)
        if item is not None:
            after = item.position
            _beat(run, done=F("done") + 1)
        elif after >= 0:
            after = -1  # once more from the top: items another worker let go
        elif missing.exists():
            time.sleep(0.5)  # the rest are locked by workers still rendering them
        else:
            return


def certificates_generate(*, run: CertificateRun) -> CertificateRun:
    """Render every missing certificate of the run's decision (idempotent).

    Each certificate is committed on its own, so a worker killed mid-batch
    leaves only finished ones; the other workers of the run, or the next one,
    skip those (one certificate per item, enforced by the database) and render
    the rest."""
    from ..certificates import CertificateRenderer

    started = CertificateRun._base_manager.filter(
        pk=run.pk,
        status__in=[CertificateRun.Status.QUEUED, CertificateRun.Status.RUNNING],
    ).update(
        status=CertificateRun.Status.RUNNING,
        worker=worker_id(),
        heartbeat_at=timezone.now(),
    )
    if not started:  # another worker of the run already finished it
        run.refresh_from_db()
        return run
    renderer = CertificateRenderer()
    try:
        if _shares() > 1:
            _render_claimed(run, renderer)
        else:
            _render_in_order(run, renderer)
    except Exception as exc:  # the run records any failure for the admin
        CertificateRun.objects.filter(pk=run.pk).update(
            status=CertificateRun.Status.FAILED,
            error=str(exc)[:2000],
            finished_at=timezone.now(),
        )
        raise
    CertificateRun.objects.filter(
        pk=run.pk, status=CertificateRun.Status.RUNNING
    ).update(
        status=CertificateRun.Status.DONE,
        done=certificate_count(run.decision),
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def _stalled(run: CertificateRun, now: dt.datetime) -> bool:
    quiet = now - (run.heartbeat_at or run.created_at)
    if is_dead(run.worker):
        return _shares() == 1 or quiet > SIBLING_GRACE
    return quiet > _stall_after()


def _starter_id(run: CertificateRun) -> int | None:
    """Who started the run (its creation's audit entry): a resumed run is still theirs."""
    return (
        AuditEntry.objects.filter(
            app_label="dossiers",
            model="certificaterun",
            object_id=str(run.pk),
            action=AuditEntry.Action.CREATE,
        )
        .values_list("actor_id", flat=True)
        .first()
    )


def _tasks_of(run_ids: list[int]) -> QuerySet[DBTaskResult]:
    from ..tasks import generate_certificates

    return DBTaskResult.objects.filter(
        task_path=generate_certificates.module_path,
        args_kwargs__args__0__in=run_ids,
    )


def certificates_resume_stalled() -> list[CertificateRun]:
    """Queue again the runs whose workers died or stopped reporting, and close
    the tasks those workers left RUNNING (every worker calls this on start and
    then periodically, management/commands/db_worker.py)."""
    from ..tasks import generate_certificates

    now = timezone.now()
    resumed = []
    running = CertificateRun.objects.filter(status=CertificateRun.Status.RUNNING)
    for run in running.exclude(worker=""):
        if not _stalled(run, now):
            continue
        with transaction.atomic():
            taken = CertificateRun._base_manager.filter(
                pk=run.pk, status=CertificateRun.Status.RUNNING, worker=run.worker
            ).update(status=CertificateRun.Status.QUEUED, worker="", heartbeat_at=now)
            if taken:
                fail_lost(
                    _tasks_of([run.pk]), f"Không còn báo tiến độ từ {run.worker}."
                )
                audit.record_event(
                    run.decision, f"Tiếp tục tạo bằng, giấy khen (đã có {run.done})"
                )
                for _ in range(_shares()):
                    generate_certificates.enqueue(run.pk, _starter_id(run))
                resumed.append(run)
    # a worker killed while the others of its run finished it: its task is left
    finished = CertificateRun.objects.filter(
        status__in=[CertificateRun.Status.DONE, CertificateRun.Status.FAILED],
        finished_at__lt=now - _stall_after(),
        finished_at__gt=now - dt.timedelta(days=7),
    ).values_list("pk", flat=True)
    fail_lost(_tasks_of(list(finished)), "Đợt in đã xong bởi tiến trình khác.")
    return resumed


def certificate_count(decision: Decision) -> int:
    return Certificate.objects.filter(item__decision=decision).exclude(pdf="").count()
