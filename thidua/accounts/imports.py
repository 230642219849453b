"""All-or-nothing import of accounts and their roles; each new account gets an invitation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from thidua.core import audit
from thidua.core.models import AuditEntry
from thidua.lib.tabular import Column, ImportResult, read_rows
from thidua.lib.text import fold
from thidua.units.models import EmulationBloc
from thidua.units.services import unit_by_code

from .invitations import invite
from .models import RoleAssignment, User
from .services import role_assign

Role = RoleAssignment.Role
COLUMNS = [
    Column("ten_dang_nhap", "Tên đăng nhập", True, "nguyenvana", "Chữ thường không dấu, số, dấu chấm."),
    Column("ho_ten", "Họ và tên", True, "Nguyễn Văn A", "Họ tên đầy đủ, có dấu."),
    Column("email", "Thư điện tử", False, "a@example.gov.vn", "Để gửi liên kết kích hoạt; trống = in mã."),
    Column("vai_tro", "Vai trò", True, "Cán bộ TĐKT đơn vị", "Một trong: " + "; ".join(str(label) for label in Role.labels) + "."),
    Column("ma_don_vi", "Mã đơn vị", False, "03388", "Đơn vị của vai trò (bắt buộc với cán bộ TĐKT đơn vị)."),
    Column("khoi", "Khối thi đua", False, "", "Tên khối (bắt buộc với khối trưởng)."),
]  # fmt: skip
NOTES = [
    "Nhập toàn bộ hoặc không nhập gì: nếu một dòng có lỗi, không dòng nào được lưu.",
    "Mỗi tài khoản mới nhận một mã kích hoạt dùng một lần (in ra) hoặc liên kết qua thư "
    "điện tử; người dùng tự đặt mật khẩu. Tài khoản đã có chỉ được thêm vai trò.",
    "Một người nhiều vai trò: ghi nhiều dòng cùng tên đăng nhập.",
]
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,149}$")


@dataclass
class UsersImportResult(ImportResult):
    # (user, code) of each new account, shown once on the printable list
    invitations: list[tuple[User, str]] = field(default_factory=list)


def parse_role(text: str) -> str | None:
    key = fold(text)
    for value, label in Role.choices:
        if key in (value, fold(str(label))):
            return value
    return None


def users_import(*, content: bytes, filename: str, by: User) -> UsersImportResult:
    """Create the accounts of a file and give the roles; saves nothing if any row is
    refused. A saved import is one audit event on `by`: the file, the counts and
    every role given (each account and role is audited on its own as well)."""
    with audit.acting_as(by, f"Nhập tài khoản từ {filename}"):
        return _users_import(content, filename, by)


@transaction.atomic
def _users_import(content: bytes, filename: str, by: User) -> UsersImportResult:
    rows = read_rows(content, filename, COLUMNS)
    result = UsersImportResult()
    new: dict[str, User] = {}
    granted: list[str] = []
    for row in rows:
        problems: list[str] = []
        username = row.get("ten_dang_nhap").lower()
        if not USERNAME.match(username):
            problems.append(
                f"tên đăng nhập “{username}” chỉ gồm chữ thường không dấu, số, . _ -"
            )
        email = row.get("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(f"thư điện tử “{email}” không hợp lệ")
        role = parse_role(row.get("vai_tro"))
        if role is None:
            problems.append(f"vai trò “{row.get('vai_tro')}” không có")
        unit = bloc = None
        if row.get("ma_don_vi"):
            try:
                unit = unit_by_code(row.get("ma_don_vi"))
            except ValidationError:
                problems.append(f"mã đơn vị “{row.get('ma_don_vi')}” không tồn tại")
        if row.get("khoi"):
            bloc = EmulationBloc.objects.filter(name__iexact=row.get("khoi")).first()
            if bloc is None:
                problems.append(f"khối thi đua “{row.get('khoi')}” không có")
        if problems:
            result.refuse(row.line, problems)
            continue
        user = new.get(username) or User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=row.get("ho_ten"), email=email)
            user.set_unusable_password()
            user.save()
            new[username] = user
            result.created += 1
        try:
            assignment = role_assign(
                user=user, role=str(role), unit=unit, bloc=bloc, by=by
            )
        except ValidationError as exc:
            result.refuse(row.line, exc.messages)
            continue
        scope = assignment.unit or assignment.bloc
        granted.append(
            f"{username}: {assignment.get_role_display()}"
            + (f" – {scope}" if scope else "")
        )
        if username not in new:
            result.updated += 1
    if result.errors:
        transaction.set_rollback(True)
        result.created = result.updated = 0
        return result
    result.invitations = [(user, invite(user=user, by=by)) for user in new.values()]
    _record_import(by, filename, len(new), granted)
    return result


def _record_import(by: User, filename: str, created: int, granted: list[str]) -> None:
    existing = len({g.split(":", 1)[0] for g in granted}) - created
    audit.record(
        by,
        AuditEntry.Action.EVENT,
        message=(
            f"Nhập tài khoản từ {filename}: {created} tài khoản mới, "
            f"{existing} tài khoản đã có được thêm vai trò, {len(granted)} vai trò"
        ),
        after={
            "tệp": filename,
            "tài khoản mới": created,
            "tài khoản đã có được thêm vai trò": existing,
            "vai trò đã phân": granted,
        },
    )
