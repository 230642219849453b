from django import forms
from django.test.html import parse_html

from thidua.lib import widgets


def test_the_select_writes_djangos_markup() -> None:
    choices = [("", "---"), ("a", "Cá <nhân>"), ("b", 'Tập "thể"')]
    for chosen in ("", "b"):
        attrs = {"id": "id_kind", "required": True, "disabled": False}
        ours = widgets.Select(choices=choices).render("kind", chosen, attrs)
        django = forms.Select(choices=choices).render("kind", chosen, attrs)
        assert parse_html(ours) == parse_html(django)
    grouped = [("Nhóm", [("x", "X")]), ("y", "Y")]
    assert parse_html(widgets.Select(choices=grouped).render("g", "x")) == parse_html(
        forms.Select(choices=grouped).render("g", "x")
    )
