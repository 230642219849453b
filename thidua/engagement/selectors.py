"""Reads of the engagement app: totals, poll results, visit statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from thidua.lib import formats

from .models import (
    Comment,
    DailyPageStat,
    DailySiteStat,
    Hit,
    Poll,
    Rating,
    RatingTotal,
)
from .visitors import Visitor

ONLINE_WINDOW = dt.timedelta(minutes=5)
STATS_CACHE_SECONDS = 15


def _rating(votes: int, points: int) -> dict:
    return {
        "votes": votes,
        "points": points,
        "average": round(points / votes, 1) if votes else 0,
        "average_display": formats.number(points / votes, 1) if votes else "0",
    }


def rating_summary(page_id: int) -> dict:
    total = RatingTotal.objects.filter(page_id=page_id).first()
    return _rating(total.votes, total.points) if total else _rating(0, 0)


def _page_numbers_sql() -> str:
    rating, daily = RatingTotal._meta.db_table, DailyPageStat._meta.db_table
    hit, comment = Hit._meta.db_table, Comment._meta.db_table
    return f"""SELECT
  (SELECT votes FROM {rating} WHERE page_id = %(page)s),
  (SELECT points FROM {rating} WHERE page_id = %(page)s),
  (SELECT SUM(views) FROM {daily} WHERE page_id = %(page)s),
  (SELECT COUNT(*) FROM {hit} h WHERE h.page_id = %(page)s AND NOT h.is_bot
     AND NOT EXISTS (SELECT 1 FROM {daily} d WHERE d.page_id = %(page)s AND d.day >= h.day)),
  (SELECT COUNT(*) FROM {comment} WHERE page_id = %(page)s AND status = %(approved)s)"""


def page_numbers(page_id: int) -> dict:
    """An article's rating, views (rolled-up days plus the raw hits after the last
    of them) and number of approved comments, in one statement.

    This runs for every uncached article view and every beacon, where compiling
    four ORM queries cost more than running them (bench/RESULTS.md).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _page_numbers_sql(),
            {"page": page_id, "approved": Comment.Status.APPROVED.value},
        )
        votes, points, daily, raw, comments = cursor.fetchone()
    return {
        "rating": _rating(votes or 0, points or 0),
        "views": (daily or 0) + raw,
        "comments": comments,
    }


def rating_of(page_id: int, visitor: Visitor) -> int | None:
    row = (
        Rating.objects.filter(page_id=page_id)
        .filter(Q(visitor=visitor.id) | Q(day_hash=visitor.day_hash, day=visitor.day))
        .values_list("score", flat=True)
        .first()
    )
    return row


def approved_comments(page_id: int) -> list[Comment]:
    return list(
        Comment.objects.filter(
            page_id=page_id, status=Comment.Status.APPROVED
        ).order_by("created_at")
    )


def has_voted(poll: Poll, visitor: Visitor) -> bool:
    return poll.ballots.filter(
        Q(visitor=visitor.id)
        | Q(day_hash=visitor.day_hash, created_at__date=visitor.day)
    ).exists()


@dataclass
class PollResult:
    poll: Poll
    rows: list[dict]
    voters: int
    is_open: bool


def poll_results(poll: Poll) -> PollResult:
    """Counts per choice and their share of voters (not of ticks), largest first kept
    in the editor's order."""
    voters = poll.voters
    rows = []
    for choice in poll.choices.all():
        share = 100 * choice.votes / voters if voters else 0.0
        rows.append(
            {
                "choice": choice,
                "votes": choice.votes,
                "percent": share,
                "percent_display": formats.percent(share, 1),
                "bar": round(share, 1),
            }
        )
    return PollResult(poll=poll, rows=rows, voters=voters, is_open=poll.is_open())


def home_poll() -> Poll | None:
    return (
        Poll.objects.filter(on_home=True, is_active=True)
        .prefetch_related("choices")
        .order_by("-opens_at", "-pk")
        .first()
    )


def _live_counts(since: dt.date | None, **filters: object) -> dict:
    hits = Hit.objects.filter(**filters)
    if since is not None:
        hits = hits.filter(day__gt=since)
    return hits.aggregate(views=Count("pk", filter=Q(is_bot=False)))


def site_stats(now: dt.datetime | None = None) -> dict:
    """Online now, today, yesterday, this month, total (human page views).

    Finished days come from the durable daily table; days not yet rolled up
    (today, or if the nightly job has not run) are counted from raw hits, so
    the figures never drop at a day or month boundary.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    yesterday = today - dt.timedelta(days=1)
    month_start = today.replace(day=1)
    last = DailySiteStat.objects.aggregate(d=Max("day"))["d"]

    def views(start: dt.date | None, end: dt.date) -> int:
        daily = DailySiteStat.objects.filter(day__lte=end)
        raw = Hit.objects.filter(is_bot=False, day__lte=end)
        if start is not None:
            daily, raw = daily.filter(day__gte=start), raw.filter(day__gte=start)
        if last is not None:
            raw = raw.filter(day__gt=last)
        return (daily.aggregate(s=Sum("views"))["s"] or 0) + raw.count()

    online = (
        Hit.objects.filter(at__gte=now - ONLINE_WINDOW, is_bot=False)
        .values("visitor")
        .distinct()
        .count()
    )
    return {
        "online": online,
        "today": views(today, today),
        "yesterday": views(yesterday, yesterday),
        "month": views(month_start, today),
        "total": views(None, today),
    }


def site_stats_cached() -> dict:
    """site_stats() at most STATS_CACHE_SECONDS old, kept like the portal's other
    fragments so that a page render reads it from its own process."""
    from thidua.portal.cache import fragment

    return fragment("site-stats", site_stats, STATS_CACHE_SECONDS)


def visit_report(start: dt.date, end: dt.date) -> dict:
    """Per-day rows and the most-read pages between two dates, inclusive."""
    days: dict[dt.date, dict] = {}
    for stat in DailySiteStat.objects.filter(day__gte=start, day__lte=end):
        days[stat.day] = {
            "views": stat.views,
            "visitors": stat.visitors,
            "bots": stat.bot_views,
        }
    raw = (
        Hit.objects.filter(day__gte=start, day__lte=end)
        .exclude(day__in=list(days))
        .values("day")
        .annotate(
            views=Count("pk", filter=Q(is_bot=False)),
            visitors=Count("visitor", filter=Q(is_bot=False), distinct=True),
            bots=Count("pk", filter=Q(is_bot=True)),
        )
        .order_by()
    )
    for row in raw:
        days[row["day"]] = {k: row[k] for k in ("views", "visitors", "bots")}
    rows = []
    day = start
    while day <= end:
        rows.append(
            {"day": day, **days.get(day, {"views": 0, "visitors": 0, "bots": 0})}
        )
        day += dt.timedelta(days=1)

    pages: dict[int, int] = {}
    for row in (
        DailyPageStat.objects.filter(day__gte=start, day__lte=end)
        .values("page")
        .annotate(n=Sum("views"))
        .order_by()
    ):
        pages[row["page"]] = row["n"]
    aggregated_days = set(
        DailyPageStat.objects.filter(day__gte=start, day__lte=end)
        .values_list("day", flat=True)
        .distinct()
    ) | set(days_with_rows(start, end))
    for row in (
        Hit.objects.filter(
            day__gte=start, day__lte=end, is_bot=False, page__isnull=False
        )
        .exclude(day__in=aggregated_days)
        .values("page")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        pages[row["page"]] = pages.get(row["page"], 0) + row["n"]
    from wagtail.models import Page

    titles = dict(Page.objects.filter(pk__in=pages).values_list("pk", "title"))
    top = sorted(
        (
            {"page_id": pk, "title": titles.get(pk, "?"), "views": n}
            for pk, n in pages.items()
        ),
        key=lambda r: -r["views"],
    )
    return {
        "rows": rows,
        "top": top[:50],
        "totals": {k: sum(r[k] for r in rows) for k in ("views", "visitors", "bots")},
    }


def days_with_rows(start: dt.date, end: dt.date) -> list[dt.date]:
    """Days whose site row exists (their page rows were written in the same run)."""
    return list(
        DailySiteStat.objects.filter(day__gte=start, day__lte=end).values_list(
            "day", flat=True
        )
    )
