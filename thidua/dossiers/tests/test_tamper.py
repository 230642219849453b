"""Finding 11: the database refuses changes to issued decisions and to the audit
trail, whatever path the change takes; bulk, many-to-many, login and privilege
changes are audited; citizens' contact details never reach the audit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction

from thidua.accounts.models import User
from thidua.core import dbguards
from thidua.core.models import AuditEntry
from thidua.dossiers.models import Decision, DecisionItem, Dossier, PublicFeedback

from . import factories as f
from .test_amendment import _issued

pytestmark = pytest.mark.django_db


def _refused(sql: str, params: list | tuple = ()) -> None:
    with pytest.raises(IntegrityError, match="thidua:"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_every_guard_is_installed() -> None:
    assert dbguards.installed() == {f"thidua_guard_{g[0]}" for g in dbguards.GUARDS}


def test_an_issued_decision_cannot_be_changed_by_any_path(world) -> None:
    decision = _issued(world)
    item = decision.items.first()
    summary = decision.summary
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(summary="Đã bị sửa")
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionItem.objects.filter(pk=item.pk).update(amount=1)
    _refused(
        "UPDATE dossiers_decision SET status = 'draft' WHERE id = %s", [decision.pk]
    )
    _refused("DELETE FROM dossiers_decision WHERE id = %s", [decision.pk])
    _refused("UPDATE dossiers_decisionitem SET name = 'X' WHERE id = %s", [item.pk])
    _refused("DELETE FROM dossiers_decisionitem WHERE id = %s", [item.pk])
    _refused(
        "INSERT INTO dossiers_decisionitem (created_at, updated_at, decision_id, position,"
        " kind, name, position_text, award_type_id, amount, amount_basis, recover_amount)"
        " SELECT created_at, updated_at, decision_id, 99, kind, name, position_text,"
        " award_type_id, amount, amount_basis, recover_amount"
        " FROM dossiers_decisionitem WHERE id = %s",
        [item.pk],
    )
    other = Dossier.objects.create(
        unit=f.tan_uyen(), type="annual", year=2024, title="Khác"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        decision.dossiers.add(other)
    decision.refresh_from_db()
    assert decision.summary == summary and decision.is_issued
    assert decision.items.count() == 2

    # a draft stays editable by every path
    draft = Decision.objects.create(
        issuer=world, issuer_name="UBND", authority="CHỦ TỊCH", year=2025,
        summary="Dự thảo", grounds="Căn cứ",
    )  # fmt: skip
    assert Decision.objects.filter(pk=draft.pk).update(summary="Dự thảo mới") == 1
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM dossiers_decision WHERE id = %s", [draft.pk])


def test_the_audit_trail_is_append_only(world) -> None:
    entry = AuditEntry.objects.create(
        actor=f.user("tinh"), action="event", app_label="dossiers", model="dossier",
        object_id="1", object_repr="Hồ sơ", message="Gửi hồ sơ",
    )  # fmt: skip
    _refused("UPDATE core_auditentry SET message = 'sửa' WHERE id = %s", [entry.pk])
    _refused(
        "UPDATE core_auditentry SET actor_id = NULL, message = '' WHERE id = %s",
        [entry.pk],
    )
    _refused("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    # deleting an account keeps its entries, without the link (SET_NULL)
    gone = User.objects.create_user("tam", password="x")
    AuditEntry.objects.create(actor=gone, action="event", app_label="accounts",
                              model="user", object_id="0", object_repr="tạm")  # fmt: skip
    count = AuditEntry.objects.count()
    gone.delete()
    assert AuditEntry.objects.count() > count  # the deletion itself is an entry
    assert AuditEntry.objects.filter(object_repr="tạm", actor=None).exists()


def test_bulk_m2m_login_and_privilege_changes_are_audited(world, client) -> None:
    office = f.user("tinh")
    from thidua.core import audit

    people = world.children.first()
    with audit.acting_as(office):
        type(people).objects.filter(pk=people.pk).update(name="Huyện Tân Uyên mới")
    entry = AuditEntry.objects.filter(model="orgunit", object_id=str(people.pk)).latest(
        "pk"
    )
    assert entry.actor == office and entry.action == "update"
    assert (entry.before["name"], entry.after["name"]) == (
        "Huyện Tân Uyên",
        "Huyện Tân Uyên mới",
    )
    assert entry.message == "Cập nhật hàng loạt"

    # a superuser grant through the Wagtail user form: privileges and groups
    admins = Group.objects.create(name="Quản trị")
    target = f.user("sinho")
    with audit.acting_as(office):
        target.is_superuser = True
        target.save()
        target.groups.add(admins)
    grant = AuditEntry.objects.filter(
        model="user", object_id=str(target.pk), action="update"
    )
    assert grant.filter(
        before__is_superuser=False, after__is_superuser=True, actor=office
    ).exists()
    groups = grant.exclude(after__groups=None).latest("pk")
    assert (
        admins.pk in groups.after["groups"] and admins.pk not in groups.before["groups"]
    )
    assert "password" not in str(list(grant.values_list("before", "after")))

    # logins: failed then succeeded, with the name typed, never the password
    from django.core.cache import cache

    cache.clear()  # django-axes' attempts
    login = "/admin/login/"
    assert (
        client.post(login, {"username": "tinh", "password": "sai-mat-khau"}).status_code
        == 200
    )
    assert (
        client.post(login, {"username": "tinh", "password": "thidua2026"}).status_code
        == 302
    )
    events = list(
        AuditEntry.objects.filter(model="user", action="event").order_by("pk")
        .values_list("message", "object_repr", "actor")
    )  # fmt: skip
    assert ("Đăng nhập không thành công", str(office), None) in events
    assert events[-1] == ("Đăng nhập", str(office), office.pk)
    assert "sai-mat-khau" not in str(
        list(AuditEntry.objects.values_list("before", "after", "message"))
    )


def test_citizens_contact_never_reaches_the_audit(world) -> None:
    dossier = f.dossier_to_council(1)
    feedback = PublicFeedback.objects.create(
        nominee=dossier.nominees.first(), author="Lò Văn Pánh",
        contact="0912 345 678", content="Đồng ý",
    )  # fmt: skip
    feedback.status = "published"
    feedback.save()
    entries = AuditEntry.objects.filter(
        model="publicfeedback", object_id=str(feedback.pk)
    )
    assert entries.count() == 2
    assert "0912" not in str(list(entries.values_list("before", "after")))
