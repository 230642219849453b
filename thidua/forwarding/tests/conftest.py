from __future__ import annotations

from thidua.dossiers.tests.conftest import world

__all__ = ["world"]
