"""Publishing anything the public sees invalidates the full-page cache."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from .cache import bump_site
from .models import Banner, BoundarySet, NewsCategory, PortalSettings


def _bump(**kwargs: Any) -> None:
    bump_site()


def connect() -> None:
    page_published.connect(_bump, dispatch_uid="portal_cache_publish")
    page_unpublished.connect(_bump, dispatch_uid="portal_cache_unpublish")
    for model in (Banner, BoundarySet, NewsCategory, PortalSettings):
        post_save.connect(
            _bump, sender=model, dispatch_uid=f"portal_cache_{model.__name__}"
        )
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"portal_cache_del_{model.__name__}"
        )
