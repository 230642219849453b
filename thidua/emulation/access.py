"""Who may see and change reporting periods, scoring tables and their figures.

- every bloc visible to a user (thidua/units/access.py) shows its periods and tables;
- a unit officer enters and submits figures and self-scores for their own units;
- the bloc's head and province officers approve a period and score the review stage;
- province officers adjust, lock, finalise, publish and import scoring tables; a
  commune's officer does so for the commune's own blocs;
- a movement's plan is read by everyone with unit data, and by anyone once the
  movement is launched (its start date has come: it is then a public document); a pledge's scan by the unit's own
  officers, the bloc's head and province-wide roles;
- figures not yet approved, and scores before the final stage, are read only by those
  who may see the unit (its own officers), the bloc's head and province-wide roles:
  peers in the bloc see approved figures and final scores only.
Invisible objects answer 404; visible but not the user's to change, 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.accounts.roles import AnyUser, Role, has_role, is_province_wide
from thidua.units.access import (
    bloc_for_user,
    communes_run,
    leads_bloc,
    sees_units,
    unit_for_editing,
    unit_for_user,
    visible_unit_ids,
)
from thidua.units.models import EmulationBloc, OrgUnit

from . import selectors
from .models import Movement, Pledge, ReportingPeriod, ScoringTable, Stage


def can_adjust(user: AnyUser, bloc: EmulationBloc | None = None) -> bool:
    """Open periods, import, adjust, lock, finalise, publish: province officers; for a
    commune's own bloc, the commune's officer too (its council organises it)."""
    if has_role(user, Role.PROVINCE_OFFICER):
        return True
    return bloc is not None and bloc.organiser_id in communes_run(user)


def can_import_tables(user: AnyUser) -> bool:
    return has_role(user, Role.PROVINCE_OFFICER) or bool(communes_run(user))


def draft_unit_ids(user: AnyUser, bloc: EmulationBloc) -> set[int] | None:
    """Units of `bloc` whose unapproved figures and interim scores `user` may read:
    all (None) for province-wide roles and the bloc's head, else the units they see."""
    if is_province_wide(user) or leads_bloc(user, bloc.pk):
        return None
    return visible_unit_ids(user) or set()


def period_for_user(user: AnyUser, pk: int) -> ReportingPeriod:
    """The period, or 404 when its bloc is invisible."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("bloc"), pk=pk)
    bloc_for_user(user, period.bloc_id)
    return period


def _member(period_or_table: ReportingPeriod | ScoringTable, unit: OrgUnit) -> None:
    members = selectors.members(period_or_table.bloc, period_or_table.year)
    if unit.id not in {u.id for u in members}:
        raise Http404


def period_for_entry(
    user: AnyUser, pk: int, unit_id: int
) -> tuple[ReportingPeriod, OrgUnit]:
    """The period and one of its member units whose figures `user` enters: 404 when
    either is invisible or the unit is not in the bloc that year, 403 when not theirs."""
    period = period_for_user(user, pk)
    unit = unit_for_editing(user, unit_id)
    _member(period, unit)
    return period, unit


def period_for_review(user: AnyUser, pk: int) -> ReportingPeriod:
    """Approve a period's figures: the bloc's head or a province officer (else 403)."""
    period = period_for_user(user, pk)
    if not leads_bloc(user, period.bloc_id):
        raise PermissionDenied
    return period


def period_unit_for_review(
    user: AnyUser, pk: int, unit_id: int
) -> tuple[ReportingPeriod, OrgUnit]:
    """A period under review and one of its member units (return its figures):
    403 unless the bloc's head or a province officer, 404 for a unit not in the bloc."""
    period = period_for_review(user, pk)
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    _member(period, unit)
    return period, unit


def period_for_adjusting(user: AnyUser, pk: int) -> ReportingPeriod:
    """Lock or reopen a period: province officers (else 403)."""
    period = period_for_user(user, pk)
    if not can_adjust(user, period.bloc):
        raise PermissionDenied
    return period


def table_for_user(user: AnyUser, pk: int) -> ScoringTable:
    """The scoring table, or 404 when its bloc is invisible."""
    table = get_object_or_404(ScoringTable.objects.select_related("bloc"), pk=pk)
    bloc_for_user(user, table.bloc_id)
    return table


def table_for_adjusting(user: AnyUser, pk: int) -> ScoringTable:
    table = table_for_user(user, pk)
    if not can_adjust(user, table.bloc):
        raise PermissionDenied
    return table


def table_for_what_if(user: AnyUser, pk: int) -> ScoringTable:
    """What-if recomputes every member's score: for those who read all the bloc's
    figures, and for everyone once the table is final (all figures approved)."""
    table = table_for_user(user, pk)
    if table.finalized_at is None and draft_unit_ids(user, table.bloc) is not None:
        raise PermissionDenied
    return table


def sheet_for_scoring(
    user: AnyUser, pk: int, unit_id: int, stage: str
) -> tuple[ScoringTable, OrgUnit]:
    """A table and member unit to score at `stage`: self-scoring by the unit's
    officers, review by the bloc's head, adjustment by province officers."""
    table = table_for_user(user, pk)
    unit = unit_for_user(user, unit_id)
    _member(table, unit)
    if stage == Stage.SELF:
        unit_for_editing(user, unit_id)
    elif stage == Stage.REVIEW:
        if not leads_bloc(user, table.bloc_id):
            raise PermissionDenied
    elif stage == Stage.ADJUSTMENT:
        if not can_adjust(user, table.bloc):
            raise PermissionDenied
    else:
        raise PermissionDenied
    return table, unit


def movement_plan_for_user(user: AnyUser, pk: int) -> Movement:
    """A movement's plan in the back office: 404 when it has none, 403 for users
    with no unit data (the movement list is closed to them too)."""
    movement = get_object_or_404(Movement.objects.exclude(plan_document=""), pk=pk)
    if not sees_units(user):
        raise PermissionDenied
    return movement


def launched_movement_plan(pk: int) -> Movement:
    """A movement's plan on the portal: 404 until the movement is launched."""
    movement = get_object_or_404(Movement.objects.exclude(plan_document=""), pk=pk)
    if not movement.launched:
        raise Http404
    return movement


def pledge_scan_for_user(user: AnyUser, pk: int) -> Pledge:
    """A pledge with a scan: 404 when there is none, 403 unless the user reads the
    unit's own papers (its officers, the bloc's head, province-wide roles)."""
    pledge = get_object_or_404(
        Pledge.objects.select_related("bloc").exclude(scan=""), pk=pk
    )
    readers = draft_unit_ids(user, pledge.bloc)
    if readers is not None and pledge.unit_id not in readers:
        raise PermissionDenied
    return pledge
