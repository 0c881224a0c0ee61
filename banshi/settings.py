"""Django settings. Everything that differs between machines comes from the environment.

A `.env` file at the repository root (or the file `BANSHI_ENV_FILE` names; empty: none) is
read first and fills in what the environment does not set: `make install` writes one with
random development keys. With DEBUG off, Banshi refuses to start without its own SECRET_KEY
and BANSHI_DATA_KEY."""

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from banshi.core.logconfig import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

# Where the .env file is read from ("" reads none); the environment always wins over it.
BANSHI_ENV_FILE = os.environ.get("BANSHI_ENV_FILE", str(BASE_DIR / ".env"))
if BANSHI_ENV_FILE:
    if "BANSHI_ENV_FILE" in os.environ and not Path(BANSHI_ENV_FILE).is_file():
        raise ImproperlyConfigured(f"BANSHI_ENV_FILE is {BANSHI_ENV_FILE!r}: no such file")
    load_dotenv(BANSHI_ENV_FILE, override=False)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)

# The key the repository used to ship: accepted for development only (DEBUG on).
DEVELOPMENT_SECRET_KEY = "banshi-insecure-development-key-change-me-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set (or is the development default) and DEBUG is off. Set "
        "SECRET_KEY in the environment to a long random value, e.g. the output of "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' "
        "(for development, `make install` writes one to .env)."
    )
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
# Key for encrypting personal information at rest (ID numbers, phones); 32 bytes, urlsafe base64.
BANSHI_DATA_KEY = os.environ.get("BANSHI_DATA_KEY", "").strip()
if not BANSHI_DATA_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "BANSHI_DATA_KEY is not set and DEBUG is off: personal data cannot be encrypted. "
            "Set BANSHI_DATA_KEY in the environment to 32 random bytes in urlsafe base64, e.g. "
            "the output of python3 -c 'import base64, os; "
            "print(base64.urlsafe_b64encode(os.urandom(32)).decode())' "
            "(for development, `make install` writes one to .env). Keep it: data encrypted "
            "with one key cannot be read with another."
        )
    # Development only: a key derived from SECRET_KEY.
    BANSHI_DATA_KEY = base64.urlsafe_b64encode(
        hashlib.sha256(("banshi-data:" + SECRET_KEY).encode()).digest()
    ).decode()
# The password of every demo account (`banshi demo`).
BANSHI_DEMO_PASSWORD = os.environ.get("BANSHI_DEMO_PASSWORD", "banshi-demo")
# Superusers, system admins and district users must sign in with a second factor (TOTP).
BANSHI_REQUIRE_2FA = env_bool("BANSHI_REQUIRE_2FA", False)
# The largest upload an import accepts (a roster, a 12345 hotline file), in bytes.
BANSHI_IMPORT_MAX_BYTES = int(os.environ.get("BANSHI_IMPORT_MAX_BYTES", str(200 * 1024 * 1024)))
# With DEBUG off the site is taken to be served over HTTPS (secure cookies, HSTS) unless
# BANSHI_HTTPS=0: a plain-HTTP intranet, where a Secure cookie would never come back.
BANSHI_HTTPS = env_bool("BANSHI_HTTPS", True)
# The site's own address, for links in documents read away from it (the monthly report's
# HTML and PDF); `banshi report --base-url` overrides it.
BANSHI_BASE_URL = os.environ.get("BANSHI_BASE_URL", "").rstrip("/")
# The branch obligations of party life (`banshi/partylife/rules.py` has the defaults):
# {rule: {field: value}} changes a rule, {rule: None} switches it off.
BANSHI_PARTYLIFE_RULES = None
# Where uploaded files (demand and field-work photos) are kept: MEDIA_ROOT.
BANSHI_MEDIA_ROOT = Path(os.environ.get("BANSHI_MEDIA_ROOT", BASE_DIR / "media"))
# Files kept out of MEDIA_ROOT and out of the web server's reach: roster uploads waiting for
# the worker, their progress and error reports (clear ID numbers). The web processes and
# `banshi worker` must share it.
BANSHI_PRIVATE_ROOT = Path(os.environ.get("BANSHI_PRIVATE_ROOT", BASE_DIR / "private"))
# The SQLite file the test database lives in (empty: in memory); see DATABASES.
BANSHI_TEST_DB = os.environ.get("BANSHI_TEST_DB") or None
# The backend of Django's tasks (django-tasks); the database backend runs under `banshi worker`.
BANSHI_TASKS_BACKEND = os.environ.get("BANSHI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
# Weights of the three rates in the composite score (response, resolution, satisfaction).
BANSHI_RATE_WEIGHTS = {"response": 30, "resolution": 35, "satisfaction": 35}
# The rates' monthly rollup (a trigger on PostgreSQL; SQLite counts the demands): off only to
# compare with a count (banshi.demands.rollup).
BANSHI_RATE_ROLLUP = os.environ.get("BANSHI_RATE_ROLLUP", "1") != "0"
# Territory levels (1 city, 2 district…) whose figures pages read from snapshots no older than
# the max age, which the worker refreshes every BANSHI_FIGURE_SNAPSHOT_EVERY seconds
# (banshi.core.snapshots); "" turns them off.
BANSHI_FIGURE_SNAPSHOT_LEVELS = tuple(
    int(n) for n in os.environ.get("BANSHI_FIGURE_SNAPSHOT_LEVELS", "1,2").split(",") if n.strip()
)
BANSHI_FIGURE_SNAPSHOT_MAX_AGE = int(os.environ.get("BANSHI_FIGURE_SNAPSHOT_MAX_AGE", "900"))
BANSHI_FIGURE_SNAPSHOT_EVERY = int(os.environ.get("BANSHI_FIGURE_SNAPSHOT_EVERY", "300"))
# Days within which every household is to be visited, and the priority households.
BANSHI_VISIT_CYCLE_DAYS = int(os.environ.get("BANSHI_VISIT_CYCLE_DAYS", "90"))
BANSHI_VISIT_PRIORITY_CYCLE_DAYS = int(os.environ.get("BANSHI_VISIT_PRIORITY_CYCLE_DAYS", "30"))
# Requests an anonymous client may make to the API (DRF's rate syntax).
BANSHI_ANON_RATE = os.environ.get("BANSHI_ANON_RATE", "60/min")
# Requests for an API token one client address may make (DRF's rate syntax).
BANSHI_TOKEN_RATE = os.environ.get("BANSHI_TOKEN_RATE", "10/min")
# Hours an API token lasts; then the API answers 401 and its owner asks for a new one.
BANSHI_TOKEN_HOURS = float(os.environ.get("BANSHI_TOKEN_HOURS", str(24 * 7)))
# Sign-in attempts through the login form one client address may make (DRF's rate syntax);
# past it the form answers 429 and locks no one.
BANSHI_LOGIN_RATE = os.environ.get("BANSHI_LOGIN_RATE", "30/min")
# The addresses (or networks, e.g. 10.0.0.0/8) of the reverse proxies in front of Banshi,
# comma-separated. Only a request from one of them has its X-Forwarded-For header believed
# as the client's address (lockouts, throttles, the audit trail); empty: none is, and the
# address is REMOTE_ADDR.
BANSHI_TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("BANSHI_TRUSTED_PROXIES", "").split(",") if a.strip()
]
# Redis (redis://host:6379/0) for the cache that throttles count in; empty: the database.
BANSHI_REDIS_URL = os.environ.get("BANSHI_REDIS_URL", "").strip()
# /healthz fails when no `banshi worker` beat within this many seconds, or when the disk of
# the media (and the SQLite database) has less than this many MB free.
BANSHI_HEALTH_WORKER_SECONDS = int(os.environ.get("BANSHI_HEALTH_WORKER_SECONDS", "120"))
BANSHI_HEALTH_MIN_FREE_MB = int(os.environ.get("BANSHI_HEALTH_MIN_FREE_MB", "500"))
# Who may read /metrics (addresses or networks, comma-separated): the monitoring host.
BANSHI_METRICS_ALLOW = [
    a.strip()
    for a in os.environ.get("BANSHI_METRICS_ALLOW", "127.0.0.1,::1").split(",")
    if a.strip()
]
# Open311 requests per minute and client address, by method (GET reads, POST writes).
BANSHI_OPEN311_RATE = {"GET": 120, "POST": 30}
# The largest request body an Open311 client may send (form fields only), in bytes.
BANSHI_OPEN311_MAX_BODY = int(os.environ.get("BANSHI_OPEN311_MAX_BODY", str(256 * 1024)))
# The jurisdiction_id Open311 clients name (GeoReport v2).
BANSHI_OPEN311_JURISDICTION = os.environ.get("BANSHI_OPEN311_JURISDICTION", "hohhot")

INSTALLED_APPS = [
    "banshi.core.apps.BanshiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "leaflet",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "banshi.core",
    "banshi.territory",
    "banshi.people",
    "banshi.organizations",
    "banshi.enterprises",
    "banshi.access",
    "banshi.demands",
    "banshi.fieldwork",
    "banshi.partylife",
    "banshi.lectures",
    "banshi.materials",
    "banshi.villages",
    "banshi.assessment",
    "banshi.contests",
    "banshi.rectification",
    "banshi.redflags",
    "banshi.volunteers",
    "banshi.praise",
    "banshi.unions",
    "banshi.projects",
    "banshi.workreports",
    "banshi.demo",
    "banshi.open311",
    "banshi.dashboards",
]

MIDDLEWARE = [
    # First: every later line of the log carries the request id it sets.
    "banshi.core.requestlog.RequestIdMiddleware",
    # Outside everything that writes a body, so pages, JSON and static files are compressed.
    "banshi.core.middleware.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app itself (gunicorn needs no web server beside it).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "banshi.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A successful write keeps the writer's next reads off the read replica (if any).
    "banshi.core.replica.ReplicaPinMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "banshi.access.audit_context.AuditContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "banshi.access.middleware.IdleTimeoutMiddleware",
    "banshi.access.middleware_2fa.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "banshi.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "banshi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "banshi.access.context_processors.navigation_entries",
            ],
        },
    },
]

WSGI_APPLICATION = "banshi.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'banshi.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("TEST", {})["NAME"] = BANSHI_TEST_DB
# A streaming replica of that database (a URL of the same form; empty: none). Dashboards,
# exports, rankings and drill-downs read from it (banshi/core/replica.py); a user's reads
# stay on the primary for BANSHI_REPLICA_PIN_SECONDS after a write of theirs, and everyone's
# do while the replica is more than BANSHI_REPLICA_MAX_LAG_SECONDS behind. Tests mirror the
# default database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
BANSHI_REPLICA_PIN_SECONDS = int(os.environ.get("BANSHI_REPLICA_PIN_SECONDS", "10"))
BANSHI_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("BANSHI_REPLICA_MAX_LAG_SECONDS", "5"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica that does not answer is given up on after 2 s, not the OS's minutes.
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["banshi.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every process (gunicorn's workers, `banshi worker`): DRF's throttles and the
# login throttle count in it, so a limit holds for the site, not per process. The database
# by default (its table is made by a migration of access, so nothing else needs running);
# Redis when BANSHI_REDIS_URL is set. Lockouts (django-axes) count in the database anyway
# (its database handler, AXES_HANDLER's default).
if BANSHI_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": BANSHI_REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "banshi_cache",
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
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
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "banshi.access.passwords.CharacterClassValidator"},
]
# django-otp's admin must not show device secrets (and must not answer 500 for a missing one).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: 5 failures lock an account for 15 minutes (counted per account, and per account
# and address). Never per address alone: behind a proxy, or in an office behind one NAT,
# made-up usernames from one address would lock everyone out; an address that tries many
# accounts is throttled instead (BANSHI_LOGIN_RATE, BANSHI_TOKEN_RATE).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username"], ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "banshi.core.client_ip.client_ip"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 8 * 3600
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", "1800"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No SSL redirect: the TLS proxy does that, and the test client speaks plain HTTP. HSTS is
# sent on HTTPS requests only; behind a trusted proxy, its X-Forwarded-Proto tells them.
if not DEBUG and BANSHI_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    if BANSHI_TRUSTED_PROXIES:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "banshi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "banshi" / "static"]
# With DEBUG off, hashed and compressed files from STATIC_ROOT once `collectstatic` has run
# (banshi.core.staticfiles says how pages fare before it); WhiteNoise serves them, and looks
# in the apps as runserver does until then (development, the tests, `banshi demo`).
BANSHI_STATIC_MANIFEST = (STATIC_ROOT / "staticfiles.json").is_file()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "banshi.core.staticfiles.StaticStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not BANSHI_STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = BANSHI_MEDIA_ROOT

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (40.81, 111.70),
    "DEFAULT_ZOOM": 14,
    "TILES": [],
    "ATTRIBUTION_PREFIX": "Banshi",
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "banshi.access.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "banshi.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["banshi.access.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": BANSHI_ANON_RATE},
    # DRF's parsers with DATA_UPLOAD_MAX_MEMORY_SIZE enforced (413) and Chinese messages.
    "DEFAULT_PARSER_CLASSES": [
        "banshi.api.parsers.JSONParser",
        "banshi.api.parsers.FormParser",
        "banshi.api.parsers.MultiPartParser",
    ],
    # Every error answers JSON, Django's refusals of a request body included.
    "EXCEPTION_HANDLER": "banshi.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Banshi API",
    "DESCRIPTION": "办实事 — grassroots governance platform API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # A text field that refuses "" says so (minLength 1), as its validation does.
    "ENFORCE_NON_BLANK_FIELDS": True,
    # The error answers of every endpoint (banshi/api/schema.py), after the enum hook.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "banshi.api.schema.add_error_responses",
    ],
}

# Background work (Django's tasks API through django-tasks, stored in the database so it runs
# on SQLite and PostgreSQL alike); `banshi worker` runs it. Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": BANSHI_TASKS_BACKEND,
    }
}

# Logs go to standard output as JSON lines, each with the request id (BANSHI_LOG_FORMAT=text
# for plain lines); one `banshi.request` line per request at INFO.
LOGGING = logging_config(
    fmt=os.environ.get("BANSHI_LOG_FORMAT", "json"),
    level=os.environ.get("LOG_LEVEL", "WARNING"),
)
