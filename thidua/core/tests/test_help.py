"""The user guide replaces Wagtail's English help links, which lead to the internet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import staff_group
from thidua.units.models import OrgUnit


@pytest.mark.django_db
def test_the_guide_puts_the_readers_own_role_first_and_wagtail_links_are_gone(client):
    unit = OrgUnit.objects.create(code="X1", name="Xã Một", kind=OrgUnit.Kind.COMMUNE)
    user = User.objects.create_user("xa", password="x" * 12, full_name="Lò Thị Ba")
    user.groups.add(staff_group())
    RoleAssignment.objects.create(user=user, role="unit_officer", unit=unit)
    client.force_login(user)
    page = client.get(reverse("help")).content.decode()
    first = page.index('<h2 id="role-')
    assert page[first:].startswith('<h2 id="role-unit_officer">Cán bộ TĐKT đơn vị')
    assert "vai trò của bạn" in page and page.count("vai trò của bạn") == 1
    assert "Kỳ báo cáo thi đua đang mở" in page  # the home's own task names
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Hướng dẫn sử dụng" in home
    assert "guide.wagtail.org" not in home and "editor-guide" not in home
    assert "whats-new-in-wagtail" not in home
