"""One-time form tokens: a form sent twice acts once (weak connections, issue 14).

A page puts `{% once_token %}` (templatetags/once.py) in a POST form: a random
token in a hidden field, nothing stored yet. The first POST carrying it claims
the token in the same transaction as the view's work and keeps the view's
answer: the redirect of Post/Redirect/Get and the messages it queued. A repeat
of that POST (a double click, the browser resending after the connection
dropped, a replayed request) waits for the first to finish, then gets the same
redirect and messages; the view does not run again. A view that answers
anything but a redirect did nothing (a form shown again with its errors), so
the claim is dropped and a resend acts afresh.

Claims are kept for KEEP, then purged: an older page's form acts as a new one.
docs/decisions/0012-one-time-form-tokens.md says why this is not a library.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.safestring import SafeData, mark_safe

from .models import FormSubmission

FIELD = "_once"
KEEP = dt.timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")

STALE = (
    "Biểu mẫu này đã được gửi lúc {at} với nội dung khác; lần gửi này không được "
    "thực hiện. Trang dưới đây là kết quả hiện tại — hãy làm lại nếu cần."
)

_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _fingerprint(request: HttpRequest) -> str:
    """The posted fields and files: a resend of the same form has the same one."""
    digest = hashlib.sha256()
    for key in sorted(request.POST):
        if key != "csrfmiddlewaretoken":
            for value in request.POST.getlist(key):
                digest.update(f"{key}\0{value}\0".encode())
    for key in sorted(request.FILES):
        for upload in request.FILES.getlist(key):
            digest.update(f"{key}\0{upload.name}\0{upload.size}\0".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def submit_once(view: _View) -> _View:
    """Decorate a POST view that redirects when it has acted (Post/Redirect/Get)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not _TOKEN.fullmatch(token) or not request.user.is_authenticated:
            return view(request, *args, **kwargs)  # a form without a token: as before
        FormSubmission.objects.filter(at__lt=timezone.now() - KEEP).delete()
        fingerprint = _fingerprint(request)
        # The claim and the view's work commit together or not at all; a
        # concurrent resend blocks on the claim's unique index until then.
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(
                        token=token,
                        user=request.user,
                        path=request.path[:255],
                        fingerprint=fingerprint,
                    )
            except IntegrityError:
                claim = None
            if claim is not None:
                response = view(request, *args, **kwargs)
                if isinstance(response, HttpResponseRedirect):
                    claim.location = response["Location"]
                    claim.messages = [
                        [m.level, str(m.message), m.extra_tags, _is_html(m.message)]
                        for m in _queued(request)
                    ]
                    claim.save(update_fields=["location", "messages"])
                else:
                    claim.delete()
                return response
        return _replay(request, token, fingerprint)

    return cast(_View, wrapper)


def _queued(request: HttpRequest) -> list[Any]:
    # the messages this request added (Django keeps them until the response)
    return list(getattr(messages.get_messages(request), "_queued_messages", []))


def _is_html(message: Any) -> bool:
    # Wagtail's own views queue messages as HTML (a text with buttons): marked
    # safe again on a replay, as Django's message storages do
    return isinstance(message, SafeData)


def _replay(request: HttpRequest, token: str, fingerprint: str) -> HttpResponse:
    first = FormSubmission.objects.get(token=token)
    if first.user_id != request.user.pk:
        raise PermissionDenied
    # messages still waiting from the first answer (its cookie did arrive) are
    # shown once, not twice
    waiting = list(messages.get_messages(request))
    for message in waiting:
        messages.add_message(
            request, message.level, message.message, message.extra_tags
        )
    if first.fingerprint != fingerprint:
        at = timezone.localtime(first.at)
        messages.warning(request, STALE.format(at=f"{at:%H:%M} ngày {at:%d/%m/%Y}"))
    else:
        seen = {str(m.message) for m in waiting}
        # (claims kept before the HTML flag was stored have three items)
        for level, text, tags, *html in first.messages:
            if text not in seen:
                shown = mark_safe(text) if html and html[0] else text
                messages.add_message(request, level, shown, tags)
    return HttpResponseRedirect(first.location)
