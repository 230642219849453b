"""Demo portal: the site tree, the 2020 bloc review article (our own words, figures from
data/laichau-bloc-2020.json) with generated photos, other news, banners, the seed's
poll, legal documents, the district boundaries and some visit history. Idempotent."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image
from wagtail.models import Page, Site

from thidua.engagement.models import Comment, DailySiteStat, Poll, PollChoice
from thidua.lib.formats import number, percent
from thidua.lib.text import fold

from .models import (
    Banner,
    BoundarySet,
    HomePage,
    LegalDocument,
    LegalDocumentIndexPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    SearchPage,
    StandardPage,
)

DATA = Path(settings.BASE_DIR) / "data"
REVIEW_SLUG = "khoi-huyen-thanh-pho-tong-ket-thi-dua-2020"
POLL_QUESTION = "Thông tin nào trên Cổng TTĐT tỉnh mà bạn quan tâm nhất?"
FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    str(Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSerif-Bold.ttf"),
]
CATEGORIES = [
    ("Thi đua – Khen thưởng", "thi-dua-khen-thuong"),
    ("Tin hoạt động", "tin-hoat-dong"),
    ("Gương điển hình tiên tiến", "guong-dien-hinh"),
    ("Chính sách – Văn bản mới", "chinh-sach"),
]


def _font(size: int) -> Any:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def placeholder(
    title: str,
    text: str,
    colour: tuple[int, int, int],
    size: tuple[int, int] = (1600, 1000),
) -> Image:
    """A Wagtail image: a coloured card carrying its own caption (a stand-in photo)."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    img = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(img)
    w, h = size
    for i in range(
        0, w, 80
    ):  # a light grid so renditions are visibly photos, not blanks
        draw.line(
            [(i, 0), (i - h // 2, h)],
            fill=tuple(min(255, c + 18) for c in colour),
            width=6,
        )
    font, small = _font(h // 14), _font(h // 24)
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) > w * 0.85 and line:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    y = h // 2 - len(lines) * h // 28
    for line in lines:
        draw.text((w // 2, y), line, font=font, fill="white", anchor="mm")
        y += h // 13
    draw.text(
        (w // 2, h - h // 12),
        "Ảnh minh họa – dữ liệu mẫu",
        font=small,
        fill="white",
        anchor="mm",
    )
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=82)
    return Image.objects.create(
        title=title,
        file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title[:40]}.jpg"),
    )


def _site_root() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Trang chủ",
            slug="trang-chu",
            intro="Thông tin thi đua, khen thưởng của tỉnh Lai Châu.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            root_page=home,
            is_default_site=True,
            site_name="Thi đua",
        )
    elif site.root_page_id != home.pk:
        old = site.root_page
        site.root_page = home
        site.save()
        if old.specific_class is Page and not old.get_children().exists():
            old.delete()  # Wagtail's "Welcome" placeholder
    return home


def _child(parent: Page, model: type, slug: str, **fields: Any) -> Any:
    page = model.objects.child_of(parent).filter(slug=slug).first()  # type: ignore[attr-defined]
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def _paragraphs(*texts: str) -> list[tuple[str, str]]:
    from wagtail.rich_text import RichText

    return [("paragraph", RichText(f"<p>{t}</p>")) for t in texts]


def _review_body(seed: dict, photos: list[Image]) -> list:
    """The 2020 review, written from the structured figures (not the seed's sentences)."""
    ind = {i["code"]: i for i in seed["indicators"]}
    roads = ind["road_villages_pct"]["values_2020"]
    full_roads = [u for u, v in roads.items() if v == 100]
    poverty = ind["poverty_reduction_pp"]["values_2020"]
    ranked = sorted(
        ((u, v) for u, v in poverty.items() if v.get("percent_of_plan")),
        key=lambda kv: -kv[1]["percent_of_plan"],
    )
    poverty_text = "; ".join(
        f"{u} giảm {number(v['actual'])} điểm phần trăm, bằng {percent(v['percent_of_plan'])} kế hoạch"
        for u, v in ranked
    )
    city = ind["poor_household_rate_pct"]["values_2020"]["Thành phố Lai Châu"]
    pt = ind["poor_household_rate_pct"]["values_2020"]["Phong Thổ"]
    movements = [m["name"] for m in seed["movements"]]
    captions = seed["portal_page"]["photo_captions"]

    def photo(i: int) -> tuple[str, dict]:
        return ("image", {"image": photos[i], "caption": captions[i]})

    return [
        *_paragraphs(
            f"Huyện {seed['bloc']['host']}, đơn vị giữ quyền đăng cai năm {seed['bloc']['year']}, "
            "đã đón đại diện tám thành viên của Khối thi đua các huyện, thành phố cùng lãnh đạo "
            "các sở, ngành của tỉnh về dự hội nghị tổng kết năm. Hội nghị điểm lại kết quả các "
            "phong trào trong năm, ký giao ước cho năm mới và bàn giao quyền đăng cai."
        ),
        photo(0),
        ("heading", "Bốn phong trào, nhiều chỉ tiêu vượt kế hoạch"),
        *_paragraphs(
            "Trong năm, các địa phương trong khối cùng triển khai bốn phong trào thi đua: "
            + "; ".join(f"“{m}”" for m in movements)
            + ".",
            "Ở phong trào xây dựng nông thôn mới, hạ tầng giao thông đến các bản tiếp tục "
            f"được hoàn thiện: {', '.join(full_roads)} đã có đường xe máy đi lại thuận lợi đến "
            f"toàn bộ các bản; nơi thấp nhất là Sìn Hồ với {percent(roads['Sìn Hồ'], 2)}. "
            "Riêng huyện Tân Uyên có đủ 9/9 xã đạt chuẩn nông thôn mới, bình quân mỗi xã đạt "
            "19 tiêu chí, và thị trấn Tân Uyên được công nhận đạt chuẩn văn minh đô thị.",
            f"Về giảm nghèo, kết quả so với kế hoạch năm như sau: {poverty_text}. Thành phố "
            f"Lai Châu đưa tỷ lệ hộ nghèo xuống {percent(city['actual'], 2)} "
            f"({percent(city['percent_of_plan'], 0)} kế hoạch); Phong Thổ giảm "
            f"{number(poverty['Phong Thổ']['actual'])} điểm phần trăm, còn "
            f"{percent(pt['actual'], 2)} hộ nghèo.",
        ),
        photo(1),
        *_paragraphs(
            "Các đại biểu nhận định khen thưởng trong năm đã kịp thời hơn, số tập thể, cá nhân "
            "được khen theo chuyên đề và đột xuất tăng; bộ máy làm công tác thi đua từ huyện "
            "xuống xã được củng cố. Cán bộ, công chức tiếp tục thực hiện văn hóa công sở với "
            "bộ quy tắc “4 xin, 4 luôn” khi tiếp dân."
        ),
        ("heading", "Hướng đi cho năm 2021"),
        *_paragraphs(
            "Khối thống nhất hướng thi đua năm 2021 vào việc lập thành tích chào mừng cuộc bầu "
            "cử đại biểu Quốc hội khóa XV và Hội đồng nhân dân các cấp nhiệm kỳ 2021 – 2026; "
            "đưa khen thưởng về cơ sở, ưu tiên công nhân, nông dân, người lao động trực tiếp, "
            "doanh nghiệp và hợp tác xã; chú trọng phát hiện, bồi dưỡng và nhân rộng điển hình "
            "tiên tiến, mô hình và sáng kiến hay.",
            "Tham luận tại hội nghị đề xuất phát triển chăn nuôi đại gia súc theo vùng chăn thả "
            f"có tổ hợp tác quản lý, mỗi vùng từ {seed['plan_2021']['livestock_cooperative_area_min_ha']} ha "
            "trở lên, và gắn mọi nguồn vốn đầu tư ở xã với các tiêu chí nông thôn mới.",
        ),
        photo(2),
        photo(3),
        *_paragraphs(
            f"Lãnh đạo các huyện, thành phố đã ký giao ước thi đua năm 2021; quyền đăng cai "
            f"được trao cho huyện {seed['bloc']['next_host']['unit']}. Phát biểu bế mạc, lãnh "
            "đạo huyện Tân Uyên đề nghị các hội đồng thi đua, khen thưởng tiếp tục đổi mới nội "
            "dung, hình thức thi đua và kiện toàn hội đồng cấp xã."
        ),
        photo(4),
    ]


OTHER_NEWS = [
    (
        "thi-dua-khen-thuong",
        "Phát động phong trào thi đua năm 2021 tại huyện Nậm Nhùn",
        "Huyện Nậm Nhùn, đơn vị đăng cai khối năm 2021, phát động thi đua với trọng tâm giảm nghèo bền vững.",
        ["khối thi đua", "Nậm Nhùn"],
    ),
    (
        "thi-dua-khen-thuong",
        "Tân Uyên công bố danh sách đề nghị khen thưởng năm 2020",
        "Danh sách được niêm yết công khai để nhân dân góp ý trước khi Hội đồng thi đua, khen thưởng xét.",
        ["Tân Uyên", "công khai"],
    ),
    (
        "thi-dua-khen-thuong",
        "Ký giao ước thi đua cụm các xã khu vực Tân Uyên – Than Uyên",
        "Sau sắp xếp đơn vị hành chính, các xã mới ký giao ước thi đua đầu tiên.",
        ["cụm thi đua", "Than Uyên", "Tân Uyên"],
    ),
    (
        "tin-hoat-dong",
        "Tập huấn nghiệp vụ thi đua, khen thưởng cho cán bộ cấp xã",
        "Hơn 100 cán bộ phụ trách thi đua ở các xã được hướng dẫn lập hồ sơ theo Luật năm 2022.",
        ["tập huấn", "cấp xã"],
    ),
    (
        "tin-hoat-dong",
        "Tam Đường vượt kế hoạch giảm nghèo năm 2020",
        "Mức giảm tỷ lệ hộ nghèo của huyện vượt xa chỉ tiêu được giao.",
        ["giảm nghèo", "Tam Đường"],
    ),
    (
        "tin-hoat-dong",
        "Mường Tè hoàn thiện đường đến các bản",
        "Gần như toàn bộ các bản của huyện đã có đường xe máy đi lại thuận lợi.",
        ["nông thôn mới", "Mường Tè"],
    ),
    (
        "guong-dien-hinh",
        "Hợp tác xã chè Tân Uyên: từ vùng nguyên liệu đến thương hiệu",
        "Mô hình liên kết sản xuất giúp hàng trăm hộ đồng bào có thu nhập ổn định.",
        ["điển hình", "Tân Uyên", "hợp tác xã"],
    ),
    (
        "guong-dien-hinh",
        "Cô giáo vùng cao hơn mười năm bám bản",
        "Tấm gương người tốt, việc tốt được biểu dương trong phong trào thi đua yêu nước.",
        ["điển hình", "giáo dục"],
    ),
    (
        "guong-dien-hinh",
        "Người nông dân sản xuất kinh doanh giỏi ở Phong Thổ",
        "Mô hình chăn nuôi đại gia súc theo vùng chăn thả tập trung cho hiệu quả cao.",
        ["điển hình", "Phong Thổ", "chăn nuôi"],
    ),
    (
        "chinh-sach",
        "Những điểm mới của Luật Thi đua, khen thưởng năm 2022",
        "Luật mới hướng khen thưởng về cơ sở, người lao động trực tiếp và quy định rõ tiêu chuẩn danh hiệu.",
        ["luật", "chính sách"],
    ),
    (
        "chinh-sach",
        "Mức tiền thưởng kèm theo các danh hiệu thi đua",
        "Tiền thưởng được tính theo hệ số nhân với mức lương cơ sở tại thời điểm ban hành quyết định.",
        ["chính sách", "tiền thưởng"],
    ),
    (
        "chinh-sach",
        "Sắp xếp đơn vị hành chính cấp xã từ ngày 01/7/2025",
        "Tỉnh Lai Châu có 38 đơn vị hành chính cấp xã sau sắp xếp; cụm, khối thi đua được tổ chức lại.",
        ["sắp xếp đơn vị", "cấp xã"],
    ),
]

LEGAL_DOCUMENTS = [
    (
        "06/2022/QH15",
        LegalDocument.Kind.RESOLUTION,
        "Luật Thi đua, khen thưởng",
        dt.date(2022, 6, 15),
        "Quốc hội",
        "Luật quy định đối tượng, nguyên tắc, nội dung thi đua; danh hiệu, tiêu chuẩn, hình thức, thẩm quyền và thủ tục khen thưởng.",
    ),
    (
        "98/2023/NĐ-CP",
        LegalDocument.Kind.DECISION,
        "Nghị định quy định chi tiết thi hành Luật Thi đua, khen thưởng",
        dt.date(2023, 12, 31),
        "Chính phủ",
        "Quy định chi tiết về tổ chức phong trào thi đua, hồ sơ, thủ tục và quỹ thi đua, khen thưởng.",
    ),
    (
        "MH-01/QĐ-UBND",
        LegalDocument.Kind.DECISION,
        "Quy chế tổ chức cụm, khối thi đua của tỉnh (văn bản minh họa)",
        dt.date(2025, 8, 1),
        "UBND tỉnh Lai Châu",
        "Văn bản minh họa của dữ liệu mẫu: tổ chức cụm, khối thi đua sau sắp xếp đơn vị hành chính, luân phiên khối trưởng.",
    ),
]


def _grant_editor_permissions() -> None:
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    perms = Permission.objects.filter(
        content_type__app_label__in=["portal", "engagement"],
        codename__regex=r"^(add|change|delete|view)_(newscategory|banner|boundaryset|poll|pollchoice|comment|portalsettings)$",
    )
    group.permissions.add(*perms)


# readers' comments of the last days: the portal editor's waiting work (issue 10)
READER_COMMENTS = [
    ("Lò Thị Dung", "Bài viết rất hay, mong có thêm ảnh các mô hình giảm nghèo.", True),
    (
        "Đèo Văn Tâm",
        "Xin hỏi năm nay xã tôi có được dự hội nghị tổng kết không?",
        False,
    ),
    ("Khách", "Mua bán sim số đẹp giá rẻ, liên hệ ngay 0900 000 000.", False),
]


def _reader_comments(article: NewsPage) -> None:
    for name, body, approved in READER_COMMENTS:
        status = Comment.Status.APPROVED if approved else Comment.Status.PENDING
        Comment.objects.get_or_create(
            page=article,
            name=name,
            body=body,
            defaults={"day_hash": "demo", "status": status},
        )


def _draft_article(news: NewsIndexPage, category: NewsCategory) -> None:
    """An article written but not yet published, dated the day the demo is loaded:
    the portal editor's waiting work beside the readers' comments (issue 10)."""
    today = timezone.localdate()
    slug = f"so-ket-phong-trao-thi-dua-{today:%Y-%m}"
    if NewsPage.objects.filter(slug=slug).exists():
        return
    lead = (
        f"Các cụm, khối thi đua rà soát kết quả đến tháng {today.month:02d}/{today.year}, "
        "thống nhất nội dung chấm điểm cuối năm."
    )
    page = NewsPage(
        title=f"Sơ kết phong trào thi đua tháng {today.month:02d}/{today.year}",
        slug=slug,
        date=today,
        category=category,
        lead=lead,
        body=_paragraphs(lead, "Bản nháp của dữ liệu mẫu, chờ biên tập viên xuất bản."),
        author="Ban biên tập",
        live=False,
    )
    news.add_child(instance=page)
    page.save_revision()


def load(stdout: Any) -> None:
    seed = json.loads((DATA / "laichau-bloc-2020.json").read_text("utf-8"))
    home = _site_root()
    news = _child(
        home,
        NewsIndexPage,
        "tin-tuc",
        title="Tin tức",
        show_in_menus=True,
        intro="Tin hoạt động thi đua, khen thưởng trong tỉnh.",
    )
    cats = {}
    for order, (name, slug) in enumerate(CATEGORIES):
        cats[slug], _ = NewsCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )

    colours = [
        (22, 78, 140),
        (140, 28, 34),
        (36, 110, 72),
        (120, 72, 20),
        (70, 50, 120),
    ]
    captions = seed["portal_page"]["photo_captions"]
    photos = [
        placeholder(f"Tổng kết khối 2020 – ảnh {i + 1}", c, colours[i])
        for i, c in enumerate(captions)
    ]
    if not NewsPage.objects.filter(slug=REVIEW_SLUG).exists():
        article = NewsPage(
            title="Khối thi đua các huyện, thành phố tổng kết năm 2020",
            slug=REVIEW_SLUG,
            date=dt.date(2020, 12, 30),
            category=cats["thi-dua-khen-thuong"],
            lead="Hội nghị tại Tân Uyên điểm lại bốn phong trào thi đua của tám huyện, thành phố: "
            "nhiều chỉ tiêu giảm nghèo vượt kế hoạch, Tân Uyên có 9/9 xã đạt chuẩn nông thôn mới; "
            "quyền đăng cai năm 2021 được trao cho Nậm Nhùn.",
            body=_review_body(seed, photos),
            author=seed["portal_page"]["author"],
            source=seed["portal_page"]["site"],
            featured=True,
            comments_enabled=True,
        )
        news.add_child(instance=article)
        article.tags.add(
            "khối thi đua", "Tân Uyên", "tổng kết 2020", "giảm nghèo", "nông thôn mới"
        )
        article.save_revision().publish()
    _reader_comments(NewsPage.objects.get(slug=REVIEW_SLUG))
    _draft_article(news, cats["tin-hoat-dong"])
    for i, (slug, title, lead, tags) in enumerate(OTHER_NEWS):
        if NewsPage.objects.filter(title=title).exists():
            continue
        page = NewsPage(
            title=title,
            slug=slugify(fold(title)),
            date=dt.date(2021, 1, 10) + dt.timedelta(days=45 * i),
            category=cats[slug],
            lead=lead,
            body=_paragraphs(
                lead,
                "Bài viết mẫu của dữ liệu minh họa, dùng để thử tin liên quan và tìm kiếm.",
            ),
            author="Ban biên tập",
            featured=i in (1, 6),
            comments_enabled=i % 3 == 0,
        )
        news.add_child(instance=page)
        page.tags.add(*tags)
        page.save_revision().publish()

    about = _child(
        home,
        StandardPage,
        "gioi-thieu",
        title="Giới thiệu",
        show_in_menus=True,
        lead="Cổng thông tin công khai kết quả thi đua, khen thưởng của tỉnh Lai Châu.",
    )
    if not about.body:
        about.body = _paragraphs(
            "Cổng thông tin đăng tin hoạt động, kết quả xếp hạng các cụm, khối thi đua, danh sách đề nghị khen thưởng đang lấy ý kiến nhân dân, các quyết định khen thưởng và văn bản pháp luật về thi đua, khen thưởng.",
            "Người đọc có thể phóng to chữ, bật chế độ tương phản cao, đánh giá bài viết, tham gia bình chọn và góp ý các danh sách đề nghị khen thưởng.",
        )
        about.save_revision().publish()
    contact = _child(
        home,
        StandardPage,
        "lien-he",
        title="Liên hệ",
        show_in_menus=True,
        lead="Ban Thi đua – Khen thưởng tỉnh Lai Châu (dữ liệu mẫu).",
    )
    if not contact.body:
        contact.body = _paragraphs(
            "Địa chỉ, điện thoại và thư điện tử xem ở chân trang. Ý kiến về danh sách đề nghị khen thưởng xin gửi qua mẫu góp ý ở trang công khai."
        )
        contact.save_revision().publish()
    docs = _child(
        home,
        LegalDocumentIndexPage,
        "van-ban",
        title="Văn bản",
        show_in_menus=True,
        intro="Văn bản quy phạm pháp luật và văn bản chỉ đạo về thi đua, khen thưởng.",
    )
    for num, kind, title, issued, body, summary in LEGAL_DOCUMENTS:
        if not LegalDocument.objects.filter(number=num).exists():
            doc = LegalDocument(
                title=title,
                slug=slugify(fold(num)),
                number=num,
                kind=kind,
                issued_on=issued,
                issuing_body=body,
                summary=summary,
            )
            docs.add_child(instance=doc)
            doc.save_revision().publish()
    _child(home, SearchPage, "tim-kiem", title="Tìm kiếm")

    banner_specs = [
        (
            "Thi đua yêu nước, lập thành tích chào mừng các ngày lễ lớn",
            (155, 16, 21),
            "/tin-tuc/",
        ),
        (
            "Công khai danh sách đề nghị khen thưởng – mời nhân dân góp ý",
            (10, 74, 148),
            "/cong-khai/",
        ),
        ("Kết quả xếp hạng các cụm, khối thi đua", (30, 95, 60), "/xep-hang/"),
    ]
    for order, (title, colour, link) in enumerate(banner_specs):
        if not Banner.objects.filter(title=title).exists():
            Banner.objects.create(
                title=title,
                image=placeholder(f"Băng rôn: {title}", title, colour, (1200, 300)),
                link_url=link,
                sort_order=order,
            )

    if not Poll.objects.filter(question=POLL_QUESTION).exists():
        poll = Poll(
            question=POLL_QUESTION,
            max_choices=1,
            opens_at=timezone.now() - dt.timedelta(days=1),
        )
        poll.save()
        for order, text in enumerate(
            [
                "Tin tức, sự kiện",
                "Văn bản chỉ đạo, điều hành",
                "Kết quả thi đua, khen thưởng",
                "Thủ tục hành chính",
                "Công khai danh sách đề nghị khen thưởng",
            ]
        ):
            PollChoice.objects.create(poll=poll, text=text, sort_order=order)

    s = PortalSettings.load()
    if not s.hotline:
        s.address, s.hotline, s.email = (
            "Phường Tân Phong, tỉnh Lai Châu (dữ liệu mẫu)",
            "0213 3 800 000",
            "tdkt@example.invalid",
        )
        s.footer_text = "<p>Dữ liệu mẫu của dự án mã nguồn mở Thi đua. Ranh giới hành chính: gói vietnam63 (MIT).</p>"
        s.save()

    if not BoundarySet.objects.exists():
        source = (DATA / "laichau-districts-2016.SOURCE.md").read_text("utf-8")
        b = BoundarySet(
            name="Ranh giới 8 huyện, thành phố (2016)",
            valid_to=dt.date(2025, 6, 30),
            source_note="Gói R vietnam63 (Marc Choisy, MIT), độ phân giải thấp.\n\n"
            + source,
        )
        b.file.save(
            "laichau-districts-2016.geojson",
            ContentFile((DATA / "laichau-districts-2016.geojson").read_bytes()),
            save=False,
        )
        b.save()

    # a visit history so the counters have a past; today is counted live by the beacon
    rng = random.Random(2020)
    today = timezone.localdate()
    for back in range(1, 91):
        day = today - dt.timedelta(days=back)
        views = 543 if back == 1 else rng.randint(380, 720)
        DailySiteStat.objects.get_or_create(
            day=day,
            defaults={
                "views": views,
                "visitors": int(views * 0.62),
                "bot_views": rng.randint(200, 900),
            },
        )

    _grant_editor_permissions()
    stdout.write(
        f"Portal: {NewsPage.objects.count()} articles, {Banner.objects.count()} banners, poll, map."
    )
