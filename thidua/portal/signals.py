"""Publishing anything the public sees invalidates the full-page cache and the
fragments (menu, cards, related news, rendered bodies) built from it."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from thidua.organisation.models import Organisation

from .cache import bump_site
from .models import Banner, BoundarySet, NewsCategory, PortalSettings


def _bump(**kwargs: Any) -> None:
    bump_site()


def _bump_banner(instance: Any, **kwargs: Any) -> None:
    # a replaced file makes new renditions: the cached header must not keep the old
    if Organisation.objects.filter(banner=instance).exists():
        bump_site()


def connect() -> None:
    page_published.connect(_bump, dispatch_uid="portal_cache_publish")
    page_unpublished.connect(_bump, dispatch_uid="portal_cache_unpublish")
    # a move changes URLs in menus and cards; a deletion removes a card
    post_page_move.connect(_bump, dispatch_uid="portal_cache_move")
    post_delete.connect(_bump, sender=Page, dispatch_uid="portal_cache_page_delete")
    # a new restriction must also stop cached copies of the page being served
    post_save.connect(
        _bump_banner, sender=get_image_model(), dispatch_uid="portal_cache_image"
    )
    for model in (
        Banner,
        BoundarySet,
        NewsCategory,
        PortalSettings,
        Organisation,  # the portal names the organisation when `agency` is empty
        Site,
        PageViewRestriction,
    ):
        post_save.connect(
            _bump, sender=model, dispatch_uid=f"portal_cache_{model.__name__}"
        )
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"portal_cache_del_{model.__name__}"
        )
