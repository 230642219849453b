"""Public portal pages: disclosed nominees with the feedback form, issued decisions,
certificate verification. Plain HTML forms; no JavaScript needed."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thidua.engagement.visitors import identify, throttled
from thidua.lib.files import private_storage

from . import publication
from .models import Certificate, Decision, PublicFeedback
from .selectors import (
    decision_items,
    disclosed_nominees,
    issued_decisions,
    search_issued_decisions,
)
from .services import feedback_submit

FEEDBACK_THROTTLED = (
    "Địa chỉ mạng này đã gửi nhiều ý kiến trong thời gian ngắn; hãy thử lại sau."
)


def latest_disclosures(limit: int) -> list[dict[str, Any]]:
    """For the portal's home page: nominees now open for public comment."""
    return [
        {
            "title": f"Lấy ý kiến: {n.name} — {n.award_type.name}",
            "url": reverse("dossiers_public:disclosure-detail", args=[n.pk]),
            "date": n.dossier.disclosure.starts_on,
        }
        for n in disclosed_nominees()[:limit]
    ]


def latest_decisions(limit: int) -> list[dict[str, Any]]:
    """For the portal's home page: the newest issued decisions."""
    return [
        {
            "title": f"Quyết định số {d.reference}: {d.summary}",
            "url": reverse("dossiers_public:decision-detail", args=[d.pk]),
            "date": d.date,
        }
        for d in issued_decisions()[:limit]
    ]


def decision_search(query: str, limit: int) -> list[dict[str, Any]]:
    """For the portal's search page: decisions by number or summary."""
    return [
        {
            "reference": d.reference,
            "summary": d.summary,
            "url": reverse("dossiers_public:decision-detail", args=[d.pk]),
            "date": d.date,
            "issuer": d.issuer_name,
        }
        for d in search_issued_decisions(query)[:limit]
    ]


def disclosure_list(request: HttpRequest) -> HttpResponse:
    nominees = list(disclosed_nominees())
    return render(
        request, "dossiers/public/disclosure_list.html", {"nominees": nominees}
    )


@require_http_methods(["GET", "POST"])
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nominee = get_object_or_404(disclosed_nominees(), pk=pk)
    errors: dict[str, list[str]] = {}
    values = {"author": "", "contact": "", "content": ""}
    status = 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        visitor = identify(request)
        # per address, so a script cannot bury the officers in items to moderate
        if throttled(visitor, "feedback", 3, 60) or throttled(
            visitor, "feedback:h", 10, 3600
        ):
            errors = {"form": [FEEDBACK_THROTTLED]}
            status = 429
        else:
            try:
                feedback_submit(nominee=nominee, **values)  # type: ignore[arg-type]
            except ValidationError as exc:
                errors = (
                    exc.message_dict
                    if hasattr(exc, "error_dict")
                    else {"form": exc.messages}
                )
                status = 422
            else:
                return redirect(
                    reverse("dossiers_public:disclosure-detail", args=[pk]) + "?sent=1"
                )
    published = nominee.feedback.filter(
        status=PublicFeedback.Status.PUBLISHED
    ).order_by("created_at")
    return render(
        request,
        "dossiers/public/disclosure_detail.html",
        {
            "nominee": nominee,
            "disclosure": nominee.dossier.disclosure,
            "feedback": published,
            "errors": errors,
            "values": values,
            "sent": request.GET.get("sent") == "1",
        },
        status=status,
    )


def decision_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    page = Paginator(search_issued_decisions(query), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request, "dossiers/public/decision_list.html", {"page": page, "query": query}
    )


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(issued_decisions(), pk=pk)
    items = decision_items(decision)
    corrections = decision.corrections.filter(status=Decision.Status.ISSUED)
    return render(
        request,
        "dossiers/public/decision_detail.html",
        {"decision": decision, "items": items, "corrections": corrections},
    )


def decision_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The issued decision itself, with its annex, as a PDF drawn from the .docx
    of record: public because the decision is (state portals publish them)."""
    decision = get_object_or_404(issued_decisions().exclude(document=""), pk=pk)
    try:
        name = publication.decision_pdf_name(decision)
    except FileNotFoundError as exc:
        raise Http404("Chưa có văn bản của quyết định này.") from exc
    filename = f"quyet-dinh-{decision.number}-{decision.year}.pdf"
    response = FileResponse(
        private_storage().open(name, "rb"),
        content_type="application/pdf",
        filename=filename,
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def verify_form(request: HttpRequest) -> HttpResponse:
    """The box for the code printed on a certificate; `?ma=` goes to its page."""
    typed = request.GET.get("ma", "").strip()[:40]
    code = re.sub(r"[^0-9A-Za-z-]", "", typed)
    if code:
        return redirect("dossiers_public:verify", code=code)
    return render(
        request,
        "dossiers/public/verify.html",
        {"certificate": None, "code": typed.replace("\x00", ""), "asked": bool(typed)},
        status=404 if typed else 200,
    )


def verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = (
        Certificate.objects.select_related("item__decision", "item__award_type")
        .filter(code=code.strip().upper(), item__decision__status="issued")
        .first()
    )
    if certificate is None:
        response = render(
            request,
            "dossiers/public/verify.html",
            {"certificate": None, "code": code, "asked": True},
        )
        response.status_code = 404
        return response
    correction = certificate.item.correction()
    return render(
        request,
        "dossiers/public/verify.html",
        {
            "certificate": certificate,
            "item": certificate.item,
            "decision": certificate.item.decision,
            "revocation": correction if correction and correction.revokes_id else None,
            "amendment": correction if correction and correction.replaces_id else None,
            "code": code,
            "asked": True,
        },
    )
