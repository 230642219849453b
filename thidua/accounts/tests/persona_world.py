"""The small world of the persona matrix: every object belongs to Huyện Tân Uyên, and
one account per persona (its own officer, the officer of another district, the bloc's
head, province officer, council member, leader, portal editor, superuser)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)
from wagtail.rich_text import RichText

from thidua.accounts.invitations import invite
from thidua.accounts.models import ApiToken, RoleAssignment, User
from thidua.accounts.services import api_token_create
from thidua.commendations.catalogue import load_catalogue
from thidua.commendations.models import AwardRecord, AwardType
from thidua.dossiers import services
from thidua.dossiers.models import Certificate, CouncilSession, Dossier
from thidua.dossiers.tests import factories as f
from thidua.emulation.models import (
    Indicator,
    Movement,
    Pledge,
    Registration,
    ReportingPeriod,
    ScoringTable,
)
from thidua.engagement.models import Poll
from thidua.forwarding import services as forwarding
from thidua.lib.tests.hostile import pdf_bytes, png_bytes
from thidua.organisation.models import UnitSeal
from thidua.people.models import Person
from thidua.portal.models import NewsCategory, NewsIndexPage, NewsPage
from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit

PERSONAS = {
    "anonymous": None,
    "officer": "tanuyen",
    "other_officer": "sinho",
    "bloc_head": "khoitruong",
    "province": "tinh",
    "council": "hoidong",
    "leader": "lanhdao",
    "editor": "bientap",
    "superuser": "admin",
}


def _upper_dossier() -> tuple[Dossier, int]:
    """A dossier whose two Huân chương nominees the council passed: one already sent
    up as a package, the other still to prepare."""
    office, member = f.user("tinh"), f.user("hoidong")
    dossier = f.dossier_to_council(
        2, title="Đề nghị tặng Huân chương", code="HC_LAO_DONG_3"
    )
    session = services.session_open(
        title="Phiên họp xét Huân chương",
        held_on=dt.date(2026, 1, 12),
        dossiers=[dossier],
        members=[member],
        by=office,
    )
    agenda = list(dossier.nominees.order_by("pk"))
    services.ballot_cast(
        session=session, member=member, choices={n.pk: "yes" for n in agenda}
    )
    services.session_close(session=session, by=office)
    dossier.refresh_from_db()
    sent = forwarding.forwarding_prepare(
        dossier=dossier, nominees=agenda[:1], by=office
    )
    return dossier, sent.pk


def _disclosed_nominee() -> int:
    """A nominee whose dossier is open for public comment today."""
    officer, office = f.user("tanuyen"), f.user("tinh")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2025, title="Lấy ý kiến", by=officer
    )
    (nominee,) = f.nominate(dossier, f.people(1))
    f.attach_all(dossier, officer)
    dossier = services.dossier_submit(dossier=dossier, by=officer)
    services.nominee_review(nominee=nominee, status="accepted", by=office)
    dossier = services.dossier_accept(dossier=dossier, by=office)
    services.disclosure_open(
        dossier=dossier, days=5, starts_on=timezone.localdate(), by=office
    )
    return nominee.pk


def _portal() -> dict[str, int]:
    """A live article, a password-protected page, a poll, and Wagtail documents: one
    no page uses (staff only), one in a password-protected collection."""
    root = Page.objects.get(depth=2)  # the default site's root page
    news = root.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
    category = NewsCategory.objects.create(name="Thi đua", slug="thi-dua")
    article = news.add_child(
        instance=NewsPage(
            title="Tổng kết thi đua",
            category=category,
            lead="Tổng kết",
            body=[("paragraph", RichText("<p>Tổng kết</p>"))],
        )
    )
    article.save_revision().publish()
    locked = PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.PASSWORD, password="matkhau"
    )
    poll = Poll.objects.create(question="Bạn biết phong trào nào?")
    poll.choices.create(text="Thi đua yêu nước")
    poll.choices.create(text="Dân vận khéo")
    private = Collection.get_first_root_node().add_child(name="Nội bộ")
    closed = CollectionViewRestriction.objects.create(
        collection=private,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="matkhau",
    )
    draft = Document.objects.create(
        title="Dự thảo", file=ContentFile(pdf_bytes(), name="du-thao.pdf")
    )
    return {
        "article": article.pk,
        "news": news.pk,
        "page_restriction": locked.pk,
        "poll": poll.pk,
        "collection_restriction": closed.pk,
        "draft_document": draft.pk,
    }


def _emulation(bloc: EmulationBloc, district: Any) -> dict[str, int]:
    """Periods and tables of 2024, a published 2023 ranking, a launched movement
    with its plan and a pledge with its scan (private files)."""
    pledge = Pledge.objects.create(bloc=bloc, year=2024, unit=district)
    pledge.scan.save("giao-uoc.pdf", ContentFile(pdf_bytes()))
    movement = Movement.objects.create(
        name="Thi đua chuyển đổi số",
        launching_body="UBND tỉnh",
        start_date=dt.date(2026, 1, 1),
    )
    movement.plan_document.save("ke-hoach.pdf", ContentFile(pdf_bytes()))
    now = timezone.now()
    ScoringTable.objects.create(
        bloc=bloc, year=2023, name="Bảng 2023", finalized_at=now, published_at=now
    )
    return {
        "indicator": Indicator.objects.create(code="thu-ngan-sach", name="Thu").pk,
        "period": ReportingPeriod.objects.create(bloc=bloc, year=2024).pk,
        "table": ScoringTable.objects.create(bloc=bloc, year=2024, name="Bảng").pk,
        "pledge": pledge.pk,
        "movement": movement.pk,
        "registration": Registration.objects.create(
            year=2024, unit=district, award_code="BK_TINH"
        ).pk,
    }


def build() -> dict[str, Any]:
    """Ids of Tân Uyên's objects, by the names the matrix's URL arguments use."""
    from thidua.accounts.demo import PASSWORD, staff_group

    load_catalogue()
    province = f.small_world()
    district = f.tan_uyen()
    bloc = EmulationBloc.objects.create(name="Khối các huyện", organiser=province)
    BlocMembership.objects.create(bloc=bloc, unit=district, year=2024)
    BlocMembership.objects.create(bloc=bloc, unit=district, year=2023)
    for username, role, extra in [
        ("khoitruong", RoleAssignment.Role.BLOC_HEAD, {"bloc": bloc}),
        ("bientap", RoleAssignment.Role.PORTAL_EDITOR, {"unit": province}),
    ]:
        account = User.objects.create_user(username, password=PASSWORD)
        account.groups.add(staff_group())
        RoleAssignment.objects.create(user=account, role=role, **extra)
    User.objects.create_superuser("admin", password=PASSWORD)

    decision = f.issued_decision(province, "Đã có thành tích xuất sắc")
    item = decision.items.order_by("pk").first()
    assert item is not None
    certificate = Certificate.objects.create(item=item)
    certificate.pdf.save("bang-khen.pdf", ContentFile(pdf_bytes()))
    dossier = decision.dossiers.get()
    session = CouncilSession.objects.get()
    upper, sent = _upper_dossier()
    person = Person.objects.filter(positions__unit=district).order_by("pk").first()
    assert person is not None
    award = AwardRecord.objects.create(
        person=person,
        unit=district,
        award_type=AwardType.objects.get(code="BK_TINH"),
        year=2022,
    )
    newcomer = User.objects.create_user("moi", is_active=False)
    seal = UnitSeal(unit=OrgUnit.objects.get(code="03637"))  # a commune of Tân Uyên
    seal.image.save("con-dau.png", ContentFile(png_bytes()))
    api_token_create(user=f.user("tanuyen"), name="Phần mềm")
    return {
        "token": ApiToken.objects.get().pk,
        "forwarding": sent,
        "upper_dossier": upper.pk,
        "unit": district.pk,
        "bloc": bloc.pk,
        "person": person.pk,
        "position": person.positions.get().pk,
        "role": RoleAssignment.objects.get(user__username="tanuyen").pk,
        "dossier": dossier.pk,
        "document": dossier.documents.order_by("pk").values_list("pk", flat=True)[0],
        "nominee": dossier.nominees.order_by("pk").values_list("pk", flat=True)[0],
        "disclosed_nominee": _disclosed_nominee(),
        "session": session.pk,
        "decision": decision.pk,
        "item": item.pk,
        "certificate_code": certificate.code,
        "award": award.pk,
        "invitation_code": invite(user=newcomer, by=f.user("tinh")),
        "seal": seal.pk,
        "year": 2024,
        **_emulation(bloc, district),
        **_portal(),
    }


def bodies(ids: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Valid JSON bodies for the API's writes (the `body=` argument of a row): a
    refusal must come from the role or the object, not from a malformed body."""
    return {
        "dossier_new": {
            "unit_id": ids["unit"],
            "type": "annual",
            "year": 2025,
            "title": "Đề nghị khen thưởng năm 2025",
        },
        "ballot": {"choices": {str(ids["nominee"]): "yes"}},
    }


def login(client: Any, persona: str) -> None:
    client.logout()
    username = PERSONAS[persona]
    if username:
        client.force_login(User.objects.get(username=username))
