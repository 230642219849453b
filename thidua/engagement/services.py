"""Writes of the engagement app: ratings, ballots, comments, hits, daily roll-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from thidua.core import audit

from .models import (
    Comment,
    DailyPageStat,
    DailySiteStat,
    Hit,
    Poll,
    PollBallot,
    PollChoice,
    Rating,
    RatingTotal,
)
from .visitors import Visitor


@transaction.atomic
def rating_set(*, page: Page, visitor: Visitor, score: int) -> RatingTotal:
    """Record or change this visitor's rating of `page`; return the exact totals.

    The visitor's earlier rating (same cookie, or same day hash from another
    browser) is changed, never added to. The total row is locked first, so
    concurrent votes on one page queue up and the recount is exact.
    """
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("Điểm đánh giá phải từ 1 đến 5.")})
    RatingTotal.objects.get_or_create(page=page)
    total = RatingTotal.objects.select_for_update().get(page=page)
    existing = (
        Rating.objects.filter(page=page)
        .filter(Q(visitor=visitor.id) | Q(day_hash=visitor.day_hash, day=visitor.day))
        .order_by("pk")
        .first()
    )
    if existing is None:
        if _address_over_cap(
            Rating.objects.filter(page=page), visitor, settings.RATINGS_PER_IP_HOUR
        ):
            raise ValidationError(
                {
                    "address": _(
                        "Đã có quá nhiều đánh giá từ địa chỉ mạng này trong một giờ; "
                        "hãy thử lại sau."
                    )
                }
            )
        Rating.objects.create(
            page=page,
            visitor=visitor.id,
            day_hash=visitor.day_hash,
            ip_hash=visitor.ip_hash,
            day=visitor.day,
            score=score,
        )
    elif existing.score != score:
        existing.score = score
        existing.save(update_fields=["score", "updated_at"])
    agg = Rating.objects.filter(page=page).aggregate(n=Count("pk"), s=Sum("score"))
    total.votes, total.points = agg["n"], agg["s"] or 0
    total.save(update_fields=["votes", "points"])
    return total


def _address_over_cap(queryset: QuerySet, visitor: Visitor, cap: int) -> bool:
    """True when `visitor`'s address already added `cap` rows in the last hour."""
    if not visitor.ip_hash:  # not identified from a request (imports, tests)
        return False
    since = timezone.now() - dt.timedelta(hours=1)
    return (
        queryset.filter(ip_hash=visitor.ip_hash, created_at__gte=since).count() >= cap
    )


def ballot_cast(
    *, poll: Poll, visitor: Visitor, choice_ids: Iterable[int]
) -> PollBallot:
    """One ballot per visitor per poll; raises ValidationError with the reason.

    The poll row is locked first, so the checks and the insert of concurrent
    ballots run one after another; the unique constraints on (poll, visitor)
    and (poll, day hash) are the last word if anything slips through.
    """
    ids = {int(c) for c in choice_ids}
    if not ids:
        raise ValidationError({"choices": _("Hãy chọn ít nhất một phương án.")})
    if len(ids) > poll.max_choices:
        raise ValidationError(
            {
                "choices": _("Chỉ được chọn tối đa %(n)s phương án.")
                % {"n": poll.max_choices}
            }
        )
    choices = list(PollChoice.objects.filter(poll=poll, pk__in=ids))
    if len(choices) != len(ids):
        raise ValidationError(
            {"choices": _("Phương án không thuộc cuộc bình chọn này.")}
        )
    try:
        with transaction.atomic():
            poll = Poll.objects.select_for_update().get(pk=poll.pk)
            if not poll.is_open():
                raise ValidationError({"poll": _("Cuộc bình chọn này không mở.")})
            ballots = PollBallot.objects.filter(poll=poll)
            if ballots.filter(
                Q(visitor=visitor.id) | Q(day_hash=visitor.day_hash)
            ).exists():
                raise IntegrityError
            if _address_over_cap(ballots, visitor, settings.POLL_BALLOTS_PER_IP_HOUR):
                raise ValidationError(
                    {
                        "address": _(
                            "Đã có quá nhiều phiếu từ địa chỉ mạng này trong một giờ; "
                            "hãy thử lại sau."
                        )
                    }
                )
            ballot = PollBallot.objects.create(
                poll=poll,
                visitor=visitor.id,
                day_hash=visitor.day_hash,
                ip_hash=visitor.ip_hash,
            )
            ballot.choices.set(choices)
            PollChoice.objects.filter(pk__in=ids).update(votes=F("votes") + 1)
            Poll.objects.filter(pk=poll.pk).update(voters=F("voters") + 1)
    except IntegrityError as exc:
        raise ValidationError({"poll": _("Bạn đã bình chọn cuộc này rồi.")}) from exc
    return ballot


def comment_submit(*, page: Page, visitor: Visitor, name: str, body: str) -> Comment:
    """Store a reader's comment for moderation. Text is kept as typed and always
    shown escaped; it is never rendered as markup."""
    name, body = (name or "").strip(), (body or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Hãy nhập họ tên.")
    elif len(name) > 80:
        errors["name"] = _("Họ tên dài quá 80 ký tự.")
    if not body:
        errors["body"] = _("Hãy nhập nội dung bình luận.")
    elif len(body) > Comment.MAX_LENGTH:
        errors["body"] = _("Bình luận dài quá %(n)s ký tự.") % {"n": Comment.MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    return Comment.objects.create(
        page=page, name=name, body=body, day_hash=visitor.day_hash
    )


def comment_moderate(*, comment: Comment, status: str, by: object) -> Comment:
    if status not in Comment.Status.values:
        raise ValidationError({"status": _("Trạng thái không hợp lệ.")})
    with audit.acting_as(by):
        comment.status = status
        comment.save(update_fields=["status", "updated_at"])
    return comment


def hit_record(*, visitor: Visitor, page_id: int | None, path: str) -> Hit:
    if page_id is not None and not Page.objects.filter(pk=page_id).exists():
        page_id = None
    return Hit.objects.create(
        day=visitor.day,
        visitor=visitor.id,
        page_id=page_id,
        path=path[:300],
        is_bot=visitor.is_bot,
    )


@transaction.atomic
def visits_aggregate(*, until: dt.date | None = None) -> int:
    """Roll every finished day that still has raw hits into the daily tables.

    Idempotent: a day is recomputed from its raw rows, so a rerun changes nothing.
    Returns the number of days written.
    """
    until = until or timezone.localdate()
    days = (
        Hit.objects.filter(day__lt=until)
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )
    written = 0
    for day in days:
        hits = Hit.objects.filter(day=day)
        site = hits.aggregate(
            views=Count("pk", filter=Q(is_bot=False)),
            visitors=Count("visitor", filter=Q(is_bot=False), distinct=True),
            bots=Count("pk", filter=Q(is_bot=True)),
        )
        DailySiteStat.objects.update_or_create(
            day=day,
            defaults={
                "views": site["views"],
                "visitors": site["visitors"],
                "bot_views": site["bots"],
            },
        )
        per_page = (
            hits.filter(is_bot=False, page__isnull=False)
            .values("page")
            .annotate(n=Count("pk"))
            .order_by()
        )
        DailyPageStat.objects.filter(day=day).delete()
        DailyPageStat.objects.bulk_create(
            [
                DailyPageStat(day=day, page_id=row["page"], views=row["n"])
                for row in per_page
            ]
        )
        written += 1
    return written


def visits_prune(*, keep_days: int) -> int:
    """Delete raw hits older than `keep_days` whose day is already aggregated."""
    cutoff = timezone.localdate() - dt.timedelta(days=keep_days)
    aggregated = DailySiteStat.objects.filter(day__lt=cutoff).values("day")
    deleted, _ = Hit.objects.filter(day__lt=cutoff, day__in=aggregated).delete()
    return deleted
