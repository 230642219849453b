from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from thidua.core.wagtail_hooks import ShownIf

from . import second_factor, tokens, views
from .roles import can_manage_roles

urls = [
    path("", views.role_list, name="role-list"),
    path("<int:pk>/delete/", views.role_delete, name="role-delete"),
    path("import/", views.user_import, name="user-import"),
    path(
        "import/template.xlsx", views.user_import_template, name="user-import-template"
    ),
    path("khoa-api/", tokens.token_list, name="token-list"),
    path("khoa-api/<int:pk>/thu-hoi/", tokens.token_revoke, name="token-revoke"),
]


@hooks.register("register_admin_urls")
def register_accounts_urls() -> list[Any]:
    return [
        path("roles/", include((urls, "accounts"), namespace="accounts")),
        path("xac-thuc/", second_factor.verify, name="second-factor-verify"),
        path("xac-thuc/dang-ky/", second_factor.enrol, name="second-factor-enrol"),
    ]


@hooks.register("register_catalogue_menu_item")
def register_roles_menu_item() -> MenuItem:
    return ShownIf(
        "Phân vai trò",
        reverse("accounts:role-list"),
        icon_name="key",
        order=190,
        allowed=can_manage_roles,
    )


@hooks.register("register_catalogue_menu_item")
def register_user_import_menu_item() -> MenuItem:
    return ShownIf(
        "Nhập tài khoản, vai trò",
        reverse("accounts:user-import"),
        icon_name="upload",
        order=191,
        allowed=can_manage_roles,
    )


@hooks.register("register_catalogue_menu_item")
def register_tokens_menu_item() -> MenuItem:
    return ShownIf(
        "Khóa API",
        reverse("accounts:token-list"),
        icon_name="key",
        order=192,
        allowed=lambda user: can_manage_roles(user) or user.api_tokens.exists(),
    )
