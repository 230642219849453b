"""The public portal's Wagtail tree, its snippets (categories, banners, map boundaries)
and the site-wide settings an editor changes without a developer."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.rich_text import expand_db_html
from wagtail.url_routing import RouteResult

from thidua.core.models import AuditedModel, AuditedQuerySet
from thidua.lib import uploads

from .blocks import BodyBlock
from .cache import fragment, mark_cacheable


class CachedPage(Page):
    """Pages whose anonymous GET responses may be kept by the full-page cache."""

    class Meta:
        abstract = True

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return mark_cacheable(super().serve(request, *args, **kwargs))

    def get_view_restrictions(self) -> Any:
        """Wagtail's rule (restrictions of this page and its ancestors, an alias
        using its source's) in one query: ancestors' paths are prefixes of ours.
        None at all when the site has no restriction, the usual case for a portal
        (kept as a fragment; saving or deleting a restriction bumps it)."""
        if not fragment("any-view-restriction", PageViewRestriction.objects.exists):
            return PageViewRestriction.objects.none()
        steplen = self.steplen
        paths = [self.path[:i] for i in range(steplen, len(self.path) + 1, steplen)]
        chain = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=chain.filter(alias_of__isnull=True))
            | Q(page__in=chain.filter(alias_of__isnull=False).values("alias_of"))
        )


class HomePage(CachedPage):
    intro = models.CharField(
        _("Lời chào"),
        max_length=300,
        blank=True,
        help_text=_("Một câu dưới tiêu đề trang chủ (không bắt buộc)."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.NewsIndexPage",
        "portal.StandardPage",
        "portal.LegalDocumentIndexPage",
        "portal.SearchPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Trang chủ")

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Find the page by its url_path in one query instead of two per level.

        Portal pages use Wagtail's default routing, so the page at a path is
        the one whose url_path matches; anything else (a path with no such
        page) takes the normal route, which raises 404 as usual.
        """
        if len(path_components) < 2:  # one level costs two queries either way
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = _news_at(url_path)
        if page is None:
            page = Page.objects.filter(url_path=url_path).specific().first()
        if page is None or not page.live:
            return super().route(request, path_components)
        return RouteResult(page)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        from .selectors import home_blocks

        context = super().get_context(request, *args, **kwargs)
        context.update(home_blocks(request, home=self))
        return context


@functools.cache
def _news_at_sql() -> str:
    """The SQL of `NewsPage.objects.filter(url_path=…)`, compiled once per process:
    on the portal's hottest path compiling it cost ten times running it."""
    # the body is read only when the article's parts are rebuilt after a publish
    query = NewsPage.objects.filter(url_path="").order_by().defer_streamfields().query
    return query.sql_with_params()[0]


def _news_at(url_path: str) -> NewsPage | None:
    page = next(iter(NewsPage.objects.raw(_news_at_sql(), [url_path])), None)
    if page is not None:
        # categories are few and kept as a fragment: no join (a category missing
        # from the fragment is left for Django to load on first use)
        from .selectors import categories

        for category in categories():
            if category.pk == page.category_id:
                page.category = category
    return page


class NewsCategory(AuditedModel):
    name = models.CharField(_("tên chuyên mục"), max_length=100, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    on_home = models.BooleanField(
        _("hiện trên trang chủ"),
        default=True,
        help_text=_("Trang chủ có một khối tin mới nhất cho chuyên mục này."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
        FieldPanel("on_home"),
    ]

    class Meta:
        verbose_name = _("chuyên mục tin")
        verbose_name_plural = _("chuyên mục tin")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class NewsIndexPage(CachedPage):
    intro = models.TextField(_("Giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Danh sách tin")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        from .selectors import news_list

        context = super().get_context(request, *args, **kwargs)
        context.update(news_list(request, index=self))
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(CachedPage):
    date = models.DateField(_("Ngày đăng"), default=dt.date.today)
    category = models.ForeignKey(
        NewsCategory,
        models.PROTECT,
        related_name="articles",
        verbose_name=_("Chuyên mục"),
    )
    lead = models.TextField(
        _("Sapo"),
        help_text=_("Đoạn tóm tắt in đậm dưới tiêu đề; cũng dùng khi chia sẻ."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("Nội dung"))
    author = models.CharField(_("Tác giả"), max_length=120, blank=True)
    source = models.CharField(
        _("Nguồn"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: tên miền trang tin của huyện, xã."),
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag, blank=True, verbose_name=_("Từ khóa")
    )
    featured = models.BooleanField(
        _("Tin nổi bật"),
        default=False,
        help_text=_("Đưa lên khối tin nổi bật ở trang chủ."),
    )
    comments_enabled = models.BooleanField(
        _("Cho phép bình luận"),
        default=False,
        help_text=_("Bình luận của bạn đọc chỉ hiện sau khi biên tập viên duyệt."),
    )
    search_text = models.TextField(editable=False, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("category")]),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("author"), FieldPanel("source")]),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("featured"), FieldPanel("comments_enabled")],
            heading=_("Tùy chọn"),
        ),
        InlinePanel("pinned_related", label=_("Tin liên quan do biên tập viên chọn")),
    ]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Bài viết")
        indexes = [
            # latest news per category on the home page and the news list
            models.Index(fields=["category", "-date"], name="portal_newspage_cat_date"),
        ]

    def body_text(self) -> str:
        """The body's words, read from the raw stream: no image is loaded, so
        search results and the search index cost no query per article."""
        parts: list[str] = []
        for block in self.body.raw_data:
            kind, value = block["type"], block["value"]
            if kind == "paragraph":
                parts.append(strip_tags(value))
            elif kind == "heading":
                parts.append(str(value))
            elif kind == "image":
                parts.append(value.get("caption", ""))
            elif kind == "quote":
                parts.append(value.get("text", ""))
        return " ".join(parts)

    def photos(self) -> list[Any]:
        return [b.value for b in self.body if b.block_type == "image"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        from .search import search_text

        tags = " ".join(t.name for t in self.tags.all())
        self.search_text = search_text(self.title, self.lead, tags, self.body_text())
        super().save(*args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        from .selectors import article_context

        context = super().get_context(request, *args, **kwargs)
        context.update(article_context(request, self))
        return context


class NewsPageRelated(Orderable):
    page = ParentalKey(
        NewsPage, on_delete=models.CASCADE, related_name="pinned_related"
    )
    target = models.ForeignKey(
        NewsPage, models.CASCADE, related_name="+", verbose_name=_("Bài viết")
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("tin liên quan")


class StandardPage(CachedPage):
    """Giới thiệu, Liên hệ and other fixed pages."""

    lead = models.TextField(_("Sapo"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("Nội dung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("Trang tĩnh")


class LegalDocumentIndexPage(CachedPage):
    intro = models.TextField(_("Giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.LegalDocument"]
    max_count = 1

    class Meta:
        verbose_name = _("Danh sách văn bản")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = (
            LegalDocument.objects.child_of(self)
            .live()
            .select_related("file")
            .order_by("-issued_on", "-pk")
        )
        return context


class LegalDocument(CachedPage):
    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Nghị quyết")
        DECISION = "decision", _("Quyết định")
        DIRECTIVE = "directive", _("Chỉ thị")
        PLAN = "plan", _("Kế hoạch")
        GUIDANCE = "guidance", _("Hướng dẫn")
        NOTICE = "notice", _("Thông báo")
        OFFICIAL_LETTER = "letter", _("Công văn")

    number = models.CharField(
        _("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 25/2021/QĐ-UBND")
    )
    kind = models.CharField(_("Loại văn bản"), max_length=16, choices=Kind)
    issued_on = models.DateField(_("Ngày ban hành"))
    issuing_body = models.CharField(_("Cơ quan ban hành"), max_length=200)
    signer = models.CharField(_("Người ký"), max_length=120, blank=True)
    summary = models.TextField(_("Trích yếu"))
    file = models.ForeignKey(
        "wagtaildocs.Document",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Tệp văn bản"),
    )
    search_text = models.TextField(editable=False, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("number"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("issued_on"), FieldPanel("issuing_body")]),
        FieldPanel("signer"),
        FieldPanel("summary"),
        FieldPanel("file"),
    ]
    parent_page_types = ["portal.LegalDocumentIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Văn bản")

    def save(self, *args: Any, **kwargs: Any) -> None:
        from .search import search_text

        self.search_text = search_text(
            self.number, self.title, self.summary, self.issuing_body
        )
        super().save(*args, **kwargs)


class SearchPage(CachedPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("Trang tìm kiếm")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        from .search import search_all, terms_of

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "")[:200].strip()
        context["query"] = query
        context["results"] = search_all(query) if terms_of(query) else None
        return context


@register_setting(icon="site")
class PortalSettings(BaseGenericSetting):
    site_title = models.CharField(
        _("Tên cổng"), max_length=150, default="Cổng thông tin Thi đua – Khen thưởng"
    )
    agency = models.CharField(
        _("Cơ quan chủ quản"),
        max_length=200,
        blank=True,
        help_text=_("Để trống: dùng cơ quan thường trực TĐKT trong Thông tin tổ chức."),
    )
    address = models.CharField(_("Địa chỉ"), max_length=255, blank=True)
    hotline = models.CharField(_("Đường dây nóng"), max_length=40, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    footer_text = RichTextField(
        _("Chân trang"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Giấy phép, người chịu trách nhiệm, ghi chú bản quyền."),
    )
    facebook_url = models.URLField(_("Facebook"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    zalo_url = models.URLField(_("Zalo"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("site_title"), FieldPanel("agency")], _("Tên")),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("hotline"), FieldPanel("email")],
            _("Liên hệ"),
        ),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("youtube_url"),
                FieldPanel("zalo_url"),
            ],
            _("Mạng xã hội"),
        ),
    ]

    @classmethod
    def _get_or_create(cls) -> PortalSettings:
        # every portal page reads it; saving it bumps the site generation
        return fragment("settings", super()._get_or_create)

    @functools.cached_property
    def _organisation(self) -> Any:
        from thidua.organisation.selectors import organisation_on

        return organisation_on()

    @functools.cached_property
    def agency_name(self) -> str:
        """The portal's owner: its own setting, else the organisation's TĐKT office."""
        return self.agency or self._organisation.office

    # The portal's name and contacts: the organisation's settings (dated, edited under
    # "Thông tin tổ chức") when filled, else these portal settings.
    @functools.cached_property
    def title(self) -> str:
        return self._organisation.portal_name or self.site_title

    @functools.cached_property
    def contact_address(self) -> str:
        return self._organisation.address or self.address

    @functools.cached_property
    def contact_hotline(self) -> str:
        return self._organisation.hotline or self.hotline

    @functools.cached_property
    def contact_email(self) -> str:
        return self._organisation.email or self.email

    @functools.cached_property
    def banner_html(self) -> SafeString:
        """The organisation's banner in two widths (WebP), its renditions made once
        per process and publish like the footer; saving the settings or the image
        invalidates the page cache (portal/signals.py)."""
        image = self._organisation.banner if self._organisation.banner_id else None
        if image is None:
            return mark_safe("")
        specs = ("width-800|format-webp", "width-1600|format-webp")
        found = image.get_renditions(*specs)
        small, large = found[specs[0]], found[specs[1]]
        return format_html(
            '<img class="site-banner" src="{}" srcset="{} {}w, {} {}w" sizes="100vw" '
            'width="{}" height="{}" alt="" decoding="async">',
            large.url, small.url, small.width, large.url, large.width,
            large.width, large.height,
        )  # fmt: skip

    @functools.cached_property
    def footer_html(self) -> SafeString:
        """The footer's rich text with its links expanded, once per process and
        publish (this object is kept as a fragment), not on every page."""
        return mark_safe(expand_db_html(self.footer_text))

    class Meta:
        verbose_name = _("Cài đặt cổng thông tin")


class BannerQuerySet(AuditedQuerySet["Banner"]):
    def showing_on(self, day: dt.date) -> BannerQuerySet:
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=day),
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
            is_active=True,
        )


class Banner(AuditedModel):
    title = models.CharField(_("tiêu đề"), max_length=150)
    image = models.ForeignKey(
        "wagtailimages.Image", models.PROTECT, related_name="+", verbose_name=_("ảnh")
    )
    link_url = models.CharField(
        _("liên kết"),
        max_length=300,
        blank=True,
        help_text=_("Đường dẫn khi bấm vào băng rôn."),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    starts_on = models.DateField(_("hiện từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = BannerQuerySet.as_manager()  # type: ignore[misc]

    panels = [
        FieldPanel("title"),
        FieldPanel("image"),
        FieldPanel("link_url"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
    ]

    class Meta:
        verbose_name = _("băng rôn")
        verbose_name_plural = _("băng rôn")

    def __str__(self) -> str:
        return self.title


class BoundarySetQuerySet(AuditedQuerySet["BoundarySet"]):
    def valid_on(self, day: dt.date) -> BoundarySetQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class BoundarySet(AuditedModel):
    """Unit boundaries the province uploads (GeoJSON, lon/lat) for the public map."""

    name = models.CharField(_("tên"), max_length=150)
    file = models.FileField(
        _("tệp GeoJSON"),
        upload_to="maps/",
        help_text=_(
            "FeatureCollection gồm Polygon/MultiPolygon, tọa độ kinh độ/vĩ độ (WGS 84)."
        ),
    )
    code_property = models.CharField(
        _("thuộc tính mã đơn vị"),
        max_length=40,
        default="gso_code",
        help_text=_("Tên thuộc tính chứa mã đơn vị hành chính (TCTK)."),
    )
    name_property = models.CharField(_("thuộc tính tên"), max_length=40, default="name")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source_note = models.TextField(_("nguồn, giấy phép"), blank=True)

    objects = BoundarySetQuerySet.as_manager()  # type: ignore[misc]

    panels = [
        FieldPanel("name"),
        FieldPanel("file"),
        FieldRowPanel([FieldPanel("code_property"), FieldPanel("name_property")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        FieldPanel("source_note"),
    ]

    class Meta:
        verbose_name = _("bản đồ ranh giới")
        verbose_name_plural = _("bản đồ ranh giới")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày kết thúc trước ngày bắt đầu.")})
        if self.file and not getattr(self.file, "_committed", True):
            from .maps import validate_geojson

            self.file.seek(0)
            raw = self.file.read(uploads.limit("max_bytes") + 1)
            self.file.seek(0)
            try:
                data = uploads.check_json(raw)
            except uploads.UploadRefused as exc:
                raise ValidationError({"file": exc.messages}) from exc
            errors = validate_geojson(data, self.code_property)
            if errors:
                raise ValidationError({"file": errors})
