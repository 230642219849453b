"""Password rules beyond Django's, and the message of a locked-out login."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.lib.text import fold

# Words anyone would try first against this kind of system, folded and without
# spaces: the trade's own words and Vietnamese favourites. The site's name and
# the names of the organisation's top units are added at check time.
LOCAL_WORDS = {
    "thidua", "khenthuong", "thiduakhenthuong", "tdkt", "hoidong", "matkhau",
    "quantri", "admin", "administrator", "password", "vietnam", "hanoi", "hochiminh",
    "anhyeuem", "emyeuanh", "iloveyou", "qwerty", "abc", "zxcvbn", "ubnd", "sonoivu",
    "banthiduakhenthuong", "coquan", "donvi", "canbo", "congchuc",
}  # fmt: skip


# Django's own rules, with the Vietnamese its locale lacks
class MinimumLength(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu có ít nhất {self.min_length} ký tự."


class UserAttributeSimilarity(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu quá giống %(verbose_name)s của tài khoản."

    def get_help_text(self) -> str:
        return "Mật khẩu không được giống tên đăng nhập, họ tên hay thư điện tử."


class CommonPassword(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu này quá phổ biến, dễ bị đoán ra."

    def get_help_text(self) -> str:
        return "Mật khẩu không được là một mật khẩu phổ biến."


class NumericPassword(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text).replace("đ", "d"))


def _organisation_words() -> set[str]:
    """The site's name and the organisation's own names, from its settings
    (Organisation rows) and its top units, never a name written in code."""
    from thidua.organisation.models import Organisation
    from thidua.units.models import OrgUnit

    names = [settings.WAGTAIL_SITE_NAME]
    for name, place in Organisation.objects.values_list("name", "place")[:20]:
        names += [name, place]
    names += OrgUnit.objects.filter(parent__isnull=True).values_list("name", flat=True)[
        :20
    ]
    words = set()
    for name in names:
        words.add(_letters(name))
        # "Tỉnh X Y" → also "xy": the name without its first word
        words.add(_letters(name.split(" ", 1)[-1]))
    return {w for w in words if len(w) >= 4}


class LocalWordsValidator:
    """Refuse passwords that are only a common or organisation word plus digits
    or symbols ("khenthuong", "Thidua@2026"), or one short pattern repeated
    ("20262026", "abcabcabc")."""

    def validate(self, password: str, user: Any = None) -> None:
        letters = _letters(password)
        if letters and (letters in LOCAL_WORDS or letters in _organisation_words()):
            raise ValidationError(
                "Mật khẩu chỉ là một từ quá dễ đoán (tên cơ quan, “thi đua”, “khen thưởng”…) "
                "thêm số hoặc ký hiệu. Hãy dùng một cụm từ riêng của bạn.",
                code="password_local_word",
            )
        compact = password.lower()
        for size in range(1, len(compact) // 2 + 1):
            if (
                len(compact) % size == 0
                and compact[:size] * (len(compact) // size) == compact
            ):
                raise ValidationError(
                    "Mật khẩu chỉ lặp lại một đoạn ngắn (như “20262026”). Hãy chọn mật khẩu khác.",
                    code="password_repeated",
                )

    def get_help_text(self) -> str:
        return (
            "Mật khẩu không được chỉ là tên cơ quan, từ “thi đua”, “khen thưởng” hay một đoạn "
            "lặp lại."
        )


def locked_out(
    request: HttpRequest,
    response: HttpResponse | None,
    credentials: dict[str, Any] | None,
) -> HttpResponse:
    """django-axes: the login page again, saying why and for how long (HTTP 429)."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
