"""What the portal publishes from the back office, through the other apps' public
interfaces. Imported lazily so the portal's own modules load in any order."""

from __future__ import annotations


def ranking_summary(year: int | None = None) -> dict | None:
    from thidua.emulation.public import ranking_summary as summary

    return summary(year)


def map_layers(year: int) -> list[dict]:
    from thidua.emulation.public import map_layers as layers

    return layers(year)


def awardee_search(query: str, limit: int = 20) -> list[dict]:
    from thidua.commendations.selectors import awardee_search as search

    return search(query, limit)


def latest_disclosures(limit: int) -> list[dict]:
    from thidua.dossiers.public import latest_disclosures as latest

    return latest(limit)


def latest_decisions(limit: int) -> list[dict]:
    from thidua.dossiers.public import latest_decisions as latest

    return latest(limit)
