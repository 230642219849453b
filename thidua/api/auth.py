from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja.security import HttpBearer, SessionAuth

from thidua.accounts.services import api_token_user

# (user, **the path's ids), raising PermissionDenied or Http404; its result is unused
AccessCheck = Callable[..., object]


def _run(check: AccessCheck | None, request: HttpRequest, user: Any) -> None:
    """An operation's access check, in the authentication step: django-ninja
    authenticates before it validates, so a refused role gets its 403 or 404
    whatever it sent, rather than a 422 for a body it may not send anyway."""
    if check is None:
        return
    match = request.resolver_match
    try:
        ids = {k: int(v) for k, v in (match.kwargs if match else {}).items()}
    except ValueError:
        raise Http404 from None
    check(user, **ids)


class TokenAuth(HttpBearer):
    def __init__(self, check: AccessCheck | None = None) -> None:
        super().__init__()
        self.check = check

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
            _run(self.check, request, user)
        return user


class BrowserSessionAuth(SessionAuth):
    """The browser's session, with Django's CSRF check on writes. A request that
    carries no session cookie is not a browser session: it gets a 401 (or is
    authenticated by its token) rather than a CSRF failure."""

    def __init__(self, check: AccessCheck | None = None) -> None:
        super().__init__()
        self.check = check

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            _run(self.check, request, user)
        return user


def staff_auth(check: AccessCheck | None = None) -> list[Any]:
    """A bearer token first: it is sent deliberately, so a write needs no CSRF
    token. `check` runs once the user is known, before the body is validated."""
    return [TokenAuth(check), BrowserSessionAuth(check)]


STAFF_AUTH = staff_auth()
