"""All-or-nothing import of past history from .xlsx/.csv: ratings, awards, initiatives,
advanced models and disciplinary records.

A person is found by "Mã cá nhân" (the id shown on their page) or by name and
birth year, narrowed by "Mã đơn vị" when namesakes exist. Every bad row gets a
Vietnamese message; if any row is refused nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.accounts.models import User
from thidua.core import audit
from thidua.lib.tabular import Column, ImportResult, Row, parse_date, read_rows
from thidua.lib.text import fold
from thidua.people.models import Person
from thidua.units.access import editable_unit_ids
from thidua.units.models import OrgUnit

from . import law
from .models import (
    AdvancedModel,
    AnnualRating,
    AwardRecord,
    AwardType,
    Branch,
    DisciplinaryRecord,
    Initiative,
    Issuer,
    Level,
    Rating,
    RecipientKind,
    Scope,
)
from .services import (
    advanced_model_save,
    award_record_create,
    award_record_save,
    disciplinary_record_save,
)

YEAR_MIN, YEAR_MAX = 1945, 2100

PERSON_COLUMNS = [
    Column("ma_ca_nhan", "Mã cá nhân", False, "", "Số hiệu cá nhân trong hệ thống; trống thì tìm theo họ tên và năm sinh."),
    Column("ho_ten", "Họ và tên", False, "Lò Văn Hùng"),
    Column("nam_sinh", "Năm sinh", False, "1980"),
    Column("ma_don_vi", "Mã đơn vị", False, "111", "Đơn vị công tác, để phân biệt người trùng tên."),
]  # fmt: skip

RATING_COLUMNS = [
    *PERSON_COLUMNS,
    Column("nam", "Năm", True, "2024"),
    Column("xep_loai", "Xếp loại", True, "HTXS", "HTXS, HTT, HT hoặc KHT (hoặc tên đầy đủ)."),
]  # fmt: skip

AWARD_COLUMNS = [
    Column("doi_tuong", "Đối tượng", False, "Cá nhân", "Cá nhân, Tập thể hoặc Hộ gia đình; trống = Cá nhân."),
    *PERSON_COLUMNS,
    Column("ho_gia_dinh", "Hộ gia đình", False, "Hộ ông Lò Văn Pánh", "Tên hộ (khi đối tượng là Hộ gia đình)."),
    Column("ma_khen_thuong", "Mã khen thưởng", True, "CSTDCS", "Mã trong Danh mục khen thưởng (LDTT, CSTDCS, BK_TINH...)."),
    Column("nam", "Năm thành tích", True, "2024"),
    Column("dieu_kien", "Điều kiện CSTĐCS", False, "htxs", "htxs hoặc initiative (chỉ với CSTDCS)."),
    Column("nguoi_ky", "Người ký Giấy khen", False, "xa", "xa, so hoặc don_vi (chỉ với GK)."),
    Column("so_quyet_dinh", "Số quyết định", False, "125/QĐ-UBND"),
    Column("ngay_quyet_dinh", "Ngày quyết định", False, "15/01/2025", "dd/mm/yyyy"),
    Column("co_quan", "Cơ quan ban hành", False, "UBND huyện Tân Uyên"),
]  # fmt: skip

INITIATIVE_COLUMNS = [
    Column("ten_sang_kien", "Tên sáng kiến", True, "Số hóa hồ sơ một cửa"),
    *PERSON_COLUMNS,
    Column("pham_vi", "Phạm vi", True, "co_so", "co_so, tinh hoặc toan_quoc (hoặc Cơ sở, Cấp tỉnh, Toàn quốc)."),
    Column("nam_cong_nhan", "Năm công nhận", True, "2024"),
    Column("ngay_cong_nhan", "Ngày công nhận", False, "20/12/2024", "dd/mm/yyyy"),
    Column("co_quan", "Cơ quan công nhận", False, "Hội đồng sáng kiến huyện Tân Uyên"),
    Column("so_quyet_dinh", "Số quyết định", False, "88/QĐ-UBND"),
]  # fmt: skip

MODEL_COLUMNS = [
    Column("doi_tuong", "Đối tượng", False, "Cá nhân", "Cá nhân hoặc Tập thể; trống = Cá nhân. Tập thể: điền Mã đơn vị."),
    *PERSON_COLUMNS,
    Column("ten_dien_hinh", "Mô hình, điển hình", True, "Dân vận khéo trong xây dựng nông thôn mới"),
    Column("nam", "Năm", True, "2024"),
    Column("cap", "Cấp", False, "tinh", "don_vi, xa, huyen, tinh hoặc nha_nuoc (hoặc Cơ sở, Cấp xã, Cấp huyện, Cấp tỉnh, Nhà nước)."),
    Column("co_quan", "Cơ quan ghi nhận", False, "UBND tỉnh"),
    Column("ghi_chu", "Ghi chú", False, ""),
]  # fmt: skip

DISCIPLINE_COLUMNS = [
    *PERSON_COLUMNS,
    Column("nam", "Năm", True, "2024", "Năm có vi phạm bị kỷ luật."),
    Column("hinh_thuc", "Hình thức kỷ luật", True, "Khiển trách", "Khiển trách, Cảnh cáo, Hạ bậc lương, Giáng chức, Cách chức hoặc Buộc thôi việc."),
    Column("so_quyet_dinh", "Số quyết định", False, "21/QĐ-UBND"),
    Column("ngay_quyet_dinh", "Ngày quyết định", False, "15/03/2024", "dd/mm/yyyy"),
    Column("ly_do", "Lý do", False, "Vi phạm quy chế làm việc"),
]  # fmt: skip

NOTES = [
    "Nhập toàn bộ hoặc không nhập gì: nếu một dòng có lỗi, không dòng nào được lưu.",
    "Nhiều tác giả của một sáng kiến: mỗi tác giả một dòng, cùng tên sáng kiến, phạm vi và năm.",
]


@dataclass(frozen=True)
class Kind:
    title: str
    columns: list[Column]
    handle: Callable[..., None]


def _choice(text: str, choices: Sequence[tuple[str, object]]) -> str | None:
    """The value for a code or a label; "Cấp tỉnh" names "Cấp tỉnh, bộ, ngành"."""
    key = fold(text)
    for value, label in choices:
        label = str(label)
        if key in (fold(value), fold(label), fold(label.split(",")[0])):
            return value
    return None


def _year(row: Row, key: str, label: str, problems: list[str]) -> int | None:
    text = row.get(key)
    try:
        year = int(text)
    except ValueError:
        problems.append(f"{label} '{text}' không phải một năm")
        return None
    if not YEAR_MIN <= year <= YEAR_MAX:
        problems.append(f"{label} {year} ngoài khoảng {YEAR_MIN}–{YEAR_MAX}")
        return None
    return year


def _date(row: Row, key: str, label: str, problems: list[str]) -> dt.date | None:
    if not row.get(key):
        return None
    try:
        return parse_date(row.get(key))
    except ValueError:
        problems.append(f"{label} '{row.get(key)}' không đúng dạng dd/mm/yyyy")
        return None


def _unit(row: Row, problems: list[str]) -> OrgUnit | None:
    code = row.get("ma_don_vi")
    if not code:
        return None
    found = OrgUnit.objects.filter(code=code).order_by("-valid_from").first()
    if found is None:
        problems.append(f"mã đơn vị '{code}' không tồn tại")
    return found


class _Context:
    def __init__(self, user: User) -> None:
        self.editable = editable_unit_ids(user)
        self.seen: set[tuple] = set()

    def person(self, row: Row, problems: list[str]) -> Person | None:
        qs = Person.objects.all()
        if row.get("ma_ca_nhan"):
            try:
                qs = qs.filter(pk=int(row.get("ma_ca_nhan")))
            except ValueError:
                problems.append(f"mã cá nhân '{row.get('ma_ca_nhan')}' không hợp lệ")
                return None
        elif row.get("ho_ten"):
            qs = qs.filter(search_text=fold(row.get("ho_ten")))
            if row.get("nam_sinh"):
                qs = qs.filter(birth_year=row.get("nam_sinh"))
            if row.get("ma_don_vi"):
                qs = qs.filter(positions__unit__code=row.get("ma_don_vi")).distinct()
        else:
            problems.append("cần Mã cá nhân hoặc Họ và tên")
            return None
        found = list(qs[:2])
        who = row.get("ho_ten") or row.get("ma_ca_nhan")
        if not found:
            problems.append(f"không tìm thấy cá nhân '{who}'")
            return None
        if len(found) > 1:
            problems.append(
                f"có nhiều người tên '{who}': thêm năm sinh, mã đơn vị hoặc mã cá nhân"
            )
            return None
        person = found[0]
        if (
            self.editable is not None
            and not person.positions.filter(unit_id__in=self.editable).exists()
        ):
            problems.append(f"bạn không có quyền nhập dữ liệu cho {person}")
            return None
        return person

    def collective(self, row: Row, problems: list[str]) -> OrgUnit | None:
        if not row.get("ma_don_vi"):
            problems.append("tập thể cần Mã đơn vị")
            return None
        unit = _unit(row, problems)
        if (
            unit is not None
            and self.editable is not None
            and unit.pk not in self.editable
        ):
            problems.append(f"bạn không có quyền nhập dữ liệu cho {unit}")
            return None
        return unit

    def once(self, key: tuple, what: str, problems: list[str]) -> None:
        if key in self.seen:
            problems.append(f"trùng với một dòng trước: {what}")
        self.seen.add(key)


def _ratings_row(row: Row, ctx: _Context, result: ImportResult) -> None:
    problems: list[str] = []
    person = ctx.person(row, problems)
    year = _year(row, "nam", "năm", problems)
    rating = _choice(row.get("xep_loai"), Rating.choices)
    if rating is None:
        problems.append(
            f"xếp loại '{row.get('xep_loai')}' phải là HTXS, HTT, HT hoặc KHT"
        )
    if person and year:
        ctx.once((person.pk, year), f"hai xếp loại năm {year} cho {person}", problems)
    if problems:
        result.refuse(row.line, problems)
        return
    _obj, created = AnnualRating.objects.update_or_create(
        person=person, year=year, defaults={"rating": rating, "unit": _unit(row, [])}
    )
    if created:
        result.created += 1
    else:
        result.updated += 1


def _awards_row(row: Row, ctx: _Context, result: ImportResult) -> None:
    problems: list[str] = []
    kind = RecipientKind.INDIVIDUAL
    if row.get("doi_tuong"):
        kind = _choice(row.get("doi_tuong"), RecipientKind.choices)  # type: ignore[assignment]
        if kind is None:
            problems.append(
                f"đối tượng '{row.get('doi_tuong')}' phải là Cá nhân, Tập thể hoặc Hộ gia đình"
            )
    holder: dict[str, Any] = {}
    if kind == RecipientKind.INDIVIDUAL:
        holder["person"] = ctx.person(row, problems)
        holder["unit"] = _unit(row, [])
    elif kind == RecipientKind.COLLECTIVE:
        holder["collective"] = ctx.collective(row, problems)
    elif kind == RecipientKind.HOUSEHOLD:
        if not row.get("ho_gia_dinh"):
            problems.append("hộ gia đình cần tên hộ")
        holder["household_name"] = row.get("ho_gia_dinh")
        holder["unit"] = _unit(row, problems)
    code = row.get("ma_khen_thuong").strip().upper()
    award = AwardType.objects.filter(code=code).first()
    if award is None:
        problems.append(
            f"mã khen thưởng '{row.get('ma_khen_thuong')}' không có trong danh mục"
        )
    elif kind and kind not in award.recipient_kinds:
        problems.append(
            f"{award.name} không tặng cho {RecipientKind(kind).label.lower()}"
        )
    year = _year(row, "nam", "năm thành tích", problems)
    branch = row.get("dieu_kien").strip().lower()
    if branch and (branch not in Branch.values or not law.takes_branch(code)):
        problems.append("điều kiện chỉ dùng cho CSTDCS: htxs hoặc initiative")
    issuer = row.get("nguoi_ky").strip().lower()
    if issuer and (issuer not in Issuer.values or not law.takes_issuer(code)):
        problems.append("người ký chỉ dùng cho GK: xa, so hoặc don_vi")
    decision_date = _date(row, "ngay_quyet_dinh", "ngày quyết định", problems)
    if not problems:
        who = next(v for v in holder.values() if v)
        ctx.once((kind, str(who), code, year), f"{code} {year} của {who}", problems)
    if problems:
        result.refuse(row.line, problems)
        return
    existing = AwardRecord.objects.filter(  # type: ignore[misc]
        award_type=award, year=year, **{k: v for k, v in holder.items() if k != "unit"}
    ).first()
    fields = {
        "decision_number": row.get("so_quyet_dinh"),
        "decision_date": decision_date,
        "decision_issuer": row.get("co_quan"),
        "branch": branch,
        "issuer": issuer,
    }
    if existing:
        # through the guarded service: entries an issued decision wrote stay as they are
        for name, value in fields.items():
            setattr(existing, name, value)
        _save(row, result, False, lambda: award_record_save(record=existing))
        return
    try:
        award_record_create(
            award_type=award,  # type: ignore[arg-type]
            year=year,  # type: ignore[arg-type]
            level=award.level or Level.UNIT,  # type: ignore[union-attr]
            **holder,
            **fields,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        result.refuse(row.line, exc.messages)
        return
    result.created += 1


def _initiatives_row(row: Row, ctx: _Context, result: ImportResult) -> None:
    problems: list[str] = []
    person = ctx.person(row, problems)
    scope = _choice(row.get("pham_vi"), Scope.choices)
    if scope is None:
        problems.append(
            f"phạm vi '{row.get('pham_vi')}' phải là co_so, tinh hoặc toan_quoc"
        )
    year = _year(row, "nam_cong_nhan", "năm công nhận", problems)
    recognised_on = _date(row, "ngay_cong_nhan", "ngày công nhận", problems)
    title = " ".join(row.get("ten_sang_kien").split())
    if problems:
        result.refuse(row.line, problems)
        return
    initiative, created = Initiative.objects.get_or_create(
        title=title,
        scope=scope,
        recognised_year=year,
        defaults={
            "recognised_on": recognised_on,
            "recognising_body": row.get("co_quan"),
            "decision_number": row.get("so_quyet_dinh"),
            "unit": _unit(row, []),
        },
    )
    initiative.persons.add(person)  # type: ignore[arg-type]
    if created:
        result.created += 1
    else:
        result.updated += 1


def _models_row(row: Row, ctx: _Context, result: ImportResult) -> None:
    problems: list[str] = []
    kind = RecipientKind.INDIVIDUAL
    if row.get("doi_tuong"):
        kind = _choice(row.get("doi_tuong"), RecipientKind.choices)  # type: ignore[assignment]
        if kind not in (RecipientKind.INDIVIDUAL, RecipientKind.COLLECTIVE):
            problems.append(
                f"đối tượng '{row.get('doi_tuong')}' phải là Cá nhân hoặc Tập thể"
            )
    person = collective = None
    if kind == RecipientKind.INDIVIDUAL:
        person = ctx.person(row, problems)
    elif kind == RecipientKind.COLLECTIVE:
        collective = ctx.collective(row, problems)
    title = " ".join(row.get("ten_dien_hinh").split())
    year = _year(row, "nam", "năm", problems)
    level = ""
    if row.get("cap"):
        level = _choice(row.get("cap"), Level.choices) or ""
        if not level:
            problems.append(
                f"cấp '{row.get('cap')}' phải là don_vi, xa, huyen, tinh hoặc nha_nuoc"
            )
    holder = person or collective
    if holder and year and not problems:
        ctx.once((kind, holder.pk, fold(title), year), f"{title} {year} của {holder}", problems)  # fmt: skip
    if problems:
        result.refuse(row.line, problems)
        return
    model = AdvancedModel.objects.filter(  # type: ignore[misc]
        person=person, collective=collective, title=title, year=year
    ).first()
    created = model is None
    model = model or AdvancedModel(  # type: ignore[misc]
        person=person, collective=collective, title=title, year=year
    )
    model.level = level
    model.recognised_by = row.get("co_quan")
    model.note = row.get("ghi_chu")
    _save(row, result, created, lambda: advanced_model_save(model=model))


def _discipline_row(row: Row, ctx: _Context, result: ImportResult) -> None:
    problems: list[str] = []
    person = ctx.person(row, problems)
    year = _year(row, "nam", "năm", problems)
    severity = _choice(row.get("hinh_thuc"), DisciplinaryRecord.Severity.choices)
    if severity is None:
        problems.append(
            f"hình thức kỷ luật '{row.get('hinh_thuc')}' phải là Khiển trách, Cảnh cáo, "
            "Hạ bậc lương, Giáng chức, Cách chức hoặc Buộc thôi việc"
        )
    decision_date = _date(row, "ngay_quyet_dinh", "ngày quyết định", problems)
    number = row.get("so_quyet_dinh")
    if person and year and severity:
        what = f"kỷ luật năm {year} của {person}"
        ctx.once((person.pk, year, severity, number), what, problems)
    if problems:
        result.refuse(row.line, problems)
        return
    record = DisciplinaryRecord.objects.filter(  # type: ignore[misc]
        person=person, year=year, severity=severity, decision_number=number
    ).first()
    created = record is None
    record = record or DisciplinaryRecord(  # type: ignore[misc]
        person=person, year=year, severity=severity, decision_number=number
    )
    record.unit = _unit(row, []) or record.unit
    record.decision_date = decision_date
    record.reason = row.get("ly_do")
    _save(row, result, created, lambda: disciplinary_record_save(record=record))


def _save(
    row: Row, result: ImportResult, created: bool, save: Callable[[], object]
) -> None:
    """Run a service save; its refusal becomes the row's message."""
    try:
        save()
    except ValidationError as exc:
        result.refuse(row.line, exc.messages)
        return
    if created:
        result.created += 1
    else:
        result.updated += 1


KINDS = {
    "ratings": Kind("Xếp loại hằng năm", RATING_COLUMNS, _ratings_row),
    "awards": Kind("Danh hiệu, khen thưởng", AWARD_COLUMNS, _awards_row),
    "initiatives": Kind("Sáng kiến", INITIATIVE_COLUMNS, _initiatives_row),
    "models": Kind("Điển hình tiên tiến", MODEL_COLUMNS, _models_row),
    "discipline": Kind("Kỷ luật", DISCIPLINE_COLUMNS, _discipline_row),
}


@transaction.atomic
def registry_import(
    *, kind: str, content: bytes, filename: str, user: User
) -> ImportResult:
    """Import one sheet of history; saves nothing when any row is refused."""
    spec = KINDS[kind]
    rows = read_rows(content, filename, spec.columns)
    ctx = _Context(user)
    result = ImportResult()
    with audit.acting_as(user, f"Nhập {spec.title.lower()} từ {filename}"):
        for row in rows:
            spec.handle(row, ctx, result)
    if result.errors:
        transaction.set_rollback(True)
        result.created = result.updated = 0
    return result
