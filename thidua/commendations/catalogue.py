"""The catalogue and the two rule sets of the 2022 Law, shipped as data.

`load_catalogue()` only creates what is missing, so values an administrator has
edited in the admin are never overwritten by a later demo load or deploy.
Sources and [U] flags follow ../shared/research/catalogue-2022-full.md (newer than
../shared/domain-tdkt.md where they differ); the forms are in catalogue_forms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from thidua.core import audit

from .catalogue_forms import FORMS, RENAMED, Form
from .eligibility import AwardInfo, RuleBook, ValueInfo
from .models import AwardRule, AwardType, BaseSalary, RuleSet, RuleValue

K = RuleValue.Key
LAW = "Luật Thi đua, khen thưởng 2022"
ND98 = "Luật TĐKT 2022 + NĐ 98/2023"
ND152 = "Luật TĐKT 2022 + NĐ 152/2025"

QUOTA_NONE = (
    "Không có tỷ lệ khống chế CSTĐCS trong Luật 2022, NĐ 98/2023 (bỏ mức 15% của "
    "NĐ 91/2017); chỉ áp dụng khi quản trị viên nhập tỷ lệ của tỉnh"
)
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
    ("CSTDCS", K.QUOTA_SHARE, "", None, QUOTA_NONE, False),
    ("CSTD_TINH", K.COEFFICIENT, "", "3.0", TITLES_98, False),
    ("CSTD_TINH", K.CONSECUTIVE_YEARS, "", 3, f"{LAW}, Điều 22", False),
    ("CSTD_TQ", K.COEFFICIENT, "", "4.5", TITLES_98, False),
    ("CSTD_TQ", K.MIN_COUNT, "", 2, f"{LAW}, Điều 21 (02 lần liên tục CSTĐ cấp tỉnh)", False),
    ("TTLDTT", K.COEFFICIENT, "", "0.8", TITLES_98, False),
    ("TTLDTT", K.MIN_SHARE, "", "0.7", "Tỉnh quy định chi tiết (Điều 28 khoản 3); mặc định theo QĐ 86/2025/QĐ-UBND Bắc Ninh: ít nhất 70% cá nhân đạt LĐTT", True),
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
]  # fmt: skip

# Only what NĐ 152/2025 states anew; the rest is inherited from NĐ 98/2023.
VALUES_152: list[tuple[Any, ...]] = [
    ("LDTT", K.COEFFICIENT, "", "0.3", TITLES_152, False),
    ("CSTDCS", K.COEFFICIENT, "", "1.0", TITLES_152, False),
    ("CSTD_TINH", K.COEFFICIENT, "", "3.0", TITLES_152, False),
    ("CSTD_TQ", K.COEFFICIENT, "", "4.5", TITLES_152, False),
    ("TTLDTT", K.COEFFICIENT, "", "0.8", TITLES_152, False),
    ("TTLDXS", K.COEFFICIENT, "", "1.5", TITLES_152, False),
    ("CO_TINH", K.COEFFICIENT, "", "8.0", "NĐ 152/2025/NĐ-CP, Điều 50", False),
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
]  # fmt: skip

# Huân chương: individual coefficient (Art. 51(1) of NĐ 152/2025), collectives ×2 (cl. 2)
ORDER_COEFFICIENTS = {
    "HC_SAO_VANG": "46.0", "HC_HCM": "30.5",
    "HC_DOC_LAP_1": "15.0", "HC_DOC_LAP_2": "12.5", "HC_DOC_LAP_3": "10.5",
    "HC_QUAN_CONG_1": "15.0", "HC_QUAN_CONG_2": "12.5", "HC_QUAN_CONG_3": "10.5",
    "HC_LAO_DONG_1": "9.0", "HC_LAO_DONG_2": "7.5", "HC_LAO_DONG_3": "4.5",
    "HC_CHIEN_CONG_1": "9.0", "HC_CHIEN_CONG_2": "7.5", "HC_CHIEN_CONG_3": "4.5",
    "HC_BVTQ_1": "9.0", "HC_BVTQ_2": "7.5", "HC_BVTQ_3": "4.5",
    "HC_DDKDT": "7.5", "HC_DUNG_CAM": "4.5",
}  # fmt: skip
HONOURS_98 = "NĐ 98/2023/NĐ-CP, Điều 56"
HONOURS_152 = "NĐ 152/2025/NĐ-CP, Điều 52"
HONOUR_COEFFICIENTS = {
    "DH_BMVNAH": "15.5", "DH_AHLLVTND": "15.5", "DH_AHLD": "15.5",
    "DH_NGND": "12.5", "DH_TTND": "12.5", "DH_NSND": "12.5", "DH_NNND": "12.5",
    "DH_NGUT": "9.0", "DH_TTUT": "9.0", "DH_NSUT": "9.0", "DH_NNUT": "9.0",
}  # fmt: skip
NOT_FOUND = "Chưa tìm thấy mức thưởng trong NĐ 98/2023, NĐ 152/2025"
NOT_FOUND_CODES = (
    "HC_HUU_NGHI", "HUY_CHUONG_QKQT", "HUY_CHUONG_VANTQ", "HUY_CHUONG_CSVV_1",
    "HUY_CHUONG_CSVV_2", "HUY_CHUONG_CSVV_3", "HUY_CHUONG_HUU_NGHI",
    "DH_TINH_ANH_HUNG", "DH_TP_ANH_HUNG", "GT_HCM", "GT_NHA_NUOC",
)  # fmt: skip
FORMS_152_COLL = "NĐ 152/2025/NĐ-CP, Điều 54 khoản 2"

# Criteria of the other forms (the Law's, so they are stated once, from 2024)
CRITERIA: list[tuple[Any, ...]] = [
    ("HC_LAO_DONG_3", K.PREREQUISITE, "", "BK_TTG", f"{LAW}, Điều 44 khoản 1 điểm e (bản dịch trả lời của Bộ Nội vụ)", True),
    ("HC_LAO_DONG_3", K.CONSECUTIVE_YEARS, "", 5, f"{LAW}, Điều 44 khoản 1 điểm e", True),
    ("HC_LAO_DONG_3", K.MIN_HTXS, "", 1, f"{LAW}, Điều 44 khoản 1 điểm e", True),
    ("HC_LAO_DONG_3", K.MIN_CSTDCS, "", 3, f"{LAW}, Điều 44 khoản 1 điểm e", True),
    ("HC_LAO_DONG_2", K.PREREQUISITE, "", "HC_LAO_DONG_3", f"{LAW}, Điều 43 khoản 1", False),
    ("HC_LAO_DONG_2", K.CONSECUTIVE_YEARS, "", 5, f"{LAW}, Điều 43 khoản 1", False),
    ("HC_LAO_DONG_2", K.MIN_HTXS, "", 2, f"{LAW}, Điều 43 khoản 1", False),
    ("HC_LAO_DONG_2", K.MIN_CSTD_TINH, "", 1, f"{LAW}, Điều 43 khoản 1", False),
    ("HC_HCM", K.PREREQUISITE, "", "HC_DOC_LAP_1|HC_QUAN_CONG_1", f"{LAW}, Điều 35 khoản 2", False),
    ("HC_HCM", K.CONSECUTIVE_YEARS, "", 10, f"{LAW}, Điều 35 khoản 2", False),
    ("HC_SAO_VANG", K.PREREQUISITE, "", "HC_HCM", f"{LAW}, Điều 34 khoản 3 điểm a", False),
    ("HC_SAO_VANG", K.CONSECUTIVE_YEARS, "", 25, f"{LAW}, Điều 34 khoản 3 điểm a", False),
    ("HUY_CHUONG_QKQT", K.SERVICE_YEARS, "", 25, f"{LAW}, Điều 55 (phục vụ liên tục)", False),
    ("DH_AHLD", K.SERVICE_YEARS, "", 10, f"{LAW}, Điều 63 (cống hiến từ 10 năm trở lên)", False),
    ("DH_NGUT", K.SERVICE_YEARS, "", 15, f"{LAW}, Điều 64 khoản 3 điểm c", False),
    ("DH_NGUT", K.MANAGER_SECTOR_YEARS, "", 20, f"{LAW}, Điều 64 khoản 3 điểm c", False),
    ("DH_NGUT", K.MANAGER_YEARS, "", 10, f"{LAW}, Điều 64 khoản 3 điểm c", False),
    ("DH_NGUT", K.HARDSHIP_FACTOR, "", 2, f"{LAW}, Điều 64 khoản 4 (vùng biên giới, hải đảo, đặc biệt khó khăn tính gấp đôi)", False),
    ("DH_TTND", K.PREREQUISITE, "", "DH_TTUT", f"{LAW}, Điều 65 khoản 2", False),
    ("DH_TTND", K.SERVICE_YEARS, "", 20, f"{LAW}, Điều 65 khoản 2 điểm c", False),
    ("DH_TTND", K.MANAGER_SECTOR_YEARS, "", 25, f"{LAW}, Điều 65 khoản 2 điểm c", False),
    ("DH_TTND", K.MANAGER_YEARS, "", 15, f"{LAW}, Điều 65 khoản 2 điểm c", False),
    ("BK_BO", K.CONSECUTIVE_YEARS, "", 2, f"{LAW}, Điều 74 khoản 1 điểm d", False),
    ("BK_BO", K.MIN_INITIATIVES, "", 2, f"{LAW}, Điều 74 khoản 1 điểm d", False),
]  # fmt: skip


def _more_values(decree: str) -> list[tuple[Any, ...]]:
    """Coefficients of the forms beyond the first catalogue, for one decree."""
    d98 = decree == "98"
    rows: list[tuple[Any, ...]] = []
    for code, coeff in ORDER_COEFFICIENTS.items():
        src = (
            "NĐ 98/2023/NĐ-CP (chưa đối chiếu; bằng mức NĐ 91/2017)"
            if d98
            else ORDERS_152
        )
        rows.append((code, K.COEFFICIENT, "", coeff, src, d98))
        rows.append((code, K.COLLECTIVE_MULTIPLIER, "", "2", src, d98))
    for code, coeff in HONOUR_COEFFICIENTS.items():
        src = HONOURS_98 if d98 else HONOURS_152
        rows.append((code, K.COEFFICIENT, "", coeff, src, False))
        if code in ("DH_AHLLVTND", "DH_AHLD"):
            rows.append((code, K.COLLECTIVE_MULTIPLIER, "", "2", src, False))
    if d98:
        rows += [
            (code, K.COEFFICIENT, "", None, NOT_FOUND, True) for code in NOT_FOUND_CODES
        ]
        rows += [
            ("CSTT", K.COEFFICIENT, "", "0.3", TITLES_98, False),
            ("DVQT", K.COEFFICIENT, "", "1.5", TITLES_98, False),
            ("DVTT", K.COEFFICIENT, "", "0.8", TITLES_98, False),
            ("CO_QUAN_KHU", K.COEFFICIENT, "", "6.0", TITLES_98, False),
            (
                "BK_BO",
                K.COEFFICIENT,
                "",
                "1.5",
                "NĐ 98/2023/NĐ-CP (chưa đối chiếu)",
                True,
            ),
            (
                "BK_BO",
                K.COLLECTIVE_MULTIPLIER,
                "",
                "2",
                "NĐ 98/2023/NĐ-CP (chưa đối chiếu)",
                True,
            ),
            (
                "BK_BO",
                K.HOUSEHOLD_MULTIPLIER,
                "",
                "1.5",
                "NĐ 98/2023/NĐ-CP (chưa đối chiếu)",
                True,
            ),
            (
                "BK_QUAN_KHU",
                K.COEFFICIENT,
                "",
                "1.0",
                "NĐ 98/2023/NĐ-CP (chưa đối chiếu)",
                True,
            ),
            (
                "BK_QUAN_KHU",
                K.COLLECTIVE_MULTIPLIER,
                "",
                "2",
                "NĐ 98/2023/NĐ-CP (chưa đối chiếu)",
                True,
            ),
            (
                "KNC_UBTVQH",
                K.COEFFICIENT,
                "",
                "0.8",
                "NĐ 98/2023/NĐ-CP (chưa đối chiếu; mức tối đa)",
                True,
            ),
            (
                "KNC_BO_TINH",
                K.COEFFICIENT,
                "",
                "0.6",
                "NĐ 98/2023/NĐ-CP (chưa đối chiếu; mức tối đa)",
                True,
            ),
            *CRITERIA,
        ]
    else:
        rows += [
            ("CSTT", K.COEFFICIENT, "", "0.3", TITLES_152, False),
            ("DVQT", K.COEFFICIENT, "", "1.5", TITLES_152, False),
            ("DVTT", K.COEFFICIENT, "", "0.8", TITLES_152, False),
            (
                "CO_QUAN_KHU",
                K.COEFFICIENT,
                "",
                "6.0",
                "NĐ 152/2025/NĐ-CP, Điều 50 khoản 2 điểm g",
                False,
            ),
            ("BK_BO", K.COEFFICIENT, "", "1.5", FORMS_152, False),
            (
                "BK_BO",
                K.COLLECTIVE_MULTIPLIER,
                "",
                "2",
                f"{FORMS_152_COLL} (tập thể 3,0)",
                False,
            ),
            (
                "BK_BO",
                K.HOUSEHOLD_MULTIPLIER,
                "",
                "1.5",
                "NĐ 152/2025/NĐ-CP: hộ gia đình gấp 1,5 lần cá nhân",
                False,
            ),
            (
                "BK_TINH",
                K.COLLECTIVE_MULTIPLIER,
                "",
                "2",
                f"{FORMS_152_COLL} (tập thể 3,0)",
                False,
            ),
            (
                "BK_TTG",
                K.COLLECTIVE_MULTIPLIER,
                "",
                "2",
                f"{FORMS_152_COLL} (tập thể 7,0)",
                False,
            ),
            (
                "GK",
                K.COLLECTIVE_MULTIPLIER,
                "",
                "2",
                f"{FORMS_152_COLL} (tập thể 0,6)",
                False,
            ),
            ("BK_QUAN_KHU", K.COEFFICIENT, "", "1.0", FORMS_152, False),
            (
                "BK_QUAN_KHU",
                K.COLLECTIVE_MULTIPLIER,
                "",
                "2",
                f"{FORMS_152_COLL} (tập thể 2,0)",
                False,
            ),
            (
                "KNC_UBTVQH",
                K.COEFFICIENT,
                "",
                "0.8",
                f"{FORMS_152} (không quá 0,8)",
                False,
            ),
            (
                "KNC_BO_TINH",
                K.COEFFICIENT,
                "",
                "0.6",
                f"{FORMS_152} (không quá 0,6)",
                False,
            ),
        ]
    return rows


VALUES_98 += _more_values("98")
VALUES_152 += _more_values("152")

COUNCIL_98 = (
    "NĐ 98/2023/NĐ-CP, Điều 30 khoản 7 (tỷ lệ trên tổng số thành viên Hội đồng)"
)
COUNCIL_152 = (
    "NĐ 152/2025/NĐ-CP chưa tìm thấy quy định tương ứng; giữ mức NĐ 98/2023, "
    "Điều 30 khoản 7"
)
QUORUM = "Quy chế Hội đồng TĐKT (ví dụ QĐ 86/2025/QĐ-UBND Bắc Ninh, Điều 8): ít nhất 2/3 thành viên"
MAJORITY = "Quy chế Hội đồng TĐKT: quyết định theo đa số (từ 50% tổng số thành viên)"


def _council(source: str, uncertain: bool) -> list[tuple[Any, ...]]:
    """Council thresholds by form (research sheet §4.5), % of all members."""
    rows: list[tuple[Any, ...]] = [
        (code, K.VOTE_THRESHOLD, "", 90, source, uncertain)
        for code in ("DH_AHLLVTND", "DH_AHLD", "CSTD_TQ", "CSTD_TINH")
    ]
    rows += [
        (code, K.VOTE_THRESHOLD, "", 80, source, uncertain)
        for code in ("CSTDCS", "CO_TINH", "CO_CP")
    ]
    return rows


VALUES_98 += [
    *_council(COUNCIL_98, False),
    (None, K.QUORUM, "", "66.67", QUORUM, True),
    (None, K.VOTE_THRESHOLD, "", "50", MAJORITY, True),
]
VALUES_152 += _council(COUNCIL_152, True)

GROUNDS_98 = """Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"""
GROUNDS_152 = """Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;"""

# name, valid from, valid to, reviewed until, legal basis, decision grounds, values
RULE_SETS = [
    (
        ND98,
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
        None,
        "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP; Thông tư 01/2024/TT-BNV",
        GROUNDS_98,
        VALUES_98,
    ),
    (
        ND152,
        dt.date(2025, 7, 1),
        None,
        # the research sheet's sources reach into 2026; later years carry a warning
        dt.date(2026, 12, 31),
        "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Thông tư 15/2025/TT-BNV",
        GROUNDS_152,
        VALUES_152,
    ),
]

BASE_SALARIES = [
    (1_800_000, dt.date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP", False),
    (2_340_000, dt.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP, Điều 3 khoản 2", False),
    (
        2_530_000,
        dt.date(2026, 7, 1),
        "Nghị định 161/2026/NĐ-CP, Điều 3 khoản 2 (chưa đối chiếu bản chính thức)",
        True,
    ),
]


def _value(key: str, value: Any) -> tuple[Decimal | None, str]:
    if key == K.PREREQUISITE:
        return None, str(value)
    return (None if value is None else Decimal(str(value))), ""


def _type_fields(form: Form, order: int) -> dict[str, Any]:
    return {
        "name": form.name,
        "kind": form.kind,
        "group": form.group,
        "for_individual": "i" in form.recipients,
        "for_collective": "c" in form.recipients,
        "for_household": "h" in form.recipients,
        "level": form.level,
        "deciding_authority": form.decides,
        "proposing_authority": form.proposes,
        "judgment_criteria": form.judgment,
        "required_documents": form.docs,
        "rank": form.rank,
        "sort_order": order,
    }


def _rule_fields(form: Form) -> dict[str, Any]:
    return {
        "basis": form.basis,
        "uncertain": form.uncertain,
        "basis_collective": form.basis_collective,
        "basis_household": form.basis_household,
        "engine_rule": form.rule,
        "not_retrieved": form.not_retrieved,
    }


@transaction.atomic
def load_catalogue() -> None:
    """Create the catalogue, both rule sets and the base salary table where missing.

    Missing rows are inserted in bulk (a fresh install has several hundred) and the
    load is recorded as one audit event per rule set; existing rows, edited or
    not, are left as they are.
    """
    for old, new in RENAMED.items():
        if not AwardType.objects.filter(code=new).exists():
            AwardType.objects.filter(code=old).update(code=new)
    existing = set(AwardType.objects.values_list("code", flat=True))
    AwardType.objects.bulk_create(
        AwardType(code=form.code, **_type_fields(form, order))
        for order, form in enumerate(FORMS)
        if form.code not in existing
    )
    types = {
        t.code: t for t in AwardType.objects.filter(code__in=[f.code for f in FORMS])
    }
    for name, start, end, reviewed, basis, grounds, values in RULE_SETS:
        rule_set, _created = RuleSet.objects.get_or_create(
            name=name,
            defaults={
                "valid_from": start,
                "valid_to": end,
                "reviewed_until": reviewed,
                "legal_basis": basis,
                "decision_grounds": grounds,
            },
        )
        if not rule_set.decision_grounds:
            rule_set.decision_grounds = grounds
            rule_set.save(update_fields=["decision_grounds"])
        have_rules = set(
            rule_set.award_rules.values_list("award_type__code", flat=True)
        )
        rules = AwardRule.objects.bulk_create(
            AwardRule(rule_set=rule_set, award_type=types[f.code], **_rule_fields(f))
            for f in FORMS
            if f.code not in have_rules
        )
        have_values = set(
            rule_set.values.values_list("award_type__code", "key", "issuer")
        )
        new_values = []
        for code, key, issuer, value, source, uncertain in values:
            if (code, key, issuer) in have_values:
                continue
            number, text = _value(key, value)
            new_values.append(
                RuleValue(
                    rule_set=rule_set,
                    award_type=types[code] if code else None,
                    key=key,
                    issuer=issuer,
                    value=number,
                    text=text,
                    source=source,
                    uncertain=uncertain,
                )
            )
            have_values.add((code, key, issuer))
        RuleValue.objects.bulk_create(new_values)
        if rules or new_values:
            audit.record_event(
                rule_set,
                f"Nạp danh mục khen thưởng: {len(rules)} tiêu chuẩn, "
                f"{len(new_values)} giá trị mới",
            )
    for amount, start, basis, uncertain in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=start,
            defaults={"amount": amount, "legal_basis": basis, "uncertain": uncertain},
        )


def judgment_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def award_info(form: Form) -> AwardInfo:
    return AwardInfo(
        code=form.code,
        name=form.name,
        kind=form.kind,
        recipients=tuple(
            r
            for flag, r in (
                ("i", "individual"),
                ("c", "collective"),
                ("h", "household"),
            )
            if flag in form.recipients
        ),
        basis=form.basis,
        uncertain=form.uncertain,
        basis_collective=form.basis_collective,
        basis_household=form.basis_household,
        rule=form.rule,
        level=form.level,
        not_retrieved=form.not_retrieved,
        judgment=judgment_lines(form.judgment),
    )


def seed_book(name: str = ND152) -> RuleBook:
    """The shipped rule book without the database (engine tests, the benchmark).

    Same inheritance as selectors.rule_book: later rule sets restate only what changed.
    """
    values: dict[tuple[str, str, str], ValueInfo] = {}
    for set_name, _start, _end, _reviewed, _basis, _grounds, rows in RULE_SETS:
        for code, key, issuer, value, source, uncertain in rows:
            number, text = _value(key, value)
            values[(code or "", str(key), issuer)] = ValueInfo(
                value=number,
                source=source,
                uncertain=uncertain,
                rule_set=set_name,
                text=text,
            )
        if set_name == name:
            break
    awards = {form.code: award_info(form) for form in FORMS}
    reviewed = next(r[3] for r in RULE_SETS if r[0] == name)
    return RuleBook(name=name, awards=awards, values=values, reviewed_until=reviewed)
