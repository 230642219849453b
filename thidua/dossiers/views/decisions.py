"""Decision screens: drafting, issuing, corrections, documents and certificates."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.accounts.roles import AuthedRequest
from thidua.commendations.models import AwardType
from thidua.core.backoffice import paginate
from thidua.core.once import submit_once
from thidua.lib import files
from thidua.organisation.selectors import organisation_on, signers_for, signers_on
from thidua.units.models import OrgUnit

from .. import documents, selectors, services
from ..access import (
    can_draft,
    can_issue,
    can_run_councils,
    council_for,
    decision_for_certificates,
    decision_for_drafting,
    decision_for_issuing,
    decision_for_user,
    decisions_for_user,
    item_in,
)
from ..models import Decision, DecisionItem
from ._common import DOCX, XLSX, _download, _errors
from .forms import DecisionForm, IssueForm


def decision_list(request: AuthedRequest) -> HttpResponse:
    qs = decisions_for_user(request.user).order_by("-pk")
    context = paginate(request, qs, per_page=30)
    context.update(
        page_title="Quyết định khen thưởng",
        header_icon="doc-full",
        can_draft=can_run_councils(request.user),
    )
    return render(request, "dossiers/admin/decision_list.html", context)


@submit_once
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
    if council is not None:  # the commune chair's own decision, signed as its signer
        own = signers_for(council).first()
        initial = {
            "issuer": council,
            "summary": "Về việc công nhận danh hiệu thi đua và tặng Giấy khen",
            "signature_capacity": own.capacity_text if own else "CHỦ TỊCH",
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
    for signer in signers_for(decision.issuer):
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
                decision=decision,
                initial={
                    "date": timezone.localdate(),
                    "signer_name": _signer_for(decision)
                    or request.user.get_full_name()
                    or str(request.user),
                },
            )
            if can_issue(request.user, decision) and not decision.is_issued
            else None,
            "run": run,
            "corrections": decision.corrections.all(),
            "can_correct": can_draft(request.user, decision)
            and decision.is_issued
            and decision.kind != Decision.Kind.REVOKE,
            "awards": AwardType.objects.filter(active=True),
        },
    )


@require_POST
@submit_once
def decision_issue(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = decision_for_issuing(request.user, pk)
    form = IssueForm(request.POST, decision=decision)
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
@submit_once
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
    return _draft_correction(request, decision, revoke=picks)


@require_POST
@submit_once
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
    return _draft_correction(request, decision, amend=amend)


def _draft_correction(
    request: AuthedRequest,
    decision: Decision,
    *,
    revoke: list[tuple[DecisionItem, int]] | None = None,
    amend: list[services.Amendment] | None = None,
) -> HttpResponse:
    """Draft the revoking (`revoke`) or amending (`amend`) decision of the rows
    picked: its page, or the decision's again with the refusal."""
    kind = Decision.Kind.REVOKE if revoke is not None else Decision.Kind.AMEND
    try:
        correction = services.decision_draft_correction(
            target=decision,
            kind=kind,
            reason=request.POST.get("reason", ""),
            revoke=revoke or (),
            amend=amend or (),
            by=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("dossiers:decision-detail", decision.pk)
    done = "hủy bỏ" if kind == Decision.Kind.REVOKE else "sửa đổi"
    messages.success(
        request, f"Đã dự thảo quyết định {done}; lãnh đạo ký để có hiệu lực."
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
@submit_once
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
