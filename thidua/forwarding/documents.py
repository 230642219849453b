"""The tờ trình and the nominee list sent to the level above (.docx, Decree 30/2020
layout), after Mẫu số 01 of NĐ 152/2025's annex, "Tờ trình đề nghị xét tặng danh hiệu
thi đua / khen thưởng", and the dossier of Law 2022 Art. 84(1) (research sheet §4.7,
§5.1). The annex's own Word files were not retrieved [U]: the headings follow the
sheet, the rest the Decree 30 layout."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from thidua.commendations import law
from thidua.commendations.models import AwardType
from thidua.dossiers.models import CouncilResult, Nominee
from thidua.lib import nd30
from thidua.lib.formats import long_date, number, percent
from thidua.organisation.models import Organisation
from thidua.organisation.selectors import organisation_on, place_of, signers_on
from thidua.units.models import OrgUnit

from .models import Forwarding

LIST_TITLE = "Danh sách đề nghị khen thưởng"
LIST_HEADERS = [
    "STT",
    "Họ và tên (tên tập thể, hộ gia đình)",
    "Chức vụ, đơn vị công tác",
    "Hình thức đề nghị",
    "Tóm tắt thành tích",
    "Kết quả bỏ phiếu của Hội đồng",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
KINDS = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def organisation(forwarding: Forwarding) -> Organisation:
    """The province or ministry that signs the tờ trình (organisation settings)."""
    return organisation_on(forwarding.sent_on)


def commune(forwarding: Forwarding) -> OrgUnit | None:
    """The commune whose own tờ trình this is (Dossier.decider), else None; the
    province's relay of a commune's tờ trình is the province's."""
    return None if forwarding.relayed_from_id else forwarding.dossier.decider


def sender(forwarding: Forwarding) -> str:
    """The sender in running text: "Ủy ban nhân dân xã …", "… tỉnh …", "Bộ …"."""
    own = commune(forwarding)
    if own is not None:
        return f"Ủy ban nhân dân {lower_first(own.name)}"
    org = organisation(forwarding)
    if org.kind == Organisation.Kind.MINISTRY:
        return org.name
    return f"Ủy ban nhân dân {lower_first(org.name)}"


def body_name(forwarding: Forwarding) -> str:
    """The issuer line: a commune's people's committee for its own proposals, else
    the organisation's."""
    own = commune(forwarding)
    if own is not None:
        return f"ỦY BAN NHÂN DÂN {own.name.upper()}"
    return organisation(forwarding).issuing_body


def _place(forwarding: Forwarding) -> str:
    own = commune(forwarding)
    org = organisation(forwarding)
    return place_of(own, org) if own else org.place


@dataclass(frozen=True)
class SignerBlock:
    capacity: list[str]  # "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    name: str
    title: str  # "Chủ tịch UBND tỉnh" when a settings' signer; else blank
    typed: bool  # typed when sending, not read from the settings


def signer_block(forwarding: Forwarding) -> SignerBlock:
    """The tờ trình's signer: as typed when sending, else the head signer in force on
    its date in the settings, the commune's own for a commune's proposal (blank when
    none)."""
    capacity, name = forwarding.signature_capacity, forwarding.signer_name
    typed, title = bool(capacity or name), ""
    # the settings' signers: the organisation's, or the commune's own for its
    # proposals; a typed name found there gets its title
    if name or not capacity:
        signers = signers_on(forwarding.sent_on, commune(forwarding))
        signer = (signers.filter(full_name=name) if name else signers).first()
        if signer is not None:
            capacity = capacity or signer.capacity_text
            name, title = signer.full_name, signer.title
    lines = [x.strip() for x in capacity.replace(" / ", "\n").splitlines()]
    return SignerBlock([x for x in lines if x], name, title, typed)


def council_results(forwarding: Forwarding, nominee: Nominee) -> list[CouncilResult]:
    """The passing votes the tờ trình carries, the lower council first: a commune's
    own tờ trình, its council's; the province's relay of it, the commune's and then
    the province's (research sheet §4.7); the organisation's own, its council's."""
    councils: list[int | None] = []
    if forwarding.dossier.decider_id:
        councils.append(forwarding.dossier.decider_id)
    if commune(forwarding) is None:
        councils.append(None)
    latest = {
        r.session.unit_id: r
        for r in nominee.council_results.filter(passed=True)
        .select_related("session")
        .order_by("pk")
    }
    return [latest[c] for c in councils if c in latest]


def _vote(result: CouncilResult) -> str:
    """ "2/2 phiếu (100%)"."""
    return (
        f"{number(result.yes)}/{number(result.members)} phiếu "
        f"({percent(result.percent)})"
    )


def _docx(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def subject(nominees: list[Nominee]) -> str:
    """The trích yếu: "Về việc đề nghị xét tặng danh hiệu “…” và khen thưởng …"."""
    types = sorted(
        {n.award_type for n in nominees}, key=lambda t: (t.sort_order, t.name)
    )
    titles = [f"“{t.name}”" for t in types if t.kind == AwardType.Kind.TITLE]
    forms = [t.name for t in types if t.kind != AwardType.Kind.TITLE]
    parts = []
    if titles:
        parts.append("xét tặng danh hiệu " + ", ".join(titles))
    if forms:
        parts.append("khen thưởng " + ", ".join(forms))
    return "Về việc đề nghị " + " và ".join(parts)


def _counted(nominees: list[Nominee]) -> str:
    """ "2 cá nhân, 1 tập thể"."""
    counts = {kind: sum(1 for n in nominees if n.kind == kind) for kind in KINDS}
    return ", ".join(f"{number(c)} {KINDS[k]}" for k, c in counts.items() if c)


def council_name(name: str) -> str:
    """ "Hội đồng Thi đua - Khen thưởng tỉnh …" of a commune or organisation's name."""
    return f"Hội đồng Thi đua - Khen thưởng {lower_first(name)}"


def _council(forwarding: Forwarding) -> str:
    """The sender's council, which voted last: a commune's for its own tờ trình,
    the organisation's for its own and for its relay of a commune's."""
    voted = commune(forwarding)
    return council_name(voted.name if voted else organisation(forwarding).name)


def _councils(forwarding: Forwarding) -> list[str]:
    """Every council whose vote record the package holds, the sender's first."""
    below = forwarding.dossier.decider if forwarding.relayed_from_id else None
    return [_council(forwarding)] + ([council_name(below.name)] if below else [])


def _source_line(source: Forwarding) -> str:
    """ "Tờ trình số 12/TTr-UBND ngày … của Ủy ban nhân dân xã …"."""
    when = f" {long_date(source.sent_on)}" if source.sent_on else ""
    return f"Tờ trình số {source.reference}{when} của {sender(source)}"


def dossier_items(forwarding: Forwarding, nominees: list[Nominee]) -> list[str]:
    """What the package holds, in the order of Law 2022 Art. 84(1)."""
    report = "Báo cáo thành tích của cá nhân, tập thể"
    if any(n.award_type.level == "nha_nuoc" for n in nominees):
        # a State-level report is confirmed by the level that submits it (QĐ 311 [S])
        report += f" có xác nhận của {sender(forwarding)}"
    items = [f"{LIST_TITLE} (kèm theo);"]
    if forwarding.relayed_from:
        items.append(f"{_source_line(forwarding.relayed_from)} và danh sách kèm theo;")
    items.append(f"{report};")
    items += [
        f"Biên bản họp và kết quả bỏ phiếu của {council};"
        for council in _councils(forwarding)
    ]
    if law.needs_initiative_proof({n.award_type.code for n in nominees}):
        items.append(
            "Chứng nhận hoặc xác nhận của cơ quan, tổ chức có thẩm quyền đối với sáng "
            "kiến, đề tài khoa học, đề án khoa học, công trình khoa học và công nghệ;"
        )
    if forwarding.dossier.documents.exists():
        items.append(f"Các tài liệu khác của {forwarding.dossier.unit.name}.")
    items[-1] = items[-1].rstrip(";.") + "."
    return [f"{i}. {text}" for i, text in enumerate(items, start=1)]


def proposal_of(forwarding: Forwarding) -> str:
    """What the tờ trình answers: the unit's proposal, or the commune's tờ trình."""
    if forwarding.relayed_from:
        return _source_line(forwarding.relayed_from)
    return f"đề nghị của {forwarding.dossier.unit.name}"


def proposal_docx(forwarding: Forwarding, nominees: list[Nominee]) -> bytes:
    """Tờ trình đề nghị xét tặng danh hiệu thi đua / khen thưởng (Mẫu số 01)."""
    dossier = forwarding.dossier
    signer = signer_block(forwarding)
    by = sender(forwarding)
    day = forwarding.sent_on
    paragraphs = [
        f"Kính gửi: {forwarding.upper_body}.",
        # the decree of the rule set in force on the tờ trình's date (NĐ 98 or 152)
        *law.decision_grounds(day or timezone.localdate()),
        f"Xét {proposal_of(forwarding)} và kết quả bỏ phiếu của "
        f"{_council(forwarding)}, {by} trân trọng đề nghị {forwarding.upper_body} "
        f"xem xét, khen thưởng cho {_counted(nominees)} có thành tích năm "
        f"{dossier.year} ({lower_first(LIST_TITLE)} kèm theo).",
        "Hồ sơ gồm:",
        *dossier_items(forwarding, nominees),
        f"{by} kính trình {forwarding.upper_body} xem xét, quyết định./.",
    ]
    doc = nd30.OfficialDocument(
        issuing_body=body_name(forwarding),
        doc_type="TỜ TRÌNH",
        summary=subject(nominees),
        number=forwarding.reference,
        symbol=forwarding.symbol,
        date=day,
        paragraphs=paragraphs,
        signature_capacity=signer.capacity,
        signer=signer.name,
        place=_place(forwarding),
        recipients=["Như trên;", "Lưu: VT, TĐKT."],
    )
    return _docx(nd30.build(doc))


def list_reference(forwarding: Forwarding) -> str:
    """ "Kèm theo Tờ trình số 45/TTr-UBND ngày 25 tháng 4 năm 2025 của …"."""
    number_ = forwarding.reference or f"      /{forwarding.symbol}"
    when = (
        long_date(forwarding.sent_on) if forwarding.sent_on else "ngày … tháng … năm …"
    )
    return f"Kèm theo Tờ trình số {number_} {when} của {sender(forwarding)}"


def nominee_list_docx(forwarding: Forwarding, nominees: list[Nominee]) -> bytes:
    """The list the tờ trình sends, grouped by form, each with the council's vote."""
    document = nd30.attachment(
        body_name(forwarding), LIST_TITLE, list_reference(forwarding)
    )
    groups: dict[AwardType, list[Nominee]] = {}
    for n in nominees:
        groups.setdefault(n.award_type, []).append(n)
    rows: list[tuple[object, ...] | str] = []
    for g, (award, members) in enumerate(
        sorted(groups.items(), key=lambda kv: (kv[0].sort_order, kv[0].name))
    ):
        rows.append(f"{ROMAN[g] if g < len(ROMAN) else g + 1}. {award.name}")
        for i, n in enumerate(members, start=1):
            # the sender's council's vote; a relay's also the commune's below it
            votes = council_results(forwarding, n)[::-1]
            vote = "; ".join(
                (f"cấp xã: {_vote(r)}" if i else _vote(r)) for i, r in enumerate(votes)
            )
            name = n.name if n.kind == "individual" else f"{n.name} ({KINDS[n.kind]})"
            rows.append((i, name, n.position, award.name, n.achievement, vote))
    nd30.add_table(document, LIST_HEADERS, rows, size=11)
    return _docx(document)
