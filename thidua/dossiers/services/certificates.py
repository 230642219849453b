"""Certificates of an issued award decision, rendered in the background."""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.models import AuditEntry

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
    # with the database backend the task row commits together with the run
    generate_certificates.enqueue(run.pk, by.pk if by else None)
    return run


# A run that has not reported for this long is taken over (its worker is on
# another machine, or hung); on the same machine a dead process is seen at once.
STALL_AFTER = dt.timedelta(minutes=5)


def _this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


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


def certificates_generate(*, run: CertificateRun) -> CertificateRun:
    """Render every missing certificate of the run's decision (idempotent).

    Each certificate is committed on its own, so a worker killed mid-batch
    leaves only finished ones; the next worker skips those (one certificate
    per item, enforced by the database) and renders the rest."""
    from ..certificates import CertificateRenderer

    CertificateRun.objects.filter(pk=run.pk).update(
        status=CertificateRun.Status.RUNNING, worker=_this_worker()
    )
    _beat(run)
    renderer = CertificateRenderer()
    items = DecisionItem.objects.filter(decision=run.decision_id).order_by("position")
    done = 0
    try:
        for item in items.select_related("award_type", "decision", "certificate"):
            _render_one(item, renderer)
            done += 1
            _beat(run, done=done)
    except Exception as exc:  # the run records any failure for the admin
        CertificateRun.objects.filter(pk=run.pk).update(
            status=CertificateRun.Status.FAILED, error=str(exc)[:2000], done=done
        )
        raise
    CertificateRun.objects.filter(pk=run.pk).update(
        status=CertificateRun.Status.DONE, done=done, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def _stalled(run: CertificateRun, now: dt.datetime) -> bool:
    host, _, pid = run.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True  # its worker on this machine is gone
        except PermissionError:
            pass  # alive, another user's process
        else:
            if run.status == CertificateRun.Status.RUNNING:
                return False
    return run.heartbeat_at is None or now - run.heartbeat_at > STALL_AFTER


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


def certificates_resume_stalled() -> list[CertificateRun]:
    """Queue again the runs whose worker died (every worker calls this on start)."""
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
                audit.record_event(
                    run.decision, f"Tiếp tục tạo bằng, giấy khen (đã có {run.done})"
                )
                generate_certificates.enqueue(run.pk, _starter_id(run))
                resumed.append(run)
    return resumed


def certificate_count(decision: Decision) -> int:
    return Certificate.objects.filter(item__decision=decision).exclude(pdf="").count()
