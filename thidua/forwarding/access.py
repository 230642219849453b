"""Who may see and change the proposals sent to the level above.

- a forwarding is seen (with its package) by whoever sees its dossier's unit, so a
  unit follows its own proposals while they are away;
- it is prepared, sent, returned and closed by whoever runs the proposing council:
  the province TĐKT office, or for a commune's own dossier (Dossier.decider) the
  commune's officer, whose package goes to the province;
- what a commune sent up that only the State decides, the province office sends on
  (relays) in its own tờ trình, which it then sends and closes.
Objects a user may not see answer 404; objects they may see but not change, 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from thidua.accounts.roles import AnyUser
from thidua.dossiers.access import can_run_councils, dossier_for_user, runs_council
from thidua.dossiers.models import Dossier
from thidua.units.access import visible_unit_ids

from .models import Forwarding


def can_forward(user: AnyUser, dossier: Dossier) -> bool:
    return runs_council(user, dossier.decider_id)


def can_manage(user: AnyUser, forwarding: Forwarding) -> bool:
    """Send, record the return or the decision: the province's relay is the
    province office's; any other, whoever runs the proposing council."""
    if forwarding.relayed_from_id:
        return runs_council(user, None)
    return can_forward(user, forwarding.dossier)


def forwards_any(user: AnyUser) -> bool:
    """Whether the user packages anything: the province office, a commune's officer."""
    return can_run_councils(user)


def forwardings_for_user(user: AnyUser) -> QuerySet[Forwarding]:
    qs = Forwarding.objects.select_related(
        "dossier", "dossier__unit", "dossier__decider", "relayed_from"
    )
    ids = visible_unit_ids(user)
    return qs if ids is None else qs.filter(dossier__unit_id__in=ids)


def forwarding_for_user(user: AnyUser, pk: int) -> Forwarding:
    """The forwarding, or 404 when its dossier's unit is not visible to `user`."""
    try:
        return forwardings_for_user(user).get(pk=pk)
    except Forwarding.DoesNotExist as exc:
        raise Http404 from exc


def forwarding_for_managing(user: AnyUser, pk: int) -> Forwarding:
    """Send, record the return or the decision: 404 when invisible, else 403 unless
    `can_forward`."""
    forwarding = forwarding_for_user(user, pk)
    if not can_manage(user, forwarding):
        raise PermissionDenied
    return forwarding


def forwarding_for_relaying(user: AnyUser, pk: int) -> Forwarding:
    """A commune's tờ trình the province office sends on: 404 when invisible, else
    403 unless the user runs the organisation's council."""
    forwarding = forwarding_for_user(user, pk)
    if not runs_council(user, None):
        raise PermissionDenied
    return forwarding


def dossier_for_forwarding(user: AnyUser, pk: int) -> Dossier:
    """A dossier whose nominees the office packages for the level above."""
    dossier = dossier_for_user(user, pk)
    if not can_forward(user, dossier):
        raise PermissionDenied
    return dossier
