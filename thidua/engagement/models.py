"""Ratings, polls, comments and visit statistics of the public portal.

Raw events (Rating, PollBallot, Hit) come from anonymous visitors; a visitor is
known by a random first-party cookie id and by a hash of IP, user agent and the
day salted with a secret (see visitors.py). No raw IP address is stored.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from thidua.core.models import AuditedModel


class Rating(models.Model):
    page = models.ForeignKey("wagtailcore.Page", models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=32)
    day_hash = models.CharField(max_length=32)
    ip_hash = models.CharField(max_length=32, blank=True, default="")
    day = models.DateField()
    score = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đánh giá bài viết")
        verbose_name_plural = _("đánh giá bài viết")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "visitor"], name="engagement_rating_one_per_visitor"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="engagement_rating_score_1_5",
            ),
        ]
        indexes = [
            # the same person in a fresh browser on the same day (see visitors.py)
            models.Index(fields=["page", "day_hash"], name="engagement_rating_dayhash"),
            # the per-address cap (see visitors.py)
            models.Index(
                fields=["page", "ip_hash", "created_at"],
                name="engagement_rating_iphash",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page_id}: {self.score}"


class RatingTotal(models.Model):
    """Exact totals per page, recomputed under a row lock after each vote."""

    page = models.OneToOneField(
        "wagtailcore.Page", models.CASCADE, primary_key=True, related_name="+"
    )
    votes = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.page_id}: {self.points}/{self.votes}"

    @property
    def average(self) -> float:
        return self.points / self.votes if self.votes else 0.0


class PollQuerySet(models.QuerySet["Poll"]):
    def open_at(self, moment) -> PollQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=moment),
            Q(closes_at__isnull=True) | Q(closes_at__gt=moment),
            is_active=True,
        )


class Poll(ClusterableModel, AuditedModel):
    question = models.CharField(_("câu hỏi"), max_length=300)
    max_choices = models.PositiveSmallIntegerField(
        _("số lựa chọn tối đa"),
        default=1,
        help_text=_("1 = chọn một; N = được chọn tối đa N phương án."),
    )
    opens_at = models.DateTimeField(_("mở từ"), null=True, blank=True)
    closes_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    on_home = models.BooleanField(_("hiện trên trang chủ"), default=True)
    voters = models.PositiveIntegerField(
        _("số người bình chọn"), default=0, editable=False
    )

    objects = PollQuerySet.as_manager()  # type: ignore[misc,assignment]

    panels = [
        FieldPanel("question"),
        FieldPanel("max_choices"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("on_home")]),
        InlinePanel("choices", label=_("Phương án"), min_num=2),
    ]

    class Meta:
        verbose_name = _("cuộc bình chọn")
        verbose_name_plural = _("bình chọn")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_choices__gte=1), name="engagement_poll_max_choices_pos"
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def is_open(self, moment=None) -> bool:  # type: ignore[no-untyped-def]
        moment = moment or timezone.now()
        return (
            self.is_active
            and (self.opens_at is None or self.opens_at <= moment)
            and (self.closes_at is None or moment < self.closes_at)
        )


class PollChoice(models.Model):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("phương án"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    votes = models.PositiveIntegerField(default=0, editable=False)

    panels = [FieldPanel("text"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("phương án")

    def __str__(self) -> str:
        return self.text


class PollBallot(models.Model):
    poll = models.ForeignKey(Poll, models.CASCADE, related_name="ballots")
    visitor = models.CharField(max_length=32)
    day_hash = models.CharField(max_length=32)
    ip_hash = models.CharField(max_length=32, blank=True, default="")
    choices = models.ManyToManyField(PollChoice, related_name="ballots")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "visitor"], name="engagement_ballot_one_per_visitor"
            ),
            # the day hash carries the day: one ballot per browser and address a day
            models.UniqueConstraint(
                fields=["poll", "day_hash"], name="engagement_ballot_one_per_dayhash"
            ),
        ]
        indexes = [
            models.Index(
                fields=["poll", "ip_hash", "created_at"],
                name="engagement_ballot_iphash",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.visitor}"


class Comment(AuditedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không duyệt")

    MAX_LENGTH = 2000

    page = models.ForeignKey(
        "wagtailcore.Page", models.CASCADE, related_name="+", verbose_name=_("bài viết")
    )
    name = models.CharField(_("người gửi"), max_length=80)
    body = models.TextField(_("nội dung"), max_length=MAX_LENGTH)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.PENDING
    )
    day_hash = models.CharField(max_length=32, editable=False)

    panels = [
        FieldPanel("status"),
        FieldPanel("name", read_only=True),
        FieldPanel("body", read_only=True),
    ]

    class Meta:
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        indexes = [
            models.Index(
                fields=["page", "status", "created_at"], name="engagement_comment_page"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"


class Hit(models.Model):
    """One page view reported by the beacon; rolled into daily rows, then pruned."""

    at = models.DateTimeField(default=timezone.now)
    day = models.DateField()
    visitor = models.CharField(max_length=32)
    page = models.ForeignKey(
        "wagtailcore.Page", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    path = models.CharField(max_length=300, blank=True)
    is_bot = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["day", "is_bot"], name="engagement_hit_day"),
            models.Index(fields=["at"], name="engagement_hit_at"),  # online now
            models.Index(fields=["page", "day"], name="engagement_hit_page_day"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.path}"


class DailySiteStat(models.Model):
    """The durable history: one row per day, never reset."""

    day = models.DateField(primary_key=True)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    bot_views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("thống kê truy cập theo ngày")

    def __str__(self) -> str:
        return f"{self.day}: {self.views}"


class DailyPageStat(models.Model):
    day = models.DateField()
    page = models.ForeignKey("wagtailcore.Page", models.CASCADE, related_name="+")
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "day"], name="engagement_dailypagestat_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.page_id}: {self.views}"
