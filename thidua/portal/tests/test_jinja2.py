from __future__ import annotations

import datetime as dt

import pytest
from django.template import defaultfilters, engines
from django.utils.timezone import template_localtime

from thidua.portal.jinja2 import date

UTC = dt.UTC
VALUES = [
    dt.date(2020, 12, 30),
    dt.date(987, 1, 2),
    dt.datetime(2021, 3, 4, 17, 5, tzinfo=UTC),  # 00:05 the next day in Hà Nội
    dt.datetime(2021, 3, 4, 5, 6),
    None,
    "",
]


@pytest.mark.parametrize(
    "arg", ["d/m/Y", "Y-m-d", "d/m/Y H:i", "H:i d/m/Y", "j F Y", r"\N\g\à\y d", "{d}"]
)
def test_the_date_filter_writes_what_django_writes(arg):
    for value in VALUES:
        try:
            expected = defaultfilters.date(template_localtime(value), arg)
        except TypeError:  # Django refuses a time format for a date
            with pytest.raises(TypeError):
                date(value, arg)
        else:
            assert date(value, arg) == expected, value


def test_missing_variables_render_empty_as_in_django_templates():
    template = engines["jinja2"].from_string('<b data-page="{{ page.id or "" }}">')
    assert template.render({}) == '<b data-page="">'
