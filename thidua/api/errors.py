"""One error shape for the whole API: {"errors": [{"field": ..., "message": ...}]}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError


def _loc_to_field(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja prefixes "body"/"query"/"path" and the schema argument name
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    if len(parts) > 1 and parts[0] in ("payload", "data", "params", "filters"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _loc_to_field(e.get("loc", ())), "message": e.get("msg", "")}
            for e in exc.errors
        ]
        return api.create_response(request, {"errors": errors}, status=422)

    @api.exception_handler(DjangoValidationError)
    def _domain(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": field, "message": str(m)}
                for field, msgs in exc.message_dict.items()
                for m in msgs
            ]
        else:
            errors = [{"field": "body", "message": str(m)} for m in exc.messages]
        return api.create_response(request, {"errors": errors}, status=422)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request,
            {"errors": [{"field": "", "message": "Không tìm thấy."}]},
            status=404,
        )

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(
            request,
            {
                "errors": [
                    {
                        "field": "",
                        "message": "Bạn không có quyền thực hiện thao tác này.",
                    }
                ]
            },
            status=403,
        )

    @api.exception_handler(AuthenticationError)
    def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            {"errors": [{"field": "", "message": "Cần đăng nhập."}]},
            status=401,
        )
