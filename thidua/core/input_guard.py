"""Refuse requests carrying a NUL character before any view sees them.

PostgreSQL cannot store or even compare text containing NUL (0x00), so a NUL
in a search box, a comment, a cookie or a verification code would reach the
database driver and fail there as a 500. No Vietnamese text contains one: the
request is answered 400 (HTML) or 422 in the API's error shape. Multipart
and binary bodies are left alone: files legitimately contain NUL bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

MESSAGE = "Yêu cầu chứa ký tự không hợp lệ (NUL)."


def _has_nul(request: HttpRequest) -> bool:
    meta = request.META
    if "\x00" in request.path or b"\x00" in unquote_to_bytes(
        meta.get("QUERY_STRING", "")
    ):
        return True
    if "\x00" in meta.get("HTTP_COOKIE", "") or "%00" in meta.get("HTTP_COOKIE", ""):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    content_type = meta.get("CONTENT_TYPE", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        return b"\x00" in unquote_to_bytes(request.body.replace(b"+", b" "))
    if not content_type or "json" in content_type or content_type.startswith("text/"):
        return b"\x00" in request.body or b"\\u0000" in request.body
    return False


def nul_guard_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        if not _has_nul(request):
            return get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"errors": [{"field": "body", "message": MESSAGE}]}, status=422
            )
        html = loader.get_template("400.html").render({"message": MESSAGE})
        return HttpResponse(html, status=400)

    return middleware
