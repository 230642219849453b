"""The law as dated data (rule sets, catalogue, values, base salary) and the award registry.

Rules are looked up by date (`selectors.rule_set_on`), never hard-coded: an
administrator adds a rule set for an amendment or edits a value marked
uncertain ([U]) in the Wagtail admin.

One module per concern; import from here.
"""

from .catalogue import AwardRule, AwardType, BaseSalary, RuleSet, RuleValue
from .choices import (
    Branch,
    CommendationKind,
    Issuer,
    Level,
    Rating,
    RecipientKind,
    Scope,
)
from .initiatives import AdvancedModel, Initiative
from .registry import AnnualRating, AwardRecord, DisciplinaryRecord, severity_rank

__all__ = [
    "AdvancedModel",
    "AnnualRating",
    "AwardRecord",
    "AwardRule",
    "AwardType",
    "BaseSalary",
    "Branch",
    "CommendationKind",
    "DisciplinaryRecord",
    "Initiative",
    "Issuer",
    "Level",
    "Rating",
    "RecipientKind",
    "RuleSet",
    "RuleValue",
    "Scope",
    "severity_rank",
]
