"""Settings shared by every environment; dev/test/prod only override."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.getenv(name)
    if value is None:
        return default
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be 'True' or 'False', got {value!r}")
    return value == "True"


SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.getenv("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.getenv("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
# `PORT=8765 make demo`: QR codes on certificates point at the port actually served
SITE_URL = os.getenv("SITE_URL") or f"http://127.0.0.1:{os.getenv('PORT', '8000')}"
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    # project apps first so their templates override Wagtail's
    "thidua.core",
    "thidua.accounts",
    "thidua.units",
    "thidua.organisation",
    "thidua.people",
    "thidua.emulation",
    "thidua.commendations",
    "thidua.dossiers",
    "thidua.forwarding",
    "thidua.portal",
    "thidua.engagement",
    "thidua.reports",
    "thidua.api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "csp",
    "django_tasks.backends.database",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "thidua.core.middleware.permissions_policy_middleware",
    "thidua.core.input_guard.nul_guard_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thidua.core.middleware.language_middleware",  # after auth: the user's choice
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "thidua.core.middleware.audit_actor_middleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
    {
        # the public portal (docs/decisions/0004-public-templates-jinja2.md)
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "thidua.portal.jinja2.environment",
            "extensions": [
                "wagtail.jinja2tags.core",
                "wagtail.admin.jinja2tags.userbar",
                "wagtail.images.jinja2tags.images",
                "wagtail.contrib.settings.jinja2tags.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'thidua.sqlite3'}"),
        conn_max_age=int(os.getenv("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the portal read while a worker writes; the timeout absorbs bursts.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = (
    True  # Django 6.0 default; silences its deprecation warning
)
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"
# Every account is staff: a login lasts a working day, not Django's two weeks,
# and ends with the browser.
SESSION_COOKIE_AGE = int(os.getenv("STAFF_SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Argon2id first, at Django's parameters: what Django's docs relay as the Password
# Hashing Competition's recommendation, and less CPU a login than PBKDF2's
# 1,000,000 rounds (docs/decisions/0015-argon2-passwords.md). Django's other
# hashers follow, so older hashes still check and are re-hashed at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Django's rules with Vietnamese messages, plus Vietnamese common passwords, the
# organisation's own words and repeated patterns (thidua/accounts/passwords.py)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"thidua.accounts.passwords.{name}"}
    for name in (
        "UserAttributeSimilarity",
        "CommonPassword",
        "NumericPassword",
        "LocalWordsValidator",
    )
] + [
    {
        "NAME": "thidua.accounts.passwords.MinimumLength",
        "OPTIONS": {"min_length": 10},
    }
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "thidua.accounts.forms.LoginForm"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Wagtail documents (MEDIA_ROOT/documents/) are sent only after /documents/ has
# checked them; behind nginx set MEDIA_ACCEL=/_media/ (an `internal` location on
# MEDIA_ROOT, docs/deploy/nginx.conf) and nginx sends the file, not Django.
MEDIA_ACCEL = os.getenv("MEDIA_ACCEL", "")
# Dossier documents, certificates, minutes, decisions: never under /media/, served
# by a view that checks access (thidua/lib/files.py). Behind nginx set
# PRIVATE_MEDIA_ACCEL=/_private/ (an `internal` location, docs/deploy/nginx.conf).
PRIVATE_MEDIA_ROOT = Path(os.getenv("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
PRIVATE_MEDIA_ACCEL = os.getenv("PRIVATE_MEDIA_ACCEL", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "thidua.lib.files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

REDIS_URL = os.getenv("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "thidua",
        }
    }
PAGE_CACHE_SECONDS = int(os.getenv("PAGE_CACHE_SECONDS", "300"))

TASKS = {
    "default": {
        "BACKEND": os.getenv(
            "TASKS_BACKEND", "django_tasks.backends.database.DatabaseBackend"
        )
    }
}
# Background workers name themselves "<NODE_NAME>:<pid>"; a task whose worker on
# this node died, or whose lease (heartbeat) is older than TASK_STALL_SECONDS,
# is taken over (docs/decisions/0013-task-leases.md). CERTIFICATE_TASKS workers
# share one certificate batch on PostgreSQL.
NODE_NAME = os.getenv("NODE_NAME") or socket.gethostname()
TASK_STALL_SECONDS = int(os.getenv("TASK_STALL_SECONDS", "60"))
CERTIFICATE_TASKS = int(os.getenv("CERTIFICATE_TASKS", "2"))

WAGTAIL_SITE_NAME = "Thi đua – Khen thưởng"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"jpeg": "webp", "png": "webp"}
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "zip", "jpg", "png"]
# Documents only through /documents/, which checks the collection's privacy and, for
# visitors, that a live public page uses the document (portal/wagtail_hooks.py);
# never "direct" or "redirect": /media/documents/ is closed (docs/deploy/nginx.conf).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "thidua.portal.forms.CheckedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "thidua.portal.forms.CheckedImageForm"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000
# Every upload is checked before parsing (thidua/lib/uploads.py has the defaults;
# keys given here override them): size, zip members, inflated size and ratio,
# sheet rows/columns/cells, shared strings, cell length, image pixels.
UPLOAD_LIMITS = {"max_bytes": 10 * 1024 * 1024}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_LIMITS["max_bytes"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# Every response, the admin included, may run only our own scripts (no inline
# script, no eval): an uploaded file that slips through cannot run in our origin.
# Inline styles stay allowed (templates and htmx use them; they cannot run code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party images (CSP, privacy)

# Visitor identity for ratings/polls/visits: a daily-salted hash, never the raw IP.
VISITOR_HASH_SECRET = os.getenv("VISITOR_HASH_SECRET", SECRET_KEY)
VISIT_RETENTION_DAYS = int(os.getenv("VISIT_RETENTION_DAYS", "90"))
# New ballots per poll from one IP address per hour: above 1 for homes and
# offices behind one address, raise it where mobile carriers share addresses.
POLL_BALLOTS_PER_IP_HOUR = int(os.getenv("POLL_BALLOTS_PER_IP_HOUR", "3"))
# New ratings per article from one IP address per hour (changing one's rating is free).
RATINGS_PER_IP_HOUR = int(os.getenv("RATINGS_PER_IP_HOUR", "3"))
# Days an API token works before it must be replaced (create_api_token --days).
API_TOKEN_DAYS = int(os.getenv("API_TOKEN_DAYS", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# --- portal ---
# Full-page cache for anonymous portal pages, first of all: a hit is answered
# before WhiteNoise, sessions, locale, CSRF and auth run, and it returns the
# final (compressed, security-headed) bytes stored on the miss.
MIDDLEWARE.insert(0, "thidua.portal.cache.FullPageCacheMiddleware")
if not REDIS_URL:
    # one entry per page × display variant × encoding; the default 300 is too few
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 5000
# Trust X-Real-IP only behind our own nginx (it overwrites the header).
TRUST_X_REAL_IP = env_bool("TRUST_X_REAL_IP", False)

# --- accounts: logins (issue 11 finding 13) ---
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
MIDDLEWARE[_auth + 1 : _auth + 1] = [
    "django_otp.middleware.OTPMiddleware",
    "thidua.accounts.second_factor.require_second_factor",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "thidua.accounts.backends.LoginThrottle",  # refuses a locked-out name first
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords lock the account name for 15 minutes, whatever the IP;
# attempts live in the cache (Redis in production), so no IP address is stored.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = int(os.getenv("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.getenv("LOGIN_LOCKOUT_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for an IP lock against rotating user agents, which a lock on the
# name does not need; behind nginx every client would share one address anyway.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thidua.accounts.passwords.locked_out"
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# approving, voting and signing roles need a TOTP code after the password
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", True)
if not REDIS_URL:
    # one process (demo, tests): its local cache holds the attempts well enough
    SILENCED_SYSTEM_CHECKS += ["axes.W001"]

# --- core ---
# Django's vi locale defines no input formats, so the default list would read
# "01/07/2025" as 7 January: Vietnamese dates are day first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
