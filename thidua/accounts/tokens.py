"""API tokens in the back office: each user sees and revokes their own; whoever manages
roles sees and revokes everyone's (a lost key, a person who left)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.accounts.roles import AuthedRequest

from .models import ApiToken
from .roles import can_manage_roles
from .services import api_token_revoke


def _tokens(request: AuthedRequest) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user")
    if can_manage_roles(request.user):
        return tokens
    return tokens.filter(user=request.user)


def token_list(request: AuthedRequest) -> HttpResponse:
    tokens = _tokens(request).order_by("revoked_at", "-created_at")
    return render(
        request,
        "accounts/token_list.html",
        {"tokens": tokens, "now": timezone.now(), "page_title": "Khóa API"},
    )


@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = _tokens(request).filter(pk=pk).first()
    if token is None:  # someone else's token does not exist for this user
        raise Http404
    if api_token_revoke(token=token, by=request.user):
        messages.success(
            request, f"Đã thu hồi khóa API “{token.name}” của {token.user}."
        )
    return redirect("accounts:token-list")
