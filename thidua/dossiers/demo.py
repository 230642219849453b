"""Demo: issued decisions of each type with certificates, one amending and one
revoking decision, and, dated around the day the demo is loaded, work waiting for
every role: a draft and a returned dossier (commune), one to review, one under
disclosure with a comment to moderate, one in an open council session, a decision
to sign (the department that took over the district's work in 2025).

Everything goes through the services, so the audit trail reads like real work.
Idempotent: dossiers are found by title.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.accounts.demo import PASSWORD, staff_group
from thidua.accounts.models import RoleAssignment, User
from thidua.commendations.catalogue import load_catalogue
from thidua.commendations.models import AwardType
from thidua.people.models import Person
from thidua.units.demo import province
from thidua.units.models import OrgUnit
from thidua.units.selectors import descendant_ids

from . import services
from .models import CertificateRun, Decision, Dossier, DossierDocument

YEAR = 2024
EXTRA_COUNCIL = [("hoidong2", "Lò Thị Xuân"), ("hoidong3", "Vàng A Dế")]

# title, type, award code, number of people, decision number, decision date, reason
DECIDED = [
    (
        "Đề nghị tặng Bằng khen tổng kết năm 2024",
        "annual",
        "BK_TINH",
        6,
        112,
        dt.date(2025, 1, 20),
        "hoàn thành xuất sắc nhiệm vụ năm 2024",
    ),
    (
        "Đề nghị khen thưởng chuyên đề xây dựng nông thôn mới",
        "thematic",
        "BK_TINH",
        3,
        845,
        dt.date(2025, 8, 12),
        "xuất sắc trong phong trào thi đua “Lai Châu chung sức xây dựng nông thôn mới”",
    ),
    (
        "Đề nghị khen thưởng đột xuất cứu hộ mưa lũ",
        "ad_hoc",
        "BK_TINH",
        2,
        901,
        dt.date(2025, 9, 5),
        "dũng cảm cứu người, cứu tài sản trong đợt mưa lũ tháng 8 năm 2025",
    ),
    (
        "Đề nghị khen thưởng quá trình cống hiến",
        "contribution",
        "BK_TINH",
        2,
        1020,
        dt.date(2025, 10, 2),
        "có quá trình cống hiến trong sự nghiệp xây dựng và phát triển tỉnh Lai Châu",
    ),
]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _council() -> list[User]:
    members = [_user("hoidong")]
    for username, full_name in EXTRA_COUNCIL:
        member, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name}
        )
        if created:
            member.set_password(PASSWORD)
            member.save()
        member.groups.add(staff_group())
        RoleAssignment.objects.get_or_create(
            user=member, role=RoleAssignment.Role.COUNCIL_MEMBER, unit=province()
        )
        members.append(member)
    return members


class _People:
    """Hands out a unit's people in order so no one is nominated twice."""

    def __init__(self, unit: OrgUnit, on: dt.date) -> None:
        self.unit = unit
        scope = descendant_ids([unit.pk])
        self.people = list(Person.objects.in_units(scope, on=on).vn_ordered())
        self.next = 0

    def take(self) -> Person | None:
        if self.next >= len(self.people):
            return None
        self.next += 1
        return self.people[self.next - 1]


def _dossier(
    title: str,
    type: str,
    n: int,
    code: str,
    people: _People,
    *,
    officer: str,
    on: dt.date,
    year: int,
) -> Dossier:
    unit = people.unit
    dossier = services.dossier_create(
        unit=unit,
        type=type,
        year=year,
        title=title,
        movement="Lai Châu chung sức xây dựng nông thôn mới"
        if type == "thematic"
        else "",
        by=_user(officer),
        on=on,
    )
    officer_user = _user(officer)
    award = AwardType.objects.get(code=code)
    added = 0
    while added < n and (person := people.take()) is not None:
        fields: dict[str, Any] = {
            "dossier": dossier,
            "kind": "individual",
            "person": person,
            "award_type": award,
            "achievement": "Hoàn thành xuất sắc nhiệm vụ; tích cực trong các phong trào thi đua.",
            "by": officer_user,
        }
        try:
            services.nominee_add(**fields)
        except ValidationError:
            try:
                services.nominee_add(
                    **fields,
                    justification="Đơn vị đề nghị: có thành tích tiêu biểu được bình xét tại hội nghị.",
                )
            except ValidationError:
                continue  # refused outright (e.g. the award is already held): next person
        added += 1
    for kind in (
        DossierDocument.Kind.PROPOSAL,
        DossierDocument.Kind.ACHIEVEMENT_REPORT,
        DossierDocument.Kind.REVIEW_MINUTES,
    ):
        services.document_attach(
            dossier=dossier,
            kind=kind,
            filename=f"{kind}-{dossier.pk}.pdf",
            data=b"%PDF-1.4\n% demo\n",
            note="Tệp minh họa",
            by=officer_user,
        )
    return dossier


def _to_council(dossier: Dossier, start: dt.date, days: int = 7) -> Dossier:
    office = _user("tinh")
    dossier = services.dossier_submit(dossier=dossier, by=dossier.created_by)
    for nominee in dossier.nominees.all():
        services.nominee_review(nominee=nominee, status="accepted", by=office)
    services.dossier_accept(dossier=dossier, by=office)
    disclosure = services.disclosure_open(
        dossier=dossier, days=days, starts_on=start, by=office
    )
    return services.disclosure_close(
        dossier=dossier, by=office, today=disclosure.ends_on + dt.timedelta(days=1)
    )


def _decide(dossier: Dossier, number: int, day: dt.date, reason: str) -> None:
    office, leader = _user("tinh"), _user("lanhdao")
    members = _council()
    session = services.session_open(
        title=f"Phiên họp Hội đồng TĐKT tỉnh ngày {day - dt.timedelta(days=5):%d/%m/%Y}",
        held_on=day - dt.timedelta(days=5),
        dossiers=[dossier],
        members=members,
        by=office,
    )
    for member in members:
        services.ballot_cast(
            session=session,
            member=member,
            choices=dict.fromkeys(session.agenda.values_list("pk", flat=True), "yes"),
        )
    services.session_close(session=session, by=office)
    dossier.refresh_from_db()
    decision = services.decision_draft(
        issuer=province(),
        dossiers=[dossier],
        summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        reason=reason,
        signature_capacity="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        year=day.year,
        by=office,
    )
    decision = services.decision_issue(
        decision=decision, number=number, date=day, signer_name="Giàng A Páo", by=leader
    )
    run = CertificateRun.objects.create(decision=decision, total=decision.items.count())
    services.certificates_generate(run=run)


def _session(title: str, day: dt.date, dossiers: list[Dossier]) -> Any:
    return services.session_open(
        title=title,
        held_on=day,
        dossiers=dossiers,
        members=_council(),
        by=_user("tinh"),
    )


def load(stdout: Any) -> None:
    if Dossier.objects.filter(title=DECIDED[0][0]).exists():
        stdout.write("Dossiers: already loaded")
        return
    load_catalogue()  # idempotent; normally already loaded by the commendations demo
    district = OrgUnit.objects.get(code="111", valid_from=None)
    department = OrgUnit.objects.get(code="SNNMT", valid_from=None)
    commune = OrgUnit.objects.get(name="Xã Tân Uyên", valid_to__isnull=True)
    today = timezone.localdate()
    history = _People(district, dt.date(YEAR, 12, 31))
    now = _People(department, today)
    for title, type, code, n, number, day, reason in DECIDED:
        made = day - dt.timedelta(days=30)
        # before 01/07/2025 the district proposes; after it, the department
        pool = history if district.is_valid_on(made) else now
        dossier = _dossier(
            title,
            type,
            n,
            code,
            pool,
            officer="tanuyen",
            on=made,
            year=YEAR if type == "annual" else 2025,
        )
        dossier = _to_council(dossier, start=day - dt.timedelta(days=20))
        _decide(dossier, number, day, reason)
    _corrections()
    _waiting_today(today, now, _People(commune, today))
    stdout.write(
        f"Dossiers: {Dossier.objects.count()}, decisions issued with certificates: {len(DECIDED)}"
    )


def _waiting_today(today: dt.date, department: _People, commune: _People) -> None:
    """Work waiting around `today` for every role: the commune's draft and returned
    dossiers, the department's dossier to review, one under disclosure with a comment to
    moderate, one before the council in an open session, one decision to sign."""
    office, year = _user("tinh"), today.year - 1
    made = today - dt.timedelta(days=20)

    def new(title: str, code: str, pool: _People, officer: str) -> Dossier:
        return _dossier(
            title, "annual", 2, code, pool, officer=officer, on=made, year=year
        )

    new(
        f"Đề nghị tặng Bằng khen năm {year} – xã Tân Uyên, đợt 2",
        "BK_TINH",
        commune,
        "xatanuyen",
    )
    returned = services.dossier_submit(
        dossier=new(
            f"Đề nghị tặng Bằng khen năm {year} (xã Tân Uyên)",
            "BK_TINH",
            commune,
            "xatanuyen",
        ),
        by=_user("xatanuyen"),
    )
    services.nominee_review(
        nominee=returned.nominees.earliest("pk"),
        status="returned",
        comment="Báo cáo thành tích chưa nêu số liệu cụ thể.",
        by=office,
    )
    services.dossier_return(
        dossier=returned,
        comment="Đề nghị bổ sung số liệu vào báo cáo thành tích và biên bản bình xét.",
        by=office,
    )
    new(f"Đề nghị tặng Bằng khen năm {year} – đợt 5", "BK_TINH", department, "tanuyen")
    services.dossier_submit(
        dossier=new(
            f"Đề nghị tặng Bằng khen năm {year} – đợt 1",
            "BK_TINH",
            department,
            "tanuyen",
        ),
        by=_user("tanuyen"),
    )
    disclosed = services.dossier_submit(
        dossier=new(
            f"Đề nghị tặng Bằng khen năm {year} – đợt 2",
            "BK_TINH",
            department,
            "tanuyen",
        ),
        by=_user("tanuyen"),
    )
    for nominee in disclosed.nominees.all():
        services.nominee_review(nominee=nominee, status="accepted", by=office)
    services.dossier_accept(dossier=disclosed, by=office)
    disclosure = services.disclosure_open(
        dossier=disclosed, days=15, starts_on=today - dt.timedelta(days=2), by=office
    )
    first = disclosed.nominees.earliest("pk")
    for author, contact, content in (
        (
            "Lò Văn Pản",
            "0912 000 111",
            "Đồng chí rất nhiệt tình giúp bà con bản Nà Cang làm đường.",
        ),
        (
            "Tao Thị Hoa",
            "0987 222 333",
            "Đề nghị làm rõ số liệu mô hình chè trong báo cáo thành tích.",
        ),
    ):
        feedback = services.feedback_submit(
            nominee=first,
            author=author,
            contact=contact,
            content=content,
            today=disclosure.starts_on,
        )
        if author == "Lò Văn Pản":  # the second one waits for the office to moderate
            services.feedback_moderate(feedback=feedback, status="published", by=office)
    voting = _to_council(
        new(
            f"Đề nghị tặng Bằng khen năm {year} – đợt 3",
            "BK_TINH",
            department,
            "tanuyen",
        ),
        start=today - dt.timedelta(days=25),
    )
    session = _session(
        f"Phiên họp Hội đồng TĐKT tỉnh ngày {today:%d/%m/%Y}", today, [voting]
    )
    for member in session.members.exclude(username="hoidong"):
        services.ballot_cast(
            session=session,
            member=member,
            choices=dict.fromkeys(session.agenda.values_list("pk", flat=True), "yes"),
        )
    passed = _to_council(
        new(
            f"Đề nghị tặng Bằng khen năm {year} – đợt 4",
            "BK_TINH",
            department,
            "tanuyen",
        ),
        start=today - dt.timedelta(days=30),
    )
    held = today - dt.timedelta(days=3)
    closed = _session(
        f"Phiên họp Hội đồng TĐKT tỉnh ngày {held:%d/%m/%Y}", held, [passed]
    )
    for member in closed.members.all():
        services.ballot_cast(
            session=closed,
            member=member,
            choices=dict.fromkeys(closed.agenda.values_list("pk", flat=True), "yes"),
        )
    services.session_close(session=closed, by=office)
    passed.refresh_from_db()
    services.decision_draft(
        issuer=province(),
        dossiers=[passed],
        summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        reason=f"đã có thành tích xuất sắc trong công tác năm {year}",
        signature_capacity="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        year=today.year,
        by=office,
    )


def _correct(target: Decision, number: int, date: dt.date, **change: Any) -> Decision:
    """Draft a correction of `target` as the office and issue it as the leader."""
    draft = services.decision_draft_correction(
        target=target, by=_user("tinh"), **change
    )
    return services.decision_issue(
        decision=draft,
        number=number,
        date=date,
        signer_name="Giàng A Páo",
        by=_user("lanhdao"),
    )


def _corrections() -> None:
    """One amending and one revoking decision, so both corrections can be seen."""
    contribution = Decision.objects.get(number=1020, year=2025)
    item = contribution.items.order_by("position").first()
    amending = _correct(
        contribution,
        1102,
        dt.date(2025, 10, 20),
        kind=Decision.Kind.AMEND,
        reason="ghi sai chức vụ, đơn vị công tác của người được khen",
        amend=[
            services.Amendment(
                item=item,  # type: ignore[arg-type]
                position_text=f"Nguyên {item.position_text}".strip(),  # type: ignore[union-attr]
            )
        ],
    )
    run = CertificateRun.objects.create(decision=amending, total=1)
    services.certificates_generate(run=run)
    ad_hoc = Decision.objects.get(number=901, year=2025)
    item = ad_hoc.items.order_by("position").last()
    _correct(
        ad_hoc,
        1150,
        dt.date(2025, 11, 3),
        kind=Decision.Kind.REVOKE,
        reason="hồ sơ khai không đúng thành tích (minh họa)",
        revoke=[(item, item.amount)],  # type: ignore[union-attr]
    )
