"""What the portal publishes from the back office, through the other apps' public
interfaces. Imported lazily so the portal's own modules load in any order.

Rankings, map layers and the latest disclosures and decisions cost dozens of
queries in their apps; the portal keeps each answer for FEED_SECONDS (and until
the next publish), so a page render calls each feed at most once a minute.
The other apps do not signal the portal when they publish, hence the timeout.
"""

from __future__ import annotations

from .cache import fragment

FEED_SECONDS = 60


def ranking_summary(year: int | None = None) -> dict | None:
    from thidua.emulation.public import ranking_summary as summary

    return fragment(f"feed:ranking:{year}", lambda: summary(year), FEED_SECONDS)


def map_layers(year: int) -> list[dict]:
    from thidua.emulation.public import map_layers as layers

    return fragment(f"feed:layers:{year}", lambda: layers(year), FEED_SECONDS)


def awardee_search(query: str, limit: int = 20) -> list[dict]:
    from thidua.commendations.selectors import awardee_search as search

    return search(query, limit)


def decision_search(query: str, limit: int = 20) -> list[dict]:
    from thidua.dossiers.public import decision_search as search

    return search(query, limit)


def latest_disclosures(limit: int) -> list[dict]:
    from thidua.dossiers.public import latest_disclosures as latest

    return fragment(f"feed:disclosures:{limit}", lambda: latest(limit), FEED_SECONDS)


def latest_decisions(limit: int) -> list[dict]:
    from thidua.dossiers.public import latest_decisions as latest

    return fragment(f"feed:decisions:{limit}", lambda: latest(limit), FEED_SECONDS)
