"""Writes to units, lineage and blocs. Every refusal is a ValidationError with a
Vietnamese message, raised before anything is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from thidua.core import audit
from thidua.core.models import max_length
from thidua.lib.formats import short_date
from thidua.lib.text import vn_key
from thidua.people.models import Position

from .models import (
    BlocMembership,
    BlocYear,
    EmulationBloc,
    LineageEvent,
    LineageLink,
    OrgUnit,
)
from .selectors import bloc_members, descendant_ids

if TYPE_CHECKING:
    from thidua.accounts.models import User

UNIT_FIELDS = ("code", "name", "kind", "parent", "valid_from", "valid_to")
ONE_DAY = dt.timedelta(days=1)


def _period(valid_from: dt.date | None, valid_to: dt.date | None) -> str:
    start = short_date(valid_from) or "không xác định"
    end = short_date(valid_to) or "nay"
    return f"{start} – {end}"


def unit_by_code(code: str, *, on: dt.date | None = None) -> OrgUnit:
    """The unit with `code` that exists on `on` (today by default).

    A code can be reused after a reform (03388 was Quyết Tiến, is Đoàn Kết), hence the day.
    Raises ValidationError({"code": ...}) when no such unit exists.
    """
    code = (code or "").strip()
    day = on or dt.date.today()
    unit = (
        OrgUnit.objects.filter(code=code)
        .valid_on(day)
        .order_by(F("valid_from").desc(nulls_last=True))
        .first()
    )
    if unit is None:
        raise ValidationError(
            {"code": f"Mã đơn vị '{code}' không tồn tại vào ngày {short_date(day)}."}
        )
    return unit


def _check_unit(unit: OrgUnit) -> dict[str, list[str]]:
    """Every rule a unit row must satisfy against the rest of the tree."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not (unit.code or "").strip():
        add("code", "Chưa nhập mã đơn vị.")
    if not (unit.name or "").strip():
        add("name", "Chưa nhập tên đơn vị.")
    for name in ("code", "name"):
        limit = max_length(OrgUnit, name)
        if len(getattr(unit, name) or "") > limit:
            add(name, f"Dài quá {limit} ký tự.")
    if unit.kind not in OrgUnit.Kind.values:
        add("kind", f"Loại đơn vị '{unit.kind}' không hợp lệ.")
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        add("valid_to", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
    if errors:
        return errors

    overlapping = OrgUnit.objects.filter(code=unit.code).exclude(pk=unit.pk)
    if unit.valid_to:
        overlapping = overlapping.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=unit.valid_to)
        )
    if unit.valid_from:
        overlapping = overlapping.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=unit.valid_from)
        )
    other = overlapping.first()
    if other is not None:
        add(
            "valid_from",
            f"Mã '{unit.code}' đã được dùng cho {other} trong thời gian "
            f"{_period(other.valid_from, other.valid_to)}, trùng với thời gian hiệu lực "
            f"{_period(unit.valid_from, unit.valid_to)}.",
        )

    parent = unit.parent if unit.parent_id else None
    if unit.parent_id and not OrgUnit.objects.filter(pk=unit.parent_id).exists():
        add("parent", "Đơn vị cấp trên không tồn tại.")
    elif parent is not None:
        if _creates_cycle(unit, parent):
            add(
                "parent",
                f"Không thể đặt {parent} làm cấp trên của {unit}: tạo thành vòng lặp "
                "trong cây đơn vị.",
            )
        elif not _covers(parent, unit.valid_from, unit.valid_to):
            add(
                "parent",
                f"Đơn vị cấp trên {parent} chỉ có hiệu lực "
                f"{_period(parent.valid_from, parent.valid_to)}, không bao trùm thời gian "
                f"{_period(unit.valid_from, unit.valid_to)} của {unit.name}.",
            )

    if unit.pk:
        outliving = [
            child
            for child in OrgUnit.objects.filter(parent_id=unit.pk)
            if not _covers(unit, child.valid_from, child.valid_to)
        ]
        if outliving:
            names = ", ".join(c.name for c in outliving[:5])
            add(
                "valid_to",
                f"Các đơn vị trực thuộc ({names}) vẫn còn hiệu lực ngoài thời gian "
                f"{_period(unit.valid_from, unit.valid_to)}: hãy chuyển hoặc kết thúc "
                "chúng trước.",
            )
    return errors


def _creates_cycle(unit: OrgUnit, parent: OrgUnit) -> bool:
    if unit.pk is None:
        return False
    seen: set[int] = set()
    current: int | None = parent.pk
    while current is not None and current not in seen:
        if current == unit.pk:
            return True
        seen.add(current)
        current = (
            OrgUnit.objects.filter(pk=current)
            .values_list("parent_id", flat=True)
            .first()
        )
    return False


def _covers(
    outer: OrgUnit, valid_from: dt.date | None, valid_to: dt.date | None
) -> bool:
    """Whether `outer` is valid over the whole period (None = open end)."""
    starts_ok = outer.valid_from is None or (
        valid_from is not None and outer.valid_from <= valid_from
    )
    ends_ok = outer.valid_to is None or (
        valid_to is not None and valid_to <= outer.valid_to
    )
    return starts_ok and ends_ok


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    by: User | None = None,
) -> OrgUnit:
    """Create a unit after checking code uniqueness over time, the parent and the period."""
    unit = OrgUnit(
        code=(code or "").strip(),
        name=" ".join((name or "").split()),
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    errors = _check_unit(unit)
    if errors:
        raise ValidationError(errors)
    with audit.acting_as(by):
        unit.save()
        return unit


@transaction.atomic
def unit_update(*, unit: OrgUnit, by: User | None = None, **fields: object) -> OrgUnit:
    """Change some of code, name, kind, parent, valid_from, valid_to; all rules re-checked."""
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unit_update: unknown fields {sorted(unknown)}")
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.name = " ".join(unit.name.split())
    errors = _check_unit(unit)
    if errors:
        raise ValidationError(errors)
    with audit.acting_as(by):
        unit.save()
        return unit


@transaction.atomic
def lineage_event_record(
    *,
    kind: str,
    effective_date: dt.date,
    legal_basis: str,
    links: Sequence[tuple[OrgUnit, OrgUnit | None]],
    moves: dict[OrgUnit, OrgUnit] | None = None,
    note: str = "",
    by: User | None = None,
) -> LineageEvent:
    """Record a merge, split, rename, move or dissolution effective on `effective_date`.

    `links` are (predecessor, successor or None) pairs. Each predecessor that is not
    itself a successor ends the day before `effective_date`. Children of an ending
    unit that stay valid must be ending in the same event or listed in `moves`
    ({child: new parent}): a moved child gets a new version under its new parent
    from `effective_date`, linked to its old version. A successor or new parent may
    be an unsaved OrgUnit: the event founds it from `effective_date`, after the
    predecessors end (so a renamed unit can keep its code). Raises ValidationError
    and saves nothing when a unit would be left orphaned, a successor is not valid
    on the effective date, or a predecessor no longer exists the day before.
    """
    moves = dict(moves or {})
    errors: list[str] = []
    if kind not in LineageEvent.Kind.values:
        errors.append(f"Loại sự kiện '{kind}' không hợp lệ.")
    if not (legal_basis or "").strip():
        errors.append("Chưa nhập căn cứ pháp lý.")
    if not links and not moves:
        errors.append("Sự kiện phải có ít nhất một đơn vị cũ.")
    day_before = effective_date - ONE_DAY
    founded = _founded_units(links, moves)
    for unit in founded:
        unit.valid_from = effective_date
    successors = {s.pk for _, s in links if s is not None and s.pk}
    ending: dict[int, OrgUnit] = {}
    for predecessor, successor in links:
        if not predecessor.is_valid_on(day_before):
            errors.append(
                f"Đơn vị cũ {predecessor} không còn hiệu lực ngày "
                f"{short_date(day_before)}."
            )
        if successor is not None and not successor.is_valid_on(effective_date):
            errors.append(
                f"Đơn vị kế thừa {successor} không có hiệu lực vào ngày hiệu lực "
                f"{short_date(effective_date)} (hiệu lực "
                f"{_period(successor.valid_from, successor.valid_to)})."
            )
        if predecessor.pk not in successors:
            ending[predecessor.pk] = predecessor
    for child, new_parent in moves.items():
        ending[child.pk] = child
        if not new_parent.is_valid_on(effective_date):
            errors.append(
                f"Đơn vị cấp trên mới {new_parent} của {child} không có hiệu lực vào "
                f"ngày {short_date(effective_date)}."
            )
    errors.extend(_orphans(ending, moves, day_before))
    errors.extend(_late_posts(ending, day_before))
    if errors:
        raise ValidationError({"links": errors})

    with audit.acting_as(by):
        event = LineageEvent.objects.create(
            kind=kind, effective_date=effective_date, legal_basis=legal_basis, note=note
        )
        for unit in ending.values():
            if unit.valid_to is None or unit.valid_to > day_before:
                unit.valid_to = day_before
                unit.save()
        for unit in founded:
            # checked only now: a rename's new version overlaps the old one until it ends
            problems = _check_unit(unit)
            if problems:
                raise ValidationError(
                    {
                        "links": [
                            f"Đơn vị mới {unit.name}: {m}"
                            for ms in problems.values()
                            for m in ms
                        ]
                    }
                )
            unit.save()
        heirs: dict[int, list[OrgUnit]] = {pk: [] for pk in ending}
        for predecessor, successor in links:
            LineageLink.objects.create(
                event=event, predecessor=predecessor, successor=successor
            )
            if successor is not None and predecessor.pk in heirs:
                heirs[predecessor.pk].append(successor)
        for child, new_parent in moves.items():
            moved = OrgUnit.objects.create(
                code=child.code,
                name=child.name,
                kind=child.kind,
                parent=new_parent,
                valid_from=effective_date,
            )
            LineageLink.objects.create(event=event, predecessor=child, successor=moved)
            heirs[child.pk] = [moved]
        carried = _carry_posts(heirs, effective_date)
        audit.record_event(
            event,
            f"{event}: {len(links) + len(moves)} liên kết, {carried} chức vụ chuyển sang "
            "đơn vị kế thừa",
        )
        return event


def _late_posts(ending: dict[int, OrgUnit], last_day: dt.date) -> list[str]:
    late = (
        Position.objects.filter(unit_id__in=ending, start_date__gt=last_day)
        .select_related("person", "unit")
        .order_by("unit__name", "person__sort_name")
    )
    return [
        f"{p.person} bắt đầu công tác tại {p.unit} ngày {short_date(p.start_date)}, "
        f"sau ngày đơn vị kết thúc ({short_date(last_day)}): hãy sửa chức vụ này trước."
        for p in late
    ]


def _carry_posts(heirs: dict[int, list[OrgUnit]], first_day: dt.date) -> int:
    """End the open posts of ending units the day before `first_day`; where a unit has
    exactly one successor (merge, rename, move) the post continues there.

    A split leaves the choice of new unit to the officers (add the post by hand).
    """
    last_day = first_day - ONE_DAY
    carried = 0
    open_posts = Position.objects.filter(unit_id__in=heirs).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=last_day)
    )
    for post in open_posts.select_related("person"):
        ended_on = post.end_date
        post.end_date = last_day
        post.save()
        successors = heirs[post.unit_id]
        if len(successors) != 1:
            continue
        heir = successors[0]
        already = Position.objects.filter(person_id=post.person_id, unit=heir).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first_day)
        )
        if not already.exists():
            Position.objects.create(
                person_id=post.person_id,
                unit=heir,
                title=post.title,
                is_leader=post.is_leader,
                start_date=first_day,
                end_date=ended_on,
            )
            carried += 1
    return carried


def _founded_units(
    links: Sequence[tuple[OrgUnit, OrgUnit | None]], moves: dict[OrgUnit, OrgUnit]
) -> list[OrgUnit]:
    """The unsaved successors and new parents, each once, in the order given."""
    targets = [s for _, s in links if s is not None] + list(moves.values())
    founded: list[OrgUnit] = []
    for unit in targets:
        if unit.pk is None and not any(unit is f for f in founded):
            founded.append(unit)
    return founded


def _orphans(
    ending: dict[int, OrgUnit], moves: dict[OrgUnit, OrgUnit], last_day: dt.date
) -> list[str]:
    moved = {c.pk for c in moves}
    stranded = (
        OrgUnit.objects.filter(parent_id__in=ending)
        .exclude(pk__in=set(ending) | moved)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=last_day))
        .select_related("parent")
        .order_by("name")
    )
    return [
        f"{child} vẫn còn hiệu lực sau ngày {short_date(last_day)} nhưng đơn vị cấp "
        f"trên {child.parent} kết thúc mà chưa có đơn vị cấp trên mới."
        for child in stranded
    ]


def propose_next_host(bloc: EmulationBloc, year: int) -> OrgUnit | None:
    """The member of `year` that has gone longest without hosting (never first).

    When the members of `year` are not yet set, those of the latest earlier year
    stand in. Ties go to Vietnamese alphabetical order so the proposal is stable.
    """
    members = list(bloc_members(bloc, year))
    if not members:
        latest = (
            BlocMembership.objects.filter(bloc=bloc, year__lt=year)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        members = list(bloc_members(bloc, latest)) if latest else []
    if not members:
        return None
    last_hosted: dict[int, int] = {}
    for host_id, y in BlocYear.objects.filter(
        bloc=bloc, year__lt=year, host__isnull=False
    ).values_list("host_id", "year"):
        last_hosted[host_id] = max(y, last_hosted.get(host_id, 0))
    return min(members, key=lambda u: (last_hosted.get(u.id, 0), vn_key(u.name)))


@transaction.atomic
def hosting_hand_over(
    *,
    bloc: EmulationBloc,
    from_year: int,
    to_unit: OrgUnit,
    on: dt.date,
    note: str = "",
    by: User | None = None,
) -> BlocYear:
    """Record that the host of `from_year` handed the hosting right of `from_year + 1` to `to_unit`."""
    year = from_year + 1
    if not BlocMembership.objects.filter(bloc=bloc, unit=to_unit, year=year).exists():
        raise ValidationError(
            {"to_unit": f"{to_unit} không phải thành viên của {bloc} năm {year}."}
        )
    with audit.acting_as(by):
        hosting, _ = BlocYear.objects.get_or_create(bloc=bloc, year=year)
        hosting.host = to_unit
        hosting.handed_over_on = on
        hosting.handover_note = note
        hosting.save()
        audit.record_event(hosting, f"Trao quyền đăng cai năm {year} cho {to_unit}")
        return hosting


@transaction.atomic
def commune_bloc_create(
    *, commune: OrgUnit, name: str, kind: str, by: User | None
) -> EmulationBloc:
    """A bloc the commune's council organises (of its villages, agencies, schools)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Ghi tên khối thi đua."})
    if kind not in EmulationBloc.Kind.values:
        raise ValidationError({"kind": "Chọn khối hoặc cụm thi đua."})
    if EmulationBloc.objects.filter(organiser=commune, name=name).exists():
        raise ValidationError({"name": f"{commune} đã có “{name}”."})
    with audit.acting_as(by):
        return EmulationBloc.objects.create(
            name=name, kind=kind, organiser=commune, level=EmulationBloc.Level.COMMUNE
        )


@transaction.atomic
def bloc_members_set(
    *, bloc: EmulationBloc, year: int, units: Sequence[OrgUnit], by: User | None
) -> int:
    """The members of a commune's bloc for `year`: units of the commune, two at least;
    fixed once the year's reporting has started (the figures name them)."""
    from thidua.emulation.models import ReportingPeriod

    below = descendant_ids({bloc.organiser_id}) - {bloc.organiser_id}
    strangers = sorted(u.name for u in units if u.pk not in below)
    if strangers:
        raise ValidationError(
            {"units": f"Không thuộc {bloc.organiser}: " + ", ".join(strangers) + "."}
        )
    if len({u.pk for u in units}) < 2:
        raise ValidationError({"units": "Khối thi đua cần ít nhất hai đơn vị."})
    if ReportingPeriod.objects.filter(bloc=bloc, year=year).exists():
        raise ValidationError(
            {"year": f"Đã mở kỳ báo cáo năm {year}: không đổi thành viên được nữa."}
        )
    chosen = {u.pk for u in units}
    with audit.acting_as(by):
        for membership in BlocMembership.objects.filter(bloc=bloc, year=year):
            if membership.unit_id not in chosen:
                membership.delete()
        for unit_id in chosen:
            BlocMembership.objects.get_or_create(bloc=bloc, unit_id=unit_id, year=year)
    return len(chosen)
