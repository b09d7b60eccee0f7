"""Simpul settings: one module, every deployment difference read from the environment.

Run with no environment at all and you get a working development site on SQLite
("check out, install, runserver"). Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS
and DATABASE_URL; a malformed value stops start-up with a message that names it.
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envint(name: str, default: int) -> int:
    value = os.getenv(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envfloat(name: str, default: float) -> float:
    value = os.getenv(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")

# A development key is fine on a laptop; in production an unset key is a mistake we refuse to run with.
_DEV_SECRET_KEY = "django-insecure-simpul-development-only-key-do-not-use-in-production"
SECRET_KEY = os.getenv("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (comma-separated host names)")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "phonenumber_field",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "pranata",
    "forum",
    "pendampingan",
    "survei",
    "pengingat",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.indonesian_by_default",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair for an hour.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0)
AXES_VERBOSE = False

# Everything is served from this server: no CDN, no inline scripts, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

_DEFAULT_DB = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(os.getenv("DATABASE_URL", _DEFAULT_DB), conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings of every connection (SIMPUL_PG_OPTIONS replaces them; an empty value keeps the server's):
    # - jit=off: PostgreSQL compiles a plan's expressions once its estimated cost passes jit_above_cost, which
    #   only the reports' big reads reach; on the bench kabupaten compiling took ~1 s of the ~2 s forum
    #   co-attendance query, and was never paid back (the cold report: 15.6–16.7 s with it, 14.1–14.3 s without).
    # - work_mem=64MB: that query groups a million attendance pairs; at the default 4 MB its aggregate spilled
    #   35 MB to disk in 21 batches (2.1–2.7 s; 1.6–1.9 s in memory). A cap per sort or hash, not an
    #   allocation: pages and the API never come near it.
    _pg_options = os.getenv("SIMPUL_PG_OPTIONS", "-c jit=off -c work_mem=64MB")
    if _pg_options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = _pg_options
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers and one writer without "database is locked" on a busy office server.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.getenv("TIME_ZONE", "Asia/Jakarta")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known time zone (e.g. Asia/Jakarta)") from None
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pranata:home"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

PHONENUMBER_DEFAULT_REGION = "ID"
PHONENUMBER_DB_FORMAT = "E164"

# Pagination of every list page; kept small enough to read on a phone.
SIMPUL_PAGE_SIZE = envint("SIMPUL_PAGE_SIZE", 25)

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Off only for a plain-HTTP load test on 127.0.0.1 (`make load`); never in a real deployment.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "1")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO" if not DEBUG else "WARNING")},
    # WeasyPrint warns about every browser-only CSS property of the shared stylesheet; real errors still show.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# Network reports. The stage threshold is DESIGN.md's coverage rule. Betweenness is exact for scopes of up
# to SOURCES linked lembaga and estimated from that many source lembaga above (fixed seed; the page states
# the method and the estimate's standard error), because exact betweenness costs one search per lembaga.
# ENGINE: "auto" (igraph from ENGINE_MIN_NODES lembaga up, networkx below), "networkx" or "igraph".
SIMPUL_STAGE_THRESHOLD = envfloat("SIMPUL_STAGE_THRESHOLD", 0.5)
SIMPUL_BETWEENNESS_SOURCES = envint("SIMPUL_BETWEENNESS_SOURCES", 1000)
SIMPUL_NETWORK_ENGINE = os.getenv("SIMPUL_NETWORK_ENGINE", "auto")
SIMPUL_NETWORK_ENGINE_MIN_NODES = envint("SIMPUL_NETWORK_ENGINE_MIN_NODES", 300)
# A report's trend: the stage at each quarter's end since the first data, at most this many points.
SIMPUL_TREND_QUARTERS = envint("SIMPUL_TREND_QUARTERS", 20)

# Shared by every app server process, so a report computed by one worker is reused by all.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "simpul_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
MAX_UPLOAD_MB = envint("SIMPUL_MAX_UPLOAD_MB", 10)

# Evidence stage (DESIGN.md "The ladder"): activity in this window counts, and co-attendance needs this many
# shared meetings before it counts as komunikasi.
SIMPUL_EVIDENCE_WINDOW_DAYS = envint("SIMPUL_EVIDENCE_WINDOW_DAYS", 365)
SIMPUL_EVIDENCE_MIN_MEETINGS = envint("SIMPUL_EVIDENCE_MIN_MEETINGS", 1)
# A lembaga or forum with no pendampingan activity for this many months is listed as unaccompanied.
SIMPUL_PENDAMPINGAN_BULAN = envint("SIMPUL_PENDAMPINGAN_BULAN", 3)
SIMPUL_IMPORT_MAX_MB = envint("SIMPUL_IMPORT_MAX_MB", 20)
SIMPUL_IMPORT_MAX_ROWS = envint("SIMPUL_IMPORT_MAX_ROWS", 200_000)
SIMPUL_IMPORT_MAX_XML_MB = envint("SIMPUL_IMPORT_MAX_XML_MB", 250)  # an XLSX's sheets once unzipped
# Uploads are refused from their Content-Length before the body is read (pranata/uploads.py); non-file form
# bodies stay under Django's 2.5 MB default.
FILE_UPLOAD_HANDLERS = [
    "pranata.uploads.RefuseOversizedUpload",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Reports over this many lembaga are computed by the background worker (`manage.py db_worker`), with progress
# shown on the page; smaller ones are computed in the request.
SIMPUL_BACKGROUND_LIMIT = envint("SIMPUL_BACKGROUND_LIMIT", 3000)
TASKS = {"default": {"BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}


# --- survei (partner survey): settings of the survei app go here -------------------------------------------
# Two views of a pair's stage this many stages apart flag the pair for discussion (DESIGN.md "The ladder").
SIMPUL_SURVEI_SELISIH = envint("SIMPUL_SURVEI_SELISIH", 2)
# The token pages (a lembaga's personal link, no account) are throttled in the cache: per client address, per
# token, and failed look-ups per address (guessing), each counted over a window of this many seconds.
SIMPUL_SURVEI_THROTTLE_WINDOW = envint("SIMPUL_SURVEI_THROTTLE_WINDOW", 600)
SIMPUL_SURVEI_THROTTLE_ADDRESS = envint("SIMPUL_SURVEI_THROTTLE_ADDRESS", 300)
SIMPUL_SURVEI_THROTTLE_TOKEN = envint("SIMPUL_SURVEI_THROTTLE_TOKEN", 60)
SIMPUL_SURVEI_THROTTLE_FAILURES = envint("SIMPUL_SURVEI_THROTTLE_FAILURES", 20)
# Behind this many trusted proxies the client address is taken from X-Forwarded-For (as django-axes does).
SIMPUL_SURVEI_PROXY_COUNT = envint("SIMPUL_SURVEI_PROXY_COUNT", AXES_IPWARE_PROXY_COUNT)

# --- api and pengingat (read-only API, tokens, reminders): settings of those apps go here ------------------

# The read-only API (/api/v1/): each personal token may make this many calls a minute (429 with Retry-After
# above it); calls are logged for the admin and the log is kept this many days (`manage.py bersihkan_log_api`).
SIMPUL_API_PER_MENIT = envint("SIMPUL_API_PER_MENIT", 120)
SIMPUL_API_LOG_HARI = envint("SIMPUL_API_LOG_HARI", 180)
# The API keeps the client's Accept-Language for its labels and messages (pages ignore it, see
# config.middleware.indonesian_by_default), and logs each call: so its middleware sits just before that one.
MIDDLEWARE.insert(MIDDLEWARE.index("config.middleware.indonesian_by_default"), "api.middleware.api_calls")

# Reminders (`manage.py kirim_pengingat`, daily from cron): e-mail through SMTP when EMAIL_HOST is set, else
# printed on the console. SIMPUL_URL is how the e-mail's links reach this server.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1" if EMAIL_PORT == 587 else "0")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "1" if EMAIL_PORT == 465 else "0")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on (587 uses TLS, 465 SSL)")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Simpul <simpul@localhost>")
SIMPUL_URL = os.getenv("SIMPUL_URL", "http://127.0.0.1:8000").rstrip("/")
if not SIMPUL_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SIMPUL_URL must start with http:// or https://, got {SIMPUL_URL!r}")
