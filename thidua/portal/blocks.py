"""StreamField blocks of portal pages; one template each in jinja2/portal/blocks/."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class PhotoChooserBlock(ImageChooserBlock):
    """Loads a body's photos with their renditions in two queries, so a page with
    several photos in several sizes (srcset) makes no query per photo or size."""

    def bulk_to_python(self, values: Any) -> list[Any]:
        objects = self.model_class.objects.prefetch_renditions().in_bulk(values)
        return [objects.get(pk) for pk in values]


class CaptionedImageBlock(blocks.StructBlock):
    """A photo with its caption printed below it ("Ảnh: …"), as state news pages do."""

    image = PhotoChooserBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(
        label=_("Chú thích"),
        max_length=300,
        help_text=_("Hiển thị dưới ảnh, sau chữ “Ảnh:”; cũng dùng làm mô tả thay thế."),
    )

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "portal/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    attribution = blocks.CharBlock(label=_("Người phát biểu"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "portal/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Tiêu đề mục"),
        form_classname="title",
        template="portal/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"),
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
