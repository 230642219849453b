import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

for _name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"):
    if not os.getenv(_name):
        raise ImproperlyConfigured(f"{_name} must be set in production")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(  # noqa: F405
    "DJANGO_SECURE_COOKIES", True
)
