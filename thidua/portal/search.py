"""Search over articles, legal documents and awardees, with or without diacritics.

Pages keep a folded `search_text` column (thidua.lib.text.fold), so the same
LIKE query works on SQLite and PostgreSQL. Matches are highlighted in the
original, accented text by folding it character by character.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from thidua.lib.text import fold

from . import feeds
from .models import LegalDocument, NewsPage

MAX_TERMS = 6
LIMIT = 30


_NON_WORD = re.compile(r"[^a-z0-9]+")


def search_text(*parts: str) -> str:
    """The stored column: folded words separated by single spaces, with a leading
    space so that `contains(" " + term)` matches at the start of a word."""
    return " " + _NON_WORD.sub(" ", fold(" ".join(parts))).strip() + " "


def terms_of(query: str) -> list[str]:
    seen: list[str] = []
    for term in _NON_WORD.sub(" ", fold(query)).split():
        if len(term) >= 2 and term not in seen:
            seen.append(term)
    return seen[:MAX_TERMS]


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base.lower()) == 1 else ch


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape `text` and wrap every folded match of `terms` in <mark>."""
    folded = "".join(_fold_char(c) for c in text)
    marked = [False] * len(text)
    for term in terms:
        for match in re.finditer(r"(?<![a-z0-9])" + re.escape(term), folded):
            for i in range(match.start(), match.end()):
                marked[i] = True
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and marked[j] == marked[i]:
            j += 1
        chunk = escape(text[i:j])
        out.append(f"<mark>{chunk}</mark>" if marked[i] else chunk)
        i = j
    return mark_safe("".join(out))


def excerpt(text: str, terms: list[str], width: int = 220) -> str:
    """A window of `text` around the first match."""
    folded = "".join(_fold_char(c) for c in text)
    hits = [
        m.start()
        for t in terms
        if (m := re.search(r"(?<![a-z0-9])" + re.escape(t), folded)) is not None
    ]
    if not hits or len(text) <= width:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, min(hits) - width // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def matching(qs, terms: list[str]):  # type: ignore[no-untyped-def]
    """Rows whose folded text has a word starting with every term."""
    for term in terms:
        qs = qs.filter(search_text__contains=" " + term)
    return qs


def search_all(query: str) -> dict:
    terms = terms_of(query)
    if not terms:
        return {
            "terms": [],
            "articles": [],
            "documents": [],
            "awardees": [],
            "decisions": [],
            "count": 0,
        }
    articles = [
        {
            "url": p.url,
            "title": highlight(p.title, terms),
            "date": p.date,
            "category": p.category.name,
            "snippet": highlight(excerpt(f"{p.lead} {p.body_text()}", terms), terms),
        }
        for p in matching(NewsPage.objects.live(), terms)
        .select_related("category")
        .order_by("-date", "-pk")[:LIMIT]
    ]
    documents = [
        {
            "url": d.url,
            "number": highlight(d.number, terms),
            "title": highlight(d.title, terms),
            "summary": highlight(excerpt(d.summary, terms), terms),
            "issued_on": d.issued_on,
            "issuing_body": d.issuing_body,
        }
        for d in matching(LegalDocument.objects.live(), terms).order_by("-issued_on")[
            :LIMIT
        ]
    ]
    awardees = [
        {
            **a,
            "name_html": highlight(a["name"], terms),
            "unit_html": highlight(a.get("unit") or "", terms),
        }
        for a in feeds.awardee_search(query, LIMIT)
    ]
    decisions = [
        {**d, "summary_html": highlight(d["summary"], terms)}
        for d in feeds.decision_search(query, LIMIT)
    ]
    return {
        "terms": terms,
        "articles": articles,
        "documents": documents,
        "awardees": awardees,
        "decisions": decisions,
        "count": len(articles) + len(documents) + len(awardees) + len(decisions),
    }
