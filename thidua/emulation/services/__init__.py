"""Writes for emulation: actual values, the period workflow, score stages, scoring tables.

One module per concern; callers import from here: the module layout is not part
of the interface.
"""

from .entries import NO, YES, clean_entry, parse_number
from .periods import (
    Entry,
    actual_set,
    actuals_enter,
    actuals_recall,
    actuals_return,
    actuals_submit,
    period_approve,
    period_lock,
    period_reopen,
)
from .recompute import tables_recompute
from .scores import scores_finalize, sheet_save
from .tables import table_export, table_import, table_publish, table_reopen

__all__ = [
    "Entry",
    "actual_set",
    "actuals_enter",
    "actuals_recall",
    "actuals_return",
    "actuals_submit",
    "clean_entry",
    "NO",
    "parse_number",
    "period_approve",
    "period_lock",
    "period_reopen",
    "scores_finalize",
    "sheet_save",
    "table_export",
    "table_import",
    "table_publish",
    "table_reopen",
    "tables_recompute",
    "YES",
]
