"""Who a request acts as: the types every access helper and back-office view share."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from .models import User

# what `request.user` may be; access helpers answer "nothing" for AnonymousUser
AnyUser: TypeAlias = User | AnonymousUser


class AuthedRequest(HttpRequest):
    """A request that reached a back-office view or a staff API endpoint: the Wagtail
    admin and the API's auth classes have already refused anonymous visitors."""

    user: User
