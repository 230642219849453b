from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from .models import ApiToken, User


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> str:
    """Create a token and return its clear key, which is shown once and never stored."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=_digest(key))
    return key


def api_token_user(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=_digest(key)).first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
