"""The Jinja2 environment of the public portal's templates (`jinja2/`).

Jinja2 renders the portal's pages several times faster than Django's engine
(docs/decisions/0004-public-templates-jinja2.md); the back office keeps Django
templates. The filters below are Django's own functions, so both kinds of page
format dates, numbers and text the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.http import HttpRequest
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # missing from django-stubs
from jinja2 import ChainableUndefined, Environment
from wagtail.models import Page, Site

from thidua.core.templatetags.vi import vi_long_date, vi_money, vi_number, vi_percent

from .a11y import preferences
from .cache import fragment

# published results served by other apps, after the pages "shown in menus"
RESULT_LINKS = [
    {"title": "Xếp hạng thi đua", "url": "/xep-hang/"},
    {"title": "Công khai khen thưởng", "url": "/cong-khai/"},
    {"title": "Quyết định khen thưởng", "url": "/quyet-dinh/"},
    {"title": "Bản đồ", "url": "/ban-do/"},
]


def environment(**options: Any) -> Environment:
    # a missing variable or attribute renders empty, as in Django templates,
    # whatever DEBUG is (Django's backend would pick DebugUndefined in dev)
    options["undefined"] = ChainableUndefined
    # whitespace as Django writes it: the templates were laid out for its output
    env = Environment(keep_trailing_newline=True, **options)
    env.globals.update(
        {
            # the manifest is read once per process; so can its answers be
            "static": functools.cache(static),
            "url": url,
            "a11y": preferences,
            "portal_menu": portal_menu,
        }
    )
    env.filters.update(
        {
            "date": date,
            "escapejs": defaultfilters.escapejs_filter,
            "linebreaksbr": defaultfilters.linebreaksbr,
            "truncatechars": defaultfilters.truncatechars,
            "truncatewords": defaultfilters.truncatewords,
            "urlencode": defaultfilters.urlencode,
            "vi_number": vi_number,
            "vi_percent": vi_percent,
            "vi_money": vi_money,
            "vi_long_date": vi_long_date,
        }
    )
    return env


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


# Django's numeric date format characters, written as Django writes them but
# about ten times faster than its formatter; a page prints a dozen dates
_DATE_FIELDS = {"d": "{0.day:02d}", "m": "{0.month:02d}", "Y": "{0.year:04d}"}
_DATETIME_FIELDS = _DATE_FIELDS | {"H": "{0.hour:02d}", "i": "{0.minute:02d}"}


@functools.cache
def _fast_format(arg: str, with_time: bool) -> str | None:
    """`arg` for str.format, or None where only Django's formatter will do (names,
    escapes, or a time asked of a date, which Django refuses)."""
    fields = _DATETIME_FIELDS if with_time else _DATE_FIELDS
    if any((c.isalpha() and c not in fields) or c == "\\" for c in arg):
        return None
    return "".join(
        fields.get(c) or c.replace("{", "{{").replace("}", "}}") for c in arg
    )


def date(value: dt.date | dt.datetime | None, arg: str | None = None) -> str:
    """Django's `date` filter, in local time as Django's templates give it."""
    value = template_localtime(value)
    if arg and isinstance(value, dt.date):
        fmt = _fast_format(arg, isinstance(value, dt.datetime))
        if fmt is not None:
            return fmt.format(value)
    return defaultfilters.date(value, arg)


def _menu(root: Page) -> list[dict[str, str]]:
    return [{"title": "Trang chủ", "url": "/"}] + [
        {"title": p.title, "url": p.url}
        for p in root.get_children().live().in_menu().only("title", "url_path")
    ]


def portal_menu(request: HttpRequest) -> list[dict[str, str]]:
    """Menu: the home page's children marked "show in menus" (kept until the
    next publish), then the published results."""
    site = Site.find_for_request(request)
    pages = fragment(f"menu:{site.pk}", lambda: _menu(site.root_page)) if site else []
    return [*pages, *RESULT_LINKS]
