"""Certificates of an issued award decision, rendered in the background."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from thidua.accounts.models import User
from thidua.core import audit

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
    generate_certificates.enqueue(run.pk)
    return run


def certificates_generate(*, run: CertificateRun) -> CertificateRun:
    """Render every missing certificate of the run's decision (idempotent)."""
    from ..certificates import CertificateRenderer

    CertificateRun.objects.filter(pk=run.pk).update(
        status=CertificateRun.Status.RUNNING
    )
    renderer = CertificateRenderer()
    items = (
        DecisionItem.objects.filter(decision=run.decision_id)
        .select_related("award_type", "decision", "certificate")
        .order_by("position")
    )
    done = 0
    try:
        for item in items:
            certificate = getattr(item, "certificate", None)
            if certificate is None or not certificate.pdf:
                certificate = certificate or Certificate(item=item)
                certificate.item = item
                certificate.pdf.save(
                    f"{certificate.code}.pdf",
                    ContentFile(renderer.render(certificate)),
                    save=False,
                )
                certificate.generated_at = timezone.now()
                certificate.save()
            done += 1
            if done % 10 == 0 or done == run.total:
                CertificateRun.objects.filter(pk=run.pk).update(done=done)
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


def certificate_count(decision: Decision) -> int:
    return Certificate.objects.filter(item__decision=decision).exclude(pdf="").count()
