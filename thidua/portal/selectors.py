"""Reads behind the portal pages. A page renders with a handful of queries,
none per item of a list."""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone

from thidua.engagement import selectors as engagement

from . import feeds
from .models import Banner, NewsCategory, NewsIndexPage, NewsPage

RELATED_COUNT = 6
_WORD = re.compile(r"[a-z0-9]{3,}")
# frequent words that make every article look alike
_STOP = set(
    "cac cua cho voi nhung trong nam duoc tai nay mot khong theo the thi den tren "
    "nhan dan tinh huyen cong tac".split()
)


def news_cards(qs: Any) -> Any:
    return qs.live().select_related("category").order_by("-date", "-pk")


def news_list(request: HttpRequest, *, index: NewsIndexPage) -> dict:
    categories = list(NewsCategory.objects.all())
    slug = request.GET.get("chuyen-muc", "")
    current = next((c for c in categories if c.slug == slug), None)
    qs = news_cards(NewsPage.objects.child_of(index))
    if current is not None:
        qs = qs.filter(category=current)
    paginator = Paginator(qs, 12)
    page = paginator.get_page(request.GET.get("trang"))
    return {"categories": categories, "current": current, "articles": page}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text) if w not in _STOP}


def related_news(article: NewsPage, limit: int = RELATED_COUNT) -> list[NewsPage]:
    """Editor-pinned items first; then articles sharing the category or a tag,
    ranked by shared tags, then by word overlap (Jaccard) of the folded text;
    then, if still short, the most similar articles from anywhere."""
    pinned = [
        r.target
        for r in article.pinned_related.select_related("target", "target__category")
        if r.target.live
    ]
    chosen = {article.pk, *(p.pk for p in pinned)}
    tag_ids = set(article.tags.values_list("pk", flat=True))
    candidates = list(
        NewsPage.objects.live()
        .exclude(pk__in=chosen)
        .select_related("category")
        .prefetch_related("tagged_items")
        .only("title", "url_path", "date", "category", "search_text", "lead")
        .order_by("-date")[:120]
    )
    mine = _words(article.search_text[:1500])

    def score(c: NewsPage) -> tuple:
        shared = len(tag_ids & {t.tag_id for t in c.tagged_items.all()})
        topical = shared > 0 or c.category_id == article.category_id
        theirs = _words(c.search_text[:1500])
        similarity = len(mine & theirs) / (len(mine | theirs) or 1)
        return (topical, shared, similarity, c.date)

    ranked = sorted(candidates, key=score, reverse=True)
    return (pinned + ranked)[:limit]


def article_context(request: HttpRequest, article: NewsPage) -> dict:
    rating = engagement.rating_summary(article.pk)
    photos = article.photos()
    return {
        "related": related_news(article),
        "rating": rating,
        "comments": engagement.approved_comments(article.pk)
        if article.comments_enabled
        else [],
        "og_image": photos[0]["image"] if photos else None,
        "absolute_url": request.build_absolute_uri(article.url),
        "tags": list(article.tags.all()),
        "views": engagement.page_views(article.pk),
        "stats": engagement.site_stats_cached(),
        "poll": engagement.home_poll(),
    }


def home_blocks(request: HttpRequest, *, home: Any) -> dict:
    from .maps import map_view

    today = timezone.localdate()
    categories = [c for c in NewsCategory.objects.all() if c.on_home]
    live = news_cards(NewsPage.objects.descendant_of(home))
    featured = list(live.filter(featured=True)[:5])
    by_category = []
    # one small query per category block on the home page (a fixed handful, not per item)
    for category in categories:
        items = list(
            live.filter(category=category).exclude(pk__in=[f.pk for f in featured])[:4]
        )
        if items:
            by_category.append({"category": category, "items": items})
    ranking = feeds.ranking_summary()
    year = map_year(request, default=ranking["year"] if ranking else 2020)
    layers = feeds.map_layers(year)
    poll = engagement.home_poll()
    return {
        "banners": list(
            Banner.objects.showing_on(today)
            .select_related("image")
            .order_by("sort_order", "pk")[:6]
        ),
        "featured": featured,
        "latest": list(live[:6]),
        "by_category": by_category,
        "ranking": ranking,
        "poll": poll,
        "poll_result": engagement.poll_results(poll) if poll else None,
        "stats": engagement.site_stats_cached(),
        "map": map_view(year, request.GET.get("lop"), layers),
        "map_layers": layers,
        "map_year": year,
        "disclosures": feeds.latest_disclosures(5),
        "decisions": feeds.latest_decisions(5),
    }


MAP_YEARS = range(2018, 2031)


def map_year(request: HttpRequest, *, default: int) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return default
    return year if year in MAP_YEARS else default
