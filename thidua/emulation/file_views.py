"""Downloads of a movement's plan and a pledge's scan: private files, served only
after the access check (thidua/lib/files.py, rules in emulation/access.py)."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from thidua.accounts.roles import AuthedRequest
from thidua.lib import files

from .access import launched_movement_plan, movement_plan_for_user, pledge_scan_for_user


def _serve(field: FieldFile) -> HttpResponseBase:
    name = field.name or ""  # the access helpers only return owners with a file
    return files.serve(name, name.rsplit("/", 1)[-1])


def movement_plan(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _serve(movement_plan_for_user(request.user, pk).plan_document)


def pledge_scan(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _serve(pledge_scan_for_user(request.user, pk).scan)


def public_movement_plan(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _serve(launched_movement_plan(pk).plan_document)
