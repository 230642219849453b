"""The answer to an uncaught exception (Django's handler500).

A database that cannot be reached (server down, connections exhausted, SQLite
locked for too long) is a temporary outage, not a bug: the visitor gets a
Vietnamese 503 page with Retry-After, rendered without the database.
Everything else gets the Vietnamese 500 page.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 60


def _database_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    if _database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponse(loader.get_template("500.html").render(), status=500)
    response["Cache-Control"] = "no-store"
    return response
