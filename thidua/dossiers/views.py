"""Back-office screens (Wagtail admin) for each role's part of the dossier path.

Each view: objects from access.py → parse → one service → redirect or render.
Service refusals (ValidationError) become an error message on the same page.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.roles import AuthedRequest
from thidua.commendations.models import AwardType
from thidua.core.backoffice import paginate
from thidua.core.models import AuditEntry
from thidua.forwarding.deadlines import dossier_deadlines
from thidua.forwarding.services import forwardable
from thidua.lib import files, uploads
from thidua.organisation.selectors import organisation_on, signers_on
from thidua.people.models import Person
from thidua.units.access import can_edit_unit, editable_unit_ids, unit_for_editing
from thidua.units.models import OrgUnit

from . import documents, selectors, services
from .access import (
    can_draft,
    can_issue,
    can_review,
    can_run_councils,
    council_for,
    decision_for_certificates,
    decision_for_drafting,
    decision_for_issuing,
    decision_for_user,
    decisions_for_user,
    document_in,
    dossier_for_editing,
    dossier_for_review,
    dossier_for_user,
    feedback_in,
    item_in,
    nominee_in,
    nominee_people,
    nominee_person,
    nominee_unit,
    nominee_units,
    runs_council,
    session_for_managing,
    session_for_user,
    session_for_voting,
    sessions_for_user,
    votes_in,
)
from .models import (
    CouncilSession,
    Decision,
    Dossier,
    DossierDocument,
    Nominee,
    PublicFeedback,
)

Role = RoleAssignment.Role
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _download(data: bytes, filename: str, content_type: str) -> FileResponse:
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )


# -- forms ---------------------------------------------------------------------------


class DossierForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Đơn vị đề nghị",
        queryset=OrgUnit.objects.none(),
        error_messages={
            "required": "Hãy chọn đơn vị đề nghị.",
            "invalid_choice": "Đơn vị này không thuộc quyền của bạn hoặc đã chấm dứt "
            "hoạt động: hãy chọn đơn vị đang hoạt động.",
        },
    )
    type = forms.ChoiceField(
        label="Loại hình khen thưởng", choices=Dossier.Type.choices
    )
    year = forms.IntegerField(label="Năm thành tích", min_value=1945, max_value=2100)
    title = forms.CharField(label="Trích yếu", max_length=255)
    movement = forms.CharField(
        label="Phong trào, chuyên đề (nếu có)", max_length=255, required=False
    )
    simplified = forms.BooleanField(
        label="Thủ tục đơn giản (chỉ khen thưởng đột xuất: tờ trình và báo cáo tóm tắt)",
        required=False,
    )
    decider = forms.ModelChoiceField(
        label="Cấp xét, quyết định",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="Trình cấp trên (Hội đồng, lãnh đạo tổ chức)",
        help_text="Chọn xã, phường khi Chủ tịch UBND xã quyết định (Giấy khen, Lao động "
        "tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến, thôn văn hóa).",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = editable_unit_ids(user)
        units = OrgUnit.objects.valid_on(timezone.localdate())
        if ids is not None:
            units = units.filter(id__in=ids)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units.order_by(
            "kind", "name"
        )
        cast(forms.ModelChoiceField, self.fields["decider"]).queryset = units.filter(
            kind__in=OrgUnit.COMMUNE_LEVEL
        ).order_by("name")


class NomineeForm(forms.Form):
    kind = forms.ChoiceField(
        label="Đối tượng",
        choices=[
            ("individual", "Cá nhân"),
            ("collective", "Tập thể"),
            ("household", "Hộ gia đình"),
        ],
    )
    person = forms.ModelChoiceField(
        label="Cá nhân", queryset=Person.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label="Tập thể", queryset=OrgUnit.objects.none(), required=False
    )
    household = forms.CharField(label="Hộ gia đình", max_length=200, required=False)
    award_type = forms.ModelChoiceField(
        label="Danh hiệu, hình thức", queryset=AwardType.objects.filter(active=True)
    )
    position = forms.CharField(
        label="Chức vụ, đơn vị công tác", max_length=255, required=False
    )
    achievement = forms.CharField(
        label="Tóm tắt thành tích",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    justification = forms.CharField(
        label="Giải trình (bắt buộc khi chưa đủ điều kiện)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = cast(forms.ModelChoiceField, self.fields["person"])
        people.queryset = nominee_people(dossier).vn_ordered()
        units = cast(forms.ModelChoiceField, self.fields["unit"])
        units.queryset = nominee_units(dossier).order_by("name")


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        uploads.check_size(upload.size)
        return upload


class DocumentForm(UploadForm):
    kind = forms.ChoiceField(
        label="Loại tài liệu", choices=DossierDocument.Kind.choices
    )
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


class SessionForm(forms.Form):
    """A session of `council`'s council (None: the organisation's)."""

    title = forms.CharField(label="Tên phiên họp", max_length=255)
    held_on = forms.DateField(
        label="Ngày họp", widget=forms.DateInput(attrs={"type": "date"})
    )
    dossiers = forms.ModelMultipleChoiceField(
        label="Hồ sơ đưa ra xét",
        queryset=Dossier.objects.filter(status=Dossier.Status.AWAITING_COUNCIL),
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label="Thành viên Hội đồng",
        queryset=User.objects.filter(roles__role=Role.COUNCIL_MEMBER).distinct(),
        widget=forms.CheckboxSelectMultiple,
    )
    quorum_percent = forms.DecimalField(
        label="Tỷ lệ có mặt tối thiểu (%)", initial=66.67
    )
    default_threshold = forms.DecimalField(
        label="Tỷ lệ đồng ý mặc định (%)", initial=50
    )
    threshold_bk = forms.DecimalField(
        label="Tỷ lệ đồng ý cho Bằng khen (%)", initial=80
    )
    threshold_cstdtq = forms.DecimalField(
        label="Tỷ lệ đồng ý cho CSTĐ toàn quốc (%)", initial=90
    )

    def __init__(self, *args: Any, council: OrgUnit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dossiers = cast(forms.ModelMultipleChoiceField, self.fields["dossiers"])
        dossiers.queryset = Dossier.objects.filter(
            status=Dossier.Status.AWAITING_COUNCIL, decider=council
        )
        members = cast(forms.ModelMultipleChoiceField, self.fields["members"])
        if council is not None:
            members.queryset = User.objects.filter(
                roles__role=Role.COUNCIL_MEMBER, roles__unit=council
            ).distinct()
        else:  # not the communes' own council members
            members.queryset = User.objects.filter(
                Q(roles__unit__isnull=True) | Q(roles__unit__parent__isnull=True),
                roles__role=Role.COUNCIL_MEMBER,
            ).distinct()


class DecisionForm(forms.Form):
    dossiers = forms.ModelMultipleChoiceField(
        label="Hồ sơ đã được Hội đồng thông qua",
        queryset=Dossier.objects.filter(status=Dossier.Status.APPROVED),
        widget=forms.CheckboxSelectMultiple,
    )
    issuer = forms.ModelChoiceField(
        label="Cơ quan ban hành",
        queryset=OrgUnit.objects.filter(
            # the office drafts its organisation's and its agencies' decisions
            kind__in=[
                OrgUnit.Kind.PROVINCE,
                OrgUnit.Kind.MINISTRY,
                OrgUnit.Kind.AGENCY,
            ],
            valid_to__isnull=True,
        ).order_by("kind", "name"),
    )
    summary = forms.CharField(label="Trích yếu", max_length=255)
    reason = forms.CharField(
        label="Thành tích được khen", max_length=500, required=False
    )
    signature_capacity = forms.CharField(
        label="Thẩm quyền ký",
        max_length=200,
        # pre-filled from the signer in force (decision_create); none is guessed
        help_text="Ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH. Khai báo người ký trong mục "
        "Người ký để điền sẵn.",
    )

    def __init__(self, *args: Any, council: OrgUnit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dossiers = cast(forms.ModelMultipleChoiceField, self.fields["dossiers"])
        dossiers.queryset = Dossier.objects.filter(
            status=Dossier.Status.APPROVED, decider=council
        )
        if council is not None:  # a commune's own decisions: the commune issues
            issuer = cast(forms.ModelChoiceField, self.fields["issuer"])
            issuer.queryset = OrgUnit.objects.filter(pk=council.pk)


class IssueForm(forms.Form):
    number = forms.IntegerField(label="Số quyết định", min_value=1)
    date = forms.DateField(
        label="Ngày ký", widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_name = forms.CharField(label="Họ tên người ký", max_length=120)


# -- dossiers ------------------------------------------------------------------------


def dossier_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    person = request.GET.get("person", "")
    feedback = request.GET.get("gop-y", "")
    qs = selectors.dossier_list(
        request.user,
        status=status,
        query=request.GET.get("q", ""),
        person_id=int(person) if person.isdigit() else None,
        feedback_pending=feedback == selectors.FEEDBACK_PENDING,
    )
    context = paginate(request, qs, per_page=30)
    context.update(
        page_title="Hồ sơ đề nghị khen thưởng",
        header_icon="folder-open-inverse",
        statuses=Dossier.Status.choices,
        status=status,
        feedback_pending=feedback if feedback == selectors.FEEDBACK_PENDING else "",
        can_create=editable_unit_ids(request.user) != set(),
    )
    return render(request, "dossiers/admin/dossier_list.html", context)


def dossier_create(request: AuthedRequest) -> HttpResponse:
    if editable_unit_ids(request.user) == set():
        raise PermissionDenied  # council members, leaders, editors: read-only
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
    services.dossier_submit(
        dossier=dossier_for_editing(request.user, pk), by=request.user
    )
    messages.success(request, "Đã gửi hồ sơ tới Ban Thi đua – Khen thưởng tỉnh.")


def _review_nominee(request: AuthedRequest, pk: int) -> None:
    dossier = dossier_for_review(request.user, pk)
    nominee = nominee_in(dossier, request.POST.get("nominee"))
    services.nominee_review(
        nominee=nominee,
        status=request.POST.get("status", ""),
        comment=request.POST.get("comment", ""),
        by=request.user,
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
    dossier = dossier_for_review(request.user, pk)
    feedback = feedback_in(dossier, request.POST.get("feedback"))
    services.feedback_moderate(
        feedback=feedback,
        status=request.POST.get("status", ""),
        note=request.POST.get("note", ""),
        by=request.user,
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
def dossier_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    handler = DOSSIER_ACTIONS.get(action)
    if handler is None:
        raise PermissionDenied
    try:
        handler(request, pk)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("dossiers:dossier-detail", pk)


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


# -- council -----------------------------------------------------------------------------


def session_list(request: AuthedRequest) -> HttpResponse:
    sessions = sessions_for_user(request.user).order_by("-held_on", "-pk")
    return render(
        request,
        "dossiers/admin/session_list.html",
        {
            "page_title": "Phiên họp Hội đồng",
            "header_icon": "group",
            "sessions": sessions,
            "can_manage": can_run_councils(request.user),
        },
    )


def session_create(request: AuthedRequest) -> HttpResponse:
    council = council_for(request.user)
    form = SessionForm(
        request.POST or None,
        council=council,
        initial={
            "held_on": timezone.localdate(),
            "title": f"Phiên họp Hội đồng Thi đua - Khen thưởng {council}"
            if council
            else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_open(
                title=data["title"],
                held_on=data["held_on"],
                dossiers=data["dossiers"],
                members=data["members"],
                quorum_percent=data["quorum_percent"],
                default_threshold=data["default_threshold"],
                thresholds={
                    "BK_TINH": float(data["threshold_bk"]),
                    "BK_TTG": float(data["threshold_bk"]),
                    "CSTD_TQ": float(data["threshold_cstdtq"]),
                },
                unit=council,
                by=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Đã mở phiên họp; thành viên có thể bỏ phiếu.")
            return redirect("dossiers:session-detail", session.pk)
    return render(
        request,
        "dossiers/admin/form.html",
        {
            "form": form,
            "page_title": "Mở phiên họp Hội đồng",
            "page_subtitle": str(council) if council else "",
            "header_icon": "group",
        },
    )


def session_detail(
    request: AuthedRequest,
    pk: int,
    marks: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    session = session_for_user(request.user, pk)
    agenda = list(selectors.session_agenda(session))
    is_member = votes_in(request.user, session)
    return render(
        request,
        "dossiers/admin/session_detail.html",
        {
            "ballot": selectors.ballot_rows(session, marks),
            "page_title": session.title,
            "page_subtitle": session.get_status_display(),
            "header_icon": "group",
            "session": session,
            "agenda": agenda,
            # the rule's percentages for the awards on the agenda, by their names
            "thresholds": {
                n.award_type.name: session.thresholds[n.award_type.code]
                for n in agenda
                if n.award_type.code in session.thresholds
            },
            "feedback": PublicFeedback.objects.filter(
                nominee__in=agenda, status__in=["published", "hidden"]
            ).select_related("nominee"),
            "can_vote": is_member
            and session.status == CouncilSession.Status.OPEN
            and not selectors.has_voted(session, request.user),
            "has_voted": selectors.has_voted(session, request.user),
            "can_manage": runs_council(request.user, session.unit_id),
            "members": session.members.order_by("username"),
            "voted_ids": set(session.receipts.values_list("member_id", flat=True)),
            "results": session.results.select_related("nominee__award_type").order_by(
                "nominee_id"
            ),
            "choices": [
                ("yes", "Đồng ý"),
                ("no", "Không đồng ý"),
                ("abstain", "Không biểu quyết"),
            ],
        },
        status=status,
    )


@require_POST
def session_vote(request: AuthedRequest, pk: int) -> HttpResponse:
    session = session_for_voting(request.user, pk)
    choices = {
        int(key.removeprefix("n")): request.POST.get(key, "")
        for key in request.POST
        if key.startswith("n") and key[1:].isdigit()
    }
    try:
        services.ballot_cast(session=session, member=request.user, choices=choices)
    except ValidationError as exc:
        _errors(request, exc)
        if session.status == CouncilSession.Status.OPEN and not selectors.has_voted(
            session, request.user
        ):
            # the ballot again, with what was marked kept and each unanswered row shown
            valid = {k: v for k, v in choices.items() if v in ("yes", "no", "abstain")}
            return session_detail(request, pk, marks=valid, status=422)
    else:
        messages.success(request, "Đã ghi nhận phiếu kín của bạn.")
    return redirect("dossiers:session-detail", pk)


@require_POST
def session_close(request: AuthedRequest, pk: int) -> HttpResponse:
    session = session_for_managing(request.user, pk)
    try:
        services.session_close(session=session, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Đã kết thúc phiên họp và lập biên bản.")
    return redirect("dossiers:session-detail", pk)


def session_minutes(request: AuthedRequest, pk: int) -> HttpResponseBase:
    session = session_for_user(request.user, pk)
    if not session.minutes:
        raise PermissionDenied
    return files.serve(session.minutes, f"bien-ban-{pk}.docx", DOCX)


# -- decisions ----------------------------------------------------------------------------


def decision_list(request: AuthedRequest) -> HttpResponse:
    qs = decisions_for_user(request.user).order_by("-pk")
    context = paginate(request, qs, per_page=30)
    context.update(
        page_title="Quyết định khen thưởng",
        header_icon="doc-full",
        can_draft=can_run_councils(request.user),
    )
    return render(request, "dossiers/admin/decision_list.html", context)


def decision_create(request: AuthedRequest) -> HttpResponse:
    council = council_for(request.user)
    organisation = organisation_on()
    signer = signers_on().first()
    initial: dict[str, Any] = {
        "issuer": organisation.unit
        or OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).first(),
        "summary": f"Về việc tặng {organisation.award_name}",
        **({"signature_capacity": signer.capacity_text} if signer else {}),
    }
    if council is not None:  # the commune chair's own decision, signed as chair
        initial = {
            "issuer": council,
            "summary": "Về việc công nhận danh hiệu thi đua và tặng Giấy khen",
            "signature_capacity": "CHỦ TỊCH",
        }
    form = DecisionForm(request.POST or None, council=council, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_draft(by=request.user, **data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Đã dự thảo quyết định.")
            return redirect("dossiers:decision-detail", decision.pk)
    return render(
        request,
        "dossiers/admin/form.html",
        {
            "form": form,
            "page_title": "Dự thảo quyết định khen thưởng",
            "header_icon": "doc-full",
        },
    )


def _signer_for(decision: Decision) -> str:
    """The leader in force whose signing capacity the draft carries, if any."""
    for signer in signers_on():
        if signer.capacity_text == decision.signature_capacity.strip():
            return signer.full_name
    return ""


def decision_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = decision_for_user(request.user, pk)
    run = decision.certificate_runs.order_by("-pk").first()
    return render(
        request,
        "dossiers/admin/decision_detail.html",
        {
            "page_title": f"Quyết định {decision.reference}",
            "page_subtitle": decision.get_status_display(),
            "header_icon": "doc-full",
            "decision": decision,
            "items": selectors.decision_items(decision),
            "total": sum(decision.items.values_list("amount", flat=True)),
            "can_issue": can_issue(request.user, decision) and not decision.is_issued,
            "can_manage": can_draft(request.user, decision),
            "issue_form": IssueForm(
                initial={
                    "date": timezone.localdate(),
                    "signer_name": _signer_for(decision)
                    or request.user.get_full_name()
                    or str(request.user),
                }
            ),
            "run": run,
            "corrections": decision.corrections.all(),
            "can_correct": can_draft(request.user, decision)
            and decision.is_issued
            and decision.kind != Decision.Kind.REVOKE,
            "awards": AwardType.objects.filter(active=True),
        },
    )


@require_POST
def decision_issue(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = decision_for_issuing(request.user, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ghi đủ số, ngày ký và người ký.")
        return redirect("dossiers:decision-detail", pk)
    try:
        services.decision_issue(decision=decision, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Đã ban hành quyết định; khen thưởng đã vào sổ.")
    return redirect("dossiers:decision-detail", pk)


@require_POST
def decision_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = decision_for_drafting(request.user, pk)
    picks = []
    for item in decision.items.all():
        if f"revoke-{item.pk}" in request.POST:
            try:
                recover = int(request.POST.get(f"recover-{item.pk}") or 0)
            except ValueError:
                recover = -1
            picks.append((item, recover))
    try:
        correction = services.decision_draft_correction(
            target=decision,
            kind=Decision.Kind.REVOKE,
            reason=request.POST.get("reason", ""),
            revoke=picks,
            by=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("dossiers:decision-detail", pk)
    messages.success(
        request, "Đã dự thảo quyết định hủy bỏ; lãnh đạo ký để có hiệu lực."
    )
    return redirect("dossiers:decision-detail", correction.pk)


@require_POST
def decision_amend(request: AuthedRequest, pk: int) -> HttpResponse:
    """Draft an amending decision from the rows ticked on the decision page."""
    decision = decision_for_drafting(request.user, pk)
    ticked = [
        item
        for item in decision.items.select_related("award_type")
        if f"amend-{item.pk}" in request.POST
    ]
    # the new titles of every ticked row in one query
    codes = {request.POST.get(f"award-{item.pk}", "") for item in ticked} - {""}
    award_types = AwardType.objects.in_bulk(codes, field_name="code")
    amend = [
        services.Amendment(
            item=item,
            name=request.POST.get(f"name-{item.pk}", item.name),
            position_text=request.POST.get(f"position-{item.pk}", item.position_text),
            award_type=award_types.get(request.POST.get(f"award-{item.pk}", "")),
        )
        for item in ticked
    ]
    try:
        correction = services.decision_draft_correction(
            target=decision,
            kind=Decision.Kind.AMEND,
            reason=request.POST.get("reason", ""),
            amend=amend,
            by=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("dossiers:decision-detail", pk)
    messages.success(
        request, "Đã dự thảo quyết định sửa đổi; lãnh đạo ký để có hiệu lực."
    )
    return redirect("dossiers:decision-detail", correction.pk)


def decision_docx(request: AuthedRequest, pk: int) -> HttpResponseBase:
    decision = decision_for_user(request.user, pk)
    if decision.is_issued and decision.document:
        return files.serve(
            decision.document,
            f"quyet-dinh-{decision.number}-{decision.year}.docx",
            DOCX,
        )
    return _download(
        documents.decision_docx(decision),
        f"du-thao-quyet-dinh-{decision.pk}.docx",
        DOCX,
    )


def decision_xlsx(request: AuthedRequest, pk: int) -> FileResponse:
    decision = decision_for_user(request.user, pk)
    return _download(
        documents.money_table_xlsx(decision), f"tien-thuong-{decision.pk}.xlsx", XLSX
    )


@require_POST
def certificates_start(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = decision_for_certificates(request.user, pk)
    try:
        services.certificates_start(decision=decision, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("dossiers:decision-detail", pk)


def certificates_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = decision_for_user(request.user, pk)
    run = decision.certificate_runs.order_by("-pk").first()
    return render(
        request, "dossiers/admin/_progress.html", {"decision": decision, "run": run}
    )


def certificate_pdf(request: AuthedRequest, pk: int, item: int) -> HttpResponseBase:
    decision = decision_for_user(request.user, pk)
    target = item_in(decision, item)
    certificate = getattr(target, "certificate", None)
    if certificate is None or not certificate.pdf:
        raise PermissionDenied
    return files.serve(
        certificate.pdf.name, f"{certificate.code}.pdf", "application/pdf"
    )


def certificates_zip(request: AuthedRequest, pk: int) -> FileResponse:
    decision = decision_for_user(request.user, pk)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        for item in selectors.decision_items(decision):
            certificate = getattr(item, "certificate", None)
            if certificate and certificate.pdf:
                with certificate.pdf.open("rb") as f:
                    archive.writestr(
                        f"{item.position:04d}-{certificate.code}.pdf", f.read()
                    )
    return _download(
        buf.getvalue(),
        f"bang-khen-quyet-dinh-{decision.number or decision.pk}.zip",
        "application/zip",
    )
