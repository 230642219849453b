"""Back-office screens (Wagtail admin): data entry, score stages, ranking, what-if, dashboards.

Thin views: objects come from thidua/emulation/access.py, writes go to services,
reads to selectors.

One module per screen; wagtail_hooks.py routes to the names re-exported here.
"""

from .entry import (
    cell_save,
    period_action,
    period_grid,
    template_download,
    template_upload,
)
from .overview import dashboard, index
from .scores import (
    ranking,
    results_xlsx,
    review_docx,
    sheet_edit,
    table_action,
    table_export,
    table_import,
    what_if,
)

__all__ = [
    "cell_save",
    "dashboard",
    "index",
    "period_action",
    "period_grid",
    "ranking",
    "results_xlsx",
    "review_docx",
    "sheet_edit",
    "table_action",
    "table_export",
    "table_import",
    "template_download",
    "template_upload",
    "what_if",
]
