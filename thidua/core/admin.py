from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


def _superusers_only(request: HttpRequest) -> bool:
    # /django-admin/ is for developers and support; staff work in the Wagtail admin.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]
