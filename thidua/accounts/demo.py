"""Demo accounts, one per role (password: thidua2026)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

from thidua.units.demo import CLUSTER_NAME, district_bloc, province
from thidua.units.models import EmulationBloc, OrgUnit

from .models import RoleAssignment, User
from .services import staff_group

PASSWORD = "thidua2026"
Role = RoleAssignment.Role

# username, full name, role, unit lookup (code, valid_from is None?) or bloc
DEMO_USERS = [
    ("tinh", "Nguyễn Thị Hạnh", Role.PROVINCE_OFFICER, "province"),
    ("khoitruong", "Lò Văn Hùng", Role.BLOC_HEAD, "bloc"),
    ("tanuyen", "Tòng Văn Khánh", Role.UNIT_OFFICER, ("111", None)),
    ("xatanuyen", "Lường Thị Mai", Role.UNIT_OFFICER, "Xã Tân Uyên"),
    ("hoidong", "Hoàng Văn Sơn", Role.COUNCIL_MEMBER, "province"),
    ("bientap", "Phạm Thu Trang", Role.PORTAL_EDITOR, "province"),
    ("lanhdao", "Giàng A Páo", Role.LEADER, "province"),
]

# Since the 2025 reorganisation (districts dissolved on 01/07/2025) the district's
# officer works for a provincial department and the district bloc's head heads the
# commune cluster: their accounts follow them, so each has current work as well as
# the 2018–2024 history.
CURRENT_ERA = [
    ("tanuyen", Role.UNIT_OFFICER, ("SNNMT", None)),
    ("khoitruong", Role.BLOC_HEAD, "cluster"),
]


def _unit(spec: Any) -> OrgUnit | None:
    if spec == "province":
        return province()
    if isinstance(spec, tuple):
        return OrgUnit.objects.get(code=spec[0], valid_from=spec[1])
    if isinstance(spec, str) and spec != "bloc":
        return OrgUnit.objects.get(name=spec, valid_to__isnull=True)
    return None


def load(stdout: Any) -> None:
    group = staff_group()
    for username, full_name, role, spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        user.groups.add(group)
        if role == Role.PORTAL_EDITOR:
            user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
        RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            unit=_unit(spec),
            bloc=district_bloc() if spec == "bloc" else None,
        )
    for username, role, spec in CURRENT_ERA:
        cluster = EmulationBloc.objects.filter(name=CLUSTER_NAME).first()
        unit = (
            None
            if spec == "cluster"
            else OrgUnit.objects.filter(code=spec[0], valid_from=spec[1]).first()
        )
        if unit or (spec == "cluster" and cluster):
            RoleAssignment.objects.get_or_create(
                user=User.objects.get(username=username),
                role=role,
                unit=unit,
                bloc=cluster if spec == "cluster" else None,
            )
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@example.invalid", PASSWORD, full_name="Quản trị hệ thống"
        )
    enrol_second_factors()
    stdout.write(f"Accounts: {len(DEMO_USERS) + 1}")


DEMO_DEVICE = "Thiết bị demo"


def enrol_second_factors() -> None:
    """Demo accounts that need a second factor get an authenticator key at once;
    `manage.py demo_logins` prints it (and `--codes` the current codes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .second_factor import needs_second_factor

    for user in User.objects.all():
        if (
            needs_second_factor(user)
            and not TOTPDevice.objects.filter(user=user).exists()
        ):
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE, confirmed=True)
