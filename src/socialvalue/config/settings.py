"""Django settings, all read from the environment (twelve-factor).

Development defaults apply when DEBUG is on; with DEBUG off the production checks of
``socialvalue check --deploy`` pass: SECRET_KEY and ALLOWED_HOSTS must then be set.
See docs/admin.md for every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SOCIALVALUE_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105
    elif os.environ.get("_SOCIALVALUE_OFFLINE_COMMAND") == "1":
        # Set by socialvalue.cli for commands that sign nothing (tender score, spend
        # analyse, ocds export): a throw-away key for this process only.
        SECRET_KEY = get_random_secret_key()
    else:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment (or DEBUG=1 for development)."
        )

# Served behind the documented TLS proxy (docs/deployment.md), which sets X-Forwarded-Proto
# and appends the client's address to X-Forwarded-For. Only then are those headers trusted.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    # Hashed API tokens (django-rest-knox); the token model is socialvalue.api's ApiToken.
    "knox",
    "drf_spectacular",
    # Two-factor sign-in (accounts/two_factor.py): authenticator apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "socialvalue.core",
    "socialvalue.audit",
    "socialvalue.suppliers",
    "socialvalue.policy",
    "socialvalue.spend",
    # accounts after the apps whose demo data its demo users need (suppliers).
    "socialvalue.accounts",
    # Suppliers registering themselves, confirming e-mail, claims and invitations.
    "socialvalue.joining",
    # procurement after accounts: its demo projects need the demo users.
    "socialvalue.procurement",
    # Each after the apps its demo data builds on: tenders on projects, contracts on bids.
    "socialvalue.tendering",
    "socialvalue.contracts",
    # notices after contracts: its demo names the contracting authority of each project.
    "socialvalue.notices",
    "socialvalue.transparency",
    # flags after the apps whose data (and demo data) it reads; before reviews, whose
    # annual review includes a summary of the flags raised in the year.
    "socialvalue.flags",
    "socialvalue.notifications",
    "socialvalue.reviews",
    "socialvalue.api",
]

MIDDLEWARE = [
    # First: a too-large body or a NUL byte is refused before anything reads or stores it.
    "socialvalue.core.middleware_limits.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sends a session that still owes its second factor to the code or set-up step.
    "socialvalue.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "socialvalue.core.headers.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "socialvalue.config.urls"
WSGI_APPLICATION = "socialvalue.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "socialvalue.core.context_processors.service",
                "socialvalue.notifications.context_processors.notifications",
            ],
            # money, units and label on every page without a {% load %}
            "builtins": ["socialvalue.core.templatetags.words"],
        },
    }
]

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://user@host/db) picks another.
_conn_max_age = int(os.environ.get("DB_CONN_MAX_AGE", "0"))
try:
    DATABASES = {
        "default": dj_database_url.config(
            default=f"sqlite:///{VAR_DIR / 'socialvalue.sqlite3'}", conn_max_age=_conn_max_age
        )
    }
except ValueError as error:  # never echo the URL: it may hold a password
    raise ImproperlyConfigured(
        "DATABASE_URL is not a database address this service understands "
        f"({type(error).__name__}); use e.g. postgres://user:password@host:5432/name"
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Several writers (web + task worker) on one file: wait rather than fail at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Throttling of failed log-ins (django-axes, docs/deployment.md "Sign-in lockout"). Two
# limits, each counted over the cool-off time since the last failure:
# - AXES_FAILURE_LIMIT failures for one username from one address lock that pair;
# - AXES_ADDRESS_FAILURE_LIMIT failures from one address, whatever the usernames, lock the
#   address (one password tried across many usernames). It is higher because an office
#   behind one shared address (a police station, a council's network) mistypes passwords
#   too: 30 in 15 minutes is far above what its staff do, and far below what password
#   spraying needs. Locking an address locks everyone behind it until the cool-off ends.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "socialvalue.accounts.lockout.LockoutHandler"
# The client's address: REMOTE_ADDR, or behind the TLS proxy the right-most address of
# X-Forwarded-For (the one the proxy appended); a header sent by the client is never trusted
# otherwise.
AXES_CLIENT_IP_CALLABLE = "socialvalue.accounts.lockout.client_ip_address"
AXES_LOCKOUT_CALLABLE = "socialvalue.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Public forms of suppliers joining (registering, password reset, accepting an invitation):
# uses per network address per hour (docs/suppliers.md "Limits").
JOINING_ATTEMPTS_PER_HOUR = int(os.environ.get("JOINING_ATTEMPTS_PER_HOUR", "10"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

# The REST API (docs/api.md): token or session sign-in; each endpoint checks the same
# `rules` permission as the matching page (socialvalue.api.permissions).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "socialvalue.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["socialvalue.api.permissions.PagePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "socialvalue.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "socialvalue.api.schema.PageAutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,  # money stays exact: "1234.50", never a float
}
# Personal API tokens (django-rest-knox): only a SHA-512 digest is stored; the token is shown
# once, when it is made. Each expires API_TOKEN_TTL_DAYS days after it was made.
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "90"))
KNOX_TOKEN_MODEL = "api.ApiToken"
# knox's own migrations create its default token table even when the token model is
# swapped for ours: switched off, so that no unused token table exists (on PostgreSQL its
# foreign key to users would also stop the test suite from emptying the users table).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": 10,
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Social value procurement API",
    "DESCRIPTION": "Read access to projects, tenders, bids, evaluation results, contracts, "
    "delivery returns, suppliers, spend figures and reports, with the same permissions as "
    "the pages. Sign in with a token from /api/token/ (header `Authorization: Token <key>`).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TenderStatusEnum": "socialvalue.tendering.models.TenderStatus",
        "BidStatusEnum": "socialvalue.tendering.models.BidStatus",
        "ReturnLineStatusEnum": "socialvalue.contracts.models.LineStatus",
        "ReviewStatusEnum": "socialvalue.reviews.models.ReviewStatus",
    },
}


TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend")
    }
}

# Limits on requests and imports (docs/deployment.md "Request and import limits").
# The per-file upload limits live in core/uploads.py; a request body larger than
# MAX_REQUEST_BYTES (default: the largest upload plus 1 MB) is answered 413 from its
# Content-Length before it is read (core/middleware_limits.py).
MAX_REQUEST_BYTES = (
    int(os.environ["MAX_REQUEST_BYTES"]) if os.environ.get("MAX_REQUEST_BYTES") else None
)
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
FILE_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("FILE_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", "2000"))
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FILES", "100"))
# Measures library and supplier register imports: data rows per file, and for XLSX the size
# the workbook unpacks to and the compression ratio of its parts, checked before parsing.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
IMPORT_MAX_XLSX_UNPACKED_BYTES = int(
    os.environ.get("IMPORT_MAX_XLSX_UNPACKED_BYTES", str(100 * 1024 * 1024))
)
IMPORT_MAX_XLSX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_XLSX_COMPRESSION_RATIO", "100"))
# Payment lines per spend file: a finance system's year of payments is well under this; a
# larger file is refused before anything is stored (the upload size caps it too).
SPEND_IMPORT_MAX_ROWS = int(os.environ.get("SPEND_IMPORT_MAX_ROWS", "2000000"))
# A running payment import that has not moved (saved a batch) for this long is taken as
# stopped and ended "Not imported" (docs/spend-analysis.md "Imports that stopped").
SPEND_IMPORT_STALE_AFTER_SECONDS = int(os.environ.get("SPEND_IMPORT_STALE_AFTER_SECONDS", "7200"))
# A place share (force area, North West) with more than this part of influenceable spend of
# no known place is shown as the range it could lie in, never as a bare figure (0 to 1;
# docs/spend-analysis.md "How places are decided").
SPEND_PLACE_UNKNOWN_LIMIT = Decimal(os.environ.get("SPEND_PLACE_UNKNOWN_LIMIT", "0.20"))
if not Decimal(0) <= SPEND_PLACE_UNKNOWN_LIMIT <= Decimal(1):
    raise ImproperlyConfigured("SPEND_PLACE_UNKNOWN_LIMIT is a fraction from 0 to 1, e.g. 0.20")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "socialvalue@localhost")

# Security headers and cookies. Production (DEBUG off) gets the strict defaults;
# SECURE_SSL_REDIRECT can be turned off when a proxy already redirects.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    # Off unless asked for: both bind every subdomain of the host (and preload cannot be
    # undone quickly), which only the owner of the whole domain can decide.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # check --deploy warns of both being off; off is the deliberate default (docs/deployment.md).
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, on in (
            ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
            ("security.W021", SECURE_HSTS_PRELOAD),
        )
        if not on
    ]
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): scripts, styles, fonts and images only from the
# service itself; no inline script or style anywhere (base.html loads static files). Charts
# are SVG images in data: URLs (spend, dashboards), hence data: for images only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses (socialvalue.core.headers.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    name: []
    for name in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

SERVICE_NAME = os.environ.get("SERVICE_NAME", "Social value procurement")
# The site's public address, for links in e-mails (socialvalue.core.links.absolute_url): no
# request to take the host from there. Production must set it (check --deploy warns).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
OCDS_PREFIX = os.environ.get("OCDS_PREFIX", "ocds-devdev")  # default: development only

# Two-factor sign-in (docs/roles.md). Required for the roles in accounts.roles.TWO_FACTOR_ROLES
# and for superusers when MFA_REQUIRED is on (the default without DEBUG); anyone who has set it
# up is asked for a code whatever this says. django-otp throttles wrong codes on each device:
# after n failures in a row the next try must wait 2^(n-1) x the factor, in seconds.
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = SERVICE_NAME
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the Django admin never shows a device's secret key

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# --- Operations: error pages, /healthz, the background worker's heartbeat -------------------
# See socialvalue/core/operations.py and core/heartbeat.py, docs/deployment.md.
# `socialvalue db_worker` is django-tasks' worker plus a heartbeat (core's own command); Django
# takes a command from the app listed first, so core goes before django_tasks_db.
INSTALLED_APPS.remove("socialvalue.core")
INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "socialvalue.core")
# Database unreachable -> the GOV.UK 503 page, not a bare "Server Error (500)".
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "socialvalue.core.operations.DatabaseUnavailableMiddleware",
)
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "15"))
WORKER_STALE_AFTER_SECONDS = int(os.environ.get("WORKER_STALE_AFTER_SECONDS", "60"))
# Enqueued by the worker once a day, from this local time on (core/daily.py).
DAILY_TASKS = [
    "socialvalue.contracts.tasks.send_return_reminders",
    "socialvalue.flags.tasks.compute_flags",
]
DAILY_TASKS_AT = os.environ.get("DAILY_TASKS_AT", "06:00")
# A load balancer's health check may speak plain HTTP to the application.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
