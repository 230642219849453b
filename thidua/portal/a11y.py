"""Font size and contrast preferences, kept in cookies so the server renders them.

Plain links change them (no JavaScript needed); portal.js does the same in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

SIZE_COOKIE = "cochu"
CONTRAST_COOKIE = "tuongphan"
COOKIE_MAX_AGE = 365 * 24 * 3600
# root font sizes, as classes on <html>: 87.5%, 100%, 112.5%, 125%, 150%
SIZES = (-1, 0, 1, 2, 3)


@dataclass(frozen=True)
class Preferences:
    size: int = 0
    high_contrast: bool = False

    @property
    def css_class(self) -> str:
        classes = []
        if self.size:
            classes.append(f"fs{self.size:+d}".replace("+", "p").replace("-", "m"))
        if self.high_contrast:
            classes.append("hc")
        return " ".join(classes)

    def smaller(self) -> int:
        return max(SIZES[0], self.size - 1)

    def larger(self) -> int:
        return min(SIZES[-1], self.size + 1)


def preferences(request: HttpRequest) -> Preferences:
    try:
        size = int(request.COOKIES.get(SIZE_COOKIE, "0"))
    except ValueError:
        size = 0
    if size not in SIZES:
        size = 0
    return Preferences(size, request.COOKIES.get(CONTRAST_COOKIE) == "1")
