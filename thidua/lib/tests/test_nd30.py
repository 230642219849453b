import datetime as dt
import io

from docx import Document

from thidua.lib.nd30 import Article, OfficialDocument, add_table, build, document_text


def test_decision_layout_round_trip():
    doc = OfficialDocument(
        issuing_body="Ủy ban nhân dân tỉnh Lai Châu",
        doc_type="Quyết định",
        summary="Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh",
        place="Lai Châu",
        date=dt.date(2021, 1, 5),
        number="15/QĐ-UBND",
        authority="Chủ tịch Ủy ban nhân dân tỉnh Lai Châu",
        grounds=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
        articles=[
            Article("Tặng Cờ thi đua cho huyện Tân Uyên."),
            Article("Quyết định có hiệu lực."),
        ],
        recipients=["Như Điều 2;", "Lưu: VT."],
        signature_capacity=["TM. Ủy ban nhân dân", "Chủ tịch"],
        signer="Nguyễn Văn A",
    )
    document = build(doc)
    add_table(document, ["STT", "Họ và tên"], [[1, "Lò Văn Hùng"]], title="DANH SÁCH")
    buffer = io.BytesIO()
    document.save(buffer)
    text = document_text(Document(io.BytesIO(buffer.getvalue())))
    for expected in [
        "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/QĐ-UBND",
        "Lai Châu, ngày 05 tháng 01 năm 2021",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Cờ thi đua cho huyện Tân Uyên.",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn A",
        "Lò Văn Hùng",
    ]:
        assert expected in text


def test_draft_leaves_number_and_date_blank():
    doc = OfficialDocument(
        issuing_body="UBND tỉnh Lai Châu",
        doc_type="Quyết định",
        summary="Dự thảo",
        place="Lai Châu",
        symbol="QĐ-UBND",
    )
    text = document_text(build(doc))
    assert "Số:        /QĐ-UBND" in text
    assert "Lai Châu, ngày      tháng      năm" in text


def test_without_place_the_date_line_stands_alone():
    doc = OfficialDocument(
        issuing_body="BỘ X", doc_type="Quyết định", summary="Dự thảo"
    )
    assert "Ngày      tháng      năm" in document_text(build(doc))
