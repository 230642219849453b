"""Private files: stored outside MEDIA_ROOT under unguessable names, served only by a
view that has checked access (nginx X-Accel-Redirect in production, Django itself
in the demo), always as a download.

A file is public only through a view of what it belongs to once that is published
(an issued decision, a certificate being verified); the view calls `serve` after
its own check, so the rule lives with the owner, not with the storage.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import secrets
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_MEDIA_ROOT, with no URL: never web-served."""

    def __init__(self, location: str | None = None, **kwargs: Any) -> None:
        self._private_location = location
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self) -> Any:
        return self._private_location or settings.PRIVATE_MEDIA_ROOT

    def _clear_cached_properties(self, setting: Any, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("Tệp riêng tư chỉ được tải qua trang kiểm tra quyền.")


def private_storage() -> Storage:
    return storages["private"]


def token_name(prefix: str, filename: str) -> str:
    """prefix/2026/<22 random characters>/name.ext: the name cannot be guessed."""
    name = get_valid_filename(filename.rsplit("/", 1)[-1]) or "tep"
    return f"{prefix}/{dt.date.today():%Y}/{secrets.token_urlsafe(16)}/{name}"


@deconstructible
class TokenPath:
    """upload_to for FileFields: see token_name."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance: Any, filename: str) -> str:
        return token_name(self.prefix, filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TokenPath) and other.prefix == self.prefix


def disposition(filename: str, kind: str = "attachment") -> str:
    return f"{kind}; filename*=utf-8''{quote(filename)}"


def accel(
    location: str, name: str, *, content_type: str, content_disposition: str
) -> HttpResponse:
    """An empty answer that has nginx send storage file `name` from its `internal`
    `location` (X-Accel-Redirect). nginx keeps Content-Type, Content-Disposition and
    Cache-Control from it, not X-Content-Type-Options nor Content-Security-Policy:
    docs/deploy/nginx.conf adds those in the internal locations themselves."""
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = location.rstrip("/") + "/" + quote(name)
    response["Content-Disposition"] = content_disposition
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve(
    name: str, filename: str, content_type: str | None = None
) -> HttpResponseBase:
    """A private file as a download, after the caller has checked access."""
    content_type = (
        content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    )
    response: HttpResponseBase
    if settings.PRIVATE_MEDIA_ACCEL:
        response = accel(
            settings.PRIVATE_MEDIA_ACCEL,
            name,
            content_type=content_type,
            content_disposition=disposition(filename),
        )
    else:
        response = FileResponse(
            private_storage().open(name, "rb"),
            as_attachment=True,
            filename=filename,
            content_type=content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class _Link:
    """What a file input shows for the current file: a name and where to fetch it."""

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.name = name

    def __str__(self) -> str:
        return self.name


class PrivateFileInput(forms.ClearableFileInput):
    """A file input whose current file links to the view that checks access
    (`url_name`, taking the owner's pk): the private storage has no URL."""

    def __init__(self, url_name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url_name = url_name

    def is_initial(self, value: Any) -> bool:
        return bool(value and getattr(value, "name", ""))

    def format_value(self, value: Any) -> Any:
        if not self.is_initial(value):
            return None
        url = reverse(self.url_name, args=[value.instance.pk])
        return _Link(url, value.name.rsplit("/", 1)[-1])
