"""Council screens: sessions, the secret ballot, closing and the minutes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.accounts.roles import AuthedRequest
from thidua.core.once import submit_once
from thidua.lib import files

from .. import selectors, services
from ..access import (
    can_run_councils,
    council_for,
    runs_council,
    session_for_managing,
    session_for_user,
    session_for_voting,
    sessions_for_user,
    votes_in,
)
from ..models import CouncilSession, PublicFeedback
from ._common import DOCX, _errors
from .forms import SessionForm


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


@submit_once
def session_create(request: AuthedRequest) -> HttpResponse:
    council = council_for(request.user)
    # "?to-trinh=<id>": from a commune's tờ trình waiting for the province's vote
    source = request.GET.get("to-trinh", "")
    form = SessionForm(
        request.POST or None,
        council=council,
        initial={
            "held_on": timezone.localdate(),
            "title": f"Phiên họp Hội đồng Thi đua - Khen thưởng {council}"
            if council
            else "",
            "relays": [int(source)] if source.isdigit() and len(source) < 10 else [],
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
                thresholds=form.thresholds(),
                unit=council,
                relayed=form.relayed(),
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
@submit_once
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
@submit_once
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
