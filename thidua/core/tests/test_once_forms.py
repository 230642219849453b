"""Every back-office form that writes, sent twice with the same one-time token (a
double click, the browser resending after the connection dropped: issue 14, item 6),
acts once and answers the second time as it did the first.

One row of the table per form: who sends it, from which page, with what, and the
rows it makes or changes. The figures grid, the Excel upload, the dossier, council
and decision forms have their own tests (emulation and dossiers test_weak_link.py).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import RoleAssignment, User
from thidua.commendations.models import AdvancedModel, AnnualRating, Initiative
from thidua.core.models import AuditEntry
from thidua.emulation.models import (
    Indicator,
    Pledge,
    Registration,
    ReportingPeriod,
    ScoringTable,
)
from thidua.emulation.tests.test_entry import SCHEME, ind, make_cluster
from thidua.people.models import Person, Position
from thidua.units.demo import district_bloc
from thidua.units.models import BlocMembership, EmulationBloc, LineageEvent, OrgUnit
from thidua.units.services import commune_bloc_create


@dataclass(frozen=True)
class Form:
    user: str
    page: str  # the page that shows the form
    action: str  # where it posts (the page itself when the same)
    body: Callable[[], dict[str, Any]]  # called for each send (files are read once)
    made: Callable[[], QuerySet[Any]]  # the rows the first send makes or changes
    says: str  # the first answer's message
    # for a form that saves a state: someone changes it before the resend
    # arrives, which a second save would undo (saving the same twice writes nothing)
    between: Callable[[], object] = lambda: None


def _audit(model: str, **more: Any) -> Callable[[], QuerySet[Any]]:
    return lambda: AuditEntry.objects.filter(model=model, **more)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _tan_uyen() -> OrgUnit:
    return OrgUnit.objects.get(name="Xã Tân Uyên", valid_to__isnull=True)


def _period() -> ReportingPeriod:
    return make_cluster(_user("tinh"))


def _table(**state: Any) -> ScoringTable:
    period = _period()
    table = ScoringTable.objects.get(bloc=period.bloc, year=period.year)
    ScoringTable.objects.filter(pk=table.pk).update(**state)
    return table


def period_open() -> Form:
    bloc = _period().bloc
    return Form(
        "tinh",
        reverse("emulation_admin:index"),
        reverse("emulation_admin:period_open", args=[bloc.pk]),
        lambda: {"year": "2026", "period": "Q1"},
        lambda: ReportingPeriod.objects.filter(bloc=bloc),
        "Đã mở kỳ báo cáo",
    )


def pledge_sign() -> Form:
    period = _period()
    url = reverse("emulation_admin:pledge", args=[period.pk, _tan_uyen().pk])
    return Form(
        "xatanuyen",
        url,
        url,
        lambda: {
            "signed_on": "2026-01-15",
            "signatories": "Chủ tịch UBND xã, Lường Văn Thử",
            f"plan-{ind('road').pk}": "96",
        },
        _audit("pledge", message__contains="ký giao ước"),
        "Đã ghi giao ước thi đua của Xã Tân Uyên.",
    )


def self_scoring() -> Form:
    table = _table()
    url = reverse("emulation_admin:sheet", args=[table.pk, _tan_uyen().pk, "self"])
    return Form(
        "xatanuyen",
        url,
        url,
        lambda: {"note": "Xã tự chấm"},
        _audit("scoresheet"),
        "Đã lưu phiếu chấm của Xã Tân Uyên",
    )


def _table_action(action: str, says: str, **state: Any) -> Form:
    table = _table(**state)
    ReportingPeriod.objects.filter(bloc=table.bloc).update(status="approved")
    return Form(
        "tinh",
        reverse("emulation_admin:ranking", args=[table.pk]),
        reverse("emulation_admin:table_action", args=[table.pk, action]),
        lambda: {"reason": "Sửa số liệu xã Tân Uyên"},
        _audit("scoringtable", object_id=str(table.pk)),
        says,
    )


def results_finalize() -> Form:
    return _table_action("finalize", "Đã tổng hợp kết quả cuối cùng")


def results_publish() -> Form:
    return _table_action("publish", "Đã công bố kết quả", finalized_at=timezone.now())


def results_reopen() -> Form:
    return _table_action("reopen", "Đã mở lại kết quả", finalized_at=timezone.now())


def table_import() -> Form:
    bloc = _period().bloc
    url = reverse("emulation_admin:table_import")

    def body() -> dict[str, Any]:
        upload = io.BytesIO(json.dumps(SCHEME).encode())
        upload.name = "bang-diem.json"
        return {"bloc": bloc.pk, "year": "2027", "file": upload}

    return Form(
        "tinh",
        url,
        url,
        body,
        _audit("scoringtable", action="create"),
        "Đã nhập bảng điểm.",
    )


def registration_add() -> Form:
    url = reverse("emulation_registration:add")
    return Form(
        "tinh",
        url,
        url,
        lambda: {"year": "2026", "unit": _tan_uyen().pk, "award_code": "TTLDXS"},
        lambda: Registration.objects.filter(unit=_tan_uyen(), award_code="TTLDXS"),
        "Xã Tân Uyên",
    )


def indicator_add() -> Form:
    url = reverse("emulation_indicator:add")
    return Form(
        "tinh",
        url,
        url,
        lambda: {
            "code": "truong_chuan",
            "name": "Trường đạt chuẩn quốc gia",
            "direction": "higher_is_better",
            "period_type": "year",
            "required": "on",
            "decimals": "0",
        },
        lambda: Indicator.objects.filter(code="truong_chuan"),
        "Trường đạt chuẩn quốc gia",
    )


def pledge_edit() -> Form:
    period = _period()
    pledge = Pledge.objects.get(bloc=period.bloc, year=2026, unit=_tan_uyen())
    url = reverse("emulation_pledge:edit", args=[pledge.pk])
    return Form(
        "tinh",
        url,
        url,
        lambda: {
            "bloc": period.bloc.pk,
            "year": "2026",
            "unit": pledge.unit_id,
            "signed_on": "2026-01-20",
            "signatories": "Chủ tịch UBND xã",
        },
        _audit("pledge", object_id=str(pledge.pk), action="update"),
        "Xã Tân Uyên",
        lambda: Pledge.objects.filter(pk=pledge.pk).update(signatories="Bí thư xã"),
    )


def commune_bloc() -> Form:
    url = reverse("units:commune-blocs")
    return Form(
        "xatanuyen",
        url,
        url,
        lambda: {"name": "Khối các bản xã Tân Uyên", "kind": "bloc"},
        lambda: EmulationBloc.objects.filter(name="Khối các bản xã Tân Uyên"),
        "Đã tạo Khối các bản xã Tân Uyên",
    )


def bloc_members() -> Form:
    commune = _tan_uyen()
    villages = [
        OrgUnit.objects.create(code=f"T-{i}", name=name, kind="other", parent=commune)
        for i, name in enumerate(("Bản Nà Ít", "Bản Phiêng Phát"))
    ]
    bloc = commune_bloc_create(
        commune=commune, name="Khối các bản", kind="bloc", by=_user("xatanuyen")
    )
    url = reverse("units:bloc-members", args=[bloc.pk, 2026])
    return Form(
        "xatanuyen",
        url,
        url,
        lambda: {"units": [v.pk for v in villages]},
        _audit("blocmembership"),
        "Đã ghi 2 đơn vị thành viên năm 2026.",
        lambda: BlocMembership.objects.filter(unit=villages[1]).delete(),
    )


def bloc_hand_over() -> Form:
    bloc = district_bloc()
    url = reverse("units:bloc-hand-over", args=[bloc.pk, 2022])
    return Form(
        "khoitruong",
        url,
        url,
        lambda: {
            "to_unit": OrgUnit.objects.get(code="110", valid_from=None).pk,
            "on": "2023-01-20",
            "note": "Tại hội nghị tổng kết",
        },
        _audit("blocyear"),
        "Đã ghi nhận trao quyền đăng cai năm 2023",
    )


def unit_add() -> Form:
    url = reverse("units:unit-add")
    return Form(
        "tinh",
        url,
        url,
        lambda: {
            "code": "T-MOI",
            "name": "Trung tâm Thử",
            "kind": "agency",
            "parent_code": "12",
            "valid_from": "2026-01-01",
        },
        lambda: OrgUnit.objects.filter(code="T-MOI"),
        "Đã lưu Trung tâm Thử.",
    )


def lineage_rename() -> Form:
    url = reverse("units:lineage-add")

    def body() -> dict[str, Any]:
        data = {
            "kind": "rename",
            "effective_date": "2026-01-01",
            "legal_basis": "NQ số 1/NQ",
            "note": "",
            "links-0-predecessor": "03598",
            "links-0-successor": "03598",
            "founded-0-code": "03598",
            "founded-0-name": "Phường Tân Uyên",
            "founded-0-kind": "ward",
            "founded-0-parent_code": "12",
        }
        for prefix, rows in (("links", 1), ("founded", 1), ("moves", 0)):
            data[f"{prefix}-TOTAL_FORMS"] = str(rows + 1)
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        return data

    return Form(
        "tinh",
        url,
        url,
        body,
        lambda: LineageEvent.objects.all(),
        "Đã ghi nhận",
    )


PERSON = {
    "full_name": "Lò Thị Mới",
    "gender": "female",
    "birth_year": "1992",
    "ethnicity": "Thái",
    "target_group": "cong_chuc",
}
POST = {"unit_code": "03598", "title": "Công chức văn hóa – xã hội"}


def _person(ended: dt.date | None = None) -> Person:
    person = Person.objects.create(full_name="Lò Thị Cũ", gender="female")
    Position.objects.create(
        person=person, unit=_tan_uyen(), start_date=dt.date(2025, 8, 1), end_date=ended
    )
    return person


def person_add() -> Form:
    url = reverse("people:person-add")
    return Form(
        "xatanuyen",
        url,
        url,
        lambda: {**PERSON, **POST, "start_date": "2025-08-01"},
        lambda: Person.objects.filter(full_name="Lò Thị Mới"),
        "Đã thêm Lò Thị Mới.",
    )


def person_edit() -> Form:
    person = _person()
    url = reverse("people:person-edit", args=[person.pk])
    return Form(
        "xatanuyen",
        url,
        url,
        lambda: {**PERSON, "full_name": "Lò Thị Đổi"},
        _audit("person", object_id=str(person.pk)),
        "Đã lưu Lò Thị Cũ.",  # the name before the change, as it was,
    )


def position_add() -> Form:
    person = _person(ended=dt.date(2026, 1, 31))
    url = reverse("people:position-add", args=[person.pk])
    return Form(
        "xatanuyen",
        url,
        url,
        lambda: {**POST, "title": "Phó Chủ tịch", "start_date": "2026-02-01"},
        lambda: Position.objects.filter(person=person),
        "Đã thêm chức vụ của Lò Thị Cũ.",
    )


def position_end() -> Form:
    position = _person().positions.get()
    url = reverse("people:position-end", args=[position.pk])
    return Form(
        "xatanuyen",
        url,
        url,
        lambda: {"end_date": "2026-01-31"},
        _audit("position", object_id=str(position.pk)),
        "Đã kết thúc chức vụ tại Xã Tân Uyên.",
    )


def _registry(
    kind: str, body: dict[str, Any], made: Callable[[], QuerySet[Any]], says: str
) -> Form:
    url = reverse("commendations:registry-create", args=[kind])
    return Form("tinh", url, url, lambda: body, made, says)


def initiative_add() -> Form:
    person = _person()
    body = {
        "title": "Bản đồ số bản",
        "authors": str(person.pk),
        "scope": "tinh",
        "recognised_year": "2024",
        "recognised_on": "2024-12-20",
    }
    return _registry(
        "initiatives",
        body,
        lambda: Initiative.objects.filter(title="Bản đồ số bản"),
        "Đã lưu sáng kiến",
    )


def advanced_model_add() -> Form:
    body = {
        "holder_kind": "collective",
        "collective": _tan_uyen().pk,
        "title": "Dân vận khéo",
        "year": "2024",
        "level": "tinh",
    }
    return _registry(
        "models",
        body,
        lambda: AdvancedModel.objects.filter(title="Dân vận khéo"),
        "Đã lưu điển hình tiên tiến",
    )


def advanced_model_edit() -> Form:
    model = AdvancedModel.objects.create(
        collective=_tan_uyen(), title="Dân vận khéo", year=2024, level="tinh"
    )
    url = reverse("commendations:registry-edit", args=["models", model.pk])
    body = {
        "holder_kind": "collective",
        "collective": _tan_uyen().pk,
        "title": "Dân vận khéo, bản văn hóa",
        "year": "2024",
        "level": "tinh",
    }
    return Form(
        "tinh",
        url,
        url,
        lambda: body,
        _audit("advancedmodel", object_id=str(model.pk), action="update"),
        "Đã lưu điển hình tiên tiến",
        lambda: AdvancedModel.objects.filter(pk=model.pk).update(level="huyen"),
    )


def rating_add() -> Form:
    person = _person()
    body = {
        "holder_kind": "individual",
        "person_ref": str(person.pk),
        "year": "2025",
        "rating": "HTT",
    }
    return _registry(
        "ratings",
        body,
        lambda: AnnualRating.objects.filter(person=person),
        "Đã lưu xếp loại",
    )


def rating_delete() -> Form:
    person = _person()
    rating = AnnualRating.objects.create(
        person=person, year=2024, rating="HTT", unit=_tan_uyen()
    )
    url = reverse("commendations:registry-delete", args=["ratings", rating.pk])
    return Form(
        "tinh",
        url,
        url,
        dict,
        _audit("annualrating", object_id=str(rating.pk), action="delete"),
        "Đã xóa xếp loại",
    )


def role_assign() -> Form:
    url = reverse("accounts:role-list")
    editor = _user("bientap")
    return Form(
        "tinh",
        url,
        url,
        lambda: {"user": editor.pk, "role": "unit_officer", "unit_code": "03598"},
        lambda: RoleAssignment.objects.filter(user=editor, role="unit_officer"),
        "Đã phân vai trò",
    )


def role_revoke() -> Form:
    role = RoleAssignment.objects.get(user__username="bientap")
    return Form(
        "tinh",
        reverse("accounts:role-list"),
        reverse("accounts:role-delete", args=[role.pk]),
        dict,
        _audit("roleassignment", object_id=str(role.pk), action="delete"),
        "Đã thu hồi vai trò",
    )


FORMS = {
    form.__name__: form
    for form in (
        period_open,
        pledge_sign,
        self_scoring,
        results_finalize,
        results_publish,
        results_reopen,
        table_import,
        registration_add,
        indicator_add,
        pledge_edit,
        commune_bloc,
        bloc_members,
        bloc_hand_over,
        unit_add,
        lineage_rename,
        person_add,
        person_edit,
        position_add,
        position_end,
        initiative_add,
        advanced_model_add,
        advanced_model_edit,
        rating_add,
        rating_delete,
        role_assign,
        role_revoke,
    )
}


def _token(page: str, action: str, itself: str) -> str:
    """The one-time token of the page's form that posts to `action`."""
    for attrs, body in re.findall(r"<form\b([^>]*)>(.*?)</form>", page, re.S | re.I):
        target = re.search(r'\baction="([^"]*)"', attrs)
        if (target.group(1) if target and target.group(1) else itself) == action:
            found = re.search(r'name="_once" value="([^"]+)"', body)
            assert found, f"the form posting to {action} has no one-time token"
            return found.group(1)
    raise AssertionError(f"no form posting to {action}")


def _messages(client: Client, location: str) -> str:
    page = client.get(location).content.decode()
    return page.split('class="messages"', 1)[1].split("</ul>", 1)[0]


def _rows(form: Form) -> set[int]:
    return set(form.made().values_list("pk", flat=True))


@pytest.mark.parametrize("name", FORMS)
def test_a_form_sent_twice_acts_once(
    client: Client, demo_world: Any, name: str
) -> None:
    form = FORMS[name]()
    client.force_login(_user(form.user))
    page = client.get(form.page)
    assert page.status_code == 200
    token = _token(page.content.decode(), form.action, form.page)
    before = _rows(form)
    first = client.post(form.action, {**form.body(), "_once": token})
    assert first.status_code == 302, first.content.decode()[-3000:]
    assert _rows(form) != before  # it acted
    form.between()
    after = _rows(form)
    audited = AuditEntry.objects.count()
    client.cookies.pop("messages", None)  # the answer was lost, its cookie too

    again = client.post(form.action, {**form.body(), "_once": token})

    assert (again.status_code, again["Location"]) == (302, first["Location"])
    assert _rows(form) == after
    assert AuditEntry.objects.count() == audited  # nothing else written either
    shown = _messages(client, again["Location"])
    assert shown.count(form.says) == 1, shown
    assert "&lt;" not in shown  # Wagtail's messages are HTML: replayed as such


def test_old_claims_are_deleted_without_being_read() -> None:
    # the audit's delete trail listens to audited models only: Django deletes
    # unaudited rows in one statement instead of reading each to signal it
    from django.db.models.deletion import Collector

    from thidua.core.models import FormSubmission

    assert Collector(using="default").can_fast_delete(FormSubmission.objects.all())
