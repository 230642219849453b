"""django-axes' gate in front of the password check, for web logins only."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottle(AxesStandaloneBackend):
    """Refuses a locked-out account name before its password is checked.

    `authenticate()` without a request (the shell, the test client's login)
    is not reachable from the web, so it is not throttled rather than refused."""

    def authenticate(
        self, request: HttpRequest | None, *args: Any, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, *args, **kwargs)
        return None
