from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register()
def site_url_host_allowed(app_configs: Any, **kwargs: Any) -> list[Warning]:
    from urllib.parse import urlsplit

    host = urlsplit(settings.SITE_URL).hostname or ""
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG or "*" in allowed or host in allowed:
        return []
    return [
        Warning(
            f"SITE_URL host {host!r} is not in ALLOWED_HOSTS",
            hint="QR codes on certificates point at SITE_URL; add its host.",
            id="thidua.W001",
        )
    ]
