import datetime as dt
from decimal import Decimal

from django.template import Context, Template

from thidua.lib import formats


def test_number_uses_dot_thousands_and_comma_decimals():
    assert formats.number(2340000, 0) == "2.340.000"
    assert formats.number(1234.5) == "1.234,5"
    assert formats.number(Decimal("0.125"), 2, trim=False) == "0,13"
    assert formats.number(7.0) == "7"
    assert formats.number(None) == ""


def test_percent_and_money():
    assert formats.percent(149.66) == "149,7%"
    assert formats.percent(None) == "không xác định"
    assert formats.money(2340000) == "2.340.000 đồng"
    assert formats.money(None) == ""


def test_dates():
    assert formats.long_date(dt.date(2026, 11, 26)) == "ngày 26 tháng 11 năm 2026"
    assert formats.long_date(dt.date(2021, 1, 5)) == "ngày 05 tháng 01 năm 2021"
    assert formats.long_date(dt.date(2025, 7, 1)) == "ngày 01 tháng 7 năm 2025"
    assert formats.short_date(dt.date(2025, 6, 30)) == "30/06/2025"
    assert formats.short_date(None) == ""


def test_template_filters():
    html = Template(
        "{% load vi %}{{ n|vi_number:0 }} {{ p|vi_percent }} {{ m|vi_money }} {{ d|vi_long_date }}"
    ).render(Context({"n": 1500, "p": 98.25, "m": 500000, "d": dt.date(2020, 12, 31)}))
    assert html == "1.500 98,3% 500.000 đồng ngày 31 tháng 12 năm 2020"


def test_rounding_is_half_up_on_the_decimal_value():
    assert formats.number(2.675, 2) == "2,68"  # a float would give 2,67
    assert formats.number(-1.5, 0) == "-2"
    assert formats.number(1234567.891, 1) == "1.234.567,9"


def test_template_filters_show_nothing_for_empty_values():
    from thidua.core.templatetags.vi import vi_money, vi_number, vi_percent

    assert vi_number("") == "" and vi_number(None) == ""
    assert vi_money("") == ""
    assert vi_percent("") == "không xác định"
    assert vi_number(2.47) == "2,47" and vi_percent(149.697) == "149,7%"
