from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from thidua.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


# Session (with CSRF for writes) for the browser, bearer tokens for other systems.
STAFF_AUTH = [SessionAuth(), TokenAuth()]
