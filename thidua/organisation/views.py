"""A commune's seal image for those who keep it: a private file (thidua/lib/files.py)."""

from __future__ import annotations

from django.http.response import HttpResponseBase

from thidua.accounts.roles import AuthedRequest
from thidua.lib import files

from .access import seal_for_user


def seal_image(request: AuthedRequest, pk: int) -> HttpResponseBase:
    name = seal_for_user(request.user, pk).image.name or ""  # the field is required
    return files.serve(name, name.rsplit("/", 1)[-1])
