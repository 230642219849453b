"""The dossier page's POST actions: nominees, documents, submission, review,
disclosure and moderation of public feedback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from thidua.accounts.roles import AuthedRequest
from thidua.commendations.models import AwardType
from thidua.core.once import submit_once

from .. import services
from ..access import (
    document_in,
    dossier_for_editing,
    dossier_for_review,
    feedback_in,
    nominee_in,
    nominee_person,
    nominee_unit,
)
from ..models import Dossier, PublicFeedback
from ..wording import reviewer
from ._common import _errors
from .forms import DocumentForm, NomineeForm, UploadForm


def _add_nominee(request: AuthedRequest, pk: int) -> None:
    dossier = dossier_for_editing(request.user, pk)
    form = NomineeForm(request.POST, dossier=dossier)
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[f].label}: {e[0]}" for f, e in form.errors.items()]
        )
    services.nominee_add(dossier=dossier, by=request.user, **form.cleaned_data)
    messages.success(request, "Đã thêm người được đề nghị.")


@transaction.atomic
def _add_suggested(request: AuthedRequest, pk: int) -> None:
    """Add the ticked suggestions, all or none; a person or unit outside the
    dossier's unit scope answers 404 (another unit's ids typed into the form)."""
    dossier = dossier_for_editing(request.user, pk)
    award = get_object_or_404(AwardType, code=request.POST.get("award_code", ""))
    added = 0
    for value in request.POST.getlist("pick"):
        kind, _, ident = value.partition(":")
        if kind == "individual":
            person = nominee_person(dossier, ident)
            services.nominee_add(
                dossier=dossier,
                kind=kind,
                award_type=award,
                by=request.user,
                person=person,
            )
        else:
            unit = nominee_unit(dossier, ident)
            services.nominee_add(
                dossier=dossier,
                kind=kind,
                award_type=award,
                by=request.user,
                unit=unit,
            )
        added += 1
    messages.success(request, f"Đã thêm {added} người, tập thể đủ điều kiện.")


def _remove_nominee(request: AuthedRequest, pk: int) -> None:
    dossier = dossier_for_editing(request.user, pk)
    nominee = nominee_in(dossier, request.POST.get("nominee"))
    services.nominee_remove(nominee=nominee, by=request.user)
    messages.success(request, "Đã bỏ khỏi hồ sơ.")


def _import(request: AuthedRequest, pk: int) -> None:
    dossier = dossier_for_editing(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(
            list(
                form.errors.get("file") or ["Chọn tệp .xlsx hoặc .docx (tối đa 10 MB)."]
            )
        )
    upload = form.cleaned_data["file"]
    created = services.nominees_import(
        dossier=dossier, filename=upload.name, data=upload.read(), by=request.user
    )
    messages.success(request, f"Đã nhập {len(created)} người, tập thể.")


def _attach(request: AuthedRequest, pk: int) -> None:
    dossier = dossier_for_editing(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(
            list(
                form.errors.get("file") or ["Chọn loại tài liệu và tệp (tối đa 10 MB)."]
            )
        )
    upload = form.cleaned_data["file"]
    services.document_attach(
        dossier=dossier,
        kind=form.cleaned_data["kind"],
        filename=upload.name,
        data=upload.read(),
        note=form.cleaned_data["note"],
        by=request.user,
    )
    messages.success(request, "Đã đính kèm tài liệu.")


def _remove_document(request: AuthedRequest, pk: int) -> None:
    dossier = dossier_for_editing(request.user, pk)
    document = document_in(dossier, request.POST.get("document"))
    services.document_remove(document=document, by=request.user)


def _submit(request: AuthedRequest, pk: int) -> None:
    dossier = services.dossier_submit(
        dossier=dossier_for_editing(request.user, pk), by=request.user
    )
    messages.success(request, f"Đã gửi hồ sơ tới {reviewer(dossier)}.")


_T = TypeVar("_T")


def _verdict(
    request: AuthedRequest,
    pk: int,
    find: Callable[[Dossier, str | None], _T],
    key: str,
    text: str,
) -> tuple[_T, str, str]:
    """What a review form posts: the nominee or feedback named by POST[`key`] in a
    dossier the user reviews (404/403 as `find`, `dossier_for_review`), the status
    chosen and the comment typed in POST[`text`]."""
    target = find(dossier_for_review(request.user, pk), request.POST.get(key))
    return target, request.POST.get("status", ""), request.POST.get(text, "")


def _review_nominee(request: AuthedRequest, pk: int) -> None:
    nominee, status, comment = _verdict(request, pk, nominee_in, "nominee", "comment")
    services.nominee_review(
        nominee=nominee, status=status, comment=comment, by=request.user
    )


def _return(request: AuthedRequest, pk: int) -> None:
    services.dossier_return(
        dossier=dossier_for_review(request.user, pk),
        comment=request.POST.get("comment", ""),
        by=request.user,
    )
    messages.success(request, "Đã trả hồ sơ về đơn vị.")


def _accept(request: AuthedRequest, pk: int) -> None:
    services.dossier_accept(
        dossier=dossier_for_review(request.user, pk), by=request.user
    )
    messages.success(request, "Đã kết thúc thẩm định.")


def _disclose(request: AuthedRequest, pk: int) -> None:
    try:
        days = int(request.POST.get("days", services.DEFAULT_DISCLOSURE_DAYS))
    except ValueError as exc:
        raise ValidationError({"days": "Số ngày không hợp lệ."}) from exc
    services.disclosure_open(
        dossier=dossier_for_review(request.user, pk), days=days, by=request.user
    )
    messages.success(request, "Đã công khai trên cổng thông tin.")


def _close_disclosure(request: AuthedRequest, pk: int) -> None:
    services.disclosure_close(
        dossier=dossier_for_review(request.user, pk), by=request.user
    )
    messages.success(request, "Đã kết thúc công khai; hồ sơ chờ Hội đồng xét.")


def _moderate(request: AuthedRequest, pk: int) -> None:
    feedback, status, note = _verdict(request, pk, feedback_in, "feedback", "note")
    services.feedback_moderate(
        feedback=feedback, status=status, note=note, by=request.user
    )


def _moderate_many(request: AuthedRequest, pk: int) -> None:
    dossier = dossier_for_review(request.user, pk)
    ids = [int(v) for v in request.POST.getlist("pick") if v.isdigit() and len(v) < 18]
    if not ids:
        raise ValidationError("Hãy chọn ít nhất một ý kiến.")
    status = request.POST.get("status", "")
    done = services.feedback_moderate_many(
        dossier=dossier,
        ids=ids,
        status=status,
        note="Thư rác" if status == PublicFeedback.Status.HIDDEN else "",
        by=request.user,
    )
    messages.success(request, f"Đã kiểm duyệt {done} ý kiến.")


DOSSIER_ACTIONS: dict[str, Callable[[AuthedRequest, int], None]] = {
    "add-nominee": _add_nominee,
    "add-suggested": _add_suggested,
    "remove-nominee": _remove_nominee,
    "import": _import,
    "attach": _attach,
    "remove-document": _remove_document,
    "submit": _submit,
    "review-nominee": _review_nominee,
    "return": _return,
    "accept": _accept,
    "disclose": _disclose,
    "close-disclosure": _close_disclosure,
    "moderate": _moderate,
    "moderate-many": _moderate_many,
}


@require_POST
@submit_once
def dossier_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    handler = DOSSIER_ACTIONS.get(action)
    if handler is None:
        raise PermissionDenied
    try:
        handler(request, pk)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("dossiers:dossier-detail", pk)
