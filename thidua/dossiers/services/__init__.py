"""Every write of the dossier path: dossier → review → disclosure → council →
decision → registry → certificates, one module per step.

Callers check access first (selectors.py); services check the state and record
the audit event. Import from here: the module layout is not part of the interface.
"""

from .certificates import (
    certificate_count,
    certificates_generate,
    certificates_resume_stalled,
    certificates_start,
)
from .council import (
    ballot_cast,
    session_close,
    session_open,
    session_tally,
    threshold_for,
)
from .decisions import (
    EDITABLE_DECISION_FIELDS,
    Amendment,
    decision_draft,
    decision_draft_correction,
    decision_issue,
    decision_update,
    default_grounds,
)
from .disclosure import (
    DEFAULT_DISCLOSURE_DAYS,
    disclosure_close,
    disclosure_open,
    feedback_moderate,
    feedback_moderate_many,
    feedback_submit,
)
from .dossiers import (
    check_eligibility,
    document_attach,
    document_remove,
    dossier_create,
    dossier_submit,
    dossier_update,
    missing_documents,
    nominee_add,
    nominee_remove,
    nominee_suggestions,
    nominees_import,
    required_documents,
)
from .review import dossier_accept, dossier_return, nominee_review

__all__ = [
    "Amendment",
    "DEFAULT_DISCLOSURE_DAYS",
    "default_grounds",
    "EDITABLE_DECISION_FIELDS",
    "ballot_cast",
    "certificate_count",
    "certificates_generate",
    "certificates_resume_stalled",
    "certificates_start",
    "check_eligibility",
    "decision_draft",
    "decision_draft_correction",
    "decision_issue",
    "decision_update",
    "disclosure_close",
    "disclosure_open",
    "document_attach",
    "document_remove",
    "dossier_accept",
    "dossier_create",
    "dossier_return",
    "dossier_submit",
    "dossier_update",
    "feedback_moderate",
    "feedback_moderate_many",
    "feedback_submit",
    "missing_documents",
    "nominee_add",
    "nominee_remove",
    "nominee_review",
    "nominee_suggestions",
    "nominees_import",
    "required_documents",
    "session_close",
    "session_open",
    "session_tally",
    "threshold_for",
]
