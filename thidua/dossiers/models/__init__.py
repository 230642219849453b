"""Nomination dossiers, public disclosure, council voting, decisions and certificates.

The workflow states change only in services.py; the models hold the data and the
invariants the database can enforce. An issued Decision and its items refuse any
save or delete (Law 2022 ch. VII: a correction is a new decision).

One module per step of the path; import from here (migrations name
`thidua.dossiers.models.new_verification_code`).
"""

from .certificates import Certificate, CertificateRun, new_verification_code
from .council import (
    BallotChoice,
    BallotCount,
    BallotReceipt,
    CouncilResult,
    CouncilSession,
)
from .decisions import ISSUED_MESSAGE, Decision, DecisionItem, IssuedDecisionError
from .disclosure import Disclosure, PublicFeedback
from .dossier import Dossier, DossierDocument, Nominee

__all__ = [
    "BallotChoice",
    "BallotCount",
    "BallotReceipt",
    "Certificate",
    "CertificateRun",
    "CouncilResult",
    "CouncilSession",
    "Decision",
    "DecisionItem",
    "Disclosure",
    "Dossier",
    "DossierDocument",
    "ISSUED_MESSAGE",
    "IssuedDecisionError",
    "new_verification_code",
    "Nominee",
    "PublicFeedback",
]
