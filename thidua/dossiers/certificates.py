"""Certificate PDFs (Bằng khen, Giấy khen): A4 landscape, embedded fonts, a QR code
to the public verification page. Rendered with WeasyPrint."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from thidua.lib.formats import long_date
from thidua.organisation.models import Organisation, UnitSeal
from thidua.organisation.selectors import is_root, organisation_on
from thidua.units.models import OrgUnit

from .models import Certificate, Decision, DecisionItem
from .wording import certificate_reason

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "dossiers_public:verify", args=[code]
    )


def heading_for(item: DecisionItem) -> tuple[str, str]:
    """The big word on the certificate and the line under it."""
    code = item.award_type.code
    if code.startswith("BK"):
        return "BẰNG KHEN", ""
    if code.startswith("GK"):
        return "GIẤY KHEN", ""
    return "GIẤY CHỨNG NHẬN", f"Danh hiệu {item.award_type.name}"


def qr_data_uri(url: str) -> str:
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=1,
    )
    buf = io.BytesIO()
    image.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


def _seal_uri(issuer: OrgUnit, organisation: Organisation) -> str:
    """The issuer's seal as a file URI WeasyPrint reads: the organisation's on its own
    certificates, a commune's own on the commune's (never the organisation's there);
    empty when none was uploaded."""
    file: FieldFile | None = None
    if is_root(issuer, organisation):
        image = organisation.seal if organisation.seal_id else None
        file = image.file if image else None
    elif issuer.kind in OrgUnit.COMMUNE_LEVEL:
        seal = UnitSeal.objects.filter(unit=issuer).first()
        file = seal.image if seal else None
    if not file:
        return ""
    try:
        return Path(file.path).as_uri()
    except (NotImplementedError, ValueError, OSError):  # remote storage or lost file
        return ""


class CertificateRenderer:
    """Parses the stylesheet and loads the fonts once for a whole batch."""

    def __init__(self) -> None:
        self.font_config = FontConfiguration()
        css = render_to_string(
            "dossiers/certificate.css", {"fonts": FONTS_DIR.as_uri()}
        )
        self.css = CSS(string=css, font_config=self.font_config)

    def render(self, certificate: Certificate) -> bytes:
        item = certificate.item
        decision: Decision = item.decision
        heading, award_line = heading_for(item)
        organisation = organisation_on(decision.date)
        place = decision.place or organisation.place
        url = verify_url(certificate.code)
        html = render_to_string(
            "dossiers/certificate.html",
            {
                "certificate": certificate,
                "item": item,
                "decision": decision,
                "heading": heading,
                "award_line": award_line,
                "reason": certificate_reason(item),
                "place_date": f"{place}, {long_date(decision.date)}"
                if decision.date
                else "",
                "seal": _seal_uri(decision.issuer, organisation),
                "capacity": [
                    line.strip()
                    for line in decision.signature_capacity.replace(
                        " / ", "\n"
                    ).splitlines()
                    if line.strip()
                ],
                "qr": qr_data_uri(url),
                "verify_url": url,
            },
        )
        return HTML(string=html, base_url=str(FONTS_DIR)).write_pdf(
            stylesheets=[self.css], font_config=self.font_config
        )
