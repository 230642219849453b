"""Demo: five years (2021–2025) of ratings, titles, initiatives and discipline.

Deterministic (seeded). Titles follow the engine's own verdicts year by year, so
the registry is consistent with the law; not everyone who qualifies is proposed
(units choose, quotas apply), which leaves people "eligible now", "nearly there"
and "not yet" for every title. Unit-level titles for 2025 are already granted;
the province-level ones for 2025 (CSTĐ cấp tỉnh, Bằng khen) are what the review
in progress decides. Cờ thi đua cấp tỉnh goes to the bloc leader computed by
the emulation app (thidua.emulation.selectors.bloc_leader).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from thidua.accounts.models import RoleAssignment, User
from thidua.core import audit
from thidua.people.models import Person, Position
from thidua.units.models import EmulationBloc, OrgUnit

from .catalogue import load_catalogue
from .eligibility import History, evaluate
from .models import (
    AdvancedModel,
    AnnualRating,
    AwardRecord,
    AwardType,
    DisciplinaryRecord,
    Initiative,
    Level,
    RecipientKind,
    Scope,
)
from .selectors import book_for_year, collective_facts, is_bloc_leader, person_history

YEARS = range(2021, 2026)
# profile -> rating weights (HTXS, HTT, HT, KHT), chance of an initiative a year
PROFILES = {
    "strong": ((70, 30, 0, 0), 0.45),
    "good": ((25, 65, 10, 0), 0.12),
    "average": ((5, 45, 45, 5), 0.02),
    "weak": ((0, 20, 55, 25), 0.0),
}
PROFILE_WEIGHTS = {"strong": 22, "good": 45, "average": 26, "weak": 7}
INITIATIVE_TITLES = [
    "Số hóa hồ sơ thủ tục hành chính tại bộ phận một cửa",
    "Ứng dụng bản đồ số quản lý đất đai cấp xã",
    "Mô hình trồng chè Shan tuyết theo hướng hữu cơ",
    "Tổ tự quản bảo vệ rừng đầu nguồn",
    "Dạy học song ngữ Thái – Việt cho học sinh lớp 1",
    "Quy trình tiếp nhận phản ánh của người dân qua Zalo",
    "Mô hình nuôi cá lồng trên lòng hồ thủy điện",
    "Sổ tay điện tử hướng dẫn hộ nghèo vay vốn",
    "Phần mềm theo dõi tiến độ xây dựng nông thôn mới",
    "Giải pháp giảm tỷ lệ học sinh bỏ học ở vùng cao",
]
RATINGS = ("HTXS", "HTT", "HT", "KHT")


def _unit_on(positions: list[Position], day: dt.date) -> OrgUnit | None:
    held = [
        p
        for p in positions
        if p.start_date <= day and (p.end_date is None or day <= p.end_date)
    ]
    return held[-1].unit if held else (positions[-1].unit if positions else None)


class _Loader:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.types = {t.code: t for t in AwardType.objects.all()}
        self.counter = 0

    def decision(self, year: int, unit: OrgUnit | None, code: str) -> dict[str, Any]:
        self.counter += 1
        award = self.types[code]
        provincial = award.level in (Level.PROVINCE, Level.STATE)
        return {
            "decision_number": f"{100 + self.counter}/QĐ-{'UBND' if provincial else 'UBND-DV'}",
            "decision_date": dt.date(
                year + 1, 1 if not provincial else 3, self.rng.randint(5, 25)
            ),
            "decision_issuer": "Chủ tịch UBND tỉnh Lai Châu"
            if provincial
            else f"Thủ trưởng {unit or 'đơn vị'}",
            "level": award.level,
        }

    def person_award(
        self, person: Person, unit: OrgUnit | None, code: str, year: int, **extra: Any
    ) -> None:
        AwardRecord.objects.create(
            holder_kind=RecipientKind.INDIVIDUAL,
            person=person,
            unit=unit,
            award_type=self.types[code],
            year=year,
            **self.decision(year, unit, code),
            **extra,
        )

    def collective_award(self, unit: OrgUnit, code: str, year: int) -> None:
        AwardRecord.objects.create(
            holder_kind=RecipientKind.COLLECTIVE,
            collective=unit,
            unit=unit,
            award_type=self.types[code],
            year=year,
            **self.decision(year, unit, code),
        )


def _people(loader: _Loader) -> None:
    rng = loader.rng
    people = list(Person.objects.order_by("id").prefetch_related("positions__unit"))
    # 2021–2023 fell under the 2003 Law, not encoded here; the demo grants those
    # years' titles by the 2024 rules, close enough for LĐTT and CSTĐCS
    books = {y: book_for_year(max(y, 2024)) for y in YEARS}
    for person in people:
        positions = sorted(person.positions.all(), key=lambda p: p.start_date)
        profile = rng.choices(
            list(PROFILE_WEIGHTS), weights=list(PROFILE_WEIGHTS.values())
        )[0]
        weights, init_chance = PROFILES[profile]
        for year in YEARS:
            unit = _unit_on(positions, dt.date(year, 12, 31))
            rating = rng.choices(RATINGS, weights=weights)[0]
            AnnualRating.objects.create(
                person=person, year=year, rating=rating, unit=unit
            )
            if rng.random() < init_chance:
                scope = rng.choices(Scope.values, weights=(65, 30, 5))[0]
                initiative = Initiative.objects.create(
                    title=rng.choice(INITIATIVE_TITLES),
                    unit=unit,
                    scope=scope,
                    recognised_year=year,
                    recognised_on=dt.date(year, 12, rng.randint(1, 20)),
                    recognising_body=(
                        "Hội đồng sáng kiến tỉnh Lai Châu"
                        if scope != Scope.CO_SO
                        else f"Hội đồng sáng kiến {unit}"
                    ),
                    decision_number=f"{rng.randint(10, 300)}/QĐ-HĐSK",
                )
                initiative.persons.add(person)
            _grant_titles(loader, person, unit, year, books)
        if rng.random() < 0.02:
            year = rng.choice(list(YEARS))
            DisciplinaryRecord.objects.create(
                person=person,
                year=year,
                unit=_unit_on(positions, dt.date(year, 12, 31)),
                severity=rng.choice(["khien_trach", "khien_trach", "canh_cao"]),
                decision_number=f"{rng.randint(10, 99)}/QĐ-KL",
                decision_date=dt.date(year, rng.randint(3, 11), 10),
                reason="Vi phạm quy định về thời gian làm việc",
            )
        if profile == "strong" and rng.random() < 0.1:
            AdvancedModel.objects.create(
                person=person,
                title="Điển hình tiên tiến trong phong trào “Dân vận khéo”",
                year=rng.choice(list(YEARS)),
                level=Level.PROVINCE,
                recognised_by="UBND tỉnh Lai Châu",
            )


def _grant_titles(
    loader: _Loader, person: Person, unit: OrgUnit | None, year: int, books: dict
) -> None:
    """Grant what the engine says this person earned for `year`, as units would."""
    rng = loader.rng
    verdicts = {
        v.code: v for v in evaluate(person_history(person, year), year, books[year])
    }
    if verdicts["LDTT"].eligible and rng.random() < 0.95:
        loader.person_award(person, unit, "LDTT", year)
    if verdicts["CSTDCS"].eligible and rng.random() < 0.7:
        loader.person_award(
            person, unit, "CSTDCS", year, branch=verdicts["CSTDCS"].branch
        )
    if rng.random() < 0.08 and verdicts["LDTT"].eligible:
        loader.person_award(
            person, unit, "GK", year, issuer=rng.choice(["xa", "so", "don_vi"])
        )
    if year == YEARS[-1]:
        return  # the province-level review of the last year is the one in progress
    # reload: the unit-level titles just granted count for the province's review
    verdicts = {
        v.code: v for v in evaluate(person_history(person, year), year, books[year])
    }
    if verdicts["CSTD_TINH"].eligible and rng.random() < 0.7:
        loader.person_award(person, unit, "CSTD_TINH", year)
    if verdicts["BK_TINH"].eligible and rng.random() < 0.35:
        loader.person_award(person, unit, "BK_TINH", year)
    if verdicts["BK_TTG"].eligible and rng.random() < 0.5:
        loader.person_award(person, unit, "BK_TTG", year)


def _veterans(loader: _Loader) -> None:
    """Four long-standing achievers: CSTĐCS since 2020, CSTĐ cấp tỉnh for 2022 and
    (decided early 2026) for 2025; two have a nationwide initiative, so they can be
    proposed for Chiến sĩ thi đua toàn quốc and two are one step short."""
    people = list(
        Person.objects.filter(annual_ratings__year=2025, annual_ratings__rating="HTXS")
        .exclude(award_records__award_type__code="CSTD_TINH")
        .order_by("id")[:4]
    )
    for i, person in enumerate(people):
        positions = sorted(person.positions.all(), key=lambda p: p.start_date)
        unit = _unit_on(positions, dt.date(2025, 12, 31))
        AnnualRating.objects.filter(person=person).update(rating="HTXS")
        AnnualRating.objects.create(person=person, year=2020, rating="HTXS", unit=unit)
        held = set(person.award_records.values_list("award_type__code", "year"))
        for year in range(2020, 2026):
            for code in ("LDTT", "CSTDCS"):
                if (code, year) not in held:
                    extra = {"branch": "htxs"} if code == "CSTDCS" else {}
                    loader.person_award(person, unit, code, year, **extra)
        for year, scope in (
            (2022, Scope.TINH),
            (2025, Scope.TINH),
            (2024, Scope.TOAN_QUOC if i < 2 else Scope.TINH),
        ):
            initiative = Initiative.objects.create(
                title=loader.rng.choice(INITIATIVE_TITLES),
                unit=unit,
                scope=scope,
                recognised_year=year,
                recognising_body="UBND tỉnh Lai Châu",
            )
            initiative.persons.add(person)
        for year in (2022, 2025):
            loader.person_award(person, unit, "CSTD_TINH", year)


def _collectives(loader: _Loader) -> None:
    """Collective ratings and titles for units with staff, consistent with members."""
    rng = loader.rng
    unit_ids = set(Position.objects.values_list("unit_id", flat=True))
    units = list(OrgUnit.objects.filter(id__in=unit_ids).order_by("code", "valid_from"))
    for year in YEARS:
        book = book_for_year(max(year, 2024))
        day = dt.date(year, 12, 31)
        for unit in units:
            if not unit.is_valid_on(day):
                continue
            rating = rng.choices(RATINGS[:3], weights=(45, 45, 10))[0]
            AnnualRating.objects.create(
                collective=unit, unit=unit, year=year, rating=rating
            )
            if year == YEARS[-1]:
                continue  # 2025 collective titles are for the review in progress
            facts = collective_facts(unit, year)
            verdicts = {
                v.code: v
                for v in evaluate(
                    History(subject="collective", collective=facts),
                    year,
                    book,  # type: ignore[arg-type]
                )
            }
            if verdicts["TTLDXS"].eligible and rng.random() < 0.8:
                loader.collective_award(unit, "TTLDXS", year)
            elif verdicts["TTLDTT"].eligible:
                loader.collective_award(unit, "TTLDTT", year)


def _bloc_flags(loader: _Loader, stdout: Any) -> None:
    """Cờ thi đua cấp tỉnh for the leader of the 2020 district bloc, year by year."""
    bloc = EmulationBloc.objects.filter(
        name="Khối thi đua các huyện, thành phố"
    ).first()
    if bloc is None:
        return
    leaders = []
    for year in range(2020, 2025):
        for membership in bloc.memberships.filter(year=year).select_related("unit"):
            if is_bloc_leader(membership.unit, year):
                loader.collective_award(membership.unit, "CO_TINH", year)
                leaders.append(f"{year}: {membership.unit}")
    stdout.write(
        "Commendations: Cờ thi đua cấp tỉnh — "
        + (", ".join(leaders) or "chưa có xếp hạng khối")
    )


def _households(loader: _Loader) -> None:
    rng = loader.rng
    communes = list(
        OrgUnit.objects.filter(
            kind=OrgUnit.Kind.COMMUNE, valid_from__isnull=False
        ).order_by("code")[:12]
    )
    for i, commune in enumerate(communes):
        for year in (2024, 2025):
            AwardRecord.objects.create(
                holder_kind=RecipientKind.HOUSEHOLD,
                household_name=f"Hộ ông {rng.choice(['Lò Văn', 'Tòng Văn', 'Giàng A', 'Vàng Seo'])} {rng.choice(['Pánh', 'Sinh', 'Chứ', 'Lử', 'Dìn'])}",
                unit=commune,
                award_type=loader.types["GD_VH" if i % 3 else "GK"],
                year=year,
                issuer="xa" if i % 3 == 0 else "",
                **loader.decision(year, commune, "GD_VH"),
            )


def load(stdout: Any) -> None:
    load_catalogue()
    if AnnualRating.objects.exists():
        stdout.write("Commendations: history already loaded")
        return
    if not Person.objects.exists():
        stdout.write("Commendations: no people to give a history to")
        return
    officer = User.objects.filter(
        roles__role=RoleAssignment.Role.PROVINCE_OFFICER
    ).first()
    loader = _Loader(random.Random(2021))
    with audit.acting_as(officer, "Dữ liệu mẫu"):
        _people(loader)
        _veterans(loader)
        _collectives(loader)
        _bloc_flags(loader, stdout)
        _households(loader)
    counts: dict[str, int] = defaultdict(int)
    for code in AwardRecord.objects.values_list("award_type__code", flat=True):
        counts[code] += 1
    stdout.write(
        f"Commendations: {AnnualRating.objects.count()} ratings, {AwardRecord.objects.count()} awards "
        f"({', '.join(f'{c} {n}' for c, n in sorted(counts.items()))}), "
        f"{Initiative.objects.count()} initiatives"
    )
