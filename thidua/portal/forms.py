"""The Wagtail document and image forms with the upload checks of thidua/lib/uploads.py."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from thidua.lib import uploads


class CheckedDocumentForm(BaseDocumentForm):
    """A published document must be what its extension says (WAGTAILDOCS_EXTENSIONS)."""

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):
            return file  # unchanged
        data = file.read(uploads.limit("max_bytes") + 1)
        file.seek(0)
        extension = (file.name or "").rsplit(".", 1)[-1].lower()
        if extension == "csv":
            uploads.check_csv(data)
        elif extension == "zip":
            uploads.check_size(len(data))
            uploads.open_zip(data, wanted=())
        elif uploads.check_document(data)[1] != {"jpeg": "jpg"}.get(
            extension, extension
        ):
            raise uploads.UploadRefused(
                f"Nội dung tệp không khớp với phần mở rộng .{extension}."
            )
        return file


class CheckedImageField(WagtailImageField):
    """Size, type by content (JPEG, PNG, WebP) and pixel count are checked on the raw
    bytes before Willow or Pillow parse the file."""

    def to_python(self, data: Any) -> Any:
        if isinstance(data, UploadedFile):
            head = data.read(uploads.limit("max_bytes") + 1)
            data.seek(0)
            uploads.check_picture(head)
        return super().to_python(data)


class CheckedImageForm(BaseImageForm):
    """Portal photos, banners, the organisation's seal and portal banner."""

    file = CheckedImageField(label="Tệp ảnh")
