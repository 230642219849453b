"""Public endpoints for anonymous visitors. None is cached; each answers JSON to
portal.js and plain redirects or pages to browsers without JavaScript.

They are csrf-exempt because the pages posting to them come from the full-page
cache and carry no per-user token; a foreign or "null" Origin is refused
instead, the visitor cookie is SameSite=Lax, and every action (the view beacon
included) is throttled per address, which no header can change.
"""

from __future__ import annotations

import base64
from typing import Any

from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from thidua.portal.cache import bump_path, bump_site

from . import selectors, services
from .models import Poll
from .visitors import Visitor, identify, remember, throttled

GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
MAX_COMMENT_BYTES = 16_000
BEACON_PER_MINUTE = 60


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.META.get("HTTP_ACCEPT", "")


def _foreign_origin(request: HttpRequest) -> bool:
    """A post made by another site's page (or a sandboxed one: Origin "null").
    A missing Origin (old browsers, forms without JavaScript) falls back to the
    Fetch metadata and the Referer."""
    if request.META.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        return True
    origin = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not origin:
        return False
    if origin == "null":
        return True
    return not url_has_allowed_host_and_scheme(
        origin.rstrip("/") + "/", request.get_host(), require_https=request.is_secure()
    )


def _error(
    request: HttpRequest, visitor: Visitor, status: int, errors: dict
) -> HttpResponse:
    payload = {"errors": [{"field": f, "message": str(m)} for f, m in errors.items()]}
    if _wants_json(request):
        return remember(JsonResponse(payload, status=status), visitor)
    response = render(
        request, "engagement/error.html", {"errors": payload["errors"]}, status=status
    )
    return remember(response, visitor)


def _messages(exc: ValidationError) -> dict:
    return {f: " ".join(str(m) for m in msgs) for f, msgs in exc.message_dict.items()}


def _live_page(page_id: int) -> Page:
    return get_object_or_404(Page.objects.live().specific(), pk=page_id)


def _guard(
    request: HttpRequest, action: str, per_minute: int, per_hour: int
) -> tuple[Visitor, HttpResponse | None]:
    visitor = identify(request)
    if _foreign_origin(request):
        return visitor, _error(
            request, visitor, 403, {"origin": "Yêu cầu từ trang khác."}
        )
    if throttled(visitor, action, per_minute, 60):
        return visitor, _error(
            request,
            visitor,
            429,
            {"throttle": "Thao tác quá nhanh, hãy thử lại sau một phút."},
        )
    if throttled(visitor, action + ":h", per_hour, 3600):
        return visitor, _error(
            request,
            visitor,
            429,
            {"throttle": "Địa chỉ mạng này đã thao tác quá nhiều; hãy thử lại sau."},
        )
    return visitor, None


def _status(messages: dict) -> int:
    if "address" in messages:
        return 429
    return 409 if "poll" in messages else 422


@csrf_exempt
@require_POST
def rate(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _live_page(page_id)
    visitor, refused = _guard(request, "rate", 10, 60)
    if refused:
        return refused
    try:
        score = int(request.POST.get("score", ""))
    except ValueError:
        score = 0
    try:
        services.rating_set(page=page, visitor=visitor, score=score)
    except ValidationError as exc:
        msgs = _messages(exc)
        return _error(request, visitor, _status(msgs), msgs)
    bump_path(page.url or "/")
    if _wants_json(request):
        data = selectors.rating_summary(page.pk) | {"mine": score}
        return remember(JsonResponse(data), visitor)
    return remember(HttpResponseRedirect(f"{page.url}#danh-gia"), visitor)


@csrf_exempt
@require_POST
def comment(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _live_page(page_id)
    visitor, refused = _guard(request, "comment", 3, 20)
    if refused:
        return refused
    if len(request.body) > MAX_COMMENT_BYTES:
        return _error(request, visitor, 413, {"body": "Bình luận quá dài."})
    if not getattr(page, "comments_enabled", False):
        return _error(
            request, visitor, 403, {"page": "Bài viết này không nhận bình luận."}
        )
    try:
        services.comment_submit(
            page=page,
            visitor=visitor,
            name=request.POST.get("name", ""),
            body=request.POST.get("body", ""),
        )
    except ValidationError as exc:
        return _error(request, visitor, 422, _messages(exc))
    message = "Cảm ơn bạn. Bình luận sẽ hiện sau khi được biên tập viên duyệt."
    if _wants_json(request):
        return remember(JsonResponse({"message": message}, status=201), visitor)
    return remember(
        render(
            request, "engagement/comment_sent.html", {"page": page, "message": message}
        ),
        visitor,
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def poll(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = get_object_or_404(Poll.objects.prefetch_related("choices"), pk=poll_id)
    visitor = identify(request)
    status = 200
    errors: list[str] = []
    if request.method == "POST":
        visitor, refused = _guard(request, "vote", 5, 30)
        if refused:
            return refused
        try:
            services.ballot_cast(
                poll=poll,
                visitor=visitor,
                choice_ids=_ints(request.POST.getlist("choice")),
            )
        except ValidationError as exc:
            msgs = _messages(exc)
            status = _status(msgs)
            if _wants_json(request):
                return _error(request, visitor, status, msgs)
            errors = list(msgs.values())
        else:
            bump_site()
            poll.refresh_from_db()
            if _wants_json(request):
                return remember(JsonResponse(_poll_json(poll)), visitor)
            return remember(
                HttpResponseRedirect(request.path + "?da-binh-chon=1"), visitor
            )
    voted = selectors.has_voted(poll, visitor)
    context = {
        "poll": poll,
        "result": selectors.poll_results(poll),
        "voted": voted,
        "just_voted": "da-binh-chon" in request.GET,
        "errors": errors,
    }
    return remember(
        render(request, "engagement/poll.html", context, status=status), visitor
    )


def _ints(values: list[str]) -> list[int]:
    out = []
    for v in values:
        try:
            out.append(int(v))
        except ValueError:
            raise Http404 from None
    return out


def _poll_json(poll: Poll) -> dict[str, Any]:
    result = selectors.poll_results(poll)
    return {
        "voters": result.voters,
        "choices": [
            {
                "id": r["choice"].pk,
                "text": r["choice"].text,
                "votes": r["votes"],
                "percent": r["percent_display"],
            }
            for r in result.rows
        ],
    }


@csrf_exempt
@require_http_methods(["GET", "POST"])
def beacon(request: HttpRequest) -> HttpResponse:
    """Counts one page view. POST from portal.js answers fresh figures for the page
    (the HTML may come from the cache); GET from <noscript><img> answers a 1×1 GIF."""
    visitor = identify(request)
    data = request.POST if request.method == "POST" else request.GET
    try:
        page_id = int(data.get("p", "")) or None
    except ValueError:
        page_id = None
    if page_id is not None and not 0 < page_id < 2**31:
        page_id = None
    # a reader opens a few pages a minute; past the limit views are not counted,
    # but the answer is the same, so a script learns nothing from it
    if not throttled(visitor, "beacon", BEACON_PER_MINUTE, 60):
        services.hit_record(visitor=visitor, page_id=page_id, path=data.get("u", ""))
    if request.method == "GET":
        response = HttpResponse(GIF, content_type="image/gif")
    else:
        payload: dict[str, Any] = {"stats": selectors.site_stats_cached()}
        if page_id:
            numbers = selectors.page_numbers(page_id)
            payload["views"] = numbers["views"]
            payload["rating"] = numbers["rating"]
            payload["rating"]["mine"] = selectors.rating_of(page_id, visitor)
        response = JsonResponse(payload)
    response["Cache-Control"] = "no-store"
    return remember(response, visitor)
