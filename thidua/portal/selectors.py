"""Reads behind the portal pages. A page renders with a handful of queries,
none per item of a list: what only publishing changes (settings, menu,
categories, related news, rendered article bodies, the poll, other apps'
feeds) comes from `cache.fragment`, and lists are fetched in one query each."""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Page, ReferenceIndex

from thidua.engagement import selectors as engagement

from . import feeds
from .cache import fragment
from .models import Banner, NewsCategory, NewsIndexPage, NewsPage
from .search import matching, terms_of

RELATED_COUNT = 6
HOME_PER_CATEGORY = 4
_WORD = re.compile(r"[a-z0-9]{3,}")
# frequent words that make every article look alike
_STOP = set(
    "cac cua cho voi nhung trong nam duoc tai nay mot khong theo the thi den tren "
    "nhan dan tinh huyen cong tac".split()
)


def categories() -> list[NewsCategory]:
    return fragment("categories", lambda: list(NewsCategory.objects.all()))


def home_poll() -> Any:
    # a vote bumps the site generation, so the cached poll's counts are current
    return fragment("poll", engagement.home_poll)


def news_cards(qs: Any) -> Any:
    return qs.live().select_related("category").order_by("-date", "-pk")


def news_list(request: HttpRequest, *, index: NewsIndexPage) -> dict:
    cats = categories()
    slug = request.GET.get("chuyen-muc", "")
    current = next((c for c in cats if c.slug == slug), None)
    qs = news_cards(NewsPage.objects.child_of(index)).defer_streamfields()
    if current is not None:
        qs = qs.filter(category=current)
    paginator = Paginator(qs, 12)
    page = paginator.get_page(request.GET.get("trang"))
    return {"categories": cats, "current": current, "articles": page}


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


def _card(page: NewsPage) -> dict:
    """What a news card shows, small enough to keep in the cache."""
    return {
        "title": page.title,
        "url": page.url,
        "date": page.date,
        "category": {"name": page.category.name, "slug": page.category.slug},
    }


OG_FILTER = "fill-1200x630|format-jpeg"  # the size Facebook and Zalo show


def _article_parts(article: NewsPage) -> dict:
    """The request-independent parts of an article page, rendered once per publish."""
    photos = article.photos()
    # a missing original gives Wagtail's "not found" rendition, as in templates
    og = get_rendition_or_not_found(photos[0]["image"], OG_FILTER) if photos else None
    summary = Truncator(article.lead).chars(200)
    return {
        "summary": summary,
        "description": Truncator(article.search_description).chars(200) or summary,
        "body_html": mark_safe("".join(b.render_as_block() for b in article.body)),
        "related": [_card(p) for p in related_news(article)],
        "tags": [t.name for t in article.tags.all()],
        # the share image's rendition, looked up once per publish, not per view
        "og_image": {"url": og.url, "width": og.width, "height": og.height}
        if og
        else None,
    }


def article_parts(article: NewsPage) -> dict:
    """Rendered body, related cards, tag names and the share image of a published
    article, kept until the next publish."""
    return fragment(f"article-parts:{article.pk}", lambda: _article_parts(article))


def published_news(*, query: str = "", category: NewsCategory | None = None) -> Any:
    """Live articles, newest first, matching every word of `query` with or
    without diacritics (the folded `search_text` column)."""
    qs = news_cards(NewsPage.objects.all()).defer_streamfields()
    if category is not None:
        qs = qs.filter(category=category)
    return matching(qs, terms_of(query))


# what may not appear raw inside <script>: the same escapes as Django's json_script
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _structured_data(article: NewsPage, rating: dict) -> SafeString:
    """schema.org NewsArticle (with AggregateRating once rated) for search engines."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
        "articleSection": article.category.name,
    }
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if rating["votes"]:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(rating["average"]),
            "bestRating": "5",
            "worstRating": "1",
            "ratingCount": str(rating["votes"]),
        }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def article_context(request: HttpRequest, article: NewsPage) -> dict:
    parts = article_parts(article)
    numbers = engagement.page_numbers(article.pk)
    url = article.get_url(request) or "/"  # the request keeps the site root paths
    return {
        **parts,
        "structured_data": _structured_data(article, numbers["rating"]),
        "index_url": url.rsplit("/", 2)[0] + "/",
        "rating": numbers["rating"],
        "comments": engagement.approved_comments(article.pk)
        if article.comments_enabled and numbers["comments"]
        else [],
        "absolute_url": request.build_absolute_uri(url),
        "views": numbers["views"],
        "stats": engagement.site_stats_cached(),
        "poll": home_poll(),
    }


def _home_news(home: Any) -> dict:
    """Featured, latest and the newest few per home category: three queries
    whatever the number of categories (a window function ranks per category)."""
    live = news_cards(NewsPage.objects.descendant_of(home)).defer_streamfields()
    featured = [_card(p) | {"lead": p.lead} for p in live.filter(featured=True)[:5]]
    featured_urls = {f["url"] for f in featured}
    latest = [_card(p) for p in live[:6]]
    on_home = [c for c in categories() if c.on_home]
    ranked = (
        live.filter(category__in=on_home)
        .annotate(
            rn=Window(
                RowNumber(),
                partition_by=F("category"),
                order_by=[F("date").desc(), F("pk").desc()],
            )
        )
        .filter(rn__lte=HOME_PER_CATEGORY + len(featured))
    )
    per_category: dict[int, list[dict]] = {}
    for page in ranked:
        card = _card(page)
        items = per_category.setdefault(page.category_id, [])
        if card["url"] not in featured_urls and len(items) < HOME_PER_CATEGORY:
            items.append(card)
    by_category = [
        {"category": c, "items": per_category[c.pk]}
        for c in on_home
        if per_category.get(c.pk)
    ]
    return {"featured": featured, "latest": latest, "by_category": by_category}


def home_blocks(request: HttpRequest, *, home: Any) -> dict:
    today = timezone.localdate()
    ranking = feeds.ranking_summary()
    year = map_year(request, default=ranking["year"] if ranking else 2020)
    layers = feeds.map_layers(year)
    layer_key = request.GET.get("lop")
    poll = home_poll()
    return {
        **fragment(f"home:{home.pk}", lambda: _home_news(home)),
        "banners": fragment(
            f"banners:{today}",
            lambda: list(
                Banner.objects.showing_on(today)
                .select_related("image")
                .order_by("sort_order", "pk")[:6]
            ),
        ),
        "ranking": ranking,
        "poll": poll,
        "poll_result": engagement.poll_results(poll) if poll else None,
        "stats": engagement.site_stats_cached(),
        "map": cached_map_view(year, layer_key, layers),
        "map_layers": layers,
        "map_year": year,
        "disclosures": feeds.latest_disclosures(5),
        "decisions": feeds.latest_decisions(5),
    }


def cached_map_view(year: int, layer_key: str | None, layers: list[dict]) -> Any:
    """The map's SVG shapes, computed from the boundary file once per publish or
    per feed refresh (its colours come from the emulation feed)."""
    from .maps import map_view

    if layer_key not in {lay["key"] for lay in layers}:
        layer_key = None  # the first layer; unknown keys must not fill the cache
    return fragment(
        f"map:{year}:{layer_key}",
        lambda: map_view(year, layer_key, layers),
        feeds.FEED_SECONDS,
    )


MAP_YEARS = range(2018, 2031)


def map_year(request: HttpRequest, *, default: int) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return default
    return year if year in MAP_YEARS else default


def document_is_published(document: Any) -> bool:
    """Whether a live page open to everyone uses the Wagtail document (a legal
    document's file, a link in an article). Wagtail's reference index is read from
    each page's live row, so a draft that adds a link publishes nothing."""
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    ids = [int(pk) for pk in page_ids]
    return bool(ids) and Page.objects.live().public().filter(pk__in=ids).exists()
