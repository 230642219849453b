from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .audit import acting_as


def audit_actor_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Attribute every audited write made during a request to its user."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return get_response(request)
        with acting_as(user):
            return get_response(request)

    return middleware


def permissions_policy_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Turn off browser features no page uses (settings.PERMISSIONS_POLICY)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def language_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Vietnamese for everyone whatever the browser says; English only as a
    signed-in user's own choice (Wagtail's account preference "Ngôn ngữ").

    Replaces Django's LocaleMiddleware, which follows Accept-Language."""

    def middleware(request: HttpRequest) -> HttpResponse:
        language = settings.LANGUAGE_CODE
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            profile = getattr(user, "wagtail_userprofile", None)
            chosen = getattr(profile, "preferred_language", "")
            if chosen in dict(settings.LANGUAGES):
                language = chosen
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware
