"""Dossier screens: the list, a new dossier, the dossier page and its downloads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from thidua.accounts.roles import AuthedRequest
from thidua.commendations.models import AwardType
from thidua.core.backoffice import paginate
from thidua.core.models import AuditEntry
from thidua.core.once import submit_once
from thidua.forwarding.deadlines import OVERDUE, dossier_deadlines
from thidua.forwarding.services import forwardable
from thidua.lib import files
from thidua.units.access import can_edit_unit, editable_unit_ids, unit_for_editing

from .. import documents, selectors, services
from ..access import (
    can_review,
    document_in,
    dossier_for_user,
    nominee_in,
    require_dossier_author,
)
from ..models import Dossier, DossierDocument, Nominee, PublicFeedback
from ..wording import reviewer
from ._common import DOCX, _download, _errors
from .forms import DocumentForm, DossierForm, NomineeForm, UploadForm


def dossier_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    person = request.GET.get("person", "")
    feedback = request.GET.get("gop-y", "")
    overdue = request.GET.get("han", "") == OVERDUE
    qs = selectors.dossier_list(
        request.user,
        status=status,
        query=request.GET.get("q", ""),
        person_id=int(person) if person.isdigit() else None,
        feedback_pending=feedback == selectors.FEEDBACK_PENDING,
        overdue=overdue,
    )
    context = paginate(request, qs, per_page=30)
    page = list(context["page_obj"])
    steps = dossier_deadlines(page)
    context.update(
        rows=[(d, steps.get(d.pk)) for d in page],
        overdue=OVERDUE if overdue else "",
        page_title="Hồ sơ đề nghị khen thưởng",
        header_icon="folder-open-inverse",
        statuses=Dossier.Status.choices,
        status=status,
        feedback_pending=feedback if feedback == selectors.FEEDBACK_PENDING else "",
        can_create=editable_unit_ids(request.user) != set(),
    )
    return render(request, "dossiers/admin/dossier_list.html", context)


@submit_once
def dossier_create(request: AuthedRequest) -> HttpResponse:
    require_dossier_author(request.user)
    form = DossierForm(
        request.POST or None,
        user=request.user,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit_for_editing(request.user, data["unit"].pk)
        try:
            dossier = services.dossier_create(by=request.user, **data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request, "Đã lập hồ sơ. Hãy thêm người được đề nghị và tài liệu."
            )
            return redirect("dossiers:dossier-detail", dossier.pk)
    units = form.fields["unit"]
    offered = units.queryset if isinstance(units, forms.ModelChoiceField) else None
    if offered is not None and not offered.exists():
        # every unit of the account ended (2025 reorganisation): say so, not an empty list
        messages.warning(
            request,
            "Các đơn vị bạn phụ trách đều đã chấm dứt hoạt động, không lập được hồ sơ "
            "mới. Đề nghị quản trị hệ thống phân quyền cho đơn vị đang hoạt động.",
        )
    return render(
        request,
        "dossiers/admin/form.html",
        {
            "form": form,
            "page_title": "Lập hồ sơ đề nghị",
            "header_icon": "folder-open-inverse",
        },
    )


def dossier_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = dossier_for_user(request.user, pk)
    can_edit = dossier.is_editable and can_edit_unit(request.user, dossier.unit_id)
    award_code = request.GET.get("goi_y", "")
    suggestions: list[dict[str, Any]] = []
    if can_edit and award_code:
        award = AwardType.objects.filter(code=award_code).first()
        if award:
            suggestions = services.nominee_suggestions(
                dossier=dossier, award_type=award
            )
    nominees = list(selectors.nominees_of(dossier))
    feedback = PublicFeedback.objects.filter(nominee__dossier=dossier).select_related(
        "nominee"
    )
    history = (
        AuditEntry.objects.filter(
            Q(app_label="dossiers", model="dossier", object_id=str(dossier.pk))
        )
        .select_related("actor")
        .order_by("-at")[:30]
    )
    return render(
        request,
        "dossiers/admin/dossier_detail.html",
        {
            "page_title": dossier.title,
            "page_subtitle": dossier.get_status_display(),
            "header_icon": "folder-open-inverse",
            "dossier": dossier,
            "nominees": nominees,
            "documents": selectors.documents_of(dossier),
            "missing": [
                DossierDocument.Kind(k).label
                for k in services.missing_documents(dossier)
            ],
            "can_edit": can_edit,
            "can_review": can_review(request.user, dossier),
            "reviewer": reviewer(dossier),
            "nominee_form": NomineeForm(dossier=dossier) if can_edit else None,
            "document_form": DocumentForm() if can_edit else None,
            "import_form": UploadForm() if can_edit else None,
            "awards": AwardType.objects.filter(active=True),
            "award_code": award_code,
            "suggestions": suggestions,
            "review_choices": [c for c in Nominee.Review.choices if c[0] != "pending"],
            "feedback": feedback,
            "feedback_statuses": [
                c for c in PublicFeedback.Status.choices if c[0] != "pending"
            ],
            "history": history,
            "step_deadline": dossier_deadlines([dossier]).get(dossier.pk),
            "to_forward": can_review(request.user, dossier)
            and bool(forwardable(dossier)),
            "S": Dossier.Status,
        },
    )


def document_download(request: AuthedRequest, pk: int, doc: int) -> HttpResponseBase:
    dossier = dossier_for_user(request.user, pk)
    document = document_in(dossier, doc)
    return files.serve(document.file.name, document.file.name.rsplit("/", 1)[-1])


def report_draft(request: AuthedRequest, pk: int, nominee: int) -> FileResponse:
    dossier = dossier_for_user(request.user, pk)
    target = nominee_in(dossier, nominee)
    return _download(
        documents.achievement_report_docx(target),
        f"bao-cao-thanh-tich-{target.pk}.docx",
        DOCX,
    )
