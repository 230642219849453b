"""Read endpoints for units, blocs and people, scoped by units/access.py and people/access.py (404 outside)."""

import datetime as dt
from enum import StrEnum

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from thidua.accounts.roles import AuthedRequest
from thidua.api.pagination import BoundedLimitOffset
from thidua.people.access import people_for_user, person_for_user
from thidua.people.models import Person
from thidua.people.selectors import people_list, person_positions
from thidua.units import selectors
from thidua.units.access import (
    bloc_for_user,
    blocs_for_user,
    unit_for_user,
    units_for_user,
)
from thidua.units.models import EmulationBloc, OrgUnit
from thidua.units.services import propose_next_host

router = Router(tags=["units"])

# OpenAPI names an enum after its class: both models call theirs "Kind"
UnitKind = StrEnum("UnitKind", {k.name: k.value for k in OrgUnit.Kind})  # type: ignore[misc]
BlocKind = StrEnum("BlocKind", {k.name: k.value for k in EmulationBloc.Kind})  # type: ignore[misc]


class UnitRef(Schema):
    id: int
    code: str
    name: str


class UnitOut(UnitRef):
    kind: UnitKind
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitDetail(UnitOut):
    parent: UnitRef | None
    predecessors: list[UnitRef]
    successors: list[UnitRef]


class UnitFilters(Schema):
    on: dt.date | None = Field(None, description="Chỉ các đơn vị có hiệu lực ngày này")
    q: str = Field("", description="Tên hoặc mã, không phân biệt dấu")
    kind: UnitKind | None = None
    parent: int | None = Field(None, description="id đơn vị cấp trên")


@router.get("/units", response=list[UnitOut], summary="Danh sách đơn vị")
@paginate(BoundedLimitOffset)
def unit_list(request: AuthedRequest, filters: Query[UnitFilters]) -> QuerySet[OrgUnit]:
    qs = selectors.unit_list(
        units_for_user(request.user),
        q=filters.q,
        on=filters.on,
        kind=filters.kind or "",
    )
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    return qs


@router.get("/units/{unit_id}", response=UnitDetail, summary="Một đơn vị")
def unit_detail(request: AuthedRequest, unit_id: int) -> dict[str, object]:
    unit = unit_for_user(request.user, unit_id)
    history = selectors.unit_history(unit)
    return {
        **UnitOut.model_validate(unit).model_dump(),
        "parent": history["parent"],
        "predecessors": history["predecessors"],
        "successors": history["successors"],
    }


@router.get(
    "/units/{unit_id}/successors",
    response=list[UnitOut],
    summary="Các đơn vị kế thừa (qua mọi lần sắp xếp)",
)
def unit_successors(request: AuthedRequest, unit_id: int) -> list[OrgUnit]:
    return selectors.successors(unit_for_user(request.user, unit_id))


class BlocOut(Schema):
    id: int
    name: str
    kind: BlocKind
    level: EmulationBloc.Level
    organiser: UnitRef


class BlocDetail(BlocOut):
    year: int
    members: list[UnitRef]
    head: UnitRef | None
    deputy: UnitRef | None
    host: UnitRef | None
    handed_over_on: dt.date | None
    handover_note: str
    proposed_next_host: UnitRef | None = Field(
        description="Đề xuất đăng cai năm sau: thành viên lâu nhất chưa đăng cai"
    )


@router.get("/blocs", response=list[BlocOut], summary="Khối, cụm thi đua")
def bloc_list(request: AuthedRequest) -> list[EmulationBloc]:
    blocs = blocs_for_user(request.user).select_related("organiser")
    return list(blocs.order_by("kind", "name"))


@router.get("/blocs/{bloc_id}", response=BlocDetail, summary="Một khối theo năm")
def bloc_detail(
    request: AuthedRequest,
    bloc_id: int,
    year: int | None = Query(None, ge=1945, le=2100),
) -> dict[str, object]:
    bloc = bloc_for_user(request.user, bloc_id)
    if year is None:
        years = selectors.bloc_years(bloc)
        year = years[-1] if years else dt.date.today().year
    by = selectors.bloc_year(bloc, year)
    return {
        **BlocOut.model_validate(bloc).model_dump(),
        "year": year,
        "members": list(selectors.bloc_members(bloc, year)),
        "head": by.head if by else None,
        "deputy": by.deputy if by else None,
        "host": by.host if by else None,
        "handed_over_on": by.handed_over_on if by else None,
        "handover_note": by.handover_note if by else "",
        "proposed_next_host": propose_next_host(bloc, year + 1),
    }


class PositionOut(Schema):
    unit: UnitRef
    title: str
    is_leader: bool
    start_date: dt.date
    end_date: dt.date | None


class PersonOut(Schema):
    id: int
    full_name: str
    gender: Person.Gender
    birth_year: int | None
    ethnicity: str
    target_group: Person.TargetGroup


class PersonDetail(PersonOut):
    positions: list[PositionOut]


@router.get(
    "/people",
    response=list[PersonOut],
    summary="Cá nhân (thứ tự tên tiếng Việt)",
)
@paginate(BoundedLimitOffset)
def person_list(
    request: AuthedRequest, q: str = "", unit: int | None = None
) -> QuerySet[Person]:
    if unit is not None:
        unit_for_user(request.user, unit)
    return people_list(people_for_user(request.user), q=q, unit_id=unit)


@router.get("/people/{person_id}", response=PersonDetail, summary="Một cá nhân")
def person_detail(request: AuthedRequest, person_id: int) -> dict[str, object]:
    person = person_for_user(request.user, person_id)
    return {
        **PersonOut.model_validate(person).model_dump(),
        "positions": list(person_positions(person)),
    }
