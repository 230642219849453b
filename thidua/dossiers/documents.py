"""The files of the path: decision and minutes (.docx, Decree 30/2020 layout),
achievement-report drafts (.docx) and the money table (.xlsx)."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua.lib import nd30
from thidua.lib.formats import long_date, money, number, short_date
from thidua.lib.tabular import xlsx_bytes
from thidua.organisation.models import Organisation
from thidua.organisation.selectors import is_root, organisation_on, place_of

from .models import CouncilSession, Decision, DecisionItem, Dossier, Nominee
from .wording import achievement, official_text


def _recipients(organisation: Organisation) -> list[str]:
    office = [f"{organisation.office};"] if organisation.office else []
    return ["Như Điều 3;", *office, "Lưu: VT, TĐKT."]


def _executors(organisation: Organisation, own: bool) -> str:
    """Who carries the decision out (Điều 3): the organisation's office heads for its own
    decisions; for a commune's or an agency's, the units concerned."""
    if not own:
        return "Thủ trưởng các cơ quan, đơn vị có liên quan"
    chief = (
        "Chánh Văn phòng Bộ"
        if organisation.kind == Organisation.Kind.MINISTRY
        else "Chánh Văn phòng"
    )
    heads = ", ".join(p for p in (chief, organisation.proposer) if p)
    return f"{heads}, Thủ trưởng các cơ quan, đơn vị có liên quan"


def _save(document: DocxDocument) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _page_break(document: DocxDocument) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _capacity(decision: Decision) -> list[str]:
    return [
        line.strip()
        for line in decision.signature_capacity.replace(" / ", "\n").splitlines()
        if line.strip()
    ]


def decision_items(decision: Decision) -> list[DecisionItem]:
    return list(
        decision.items.select_related(
            "award_type", "revokes__decision", "replaces__award_type"
        ).order_by("position")
    )


def _award_articles(decision: Decision, items: Sequence[DecisionItem]) -> list[str]:
    counts = Counter(item.award_type.name for item in items)
    gifts = "; ".join(f"{name} cho {n} đối tượng" for name, n in counts.items())
    total = sum(item.amount for item in items)
    return [
        f"Tặng {gifts} có tên tại Phụ lục kèm theo Quyết định này, {achievement(decision)}.",
        f"Kèm theo mỗi hình thức khen thưởng là tiền thưởng theo quy định tại Nghị định "
        f"số 152/2025/NĐ-CP của Chính phủ; tổng số tiền thưởng là {money(total)} "
        f"(chi tiết tại bảng tổng hợp tiền thưởng), trích từ Quỹ Thi đua, khen thưởng "
        f"của {decision.issuer.name}.",
    ]


def _revoke_articles(decision: Decision, items: Sequence[DecisionItem]) -> list[str]:
    target = decision.target
    assert target is not None
    names = ", ".join(item.name for item in items)
    recover = sum(item.recover_amount for item in items)
    when = long_date(target.date) if target.date else ""
    return [
        f"Hủy bỏ khen thưởng tại Quyết định số {target.reference} {when} đối với: "
        f"{names}; lý do: {decision.reason or 'không đủ tiêu chuẩn'}.",
        f"Thu hồi hiện vật khen thưởng và số tiền thưởng {money(recover)} "
        f"(Luật Thi đua, khen thưởng năm 2022, Chương VII).",
    ]


def _amend_articles(decision: Decision, items: Sequence[DecisionItem]) -> list[str]:
    target = decision.target
    assert target is not None
    when = long_date(target.date) if target.date else ""
    extra = sum(item.amount for item in items)
    recover = sum(item.recover_amount for item in items)
    money_text = []
    if extra:
        money_text.append(f"chi bổ sung tiền thưởng {money(extra)}")
    if recover:
        money_text.append(f"thu hồi số tiền thưởng chênh lệch {money(recover)}")
    return [
        f"Sửa đổi Phụ lục kèm theo Quyết định số {target.reference} {when} đối với "
        f"{len(items)} trường hợp như Phụ lục kèm theo Quyết định này; lý do: "
        f"{decision.reason}.",
        f"Các nội dung khác của Quyết định số {target.reference} giữ nguyên hiệu lực"
        + (f"; {'; '.join(money_text)}." if money_text else "."),
    ]


def _described(item: DecisionItem) -> str:
    return ", ".join(
        part for part in (item.name, item.position_text, item.award_type.name) if part
    )


def decision_document(decision: Decision) -> DocxDocument:
    items = decision_items(decision)
    if decision.kind == Decision.Kind.REVOKE:
        first, second = _revoke_articles(decision, items)
    elif decision.kind == Decision.Kind.AMEND:
        first, second = _amend_articles(decision, items)
    else:
        first, second = _award_articles(decision, items)
    organisation = organisation_on(decision.date)
    doc = nd30.OfficialDocument(
        issuing_body=decision.issuer_name,
        doc_type="QUYẾT ĐỊNH",
        summary=decision.summary,
        place=decision.place or organisation.place,
        date=decision.date,
        number=decision.reference if decision.number else "",
        symbol=decision.symbol,
        authority=decision.authority,
        grounds=[g.strip() for g in decision.grounds.splitlines() if g.strip()],
        articles=[
            nd30.Article(first),
            nd30.Article(second),
            nd30.Article(
                f"Quyết định này có hiệu lực kể từ ngày ký. "
                f"{_executors(organisation, is_root(decision.issuer, organisation))} "
                "và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành "
                "Quyết định này."
            ),
        ],
        recipients=_recipients(organisation),
        signature_capacity=_capacity(decision),
        signer=decision.signer_name,
    )
    document = nd30.build(doc)
    _page_break(document)
    ref = decision.reference if decision.number else f"      /{decision.symbol}"
    date = short_date(decision.date) if decision.date else "   /   /    "
    annex = f"(Kèm theo Quyết định số {ref} ngày {date})"
    if decision.kind == Decision.Kind.REVOKE:
        nd30.add_table(
            document,
            ["STT", "Tên", "Hình thức bị hủy", "Số tiền thu hồi (đồng)"],
            [
                (i, item.name, item.award_type.name, number(item.recover_amount, 0))
                for i, item in enumerate(items, start=1)
            ],
            title=f"PHỤ LỤC: DANH SÁCH HỦY BỎ KHEN THƯỞNG\n{annex}",
        )
        return document
    if decision.kind == Decision.Kind.AMEND:
        target_ref = decision.target.reference if decision.target else ""
        nd30.add_table(
            document,
            [
                "STT",
                f"Nội dung tại Quyết định số {target_ref}",
                "Nay sửa đổi thành",
                "Chi bổ sung / thu hồi (đồng)",
            ],
            [
                (
                    i,
                    _described(item.replaces) if item.replaces else "",
                    _described(item),
                    number(item.amount, 0)
                    if item.amount
                    else f"thu hồi {number(item.recover_amount, 0)}"
                    if item.recover_amount
                    else "0",
                )
                for i, item in enumerate(items, start=1)
            ],
            title=f"PHỤ LỤC: DANH SÁCH SỬA ĐỔI\n{annex}",
        )
        return document
    nd30.add_table(
        document,
        [
            "STT",
            "Họ và tên, tên tập thể",
            "Chức vụ, đơn vị",
            "Hình thức",
            "Tiền thưởng (đồng)",
        ],
        [
            (
                i,
                item.name,
                item.position_text,
                item.award_type.name,
                number(item.amount, 0),
            )
            for i, item in enumerate(items, start=1)
        ],
        title=f"PHỤ LỤC: DANH SÁCH KHEN THƯỞNG\n{annex}",
    )
    nd30.add_table(
        document,
        ["Hình thức", "Số lượng", "Mức thưởng (đồng)", "Thành tiền (đồng)"],
        [
            (name, count, number(amount, 0), number(count * amount, 0))
            for (name, amount), count in money_groups(items).items()
        ]
        + [("Tổng cộng", len(items), "", number(sum(i.amount for i in items), 0))],
        title="BẢNG TỔNG HỢP TIỀN THƯỞNG",
    )
    return document


def money_groups(items: Sequence[DecisionItem]) -> dict[tuple[str, int], int]:
    groups: dict[tuple[str, int], int] = defaultdict(int)
    for item in items:
        groups[(item.award_type.name, item.amount)] += 1
    return dict(groups)


def decision_docx(decision: Decision) -> bytes:
    return _save(decision_document(decision))


def _thresholds_line(results: list[Any]) -> str:
    """The approval threshold of each form on the agenda, as the tally applied it."""
    by_form: dict[str, Any] = {}
    for r in results:
        by_form.setdefault(r.nominee.award_type.name, r.threshold)
    parts = [f"{name} {number(t, 2)}%" for name, t in by_form.items()]
    return "Tỷ lệ phiếu đồng ý tối thiểu theo hình thức: " + "; ".join(parts) + "."


def minutes_docx(session: CouncilSession) -> bytes:
    results = list(
        session.results.select_related(
            "nominee__award_type", "nominee__dossier__unit"
        ).order_by("nominee__dossier_id", "nominee_id")
    )
    members = session.members.count()
    present = session.receipts.count()
    quorum_ok = members and 100 * present / members >= float(session.quorum_percent)
    passed = sum(1 for r in results if r.passed)
    organisation = organisation_on(session.held_on)
    council = session.unit
    doc = nd30.OfficialDocument(
        # a commune's own council: the commune's People's Committee and place
        superior_body=f"ỦY BAN NHÂN DÂN {council.name}".upper()
        if council
        else organisation.issuing_body,
        place=place_of(council, organisation) if council else organisation.place,
        issuing_body="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        doc_type="BIÊN BẢN",
        summary=session_summary(session.title),
        date=session.held_on,
        symbol="BB-HĐTĐKT",
        paragraphs=[
            f"Hôm nay, {long_date(session.held_on)}, Hội đồng Thi đua - Khen thưởng họp "
            f"xét đề nghị khen thưởng theo hình thức bỏ phiếu kín trực tuyến.",
            f"Tổng số thành viên Hội đồng: {members}; số thành viên đã bỏ phiếu: {present} "
            f"(yêu cầu tối thiểu {number(session.quorum_percent)}%): "
            + (
                "phiên họp đủ điều kiện biểu quyết."
                if quorum_ok
                else "phiên họp KHÔNG đủ số thành viên biểu quyết."
            ),
            "Phiếu bầu được lưu tách khỏi danh sách người bỏ phiếu; tỷ lệ đồng ý tính "
            "trên tổng số thành viên Hội đồng.",
            _thresholds_line(results),
            f"Kết quả: {passed}/{len(results)} trường hợp đạt tỷ lệ phiếu đồng ý theo quy định, "
            "chi tiết tại bảng kèm theo.",
        ],
        signature_capacity=["CHỦ TỌA"],
        recipients=["Thành viên Hội đồng;", "Lưu: VT, TĐKT."],
    )
    document = nd30.build(doc)
    nd30.add_table(
        document,
        [
            "STT",
            "Tên",
            "Đơn vị đề nghị",
            "Hình thức",
            "Đồng ý",
            "Không đồng ý",
            "Không biểu quyết",
            "Tỷ lệ",
            "Yêu cầu",
            "Kết quả",
        ],
        [
            (
                i,
                r.nominee.name,
                r.nominee.dossier.unit.name,
                r.nominee.award_type.name,
                r.yes,
                r.no,
                r.abstain,
                f"{number(r.percent, 1)}%",
                f"{number(r.threshold, 1)}%",
                "Đạt" if r.passed else "Không đạt",
            )
            for i, r in enumerate(results, start=1)
        ],
        title="KẾT QUẢ BỎ PHIẾU KÍN",
        size=10,
    )
    return _save(document)


def session_summary(title: str) -> str:
    """ "Phiên họp …" once, whether or not the officer's title starts with it."""
    title = title.strip()
    return title if title.lower().startswith("phiên họp") else f"Phiên họp {title}"


def achievement_report_docx(nominee: Nominee) -> bytes:
    """A draft báo cáo thành tích (cá nhân or tập thể) for the unit to complete."""
    dossier: Dossier = nominee.dossier
    individual = nominee.kind == "individual"
    sections = (
        [
            "I. SƠ LƯỢC LÝ LỊCH",
            f"Họ và tên: {nominee.name}. Chức vụ, đơn vị công tác: {nominee.position}.",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            nominee.achievement
            or "(Nêu kết quả thực hiện nhiệm vụ được giao, sáng kiến, giải pháp...)",
            "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        ]
        if individual
        else [
            "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
            f"Tên tập thể: {nominee.name}. Chức năng, nhiệm vụ được giao: ...",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            nominee.achievement
            or "(Nêu kết quả thực hiện các chỉ tiêu, nhiệm vụ; các phong trào thi đua đã triển khai...)",
            "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        ]
    )
    history = nominee.eligibility.get("satisfied") or []
    sections.append(
        "; ".join(history) if history else "(Liệt kê danh hiệu, hình thức đã nhận)"
    )
    doc = nd30.OfficialDocument(
        issuing_body=dossier.unit.name,
        doc_type="BÁO CÁO",
        summary=(
            f"Thành tích đề nghị tặng {nominee.award_type.name} năm {dossier.year}"
            + (f" của {nominee.name}" if individual else f" của tập thể {nominee.name}")
        ),
        symbol="BC",
        place=place_of(dossier.unit, organisation_on()),
        paragraphs=sections,
        signature_capacity=["NGƯỜI BÁO CÁO" if individual else "THỦ TRƯỞNG ĐƠN VỊ"],
        signer=nominee.name if individual else "",
    )
    return _save(nd30.build(doc))


MONEY_HEADERS = [
    "STT",
    "Họ và tên, tên tập thể",
    "Chức vụ, đơn vị",
    "Hình thức khen thưởng",
    "Hệ số",
    "Số tiền (đồng)",
    "Căn cứ",
]


def money_table_xlsx(decision: Decision) -> bytes:
    """The reward-money table of a decision, one row per awardee and a total."""
    items = decision_items(decision)
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiền thưởng"
    ws.append([f"BẢNG TIỀN THƯỞNG - QUYẾT ĐỊNH SỐ {decision.reference}"])
    place = decision.place or organisation_on(decision.date).place
    ws.append(
        [
            f"{decision.issuer_name}, "
            + (f"{place}, {long_date(decision.date)}" if decision.date else "dự thảo")
        ]
    )
    ws.append(MONEY_HEADERS)
    header_row = ws.max_row
    for i, item in enumerate(items, start=1):
        ws.append(
            [
                i,
                item.name,
                item.position_text,
                item.award_type.name,
                float(item.coefficient) if item.coefficient is not None else None,
                item.amount,
                official_text(item.amount_basis),
            ]
        )
    ws.append(["", "Tổng cộng", "", "", None, sum(i.amount for i in items), ""])
    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=header_row, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        row[5].number_format = "#,##0"
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=13)
    for col, width in enumerate([6, 32, 36, 34, 8, 16, 40], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return xlsx_bytes(wb)
