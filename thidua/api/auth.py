from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from thidua.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The browser's session, with Django's CSRF check on writes. A request that
    carries no session cookie is not a browser session: it gets a 401 (or is
    authenticated by its token) rather than a CSRF failure."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)


# A bearer token first: it is sent deliberately, so a write needs no CSRF token.
STAFF_AUTH = [TokenAuth(), BrowserSessionAuth()]
