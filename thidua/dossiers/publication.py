"""The published form of an issued decision: a PDF next to its .docx of record."""

from __future__ import annotations

from django.core.files.base import ContentFile

from thidua.lib.docx_pdf import pdf_from_docx
from thidua.lib.files import private_storage

from .models import Decision


def decision_pdf_name(decision: Decision) -> str:
    """Storage name of the decision's PDF, drawn once from the issued .docx (an
    issued decision never changes, so neither does its PDF)."""
    if not decision.is_issued or not decision.document:
        raise FileNotFoundError(decision.pk)
    name = decision.document.rsplit(".", 1)[0] + ".pdf"
    if not private_storage().exists(name):
        with private_storage().open(decision.document, "rb") as docx:
            pdf = pdf_from_docx(docx.read())
        if not private_storage().exists(name):  # a concurrent request may have won
            saved = private_storage().save(name, ContentFile(pdf))
            if saved != name:  # lost the race after all: keep one copy
                private_storage().delete(saved)
    return name
