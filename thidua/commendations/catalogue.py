"""The catalogue and the two rule sets of the 2022 Law, shipped as data.

`load_catalogue()` only creates what is missing, so values an administrator has
edited in the admin are never overwritten by a later demo load or deploy.
Sources and [U] flags follow ../shared/domain-tdkt.md (§2, §3).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from .eligibility import AwardInfo, RuleBook, ValueInfo
from .models import AwardRule, AwardType, BaseSalary, Level, RuleSet, RuleValue

K = RuleValue.Key
LAW = "Luật Thi đua, khen thưởng 2022"
ND98 = "Luật TĐKT 2022 + NĐ 98/2023"
ND152 = "Luật TĐKT 2022 + NĐ 152/2025"

DOCS_TITLE = "Tờ trình đề nghị\nBáo cáo thành tích\nBiên bản bình xét thi đua"
DOCS_TITLE_INITIATIVE = (
    DOCS_TITLE + "\nXác nhận của cấp có thẩm quyền về sáng kiến, đề tài khoa học"
)
DOCS_FORM = "Tờ trình đề nghị\nBáo cáo thành tích\nBiên bản xét khen thưởng"

UNIT_HEAD = "Thủ trưởng cơ quan chuyên môn thuộc UBND tỉnh; thủ trưởng đơn vị; Chủ tịch UBND cấp xã (Điều 80)"

# code, name, kind, (individual, collective, household), level, authority, docs, rank, basis, uncertain
CATALOGUE: list[tuple[Any, ...]] = [
    ("LDTT", "Lao động tiên tiến", "title", (1, 0, 0), Level.UNIT, UNIT_HEAD, DOCS_TITLE, 10, f"{LAW}, Điều 24", False),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "title", (1, 0, 0), Level.UNIT, "Thủ trưởng cơ quan chuyên môn thuộc UBND tỉnh; thủ trưởng đơn vị (Điều 80 khoản 1, 4)", DOCS_TITLE_INITIATIVE, 20, f"{LAW}, Điều 23", False),
    ("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", "title", (1, 0, 0), Level.PROVINCE, "Chủ tịch UBND tỉnh", DOCS_TITLE_INITIATIVE, 35, f"{LAW}, Điều 22", False),
    ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", "title", (1, 0, 0), Level.STATE, "Thủ tướng Chính phủ (tỉnh đề nghị)", DOCS_TITLE_INITIATIVE + "\nBiên bản và kết quả bỏ phiếu kín của Hội đồng TĐKT tỉnh", 60, f"{LAW}, Điều 21", False),
    ("TTLDTT", "Tập thể lao động tiên tiến", "title", (0, 1, 0), Level.UNIT, UNIT_HEAD.replace("; Chủ tịch UBND cấp xã", ""), DOCS_TITLE, 12, f"{LAW}, Điều 28", True),
    ("TTLDXS", "Tập thể lao động xuất sắc", "title", (0, 1, 0), Level.PROVINCE, "Chủ tịch UBND tỉnh", DOCS_TITLE, 25, f"{LAW}, Điều 27", False),
    ("CO_TINH", "Cờ thi đua cấp tỉnh", "title", (0, 1, 0), Level.PROVINCE, "Chủ tịch UBND tỉnh", DOCS_TITLE + "\nBiên bản suy tôn của khối, cụm thi đua", 40, f"{LAW}, Điều 26", False),
    ("CO_CP", "Cờ thi đua của Chính phủ", "title", (0, 1, 0), Level.STATE, "Thủ tướng Chính phủ (tỉnh đề nghị)", DOCS_TITLE + "\nBiên bản suy tôn của khối, cụm thi đua", 65, f"{LAW}, Điều 25", False),
    ("XA_TIEU_BIEU", "Xã, phường, đặc khu tiêu biểu", "title", (0, 1, 0), Level.PROVINCE, "Chủ tịch UBND tỉnh", DOCS_TITLE, 28, f"{LAW}, Điều 29; NĐ 86/2023/NĐ-CP", True),
    ("THON_VH", "Thôn, tổ dân phố văn hóa", "title", (0, 1, 0), Level.COMMUNE, "Chủ tịch UBND cấp xã (trước 01/7/2025: cấp huyện) [U]", DOCS_TITLE, 18, f"{LAW}, Điều 30; NĐ 86/2023/NĐ-CP", True),
    ("GD_VH", "Gia đình văn hóa", "title", (0, 0, 1), Level.COMMUNE, "Chủ tịch UBND cấp xã (Điều 80 khoản 3)", DOCS_TITLE, 8, f"{LAW}, Điều 31; NĐ 86/2023/NĐ-CP", False),
    ("GK", "Giấy khen", "form", (1, 1, 1), Level.UNIT, "Thủ trưởng đơn vị; Thủ trưởng Sở; Chủ tịch UBND cấp xã; Giám đốc doanh nghiệp, HTX (Điều 75 khoản 1)", DOCS_FORM, 15, f"{LAW}, Điều 75", True),
    ("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", "form", (1, 1, 1), Level.PROVINCE, "Chủ tịch UBND tỉnh", DOCS_FORM, 30, f"{LAW}, Điều 74 khoản 1 điểm d", False),
    ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "form", (1, 1, 1), Level.STATE, "Thủ tướng Chính phủ (tỉnh đề nghị)", DOCS_FORM, 50, f"{LAW}, Điều 73 khoản 1 điểm b", False),
    ("HC_LD3", "Huân chương Lao động hạng Ba", "form", (1, 1, 0), Level.STATE, "Chủ tịch nước (tỉnh đề nghị)", DOCS_FORM, 70, f"{LAW}, Điều 44", True),
    ("HC_LD2", "Huân chương Lao động hạng Nhì", "form", (1, 1, 0), Level.STATE, "Chủ tịch nước (tỉnh đề nghị)", DOCS_FORM, 75, f"{LAW}, Điều 44", True),
    ("HC_LD1", "Huân chương Lao động hạng Nhất", "form", (1, 1, 0), Level.STATE, "Chủ tịch nước (tỉnh đề nghị)", DOCS_FORM, 80, f"{LAW}, Điều 44", True),
]  # fmt: skip

TITLES_98 = "NĐ 98/2023/NĐ-CP, Điều 54"
TITLES_152 = "NĐ 152/2025/NĐ-CP (giữ mức NĐ 98/2023, Điều 54)"
FORMS_98 = "NĐ 98/2023/NĐ-CP, Chương IV"
ORDERS_152 = "NĐ 152/2025/NĐ-CP, Điều 51"
FORMS_152 = "NĐ 152/2025/NĐ-CP, Điều 54 khoản 1"

# (code or None, key, issuer, value, source, uncertain) per rule set; a value a later
# rule set does not list is inherited from the earlier one (selectors.rule_book).
VALUES_98: list[tuple[Any, ...]] = [
    (None, K.ROUND_TO, "", 10000, "NĐ 98/2023/NĐ-CP: làm tròn lên hàng chục nghìn đồng", False),
    ("LDTT", K.COEFFICIENT, "", "0.3", TITLES_98, False),
    ("CSTDCS", K.COEFFICIENT, "", "1.0", TITLES_98, False),
    ("CSTDCS", K.QUOTA_SHARE, "", "0.15", "Tỷ lệ tỉnh tự quy định (NĐ 91/2017 cũ: ≤ 15% số LĐTT); chưa thấy trong văn bản hiện hành", True),
    ("CSTD_TINH", K.COEFFICIENT, "", "3.0", TITLES_98, False),
    ("CSTD_TINH", K.CONSECUTIVE_YEARS, "", 3, f"{LAW}, Điều 22", False),
    ("CSTD_TQ", K.COEFFICIENT, "", "4.5", TITLES_98, False),
    ("CSTD_TQ", K.MIN_COUNT, "", 2, f"{LAW}, Điều 21 (02 lần liên tục CSTĐ cấp tỉnh)", False),
    ("TTLDTT", K.COEFFICIENT, "", "0.8", TITLES_98, False),
    ("TTLDTT", K.MIN_SHARE, "", "0.5", "Quy định trước 2024: trên 50% cá nhân đạt LĐTT", True),
    ("TTLDXS", K.COEFFICIENT, "", "1.5", TITLES_98, False),
    ("TTLDXS", K.MIN_SHARE, "", "0.7", f"{LAW}, Điều 27: ít nhất 70% cá nhân đạt LĐTT", False),
    ("TTLDXS", K.MIN_COUNT, "", 1, f"{LAW}, Điều 27: có cá nhân đạt CSTĐCS", False),
    ("TTLDXS", K.QUOTA_SHARE, "", None, "Không có tỷ lệ trong Luật (ví dụ ngành Kiểm sát: ≤ 20% số TTLĐTT)", True),
    ("CO_TINH", K.COEFFICIENT, "", "8.0", "NĐ 91/2017 và bảng mức thưởng các tỉnh (NĐ 98/2023 chưa đối chiếu)", True),
    ("CO_CP", K.COEFFICIENT, "", "12.0", TITLES_98, False),
    ("CO_CP", K.QUOTA_SHARE, "", None, "NĐ 91/2017 cũ: ≤ 20% số tập thể đạt Cờ thi đua cấp tỉnh; chưa thấy trong văn bản hiện hành", True),
    ("XA_TIEU_BIEU", K.COEFFICIENT, "", "2.0", TITLES_98, False),
    ("THON_VH", K.COEFFICIENT, "", "1.5", TITLES_98, False),
    ("GD_VH", K.COEFFICIENT, "", None, "Chưa tìm thấy mức thưởng Gia đình văn hóa", True),
    ("GK", K.COEFFICIENT, "xa", "0.15", "NĐ 98/2023/NĐ-CP: Giấy khen của Chủ tịch UBND cấp xã 0,15 lần", False),
    ("GK", K.COEFFICIENT, "so", "0.3", FORMS_98, True),
    ("GK", K.COEFFICIENT, "don_vi", "0.3", FORMS_98, True),
    ("GK", K.COLLECTIVE_MULTIPLIER, "", "2", "NĐ 91/2017 (tập thể gấp 2 lần cá nhân); chưa đối chiếu văn bản hiện hành", True),
    ("GK", K.HOUSEHOLD_MULTIPLIER, "", "1.5", "Hộ gia đình gấp 1,5 lần cá nhân (chưa đối chiếu NĐ 98/2023)", True),
    ("BK_TINH", K.COEFFICIENT, "", "1.0", "NĐ 98/2023/NĐ-CP (mức 1,0 như NĐ 91/2017; chưa đối chiếu)", True),
    ("BK_TINH", K.COLLECTIVE_MULTIPLIER, "", "2", "NĐ 91/2017 (tập thể gấp 2 lần cá nhân); chưa đối chiếu văn bản hiện hành", True),
    ("BK_TINH", K.HOUSEHOLD_MULTIPLIER, "", "1.5", "Hộ gia đình gấp 1,5 lần cá nhân (chưa đối chiếu NĐ 98/2023)", True),
    ("BK_TINH", K.CONSECUTIVE_YEARS, "", 2, f"{LAW}, Điều 74 khoản 1 điểm d", False),
    ("BK_TINH", K.MIN_INITIATIVES, "", 2, f"{LAW}, Điều 74 khoản 1 điểm d", False),
    ("BK_TTG", K.COEFFICIENT, "", "3.5", FORMS_98, True),
    ("BK_TTG", K.COLLECTIVE_MULTIPLIER, "", "2", "NĐ 91/2017 (tập thể gấp 2 lần cá nhân); chưa đối chiếu văn bản hiện hành", True),
    ("BK_TTG", K.HOUSEHOLD_MULTIPLIER, "", "1.5", "Hộ gia đình gấp 1,5 lần cá nhân (chưa đối chiếu NĐ 98/2023)", True),
    ("BK_TTG", K.CONSECUTIVE_YEARS, "", 5, f"{LAW}, Điều 73 khoản 1 điểm b", False),
    ("BK_TTG", K.MIN_COUNT, "", 3, f"{LAW}, Điều 73 khoản 1 điểm b", False),
    ("HC_LD3", K.COEFFICIENT, "", "4.5", FORMS_98, True),
    ("HC_LD3", K.COLLECTIVE_MULTIPLIER, "", "2", FORMS_98, True),
    ("HC_LD2", K.COEFFICIENT, "", "7.5", FORMS_98, True),
    ("HC_LD2", K.COLLECTIVE_MULTIPLIER, "", "2", FORMS_98, True),
    ("HC_LD1", K.COEFFICIENT, "", "9.0", FORMS_98, True),
    ("HC_LD1", K.COLLECTIVE_MULTIPLIER, "", "2", FORMS_98, True),
]  # fmt: skip

# Only what NĐ 152/2025 states anew; the rest is inherited from NĐ 98/2023.
VALUES_152: list[tuple[Any, ...]] = [
    ("LDTT", K.COEFFICIENT, "", "0.3", TITLES_152, False),
    ("CSTDCS", K.COEFFICIENT, "", "1.0", TITLES_152, False),
    ("CSTD_TINH", K.COEFFICIENT, "", "3.0", TITLES_152, False),
    ("CSTD_TQ", K.COEFFICIENT, "", "4.5", TITLES_152, False),
    ("TTLDTT", K.COEFFICIENT, "", "0.8", TITLES_152, False),
    ("TTLDXS", K.COEFFICIENT, "", "1.5", TITLES_152, False),
    ("CO_TINH", K.COEFFICIENT, "", "8.0", "NĐ 152/2025/NĐ-CP (giá trị bị cắt trong nguồn; 8,0 theo NĐ 91/2017 và bảng các tỉnh)", True),
    ("CO_CP", K.COEFFICIENT, "", "12.0", TITLES_152, False),
    ("XA_TIEU_BIEU", K.COEFFICIENT, "", "2.0", TITLES_152, False),
    ("THON_VH", K.COEFFICIENT, "", "1.5", TITLES_152, False),
    ("GK", K.COEFFICIENT, "xa", "0.3", f"{FORMS_152} (Chủ tịch UBND cấp xã, tăng từ 0,15)", False),
    ("GK", K.COEFFICIENT, "so", "0.3", FORMS_152, False),
    ("GK", K.COEFFICIENT, "don_vi", "0.3", FORMS_152, False),
    ("GK", K.HOUSEHOLD_MULTIPLIER, "", "1.5", "NĐ 152/2025/NĐ-CP: hộ gia đình gấp 1,5 lần cá nhân", False),
    ("BK_TINH", K.COEFFICIENT, "", "1.5", FORMS_152, False),
    ("BK_TINH", K.HOUSEHOLD_MULTIPLIER, "", "1.5", "NĐ 152/2025/NĐ-CP: hộ gia đình gấp 1,5 lần cá nhân", False),
    ("BK_TTG", K.COEFFICIENT, "", "3.5", FORMS_152, False),
    ("BK_TTG", K.HOUSEHOLD_MULTIPLIER, "", "1.5", "NĐ 152/2025/NĐ-CP: hộ gia đình gấp 1,5 lần cá nhân", False),
    ("HC_LD3", K.COEFFICIENT, "", "4.5", ORDERS_152, False),
    ("HC_LD3", K.COLLECTIVE_MULTIPLIER, "", "2", f"{ORDERS_152} khoản 2", False),
    ("HC_LD2", K.COEFFICIENT, "", "7.5", ORDERS_152, False),
    ("HC_LD2", K.COLLECTIVE_MULTIPLIER, "", "2", f"{ORDERS_152} khoản 2", False),
    ("HC_LD1", K.COEFFICIENT, "", "9.0", ORDERS_152, False),
    ("HC_LD1", K.COLLECTIVE_MULTIPLIER, "", "2", f"{ORDERS_152} khoản 2", False),
]  # fmt: skip

RULE_SETS = [
    (
        ND98,
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
        "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP; Thông tư 01/2024/TT-BNV",
        VALUES_98,
    ),
    (
        ND152,
        dt.date(2025, 7, 1),
        None,
        "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Thông tư 15/2025/TT-BNV",
        VALUES_152,
    ),
]

BASE_SALARIES = [
    (1_800_000, dt.date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP"),
    (2_340_000, dt.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP"),
]


@transaction.atomic
def load_catalogue() -> None:
    """Create the catalogue, both rule sets and the base salary table where missing."""
    types: dict[str, AwardType] = {}
    for order, row in enumerate(CATALOGUE):
        code, name, kind, (ind, coll, hh), level, authority, docs, rank, *_ = row
        types[code], _created = AwardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "for_individual": bool(ind),
                "for_collective": bool(coll),
                "for_household": bool(hh),
                "level": level,
                "deciding_authority": authority,
                "required_documents": docs,
                "rank": rank,
                "sort_order": order,
            },
        )
    for name, start, end, basis, values in RULE_SETS:
        rule_set, _created = RuleSet.objects.get_or_create(
            name=name,
            defaults={"valid_from": start, "valid_to": end, "legal_basis": basis},
        )
        for code, *_rest, article, uncertain in CATALOGUE:
            AwardRule.objects.get_or_create(
                rule_set=rule_set,
                award_type=types[code],
                defaults={"basis": article, "uncertain": uncertain},
            )
        for code, key, issuer, value, source, uncertain in values:
            RuleValue.objects.get_or_create(
                rule_set=rule_set,
                award_type=types[code] if code else None,
                key=key,
                issuer=issuer,
                defaults={
                    "value": None if value is None else Decimal(str(value)),
                    "source": source,
                    "uncertain": uncertain,
                },
            )
    for amount, start, basis in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=start, defaults={"amount": amount, "legal_basis": basis}
        )


def seed_book(name: str = ND152) -> RuleBook:
    """The shipped rule book without the database (engine tests, the benchmark).

    Same inheritance as selectors.rule_book: later rule sets restate only what changed.
    """
    values: dict[tuple[str, str, str], ValueInfo] = {}
    for set_name, _start, _end, _basis, rows in RULE_SETS:
        for code, key, issuer, value, source, uncertain in rows:
            values[(code or "", str(key), issuer)] = ValueInfo(
                value=None if value is None else Decimal(str(value)),
                source=source,
                uncertain=uncertain,
                rule_set=set_name,
            )
        if set_name == name:
            break
    awards = {}
    for code, title, kind, (ind, coll, hh), *_rest, article, uncertain in CATALOGUE:
        recipients = tuple(
            r
            for on, r in ((ind, "individual"), (coll, "collective"), (hh, "household"))
            if on
        )
        awards[code] = AwardInfo(
            code=code,
            name=title,
            kind=kind,
            recipients=recipients,
            basis=article,
            uncertain=uncertain,
        )
    return RuleBook(name=name, awards=awards, values=values)
