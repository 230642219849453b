"""Back-office screens (Wagtail admin) for each role's part of the dossier path.

Each view: objects from access.py → parse → one service → redirect or render.
Service refusals (ValidationError) become an error message on the same page.
One module per screen; wagtail_hooks.py routes to the names re-exported here.
"""

from .actions import dossier_action
from .council import (
    session_close,
    session_create,
    session_detail,
    session_list,
    session_minutes,
    session_vote,
)
from .decisions import (
    certificate_pdf,
    certificates_progress,
    certificates_start,
    certificates_zip,
    decision_amend,
    decision_create,
    decision_detail,
    decision_docx,
    decision_issue,
    decision_list,
    decision_revoke,
    decision_xlsx,
)
from .dossiers import (
    document_download,
    dossier_create,
    dossier_detail,
    dossier_list,
    report_draft,
)

__all__ = [
    "certificate_pdf",
    "certificates_progress",
    "certificates_start",
    "certificates_zip",
    "decision_amend",
    "decision_create",
    "decision_detail",
    "decision_docx",
    "decision_issue",
    "decision_list",
    "decision_revoke",
    "decision_xlsx",
    "document_download",
    "dossier_action",
    "dossier_create",
    "dossier_detail",
    "dossier_list",
    "report_draft",
    "session_close",
    "session_create",
    "session_detail",
    "session_list",
    "session_minutes",
    "session_vote",
]
