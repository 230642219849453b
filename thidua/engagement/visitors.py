"""Who is this anonymous visitor? A cookie id plus a daily-salted hash; never a raw IP.

The cookie (a random id, signed) keeps one vote per browser for as long as the
cookie lives, so a visitor can come back and change a rating. The day hash,
HMAC(secret, day | IP | user agent), catches the same person in a fresh or
private browser on the same day; it changes every day and cannot be reversed
to an address. Behind a shared NAT, people with identical browsers on the same
day look alike; that is the price of storing no personal data.

Neither the cookie nor the user agent is under the server's control, so what a
visitor can reset is bounded by what they cannot: the address. The ip hash,
HMAC(secret, day | IP), keys the throttles and caps the new ballots and ratings
one address may add per poll (or article) and hour (POLL_BALLOTS_PER_IP_HOUR,
RATINGS_PER_IP_HOUR; raise them where a mobile carrier shares addresses).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

COOKIE = "tdv"
COOKIE_SALT = "thidua.engagement.visitor"
COOKIE_MAX_AGE = 2 * 365 * 24 * 3600

BOT_UA = re.compile(
    r"bot|crawl|spider|slurp|bingpreview|facebookexternalhit|embedly|curl|wget|"
    r"python-requests|httpclient|go-http-client|java/|okhttp|lighthouse|"
    r"monitor|uptime|scrapy|feedfetcher",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Visitor:
    id: str
    day_hash: str
    day: dt.date
    is_bot: bool
    is_new: bool
    # HMAC(secret, day | IP): what no header can change; caps and throttles use it
    ip_hash: str = ""


def client_ip(request: HttpRequest) -> str:
    # behind the recommended nginx, X-Real-IP carries the client; set only by our proxy
    if getattr(settings, "TRUST_X_REAL_IP", False):
        return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")
    return request.META.get("REMOTE_ADDR", "")


def _hmac(message: str) -> str:
    key = settings.VISITOR_HASH_SECRET.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]


def day_hash(request: HttpRequest, day: dt.date) -> str:
    ua = request.META.get("HTTP_USER_AGENT", "")[:300]
    return _hmac(f"{day.isoformat()}|{client_ip(request)}|{ua}")


def ip_hash(request: HttpRequest, day: dt.date) -> str:
    return _hmac(f"{day.isoformat()}|ip|{client_ip(request)}")


def identify(request: HttpRequest) -> Visitor:
    day = timezone.localdate()
    vid = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT) or ""
    is_new = not (len(vid) == 32 and vid.isalnum())
    if is_new:
        vid = secrets.token_hex(16)
    return Visitor(
        id=vid,
        day_hash=day_hash(request, day),
        day=day,
        is_bot=bool(BOT_UA.search(request.META.get("HTTP_USER_AGENT", ""))),
        is_new=is_new,
        ip_hash=ip_hash(request, day),
    )


def remember(response: HttpResponse, visitor: Visitor) -> HttpResponse:
    if visitor.is_new:
        response.set_signed_cookie(
            COOKIE,
            visitor.id,
            salt=COOKIE_SALT,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
        )
    return response


def throttled(visitor: Visitor, action: str, limit: int, seconds: int) -> bool:
    """True when this visitor's address made more than `limit` `action`s in the
    current window. Keyed on the address, not the browser: a new user agent or a
    dropped cookie does not start a new count."""
    window = int(timezone.now().timestamp()) // seconds
    key = f"thr:{action}:{visitor.ip_hash}:{window}"
    if cache.add(key, 1, seconds + 1):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False
