"""The package sent to the level above: tờ trình and nominee list (documents.py),
the achievement reports, the council's vote record, the unit's own documents and
`manifest.json`.

Manifest schema "thidua.forwarding" version 2 (documented in README.md): the
receiving system reads the nominees and checks every file against its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from typing import Any

from django.utils import timezone

from thidua.dossiers import documents as reports
from thidua.dossiers.models import CouncilResult
from thidua.lib.files import private_storage
from thidua.lib.formats import long_date
from thidua.lib.text import fold
from thidua.organisation.models import Organisation
from thidua.organisation.selectors import organisation_on

from . import documents
from .models import Forwarding

SCHEMA = "thidua.forwarding"
VERSION = 2  # README.md, "Changelog"


def province_authority() -> str:
    """Whom a commune's tờ trình is addressed to: the organisation's head."""
    organisation = organisation_on()
    if organisation.kind == Organisation.Kind.MINISTRY:
        return f"Bộ trưởng {organisation.name}"
    return f"Chủ tịch Ủy ban nhân dân {documents.lower_first(organisation.name)}"


def _signer_entry(forwarding: Forwarding) -> dict[str, Any] | None:
    block = documents.signer_block(forwarding)
    if not (block.name or block.capacity):
        return None
    return {
        "name": block.name or None,
        "title": block.title or None,
        "capacity": block.capacity,
        "source": "typed" if block.typed else "settings",
        "in_force_on": (forwarding.sent_on or timezone.localdate()).isoformat(),
    }


SOURCE_DIR = "06-to-trinh-cap-xa"
SOURCE_FILES = ("01-to-trinh.docx", "02-danh-sach.docx", "manifest.json")


def _source_files(source: Forwarding) -> dict[str, bytes]:
    """The commune's own tờ trình, list and manifest as it sent them; its reports,
    minutes and documents are the dossier's, packaged again above."""
    if not (source.package and private_storage().exists(source.package)):
        return {}
    with private_storage().open(source.package, "rb") as fh:
        with zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
            names = set(zf.namelist())
            return {
                f"{SOURCE_DIR}/{name}": zf.read(name)
                for name in SOURCE_FILES
                if name in names
            }


def _source_entry(forwarding: Forwarding) -> dict[str, Any] | None:
    source = forwarding.relayed_from
    if source is None:
        return None
    return {
        "forwarding_id": source.pk,
        "body": documents.body_name(source),
        "reference": source.reference or None,
        "date": source.sent_on.isoformat() if source.sent_on else None,
        "files_in": f"{SOURCE_DIR}/",
    }


def _vote_entry(r: CouncilResult) -> dict[str, Any]:
    return {
        "session": r.session.title,
        "held_on": r.session.held_on.isoformat(),
        "members": r.members,
        "yes": r.yes,
        "no": r.no,
        "abstain": r.abstain,
        "percent": float(r.percent),
        "threshold": float(r.threshold),
        "passed": r.passed,
    }


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
        "01-to-trinh.docx": documents.proposal_docx(forwarding, nominees),
        "02-danh-sach.docx": documents.nominee_list_docx(forwarding, nominees),
    }
    entries = []
    sessions = {}
    for i, n in enumerate(nominees, start=1):
        report = f"03-bao-cao-thanh-tich/{i:02d}-{_slug(n.name)}.docx"
        files[report] = reports.achievement_report_docx(n)
        votes = documents.council_results(forwarding, n)
        for r in votes:
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
                # the sender's council's; on a relay, the commune's below it too
                "council": _vote_entry(votes[-1]) if votes else None,
                "council_below": _vote_entry(votes[0]) if len(votes) > 1 else None,
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
    if forwarding.relayed_from:
        files.update(_source_files(forwarding.relayed_from))
    dossier = forwarding.dossier
    manifest: dict[str, Any] = {
        "schema": SCHEMA,
        "version": VERSION,
        "forwarding_id": forwarding.pk,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "from": {
            "unit_id": dossier.unit_id,
            "unit": dossier.unit.name,
            "body": documents.body_name(forwarding),
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
        "relayed_from": _source_entry(forwarding),
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
