"""Back-office screens for the chain upward: package, send, track, record the decision.

Each view: objects from access.py → parse → one service → redirect or render.
Service refusals (ValidationError) become errors on the same page.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.accounts.roles import AuthedRequest
from thidua.core.backoffice import DateInput, paginate
from thidua.dossiers.access import runs_council
from thidua.dossiers.models import Nominee
from thidua.lib import files
from thidua.organisation.selectors import signers_on

from . import selectors, services
from .access import (
    can_manage,
    dossier_for_forwarding,
    forwarding_for_managing,
    forwarding_for_relaying,
    forwarding_for_user,
    forwardings_for_user,
    forwards_any,
)
from .deadlines import OVERDUE, overdue_before
from .models import Forwarding

ZIP = "application/zip"


class NomineeChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        nominee = cast(Nominee, obj)
        return f"{nominee.name} — {nominee.award_type.name}"


class PrepareForm(forms.Form):
    nominees = NomineeChoice(
        label="Trường hợp trình cấp trên",
        queryset=Nominee.objects.none(),
        error_messages={"required": "Chọn ít nhất một trường hợp."},
    )

    def __init__(self, *args: Any, choices: list[Nominee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(NomineeChoice, self.fields["nominees"])
        field.queryset = Nominee.objects.filter(
            pk__in=[n.pk for n in choices]
        ).select_related("award_type")
        field.initial = [n.pk for n in choices]


class RelayForm(PrepareForm):
    """The nominees of a commune's tờ trình the province sends on to the centre."""


class SendForm(forms.Form):
    number = forms.CharField(
        label="Số tờ trình", max_length=16, help_text="Chỉ ghi số, ví dụ 45."
    )
    symbol = forms.CharField(
        label="Ký hiệu",
        max_length=32,
        required=False,
        help_text="Theo Thông tin tổ chức (xã: TTr-UBND của xã); sửa khi cần.",
    )
    sent_on = forms.DateField(label="Ngày gửi", widget=DateInput())
    signature_capacity = forms.CharField(
        label="Thẩm quyền ký",
        max_length=255,
        required=False,
        help_text="Các dòng cách nhau bởi “ / ”. Để trống: theo người ký trong "
        "Thông tin tổ chức.",
    )
    signer_name = forms.CharField(
        label="Họ tên người ký", max_length=120, required=False
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Lý do cấp trên trả lại", widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=64)
    decision_date = forms.DateField(label="Ngày quyết định", widget=DateInput())
    decision_issuer = forms.CharField(label="Cấp ban hành", max_length=255)
    awarded = NomineeChoice(
        label="Được khen thưởng (bỏ chọn trường hợp cấp trên không khen)",
        queryset=Nominee.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, forwarding: Forwarding, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(NomineeChoice, self.fields["awarded"])
        field.queryset = Nominee.objects.filter(
            pk__in=[n.pk for n in services.decidable(forwarding)]
        ).select_related("award_type")
        field.initial = [n.pk for n in field.queryset]
        self.fields["decision_issuer"].initial = forwarding.upper_body


def _errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def forwarding_list(request: AuthedRequest) -> HttpResponse:
    overdue = request.GET.get("han", "") == OVERDUE
    qs = (
        selectors.overdue_forwardings(request.user, overdue_before())
        if overdue
        else forwardings_for_user(request.user)
    )
    context = paginate(request, qs, per_page=30)
    page = list(context["page_obj"])
    returned = selectors.returned_relays(page)
    context.update(
        overdue=OVERDUE if overdue else "",
        page_title="Hồ sơ trình cấp trên",
        header_icon="upload",
        rows=[
            (fw, deadline, returned.get(fw.pk, []))
            for fw, deadline in selectors.with_deadlines(page, timezone.localdate())
        ],
        waiting=selectors.dossiers_to_forward(request.user)
        if forwards_any(request.user)
        else [],
        to_relay=selectors.forwardings_to_relay(request.user),
        S=Forwarding.Status,
    )
    return render(request, "forwarding/admin/list.html", context)


def forwarding_prepare(request: AuthedRequest, dossier: int) -> HttpResponse:
    target = dossier_for_forwarding(request.user, dossier)
    choices = services.forwardable(target)
    if not choices:
        raise Http404
    form = PrepareForm(
        request.POST if request.method == "POST" else None, choices=choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            fw = services.forwarding_prepare(
                dossier=target,
                nominees=list(form.cleaned_data["nominees"]),
                by=request.user,
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "Đã lập bộ hồ sơ trình cấp trên.")
            return redirect("forwardings:detail", fw.pk)
    return render(
        request,
        "forwarding/admin/form.html",
        {
            "form": form,
            "page_title": "Lập hồ sơ trình cấp trên",
            "page_subtitle": target.title,
            "header_icon": "upload",
            "button": "Lập bộ hồ sơ",
        },
    )


def forwarding_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    fw = forwarding_for_user(request.user, pk)
    return _detail(request, fw)


def _detail(
    request: AuthedRequest, fw: Forwarding, **forms_: forms.Form
) -> HttpResponse:
    manage = can_manage(request.user, fw)
    province = runs_council(request.user, None)
    relayable = services.relayable(fw) if province else []
    marks = selectors.province_marks(fw)
    waiting = fw.status in (Forwarding.Status.PREPARED, Forwarding.Status.RETURNED)
    signer = signers_on(None, fw.dossier.decider).first()
    send = forms_.get("send") or SendForm(
        initial={
            "number": fw.number,
            "symbol": fw.symbol,
            "sent_on": timezone.localdate(),
            "signature_capacity": signer.capacity_text if signer else "",
            "signer_name": signer.full_name if signer else "",
        }
    )
    sent = fw.status == Forwarding.Status.SENT
    ((_, deadline),) = selectors.with_deadlines([fw], timezone.localdate())
    return render(
        request,
        "forwarding/admin/detail.html",
        {
            "page_title": f"Trình {fw.upper_body}",
            "page_subtitle": fw.get_status_display(),
            "header_icon": "upload",
            "fw": fw,
            "deadline": deadline,
            "nominees": [
                (n, marks.get(n.pk))
                for n in fw.nominees.select_related("award_type").order_by("pk")
            ],
            "records": _records(fw),
            "relays": fw.relays.order_by("pk"),
            "returned": selectors.returned_relays([fw]).get(fw.pk, []),
            # the province office puts what waits for its council on a session
            "to_vote": province and any(m.state == "waiting" for m in marks.values()),
            # a refused relay shows its reason even when nothing may go up yet
            "relay_form": forms_.get("relay")
            or (RelayForm(choices=relayable) if relayable else None),
            "send_form": send if manage and waiting else None,
            "return_form": (forms_.get("back") or ReturnForm())
            if manage and sent
            else None,
            "decision_form": (forms_.get("decide") or DecisionForm(forwarding=fw))
            if manage and sent
            else None,
        },
    )


def _records(fw: Forwarding) -> list[Any]:
    from thidua.commendations.models import AwardRecord

    if fw.status != Forwarding.Status.DECIDED or not fw.decision_number:
        return []  # a commune's tờ trình the province's council refused whole
    return list(
        AwardRecord.objects.filter(
            decision_number=fw.decision_number,
            decision_date=fw.decision_date,
            award_type__in=fw.nominees.values("award_type"),
        ).select_related("award_type", "person", "collective")
    )


@require_POST
def forwarding_relay(request: AuthedRequest, pk: int) -> HttpResponse:
    source = forwarding_for_relaying(request.user, pk)
    # every candidate, so that one not passed by the council gets the service's reason
    form = RelayForm(request.POST, choices=services.relay_candidates(source))
    if form.is_valid():
        try:
            relay = services.forwarding_relay(
                source=source,
                nominees=list(form.cleaned_data["nominees"]),
                by=request.user,
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "Đã lập tờ trình của tỉnh trình tiếp cấp trên.")
            return redirect("forwardings:detail", relay.pk)
    return _detail(request, source, relay=form)


@require_POST
def forwarding_send(request: AuthedRequest, pk: int) -> HttpResponse:
    fw = forwarding_for_managing(request.user, pk)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            services.forwarding_send(
                forwarding=fw, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "Đã ghi nhận gửi tờ trình lên cấp trên.")
            return redirect("forwardings:detail", fw.pk)
    return _detail(request, fw, send=form)


@require_POST
def forwarding_return(request: AuthedRequest, pk: int) -> HttpResponse:
    fw = forwarding_for_managing(request.user, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.forwarding_return(
                forwarding=fw, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "Đã ghi nhận hồ sơ bị cấp trên trả lại.")
            return redirect("forwardings:detail", fw.pk)
    return _detail(request, fw, back=form)


@require_POST
def forwarding_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    fw = forwarding_for_managing(request.user, pk)
    form = DecisionForm(request.POST, forwarding=fw)
    if form.is_valid():
        data = form.cleaned_data
        try:
            records = services.forwarding_record_decision(
                forwarding=fw,
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                decision_issuer=data["decision_issuer"],
                awarded=list(data["awarded"]),
                by=request.user,
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(
                request,
                f"Đã ghi quyết định của cấp trên: {len(records)} trường hợp vào sổ "
                "khen thưởng.",
            )
            return redirect("forwardings:detail", fw.pk)
    return _detail(request, fw, decide=form)


def forwarding_package(request: AuthedRequest, pk: int) -> HttpResponseBase:
    fw = forwarding_for_user(request.user, pk)
    if not fw.package:
        raise Http404
    return files.serve(fw.package, f"ho-so-trinh-{fw.pk}.zip", ZIP)
