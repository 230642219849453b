"""The package sent to the level above: tờ trình and nominee list (.docx, Decree
30/2020 layout, Mẫu số 01 of NĐ 152/2025's annex), the achievement reports, the
council's vote record, the unit's own documents and `manifest.json`.

Manifest schema "thidua.forwarding" version 1 (documented in README.md): the
receiving system reads the nominees and checks every file against its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from thidua.dossiers import documents
from thidua.dossiers.models import CouncilResult, Nominee
from thidua.lib import nd30
from thidua.lib.files import private_storage
from thidua.lib.formats import long_date
from thidua.lib.text import fold
from thidua.organisation.models import Organisation
from thidua.organisation.selectors import organisation_on, place_of, signers_on
from thidua.units.models import OrgUnit

from .models import Forwarding

SCHEMA = "thidua.forwarding"
VERSION = 2  # README.md, "Changelog"


def _organisation(forwarding: Forwarding) -> Organisation:
    """The province or ministry that signs the tờ trình (organisation settings)."""
    return organisation_on(forwarding.sent_on)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _commune(forwarding: Forwarding) -> OrgUnit | None:
    """The commune whose own tờ trình this is (Dossier.decider), else None."""
    return forwarding.dossier.decider


def province_authority() -> str:
    """Whom a commune's tờ trình is addressed to: the organisation's head."""
    organisation = organisation_on()
    if organisation.kind == Organisation.Kind.MINISTRY:
        return f"Bộ trưởng {organisation.name}"
    return f"Chủ tịch Ủy ban nhân dân {_lower_first(organisation.name)}"


def _sender(forwarding: Forwarding) -> str:
    """The sender in running text: "Ủy ban nhân dân xã …", "… tỉnh …", "Bộ …"."""
    commune = _commune(forwarding)
    if commune is not None:
        return f"Ủy ban nhân dân {_lower_first(commune.name)}"
    organisation = _organisation(forwarding)
    if organisation.kind == Organisation.Kind.MINISTRY:
        return organisation.name
    return f"Ủy ban nhân dân {_lower_first(organisation.name)}"


def _body_name(forwarding: Forwarding) -> str:
    """The sender: a commune's people's committee for its own proposals, else the
    organisation."""
    commune = _commune(forwarding)
    if commune is not None:
        return f"ỦY BAN NHÂN DÂN {commune.name.upper()}"
    return _organisation(forwarding).issuing_body


def _place(forwarding: Forwarding) -> str:
    commune = _commune(forwarding)
    organisation = _organisation(forwarding)
    return place_of(commune, organisation) if commune else organisation.place


@dataclass(frozen=True)
class SignerBlock:
    capacity: list[str]  # "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    name: str
    title: str  # "Chủ tịch UBND tỉnh" when a settings' signer; else blank
    typed: bool  # typed when sending, not read from the settings


def signer_block(forwarding: Forwarding) -> SignerBlock:
    """The tờ trình's signer: as typed when sending, else the head signer in force on
    its date in the organisation settings (blank when none)."""
    capacity, name = forwarding.signature_capacity, forwarding.signer_name
    typed, title = bool(capacity or name), ""
    # the settings' signers are the organisation's, not a commune's; a typed name
    # found there gets its title
    if _commune(forwarding) is None and (name or not capacity):
        signers = signers_on(forwarding.sent_on)
        signer = (signers.filter(full_name=name) if name else signers).first()
        if signer is not None:
            capacity = capacity or signer.capacity_text
            name, title = signer.full_name, signer.title
    lines = [x.strip() for x in capacity.replace(" / ", "\n").splitlines()]
    return SignerBlock([x for x in lines if x], name, title, typed)


def _signer_entry(forwarding: Forwarding) -> dict[str, Any] | None:
    block = signer_block(forwarding)
    if not (block.name or block.capacity):
        return None
    return {
        "name": block.name or None,
        "title": block.title or None,
        "capacity": block.capacity,
        "source": "typed" if block.typed else "settings",
        "in_force_on": (forwarding.sent_on or timezone.localdate()).isoformat(),
    }


def _docx(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _result(nominee: Nominee) -> CouncilResult | None:
    return nominee.council_results.filter(passed=True).order_by("-pk").first()


def proposal_docx(forwarding: Forwarding, nominees: list[Nominee]) -> bytes:
    """Tờ trình đề nghị khen thưởng (Mẫu số 01, Phụ lục NĐ 152/2025)."""
    dossier = forwarding.dossier
    body = _body_name(forwarding)
    forms = sorted({n.award_type.name for n in nominees})
    signer = signer_block(forwarding)
    doc = nd30.OfficialDocument(
        issuing_body=body,
        doc_type="TỜ TRÌNH",
        summary=f"Về việc đề nghị tặng {', '.join(forms)}",
        number=forwarding.reference,
        symbol=forwarding.symbol,
        date=forwarding.sent_on,
        paragraphs=[
            f"Kính gửi: {forwarding.upper_body}.",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và các văn bản "
            "quy định chi tiết thi hành;",
            f"Xét đề nghị của {dossier.unit.name} và kết quả bỏ phiếu của Hội đồng Thi đua "
            f"- Khen thưởng, {_sender(forwarding)} trân trọng đề nghị {forwarding.upper_body} "
            f"xem xét, khen thưởng {len(nominees)} trường hợp có thành tích năm "
            f"{dossier.year} (danh sách kèm theo).",
            "Hồ sơ gồm: danh sách đề nghị, báo cáo thành tích, biên bản họp và kết quả "
            "bỏ phiếu của Hội đồng Thi đua - Khen thưởng, các tài liệu của đơn vị.",
        ],
        signature_capacity=signer.capacity,
        signer=signer.name,
        place=_place(forwarding),
        recipients=["Như trên;", "Lưu: VT, TĐKT."],
    )
    return _docx(nd30.build(doc))


def nominee_list_docx(forwarding: Forwarding, nominees: list[Nominee]) -> bytes:
    doc = nd30.OfficialDocument(
        issuing_body=_body_name(forwarding),
        doc_type="DANH SÁCH",
        summary=f"Đề nghị khen thưởng kèm theo Tờ trình gửi {forwarding.upper_body}",
        number=forwarding.reference,
        symbol=forwarding.symbol,
        date=forwarding.sent_on,
        place=_place(forwarding),
    )
    document = nd30.build(doc)
    rows = []
    for i, n in enumerate(nominees, start=1):
        r = _result(n)
        vote = f"{r.yes}/{r.members}" if r else ""
        rows.append((i, n.name, n.position, n.award_type.name, n.achievement, vote))
    nd30.add_table(
        document,
        [
            "STT",
            "Họ và tên / Tập thể",
            "Chức vụ, đơn vị",
            "Hình thức đề nghị",
            "Tóm tắt thành tích",
            "Phiếu đồng ý",
        ],  # fmt: skip
        rows,
        title="DANH SÁCH ĐỀ NGHỊ",
        size=10,
    )
    return _docx(document)


def _slug(text: str) -> str:
    return "-".join(fold(text).split())[:60] or "khong-ten"


def build_package(forwarding: Forwarding) -> tuple[bytes, dict[str, Any]]:
    """(zip bytes, manifest): every file of the package and what it holds."""
    nominees = list(
        forwarding.nominees.select_related("award_type", "person", "unit").order_by(
            "pk"
        )
    )
    files: dict[str, bytes] = {
        "01-to-trinh.docx": proposal_docx(forwarding, nominees),
        "02-danh-sach.docx": nominee_list_docx(forwarding, nominees),
    }
    entries = []
    sessions = {}
    for i, n in enumerate(nominees, start=1):
        report = f"03-bao-cao-thanh-tich/{i:02d}-{_slug(n.name)}.docx"
        files[report] = documents.achievement_report_docx(n)
        r = _result(n)
        if r is not None:
            sessions[r.session_id] = r.session
        entries.append(
            {
                "id": n.pk,
                "kind": n.kind,
                "name": n.name,
                "position": n.position,
                "person_id": n.person_id,
                "unit_id": n.unit_id,
                "household": n.household or None,
                "award_code": n.award_type.code,
                "award_name": n.award_type.name,
                "achievement": n.achievement,
                "report_file": report,
                "council": None
                if r is None
                else {
                    "session": r.session.title,
                    "held_on": r.session.held_on.isoformat(),
                    "members": r.members,
                    "yes": r.yes,
                    "no": r.no,
                    "abstain": r.abstain,
                    "percent": float(r.percent),
                    "threshold": float(r.threshold),
                    "passed": r.passed,
                },
            }
        )
    for session in sessions.values():
        if session.minutes and private_storage().exists(session.minutes):
            with private_storage().open(session.minutes, "rb") as fh:
                files[f"04-bien-ban-hoi-dong-{session.pk}.docx"] = fh.read()
    for doc in forwarding.dossier.documents.order_by("pk"):
        if doc.file and doc.file.storage.exists(doc.file.name):
            with doc.file.storage.open(doc.file.name, "rb") as fh:
                name = doc.file.name.rsplit("/", 1)[-1]
                files[f"05-tai-lieu-don-vi/{doc.pk}-{name}"] = fh.read()
    dossier = forwarding.dossier
    manifest: dict[str, Any] = {
        "schema": SCHEMA,
        "version": VERSION,
        "forwarding_id": forwarding.pk,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "from": {
            "unit_id": dossier.unit_id,
            "unit": dossier.unit.name,
            "body": _body_name(forwarding),
        },
        "to": forwarding.upper_body,
        "proposal": {
            "number": forwarding.number or None,
            "symbol": forwarding.symbol or None,
            "reference": forwarding.reference or None,
            "date": forwarding.sent_on.isoformat() if forwarding.sent_on else None,
            "date_text": long_date(forwarding.sent_on) if forwarding.sent_on else None,
        },
        "dossier": {
            "id": dossier.pk,
            "type": dossier.type,
            "year": dossier.year,
            "title": dossier.title,
        },
        "signer": _signer_entry(forwarding),
        "nominees": entries,
        "files": [
            {
                "name": name,
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            for name, data in files.items()
        ],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return out.getvalue(), manifest
