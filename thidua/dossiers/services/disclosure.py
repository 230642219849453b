"""Public disclosure of accepted nominees and the moderated citizens' feedback."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.core import audit

from ..models import (
    Disclosure,
    Dossier,
    Nominee,
    PublicFeedback,
)
from ._common import Status, locked, require_status

DEFAULT_DISCLOSURE_DAYS = 10


@transaction.atomic
def disclosure_open(
    *,
    dossier: Dossier,
    days: int = DEFAULT_DISCLOSURE_DAYS,
    starts_on: dt.date | None = None,
    by: User | None,
) -> Disclosure:
    dossier = locked(Dossier, dossier.pk)
    require_status(dossier, Status.ACCEPTED, action="công khai")
    if not 1 <= days <= 90:
        raise ValidationError({"days": "Số ngày công khai phải từ 1 đến 90."})
    start = starts_on or timezone.localdate()
    with audit.acting_as(by):
        Disclosure.objects.filter(dossier=dossier).delete()
        disclosure = Disclosure.objects.create(
            dossier=dossier,
            starts_on=start,
            ends_on=start + dt.timedelta(days=days - 1),
            days=days,
        )
        dossier.status = Status.UNDER_DISCLOSURE
        dossier.save()
        audit.record_event(dossier, f"Công khai trên cổng thông tin {days} ngày")
    return disclosure


def feedback_submit(
    *,
    nominee: Nominee,
    author: str,
    contact: str,
    content: str,
    today: dt.date | None = None,
) -> PublicFeedback:
    """A citizen's comment; accepted only while the nominee is disclosed."""
    day = today or timezone.localdate()
    dossier = Dossier.objects.get(pk=nominee.dossier_id)
    disclosure = Disclosure.objects.filter(dossier=dossier).first()
    if (
        dossier.status != Status.UNDER_DISCLOSURE
        or disclosure is None
        or not disclosure.starts_on <= day <= disclosure.ends_on
        or nominee.review_status != Nominee.Review.ACCEPTED
    ):
        raise ValidationError("Thời gian lấy ý kiến đã kết thúc.")
    errors = {}
    if not author.strip():
        errors["author"] = "Vui lòng ghi họ tên."
    if len(contact.strip()) < 6:
        errors["contact"] = "Vui lòng ghi số điện thoại hoặc thư điện tử để liên hệ."
    if len(content.strip()) < 10:
        errors["content"] = "Nội dung góp ý quá ngắn."
    if errors:
        raise ValidationError(errors)
    return PublicFeedback.objects.create(
        nominee=nominee,
        author=author.strip()[:120],
        contact=contact.strip()[:120],
        content=content.strip()[:5000],
    )


def feedback_moderate(
    *, feedback: PublicFeedback, status: str, note: str = "", by: User | None
) -> PublicFeedback:
    if status not in (PublicFeedback.Status.PUBLISHED, PublicFeedback.Status.HIDDEN):
        raise ValidationError({"status": "Kết quả kiểm duyệt không hợp lệ."})
    feedback.status = status
    feedback.moderation_note = note.strip()[:255]
    with audit.acting_as(by):
        feedback.save()
    return feedback


@transaction.atomic
def feedback_moderate_many(
    *, dossier: Dossier, ids: list[int], status: str, note: str = "", by: User | None
) -> int:
    """Moderate many pending items of one dossier at once (a flood of spam is
    hidden in one step); items of other dossiers or already moderated are left."""
    items = PublicFeedback.objects.select_for_update().filter(
        nominee__dossier=dossier, pk__in=ids, status=PublicFeedback.Status.PENDING
    )
    done = 0
    for feedback in items:
        feedback_moderate(feedback=feedback, status=status, note=note, by=by)
        done += 1
    return done


@transaction.atomic
def disclosure_close(
    *, dossier: Dossier, by: User | None, today: dt.date | None = None
) -> Dossier:
    """End the disclosure after its last day; the dossier waits for the council."""
    dossier = locked(Dossier, dossier.pk)
    require_status(dossier, Status.UNDER_DISCLOSURE, action="kết thúc công khai")
    disclosure = dossier.disclosure
    day = today or timezone.localdate()
    if day <= disclosure.ends_on:
        raise ValidationError(
            f"Chưa hết thời gian công khai (đến hết ngày {disclosure.ends_on:%d/%m/%Y})."
        )
    if dossier.nominees.filter(feedback__status=PublicFeedback.Status.PENDING).exists():
        raise ValidationError("Còn ý kiến nhân dân chưa kiểm duyệt.")
    disclosure.closed_at = timezone.now()
    dossier.status = Status.AWAITING_COUNCIL
    with audit.acting_as(by):
        disclosure.save()
        dossier.save()
        audit.record_event(dossier, "Kết thúc công khai, chờ Hội đồng xét")
    return dossier
