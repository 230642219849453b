"""One error shape for the whole API: {"errors": [{"field": ..., "message": ...}]}.

Every answer that is not a success uses it, in Vietnamese: bad input is a 422
naming the field, a body that is not JSON (or nests too deeply) a 422 on
`body`; a database that cannot be reached a 503; anything unexpected a 500
that is logged with its traceback, never a page of HTML.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from thidua.lib import jsonbody

logger = logging.getLogger("thidua.api")

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Cần đăng nhập hoặc khóa API hợp lệ.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy.",
    405: "Phương thức không được hỗ trợ.",
    429: "Quá nhiều yêu cầu, hãy thử lại sau.",
    500: "Lỗi hệ thống; lỗi đã được ghi lại.",
    503: "Cơ sở dữ liệu tạm thời không truy cập được, hãy thử lại sau ít phút.",
}


class BoundedJSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return jsonbody.loads(request.body)


def _loc_to_field(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja prefixes "body"/"query"/"path" and the schema argument name
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    if len(parts) > 1 and parts[0] in ("payload", "data", "params", "filters"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def error_body(field: str, message: str) -> dict[str, list[dict[str, str]]]:
    return {"errors": [{"field": field, "message": message}]}


def install(api: NinjaAPI) -> None:
    def answer(request: HttpRequest, status: int, field: str = "", message: str = ""):  # type: ignore[no-untyped-def]
        return api.create_response(
            request, error_body(field, message or MESSAGES[status]), status=status
        )

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
        return answer(request, 404)

    @api.exception_handler(OverflowError)
    def _no_such_id(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # an id past the database's integer range (SQLite raises before querying)
        return answer(request, 404)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return answer(request, 403)

    @api.exception_handler(AuthenticationError)
    def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return answer(request, 401)

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, (jsonbody.JSONBodyError, RecursionError)):
            return answer(request, 422, "body", str(exc.__cause__))
        if exc.status_code == 400:  # ninja's "Cannot parse request body"
            return answer(request, 422, "body", "Nội dung phải là JSON hợp lệ.")
        if exc.status_code == 403 and "CSRF" in str(exc):
            return answer(
                request,
                403,
                "",
                "Thiếu hoặc sai mã CSRF (dùng khóa API cho hệ thống khác).",
            )
        status = exc.status_code
        return answer(request, status, "", MESSAGES.get(status, str(exc)))

    @api.exception_handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if isinstance(exc, (OperationalError, InterfaceError)):
            logger.error("database unavailable: %s", exc)
            response = answer(request, 503)
            response["Retry-After"] = "60"
            return response
        logger.exception("API error on %s %s", request.method, request.path)
        return answer(request, 500)
