"""The province office's review of a submitted dossier, nominee by nominee."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.accounts.models import User
from thidua.core import audit

from ..models import (
    Dossier,
    Nominee,
)
from ._common import Status, locked, require_status


def nominee_review(
    *, nominee: Nominee, status: str, comment: str = "", by: User | None
) -> Nominee:
    nominee.dossier = Dossier.objects.get(pk=nominee.dossier_id)
    require_status(nominee.dossier, Status.SUBMITTED, action="thẩm định")
    if status not in Nominee.Review.values or status == Nominee.Review.PENDING:
        raise ValidationError({"status": "Kết quả thẩm định không hợp lệ."})
    if status != Nominee.Review.ACCEPTED and not comment.strip():
        raise ValidationError(
            {"comment": "Cần ghi ý kiến khi trả lại hoặc không đồng ý."}
        )
    nominee.review_status = status
    nominee.review_comment = comment.strip()
    with audit.acting_as(by):
        nominee.save()
    return nominee


@transaction.atomic
def dossier_return(*, dossier: Dossier, comment: str, by: User | None) -> Dossier:
    """Send the dossier back to its unit with the office's comments."""
    dossier = locked(Dossier, dossier.pk)
    require_status(dossier, Status.SUBMITTED, action="trả lại hồ sơ")
    flagged = dossier.nominees.filter(review_status=Nominee.Review.RETURNED).exists()
    if not comment.strip() and not flagged:
        raise ValidationError(
            {"comment": "Ghi ý kiến hoặc đánh dấu người cần bổ sung trước khi trả lại."}
        )
    dossier.status = Status.RETURNED
    dossier.review_comment = comment.strip()
    with audit.acting_as(by):
        dossier.save()
        audit.record_event(dossier, f"Trả lại hồ sơ: {comment.strip()[:200]}")
    return dossier


@transaction.atomic
def dossier_accept(*, dossier: Dossier, by: User | None) -> Dossier:
    """Finish the review: every nominee accepted or refused, at least one accepted."""
    dossier = locked(Dossier, dossier.pk)
    require_status(dossier, Status.SUBMITTED, action="kết thúc thẩm định")
    reviews = set(dossier.nominees.values_list("review_status", flat=True))
    if reviews & {Nominee.Review.PENDING, Nominee.Review.RETURNED}:
        raise ValidationError(
            "Còn người chưa thẩm định hoặc đang yêu cầu bổ sung; hãy thẩm định hết "
            "hoặc trả lại hồ sơ."
        )
    accepted = Nominee.Review.ACCEPTED in reviews
    dossier.status = Status.ACCEPTED if accepted else Status.REJECTED
    with audit.acting_as(by):
        dossier.save()
        audit.record_event(
            dossier,
            "Thẩm định xong, đồng ý trình Hội đồng"
            if accepted
            else "Thẩm định xong, không có ai đủ điều kiện",
        )
    return dossier
