"""Every form of the 2022 Law as data: ../shared/research/catalogue-2022-full.md §1–2.

One `Form` per code: recipients, level, who decides and who proposes, the article
per recipient kind, the engine rule (empty: only people can judge), the criteria
only people can judge, and whether the article's text was retrieved ([U] "not
retrieved": an administrator completes its values). Codes of contracts.md are
unchanged; the others are the sheet's.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import AwardType, Level

G = AwardType.Group
LAW = "Luật Thi đua, khen thưởng 2022"

PRESIDENT = "Chủ tịch nước"
PM = "Thủ tướng Chính phủ"
PROVINCE_CHAIR = "Chủ tịch UBND tỉnh"
VIA_PM = "Bộ trưởng, Chủ tịch UBND tỉnh đề nghị Thủ tướng Chính phủ trình Chủ tịch nước (Điều 83 khoản 2)"
VIA_BNV = "Bộ trưởng, Chủ tịch UBND tỉnh đề nghị qua Bộ Nội vụ (Điều 83 khoản 2)"
UNIT_PROPOSES = "Đơn vị cơ sở bình xét, đề nghị (Điều 83 khoản 1)"
UNIT_HEAD = "Thủ trưởng cơ quan chuyên môn thuộc UBND tỉnh; thủ trưởng đơn vị; Chủ tịch UBND cấp xã (Điều 80)"
ARMED = "Bộ Quốc phòng, Bộ Công an đề nghị (Điều 83 khoản 2)"

DOCS_TITLE = "Tờ trình đề nghị\nBáo cáo thành tích\nBiên bản bình xét thi đua"
DOCS_INITIATIVE = (
    DOCS_TITLE + "\nXác nhận của cấp có thẩm quyền về sáng kiến, đề tài khoa học"
)
DOCS_FORM = "Tờ trình đề nghị\nBáo cáo thành tích\nBiên bản xét khen thưởng"
DOCS_STATE = (
    "Tờ trình của Chủ tịch UBND tỉnh (Mẫu số 01, Phụ lục NĐ 152/2025)\n"
    "Danh sách đề nghị\n"
    "Báo cáo thành tích có xác nhận của cấp trình Thủ tướng Chính phủ\n"
    "Biên bản họp và kết quả bỏ phiếu của Hội đồng TĐKT tỉnh"
)
DOCS_VOTED = (
    DOCS_INITIATIVE + "\nBiên bản và kết quả bỏ phiếu kín của Hội đồng TĐKT tỉnh"
)
DOCS_FOREIGN = "Tờ trình kèm danh sách\nBáo cáo thành tích do cơ quan trình lập"
DOCS_RECORD = "Quyết định của cấp có thẩm quyền (ghi nhận)"

NOT_RETRIEVED = "văn bản tiêu chuẩn chưa thu thập được [U]"


@dataclass(frozen=True)
class Form:
    code: str
    name: str
    group: str
    recipients: str  # i = individual, c = collective, h = household
    level: str
    decides: str
    proposes: str
    basis: str
    rank: int
    kind: str = "form"
    rule: str = ""
    judgment: str = ""  # lines; a line may start with [cá nhân]/[tập thể]/[hộ gia đình]
    basis_collective: str = ""
    basis_household: str = ""
    docs: str = DOCS_FORM
    uncertain: bool = False
    not_retrieved: bool = False


def _order(code: str, name: str, art: int, rank: int, **kw: object) -> Form:
    fields: dict[str, object] = {
        "recipients": "ic",
        "group": G.ORDER,
        "level": Level.STATE,
        "decides": PRESIDENT,
        "proposes": VIA_PM,
        "basis": f"{LAW}, Điều {art}",
        "docs": DOCS_STATE,
    }
    return Form(code=code, name=name, rank=rank, **(fields | kw))  # type: ignore[arg-type]


def _classes(
    prefix: str, name: str, first_art: int, rank: int, **kw: object
) -> list[Form]:
    return [
        _order(
            f"{prefix}_{n}",
            f"{name} hạng {label}",
            first_art + n - 1,
            rank - 3 * n,
            **kw,
        )
        for n, label in ((1, "Nhất"), (2, "Nhì"), (3, "Ba"))
    ]


UNKNOWN = {"uncertain": True, "not_retrieved": True, "rule": "run_after_configurable"}

FORMS: list[Form] = [
    # --- emulation titles (Chapter II, Art. 20–32) --------------------------------
    Form("LDTT", "Lao động tiên tiến", G.TITLE, "i", Level.UNIT, UNIT_HEAD, UNIT_PROPOSES, f"{LAW}, Điều 24", 10, kind="title", rule="ldtt", docs=DOCS_TITLE),
    Form("CSTT", "Chiến sĩ tiên tiến", G.TITLE, "i", Level.UNIT, "Theo quy định của Bộ Quốc phòng, Bộ Công an (Điều 80 khoản 5)", UNIT_PROPOSES, f"{LAW}, Điều 24 khoản 2", 10, kind="title", rule="ldtt", docs=DOCS_TITLE),
    Form("CSTDCS", "Chiến sĩ thi đua cơ sở", G.TITLE, "i", Level.UNIT, "Thủ trưởng cơ quan chuyên môn thuộc UBND tỉnh; thủ trưởng đơn vị; từ 01/7/2025 Chủ tịch UBND cấp xã (Điều 80; NĐ 129/2025 Điều 59)", UNIT_PROPOSES, f"{LAW}, Điều 23", 20, kind="title", rule="cstdcs", docs=DOCS_INITIATIVE),
    Form("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", G.TITLE, "i", Level.PROVINCE, PROVINCE_CHAIR, "Thủ trưởng Sở, Chủ tịch UBND cấp xã đề nghị; Hội đồng TĐKT tỉnh bỏ phiếu", f"{LAW}, Điều 22", 35, kind="title", rule="cstd_tinh", docs=DOCS_VOTED),
    Form("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", G.TITLE, "i", Level.STATE, PM, VIA_BNV, f"{LAW}, Điều 21", 60, kind="title", rule="cstd_tq", docs=DOCS_VOTED + "\nXác nhận sáng kiến được áp dụng hiệu quả phạm vi toàn quốc"),
    Form("TTLDTT", "Tập thể lao động tiên tiến", G.TITLE, "c", Level.UNIT, UNIT_HEAD, UNIT_PROPOSES, f"{LAW}, Điều 28", 12, kind="title", rule="ttldtt", docs=DOCS_TITLE, uncertain=True),
    Form("DVTT", "Đơn vị tiên tiến", G.TITLE, "c", Level.UNIT, "Theo quy định của Bộ Quốc phòng, Bộ Công an (Điều 80 khoản 5)", UNIT_PROPOSES, f"{LAW}, Điều 20 khoản 1 điểm d; Điều 28", 12, kind="title", rule="ttldtt", docs=DOCS_TITLE, uncertain=True),
    Form("TTLDXS", "Tập thể lao động xuất sắc", G.TITLE, "c", Level.PROVINCE, PROVINCE_CHAIR, UNIT_PROPOSES, f"{LAW}, Điều 27", 25, kind="title", rule="ttldxs", docs=DOCS_TITLE),
    Form("DVQT", "Đơn vị quyết thắng", G.TITLE, "c", Level.PROVINCE, "Theo quy định của Bộ Quốc phòng, Bộ Công an (Điều 80 khoản 5)", UNIT_PROPOSES, f"{LAW}, Điều 20 khoản 1 điểm c; Điều 27", 25, kind="title", rule="ttldxs", docs=DOCS_TITLE),
    Form("CO_TINH", "Cờ thi đua cấp tỉnh", G.TITLE, "c", Level.PROVINCE, PROVINCE_CHAIR, "Khối, cụm thi đua suy tôn; Hội đồng TĐKT tỉnh bỏ phiếu", f"{LAW}, Điều 26", 40, kind="title", rule="co_tinh", docs=DOCS_TITLE + "\nBiên bản suy tôn của khối, cụm thi đua"),
    Form("CO_QUAN_KHU", "Cờ thi đua của quân khu, quân đoàn, quân chủng, Ban Cơ yếu, Đại học Quốc gia", G.TITLE, "c", Level.PROVINCE, "Tư lệnh, Giám đốc Đại học Quốc gia", "Đơn vị trực thuộc đề nghị", "NĐ 152/2025/NĐ-CP, Điều 50 khoản 2 điểm g", 38, kind="title", docs=DOCS_TITLE, judgment="Tiêu chuẩn do cơ quan tặng quy định", uncertain=True),
    Form("CO_CP", "Cờ thi đua của Chính phủ", G.TITLE, "c", Level.STATE, PM, VIA_BNV, f"{LAW}, Điều 25", 65, kind="title", rule="co_cp", docs=DOCS_STATE + "\nBiên bản suy tôn của khối, cụm thi đua"),
    Form("XA_TIEU_BIEU", "Xã, phường, đặc khu tiêu biểu", G.TITLE, "c", Level.PROVINCE, PROVINCE_CHAIR, "UBND cấp xã đề nghị", f"{LAW}, Điều 29; NĐ 86/2023/NĐ-CP", 28, kind="title", docs=DOCS_TITLE, judgment="Tiêu chuẩn khung NĐ 86/2023 và quy định của UBND tỉnh", uncertain=True),
    Form("THON_VH", "Thôn, tổ dân phố văn hóa", G.TITLE, "c", Level.COMMUNE, "Chủ tịch UBND cấp xã (NĐ 129/2025 Điều 59; trước 01/7/2025: cấp huyện)", "Thôn, tổ dân phố đăng ký, UBND cấp xã bình xét", f"{LAW}, Điều 30; NĐ 86/2023/NĐ-CP", 18, kind="title", docs=DOCS_TITLE, judgment="5 tiêu chuẩn (kinh tế, văn hóa, môi trường, an ninh, đoàn kết) theo Điều 30", uncertain=True),
    Form("GD_VH", "Gia đình văn hóa", G.TITLE, "h", Level.COMMUNE, "Chủ tịch UBND cấp xã (Điều 80 khoản 3)", "Thôn, tổ dân phố bình xét", f"{LAW}, Điều 31; NĐ 86/2023/NĐ-CP", 8, kind="title", docs=DOCS_TITLE, judgment="Tiêu chuẩn tại Điều 31, NĐ 86/2023 và quy định của tỉnh"),
    # --- Huân chương (Art. 33–53) -------------------------------------------------
    _order("HC_SAO_VANG", "Huân chương Sao vàng", 34, 100, rule="run_after_collective", basis_collective=f"{LAW}, Điều 34 khoản 3 điểm a", judgment="[cá nhân] Nhiều công lao to lớn, đặc biệt xuất sắc trong sự nghiệp cách mạng hoặc trong một lĩnh vực (Điều 34 khoản 2)\n[tập thể] Thành tích đặc biệt xuất sắc, phạm vi ảnh hưởng rộng, nhân tố mới tiêu biểu cho cả nước"),
    _order("HC_HCM", "Huân chương Hồ Chí Minh", 35, 97, rule="run_after_collective", basis_collective=f"{LAW}, Điều 35 khoản 2", judgment="[cá nhân] Công lao to lớn, đặc biệt xuất sắc, có phạm vi ảnh hưởng và nêu gương trong toàn quốc (Điều 35 khoản 1)\n[tập thể] Truyền thống lâu dài; tổ chức đảng, đoàn thể trong sạch, vững mạnh (Điều 35 khoản 2 điểm b)"),
    *_classes("HC_DOC_LAP", "Huân chương Độc lập", 36, 96, **UNKNOWN),
    *_classes("HC_QUAN_CONG", "Huân chương Quân công", 39, 96, proposes=ARMED, **UNKNOWN),
    _order("HC_LAO_DONG_1", "Huân chương Lao động hạng Nhất", 42, 80, **UNKNOWN),
    _order("HC_LAO_DONG_2", "Huân chương Lao động hạng Nhì", 43, 75, rule="run_after_individual", basis=f"{LAW}, Điều 43 khoản 1", basis_collective=f"{LAW}, Điều 43", uncertain=True, judgment="Thành tích xuất sắc đột xuất có phạm vi ảnh hưởng, nêu gương trong bộ, ngành, tỉnh\nPhát minh, sáng chế, công trình xuất sắc tiêu biểu cấp bộ, ngành, tỉnh\nĐược giải thưởng quốc tế cao nhất của khu vực\nQuá trình cống hiến lâu dài (khen thưởng quá trình cống hiến)\n[tập thể] Tiêu chuẩn tập thể của Điều 43 (chưa thu thập được)"),
    _order("HC_LAO_DONG_3", "Huân chương Lao động hạng Ba", 44, 70, rule="run_after_individual", basis=f"{LAW}, Điều 44 khoản 1 điểm e", basis_collective=f"{LAW}, Điều 44 khoản 4, 5", uncertain=True, judgment="Công nhân, nông dân: thành tích xuất sắc tiêu biểu được bình xét khi tổng kết phong trào thi đua của bộ, ngành, tỉnh có thời gian từ 5 năm trở lên (Điều 44 khoản 2)\nQuá trình cống hiến lâu dài (Điều 44 khoản 1 điểm g; NĐ 152/2025 Điều 21)\nThành tích xuất sắc đột xuất; sáng chế, công trình có phạm vi ảnh hưởng trong bộ, ngành, tỉnh\n[tập thể] Tiêu chuẩn tập thể, doanh nghiệp của Điều 44 (chưa thu thập được)"),
    *_classes("HC_BVTQ", "Huân chương Bảo vệ Tổ quốc", 45, 86, proposes=ARMED, **UNKNOWN),
    *_classes("HC_CHIEN_CONG", "Huân chương Chiến công", 48, 86, judgment="Chiến công xuất sắc (khen thưởng đột xuất)", uncertain=True, not_retrieved=True),
    _order("HC_DDKDT", "Huân chương Đại đoàn kết dân tộc", 51, 74, recipients="i", uncertain=True, not_retrieved=True, judgment="Đóng góp xây dựng khối đại đoàn kết toàn dân tộc (Điều 51; Chính phủ quy định chi tiết)"),
    _order("HC_DUNG_CAM", "Huân chương Dũng cảm", 52, 69, recipients="i", uncertain=True, not_retrieved=True, judgment="Hành động dũng cảm cứu người, cứu tài sản của Nhà nước, của Nhân dân"),
    _order("HC_HUU_NGHI", "Huân chương Hữu nghị", 53, 85, proposes="Bộ, ban, ngành, tỉnh công nhận và đề nghị (Điều 53)", docs=DOCS_FOREIGN, judgment="Đóng góp tích cực vào việc xây dựng, củng cố và phát triển quan hệ hữu nghị giữa Việt Nam và các nước"),
    # --- Huy chương (Art. 54–58): niên hạn of the forces, recorded by a province ----
    Form("HUY_CHUONG_QKQT", "Huy chương Quân kỳ quyết thắng", G.MEDAL, "i", Level.STATE, PRESIDENT, ARMED, f"{LAW}, Điều 55", 55, rule="service", docs=DOCS_RECORD, judgment="Hoàn thành tốt nhiệm vụ được giao"),
    Form("HUY_CHUONG_VANTQ", "Huy chương Vì an ninh Tổ quốc", G.MEDAL, "i", Level.STATE, PRESIDENT, ARMED, f"{LAW}, Điều 56", 55, rule="service_configurable", docs=DOCS_RECORD, uncertain=True, not_retrieved=True),
    *[
        Form(f"HUY_CHUONG_CSVV_{n}", f"Huy chương Chiến sĩ vẻ vang hạng {label}", G.MEDAL, "i", Level.STATE, PRESIDENT, ARMED, f"{LAW}, Điều 57", 50 - n, rule="service_configurable", docs=DOCS_RECORD, uncertain=True, not_retrieved=True)
        for n, label in ((1, "Nhất"), (2, "Nhì"), (3, "Ba"))
    ],
    Form("HUY_CHUONG_HUU_NGHI", "Huy chương Hữu nghị", G.MEDAL, "i", Level.STATE, PRESIDENT, "Bộ, ban, ngành, tỉnh đề nghị", f"{LAW}, Điều 58", 52, docs=DOCS_FOREIGN, uncertain=True, judgment="Người nước ngoài có nhiều đóng góp cho Việt Nam"),
    # --- danh hiệu vinh dự nhà nước (Art. 59–67) -------------------------------------
    Form("DH_TINH_ANH_HUNG", "Tỉnh Anh hùng", G.HONOUR, "c", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 60", 110, docs=DOCS_STATE, judgment="Thành tích đặc biệt xuất sắc và toàn diện trên mọi lĩnh vực\nTrung tâm động lực thúc đẩy phát triển vùng\nĐảng bộ, chính quyền, Mặt trận, đoàn thể đoàn kết"),
    Form("DH_TP_ANH_HUNG", "Thành phố Anh hùng", G.HONOUR, "c", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 60", 110, docs=DOCS_STATE, judgment="Thành tích đặc biệt xuất sắc và toàn diện trên mọi lĩnh vực\nTrung tâm động lực thúc đẩy phát triển vùng\nĐảng bộ, chính quyền, Mặt trận, đoàn thể đoàn kết"),
    Form("DH_BMVNAH", "Bà mẹ Việt Nam anh hùng", G.HONOUR, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 61", 105, docs=DOCS_STATE, uncertain=True, judgment="Tiêu chuẩn theo Pháp lệnh của Ủy ban Thường vụ Quốc hội (Điều 61 khoản 2)"),
    Form("DH_AHLLVTND", "Anh hùng Lực lượng vũ trang nhân dân", G.HONOUR, "ic", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 62 khoản 1", 104, basis_collective=f"{LAW}, Điều 62 khoản 2", docs=DOCS_STATE, judgment="Tuyệt đối trung thành, gương mẫu\nHành động anh hùng được nêu gương trong toàn quốc hoặc công trình có giá trị đặc biệt áp dụng toàn quốc\nHoàn thành xuất sắc mọi nhiệm vụ, giúp đỡ đồng đội\n[tập thể] Tiêu chuẩn tập thể (Điều 62 khoản 2, chưa thu thập được)"),
    Form("DH_AHLD", "Anh hùng Lao động", G.HONOUR, "ic", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 63", 104, rule="service", docs=DOCS_STATE, judgment="Trung thành, lao động sáng tạo, sáng kiến có phạm vi ảnh hưởng toàn quốc\nĐược tập thể suy tôn\n[tập thể] Dẫn đầu toàn quốc trong thời gian từ 10 năm trở lên; tổ chức trong sạch, vững mạnh\nXét 5 năm một lần tại Đại hội thi đua yêu nước (trừ đột xuất)"),
    Form("DH_NGND", "Nhà giáo nhân dân", G.HONOUR, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 64 khoản 2", 95, rule="service_configurable", docs=DOCS_STATE, uncertain=True, not_retrieved=True, judgment="Uy tín, tài năng, có công lớn trong sự nghiệp giáo dục"),
    Form("DH_NGUT", "Nhà giáo ưu tú", G.HONOUR, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 64 khoản 3, 4", 90, rule="service", docs=DOCS_STATE, judgment="Trung thành với Tổ quốc, chấp hành đường lối, chính sách (Điều 64 khoản 3 điểm a)\nĐạo đức, tài năng, có công, được học sinh, đồng nghiệp kính trọng (điểm b)"),
    Form("DH_TTND", "Thầy thuốc nhân dân", G.HONOUR, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 65 khoản 2; NĐ 25/2024/NĐ-CP", 95, rule="service", docs=DOCS_STATE, judgment="Trung thành, y đức, có ảnh hưởng rộng trong ngành (Điều 65 khoản 2 điểm a, b)\nTiêu chuẩn nghiên cứu khoa học theo NĐ 25/2024/NĐ-CP"),
    Form("DH_TTUT", "Thầy thuốc ưu tú", G.HONOUR, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 65 khoản 3", 90, rule="service_configurable", docs=DOCS_STATE, uncertain=True, not_retrieved=True, judgment="Trung thành, y đức, tài năng (Điều 65 khoản 3)"),
    Form("DH_NSND", "Nghệ sĩ nhân dân", G.HONOUR, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 66", 95, rule="service_configurable", docs=DOCS_STATE, uncertain=True, not_retrieved=True),
    Form("DH_NSUT", "Nghệ sĩ ưu tú", G.HONOUR, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 66", 90, rule="service_configurable", docs=DOCS_STATE, uncertain=True, not_retrieved=True),
    Form("DH_NNND", "Nghệ nhân nhân dân", G.HONOUR, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 67", 95, rule="service_configurable", docs=DOCS_STATE, uncertain=True, not_retrieved=True),
    Form("DH_NNUT", "Nghệ nhân ưu tú", G.HONOUR, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 67", 90, rule="service_configurable", docs=DOCS_STATE, uncertain=True, not_retrieved=True),
    # --- Giải thưởng (Art. 68–70) ---------------------------------------------------
    Form("GT_HCM", "Giải thưởng Hồ Chí Minh", G.PRIZE, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 68–70", 99, docs=DOCS_STATE, uncertain=True, not_retrieved=True, judgment="Tác giả công trình khoa học, công nghệ, văn học, nghệ thuật xuất sắc (nghị định riêng theo lĩnh vực)"),
    Form("GT_NHA_NUOC", "Giải thưởng Nhà nước", G.PRIZE, "i", Level.STATE, PRESIDENT, VIA_PM, f"{LAW}, Điều 68–70", 94, docs=DOCS_STATE, uncertain=True, not_retrieved=True, judgment="Tác giả công trình khoa học, công nghệ, văn học, nghệ thuật có giá trị cao (nghị định riêng theo lĩnh vực)"),
    # --- Kỷ niệm chương (Art. 71) ---------------------------------------------------
    Form("KNC_UBTVQH", "Kỷ niệm chương của Ủy ban Thường vụ Quốc hội", G.BADGE, "i", Level.STATE, "Ủy ban Thường vụ Quốc hội", "Cơ quan, tổ chức đề nghị", f"{LAW}, Điều 71", 27, uncertain=True, judgment="Theo quy định của cơ quan tặng"),
    Form("KNC_BO_TINH", "Kỷ niệm chương của bộ, ban, ngành, tỉnh", G.BADGE, "i", Level.PROVINCE, "Người đứng đầu bộ, ban, ngành, tỉnh", "Cơ quan, đơn vị đề nghị", f"{LAW}, Điều 71 khoản 2", 26, uncertain=True, judgment="Theo quy định của cơ quan tặng (thường theo số năm công tác trong ngành)"),
    # --- Bằng khen (Art. 72–74), Giấy khen (Art. 75–76) ------------------------------
    Form("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", G.CERTIFICATE, "ich", Level.STATE, PM, VIA_BNV, f"{LAW}, Điều 73 khoản 1 điểm b", 50, rule="bk_ttg", basis_collective=f"{LAW}, Điều 73 khoản 2", basis_household=f"{LAW}, Điều 73 khoản 3", docs=DOCS_STATE, judgment="[tập thể] Tiêu chuẩn Bằng khen của Thủ tướng cho tập thể theo Điều 73 khoản 2\n[hộ gia đình] Nông dân, hộ gia đình: mô hình sản xuất hiệu quả, ổn định từ 2 năm trở lên; đóng góp lớn về công sức, đất đai, tài sản"),
    Form("BK_BO", "Bằng khen của bộ, ban, ngành, đoàn thể trung ương", G.CERTIFICATE, "ich", Level.PROVINCE, "Bộ trưởng, Thủ trưởng cơ quan trung ương", "Đơn vị trực thuộc đề nghị", f"{LAW}, Điều 74 khoản 1 điểm d", 30, rule="bk_tinh", basis_collective=f"{LAW}, Điều 74 khoản 2 điểm c", basis_household=f"{LAW}, Điều 74 khoản 3", judgment="[hộ gia đình] Nhiều đóng góp về công sức, đất đai và tài sản cho địa phương, xã hội"),
    Form("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", G.CERTIFICATE, "ich", Level.PROVINCE, PROVINCE_CHAIR, "Thủ trưởng Sở, Chủ tịch UBND cấp xã đề nghị; Hội đồng TĐKT tỉnh xét", f"{LAW}, Điều 74 khoản 1 điểm d", 30, rule="bk_tinh", basis_collective=f"{LAW}, Điều 74 khoản 2 điểm c", basis_household=f"{LAW}, Điều 74 khoản 3", judgment="[hộ gia đình] Nhiều đóng góp về công sức, đất đai và tài sản cho địa phương, xã hội"),
    Form("BK_QUAN_KHU", "Bằng khen của quân khu, quân đoàn, quân chủng, Ban Cơ yếu, Đại học Quốc gia", G.CERTIFICATE, "ic", Level.PROVINCE, "Tư lệnh, Giám đốc Đại học Quốc gia", "Đơn vị trực thuộc đề nghị", f"{LAW}, Điều 72", 29, uncertain=True, judgment="Tiêu chuẩn do cơ quan tặng quy định"),
    Form("GK", "Giấy khen", G.PAPER, "ich", Level.UNIT, "Thủ trưởng đơn vị; Thủ trưởng Sở; Chủ tịch UBND cấp xã; Giám đốc doanh nghiệp, HTX (Điều 75 khoản 1)", UNIT_PROPOSES, f"{LAW}, Điều 75 khoản 2 (tiêu chuẩn cá nhân)", 15, rule="gk", basis_collective=f"{LAW}, Điều 75 khoản 2 (tiêu chuẩn tập thể)", basis_household=f"{LAW}, Điều 75 khoản 2 (tiêu chuẩn hộ gia đình)", uncertain=True, judgment="[cá nhân] Thành tích được bình xét trong phong trào thi đua, hoặc nhiều thành tích, thành tích đột xuất có phạm vi ảnh hưởng trong lĩnh vực của cơ quan tặng\n[tập thể] Thành tích được bình xét trong phong trào thi đua, hoặc thành tích đột xuất; nội bộ đoàn kết\n[hộ gia đình] Đóng góp công sức, đất đai, tài sản có ảnh hưởng, hoặc thành tích trong phong trào thi đua"),
]  # fmt: skip

FORMS_BY_CODE = {form.code: form for form in FORMS}
# Codes renamed to the research sheet's (the registry keeps its rows)
RENAMED = {
    "HC_LD1": "HC_LAO_DONG_1",
    "HC_LD2": "HC_LAO_DONG_2",
    "HC_LD3": "HC_LAO_DONG_3",
}
