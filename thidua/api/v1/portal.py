"""Public read endpoints of the portal: published news, polls with their results,
site visit statistics. Anonymous (what the portal shows anyone), paginated,
422 on bad parameters."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from thidua.api.pagination import BoundedLimitOffset
from thidua.engagement import selectors as engagement
from thidua.engagement.models import Poll
from thidua.portal import selectors
from thidua.portal.models import NewsPage
from thidua.portal.search import terms_of

router = Router(tags=["portal"])

MAX_REPORT_DAYS = 366


class CategoryOut(Schema):
    slug: str
    name: str


class NewsFields(Schema):
    id: int
    title: str
    url: str
    date: dt.date
    category: CategoryOut
    lead: str


class NewsOut(NewsFields):
    @staticmethod
    def resolve_url(page: NewsPage) -> str:
        return page.url or ""


class RatingOut(Schema):
    votes: int
    points: int
    average: float


class PhotoOut(Schema):
    caption: str
    url: str
    width: int
    height: int


class CardOut(Schema):
    title: str
    url: str
    date: dt.date
    category: CategoryOut


class NewsDetailOut(NewsFields):
    author: str
    source: str
    tags: list[str]
    body_html: str
    photos: list[PhotoOut]
    related: list[CardOut]
    rating: RatingOut
    views: int


class NewsFilters(Schema):
    q: str = Field("", max_length=200, description="Từ khóa, có dấu hoặc không dấu")
    category: str = Field("", max_length=100, description="Đường dẫn chuyên mục")


@router.get("/portal/news", response=list[NewsOut], auth=None, summary="Tin đã đăng")
@paginate(BoundedLimitOffset)
def news_list(request: HttpRequest, filters: Query[NewsFilters]) -> Any:
    category = None
    if filters.category:
        category = next(
            (c for c in selectors.categories() if c.slug == filters.category), None
        )
        if category is None:
            raise ValidationError({"category": "Không có chuyên mục này."})
    if filters.q.strip() and not terms_of(filters.q):
        raise ValidationError({"q": "Từ khóa phải có ít nhất 2 ký tự."})
    return selectors.published_news(query=filters.q, category=category)


@router.get(
    "/portal/news/{news_id}",
    response=NewsDetailOut,
    auth=None,
    summary="Một bài viết đã đăng",
)
def news_detail(request: HttpRequest, news_id: int) -> dict[str, Any]:
    article = get_object_or_404(
        NewsPage.objects.live().select_related("category"), pk=news_id
    )
    parts = selectors.article_parts(article)
    numbers = engagement.page_numbers(article.pk)
    photos = []
    for photo in article.photos():
        rendition = photo["image"].get_rendition("width-1200|format-webp")
        photos.append(
            {
                "caption": photo["caption"],
                "url": request.build_absolute_uri(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
        )
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.url or "",
        "date": article.date,
        "category": article.category,
        "lead": article.lead,
        "author": article.author,
        "source": article.source,
        "tags": parts["tags"],
        "body_html": str(parts["body_html"]),
        "photos": photos,
        "related": parts["related"],
        "rating": numbers["rating"],
        "views": numbers["views"],
    }


class ChoiceOut(Schema):
    id: int
    text: str
    votes: int
    percent: float


class PollOut(Schema):
    id: int
    question: str
    max_choices: int
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    is_open: bool
    voters: int
    choices: list[ChoiceOut]


def _poll_out(poll: Poll) -> dict[str, Any]:
    result = engagement.poll_results(poll)
    return {
        "id": poll.pk,
        "question": poll.question,
        "max_choices": poll.max_choices,
        "opens_at": poll.opens_at,
        "closes_at": poll.closes_at,
        "is_open": result.is_open,
        "voters": result.voters,
        "choices": [
            {
                "id": row["choice"].pk,
                "text": row["choice"].text,
                "votes": row["votes"],
                "percent": round(row["percent"], 1),
            }
            for row in result.rows
        ],
    }


@router.get(
    "/portal/polls",
    response=list[PollOut],
    auth=None,
    summary="Các cuộc bình chọn và kết quả",
)
@paginate(BoundedLimitOffset)
def poll_list(request: HttpRequest) -> list[dict[str, Any]]:
    polls = (
        Poll.objects.filter(is_active=True)
        .prefetch_related("choices")
        .order_by("-opens_at", "-pk")
    )
    return [_poll_out(p) for p in polls]


@router.get(
    "/portal/polls/{poll_id}",
    response=PollOut,
    auth=None,
    summary="Một cuộc bình chọn và kết quả",
)
def poll_detail(request: HttpRequest, poll_id: int) -> dict[str, Any]:
    poll = get_object_or_404(
        Poll.objects.filter(is_active=True).prefetch_related("choices"), pk=poll_id
    )
    return _poll_out(poll)


class DayOut(Schema):
    day: dt.date
    views: int
    visitors: int


class StatsOut(Schema):
    online: int
    today: int
    yesterday: int
    month: int
    total: int
    days: list[DayOut]


class StatsFilters(Schema):
    start: dt.date | None = Field(None, description="Từ ngày (kèm end)")
    end: dt.date | None = Field(None, description="Đến ngày, tối đa 366 ngày")


@router.get(
    "/portal/stats",
    response=StatsOut,
    auth=None,
    summary="Thống kê truy cập (lượt xem của người, không tính bot)",
)
def site_stats(request: HttpRequest, filters: Query[StatsFilters]) -> dict[str, Any]:
    days: list[dict[str, Any]] = []
    if (filters.start is None) != (filters.end is None):
        field = "end" if filters.end is None else "start"
        raise ValidationError({field: "Cần cả ngày bắt đầu và ngày kết thúc."})
    if filters.start is not None and filters.end is not None:
        if filters.end < filters.start:
            raise ValidationError({"end": "Ngày kết thúc trước ngày bắt đầu."})
        if (filters.end - filters.start).days >= MAX_REPORT_DAYS:
            raise ValidationError(
                {"end": f"Mỗi lần xem tối đa {MAX_REPORT_DAYS} ngày."}
            )
        days = engagement.visit_report(filters.start, filters.end)["rows"]
    return {**engagement.site_stats_cached(), "days": days}
