"""The year-end review report (báo cáo tổng kết) of a bloc, drafted from the data.

Layout from thidua/lib/nd30.py (Decree 30/2020/NĐ-CP); the text is built from
values, plans and the final ranking, in vi-VN number format.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from thidua.lib import nd30
from thidua.lib.formats import number, percent
from thidua.organisation.selectors import head_of, organisation_on
from thidua.units.models import EmulationBloc, OrgUnit

from . import selectors
from .models import Movement


def unit_phrase(unit: OrgUnit) -> str:
    """ "Huyện Tân Uyên" → "huyện Tân Uyên"; "Thành phố Điện Biên Phủ" → "thành phố …"."""
    return unit.name[0].lower() + unit.name[1:]


def unit_sentence(unit: OrgUnit, year: int, cells: list[dict[str, Any]]) -> str:
    """ "Năm 2020, huyện Tân Uyên mức giảm tỷ lệ hộ nghèo 2,47%, đạt 149,7% KH; ..."

    Results measured against a plan come first, the others follow.
    """
    parts = []
    for cell in sorted(
        cells, key=lambda c: c["percent_of_plan"] is None or c["unit_of_measure"] == ""
    ):
        if cell["actual"] is None:
            continue
        name = cell["name"][0].lower() + cell["name"][1:]
        if cell["actual_display"] in ("Đạt", "Chưa đạt"):
            parts.append(f"{name}: {cell['actual_display'].lower()}")
            continue
        uom = cell["unit_of_measure"]
        shown = cell["actual_display"]
        if uom == "điểm %" and "/" not in shown:
            # a change of a rate is in percentage points, not per cent
            shown += " điểm phần trăm"
        elif uom == "%" and "/" not in shown:
            shown += "%"
        elif uom and "/" not in shown:
            shown += f" {uom}"
        text = f"{name} {shown}"
        if cell["percent_of_plan"] is not None:
            text += f", đạt {percent(cell['percent_of_plan'], 2)} KH"
        parts.append(text)
    if not parts:
        return f"Năm {year}, {unit_phrase(unit)} chưa có số liệu."
    return f"Năm {year}, {unit_phrase(unit)} " + "; ".join(parts) + "."


def build_review(bloc: EmulationBloc, year: int, *, drafts_of: set[int] | None) -> Any:
    """A python-docx Document of the year's review; tests read it back with nd30.document_text."""
    data = selectors.results_json(bloc, year, drafts_of=drafts_of)
    info = selectors.bloc_year_info(bloc, year)
    nxt = selectors.bloc_year_info(bloc, year + 1)
    table = selectors.table_for(bloc, year)
    units = {u.id: u for u in selectors.members(bloc, year)}
    host = info.host if info and info.host else None
    movements = (
        list(Movement.objects.filter(indicators__criteria__table=table).distinct())
        if table
        else []
    )

    paragraphs: list[str] = []
    headings: dict[int, str] = {}
    headings[len(paragraphs)] = "I. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA"
    intro = (
        f"Năm {year}, các đơn vị thành viên {bloc.name[0].lower() + bloc.name[1:]} "
        f"({len(units)} đơn vị) đã triển khai thực hiện các phong trào thi đua"
    )
    if movements:
        intro += ": " + "; ".join(f"“{m.name}”" for m in movements)
    paragraphs.append(intro + ".")
    if host:
        paragraphs.append(f"Đơn vị đăng cai năm {year}: {unit_phrase(host)}.")
    for row in sorted(data["rows"], key=lambda r: r["gso_code"]):
        paragraphs.append(unit_sentence(units[row["unit_id"]], year, row["indicators"]))

    headings[len(paragraphs)] = "II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG"
    if data["final"]:
        leader = selectors.bloc_leader(bloc, year)
        legal = ""
        if table and table.decision_number:
            legal = f" theo Bảng tiêu chí, thang điểm ban hành kèm Quyết định số {table.decision_number}"
            if table.decision_date:
                legal += f" ngày {table.decision_date:%d/%m/%Y}"
            if table.legal_note:
                legal += f" ({table.legal_note.rstrip('.')})"
        paragraphs.append(
            f"Kết quả chấm điểm{legal} được tổng hợp tại bảng xếp hạng kèm theo."
        )
        if leader:
            paragraphs.append(
                f"Đề nghị {head_of(bloc.organiser, organisation_on(dt.date(year, 12, 31)))} "
                f"tặng {bloc.leader_award} cho {unit_phrase(leader)}, đơn vị dẫn đầu Khối."
            )
        else:
            paragraphs.append(
                "Các đơn vị dẫn đầu bằng điểm: Hội đồng Thi đua – Khen thưởng xem xét, quyết định."
            )
    else:
        paragraphs.append("Kết quả chấm điểm chưa được chốt.")

    headings[len(paragraphs)] = f"III. PHƯƠNG HƯỚNG NĂM {year + 1}"
    if nxt and nxt.host:
        paragraphs.append(
            f"Thống nhất {unit_phrase(nxt.host)} là đơn vị đăng cai Khối thi đua năm {year + 1}"
            + (
                f"; {unit_phrase(host)} trao quyền đăng cai tại Hội nghị tổng kết."
                if host
                else "."
            )
        )
    paragraphs.append(
        "Tiếp tục đổi mới nội dung, hình thức tổ chức các phong trào thi đua; chú trọng khen thưởng "
        "người trực tiếp lao động, sản xuất; phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến."
    )

    organisation = organisation_on(dt.date(year, 12, 31))
    doc = nd30.OfficialDocument(
        issuing_body=f"KHỐI THI ĐUA {bloc.name.upper().removeprefix('KHỐI THI ĐUA ')}",
        superior_body=organisation.superior_body,
        place=organisation.place,
        doc_type="BÁO CÁO",
        symbol="BC-KTĐ",
        summary=f"Tổng kết công tác thi đua, khen thưởng năm {year} và phương hướng, nhiệm vụ năm {year + 1}",
        paragraphs=paragraphs,
        headings=headings,
        recipients=[
            "Hội đồng Thi đua – Khen thưởng tỉnh",
            "Các đơn vị thành viên Khối",
            "Lưu: VT",
        ],
        signature_capacity=["TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG"],
        signer=f"Chủ tịch UBND {unit_phrase(info.head)}" if info and info.head else "",
    )
    document = nd30.build(doc)
    if data["final"]:
        nd30.add_table(
            document,
            ["Hạng", "Đơn vị", "Tổng điểm"],
            [
                [row["rank"], row["unit"], number(row["total"], 2)]
                for row in data["rows"]
            ],
            title=f"BẢNG XẾP HẠNG THI ĐUA NĂM {year}",
        )
    return document


def review_bytes(
    bloc: EmulationBloc, year: int, *, drafts_of: set[int] | None
) -> bytes:
    """The review as .docx; `drafts_of` as in selectors.results_json."""
    out = io.BytesIO()
    build_review(bloc, year, drafts_of=drafts_of).save(out)
    return out.getvalue()
