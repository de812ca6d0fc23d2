"""Settings, all read from the environment (see `.env.example`).

Defaults give the embedded demo: SQLite in WAL mode under `var/`, debug off unless asked,
a demo secret that production mode refuses.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor as WhitenoiseCompressor

from danvan.core.db import ENGINES as DB_ENGINES

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"


def env_str(name: str, default: str = "") -> str:
    """An environment variable; an empty value counts as unset, as in `.env.example`."""
    return os.environ.get(name) or default


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} phải là số nguyên, không phải {raw!r}.") from exc


VAR_DIR = Path(env_str("DANVAN_VAR_DIR", str(BASE_DIR / "var")))
# matplotlib (report charts) keeps its font cache here instead of the service user's home.
os.environ.setdefault("MPLCONFIGDIR", str(VAR_DIR / "cache" / "matplotlib"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEMO_SECRET_KEY = "danvan-demo-secret-key-do-not-use-in-production-0123456789"
SECRET_KEY = env_str("DANVAN_SECRET_KEY", DEMO_SECRET_KEY)
DEBUG = env_bool("DANVAN_DEBUG", False)
PRODUCTION = env_bool("DANVAN_PRODUCTION", False)

if PRODUCTION and (SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured(
        "DANVAN_PRODUCTION=1 cần DANVAN_SECRET_KEY: chuỗi bí mật ngẫu nhiên ít nhất 40 ký tự, "
        "không phải khóa của bản demo."
    )
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DANVAN_DEBUG phải tắt khi DANVAN_PRODUCTION=1.")

ALLOWED_HOSTS = env_list("DANVAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DANVAN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs page with its own static files, never from a CDN
    "django_tasks",
    "django_tasks_db",
    # The Redis queue (DANVAN_TASKS=redis). Neither touches Redis at import or check time, so they
    # are always installed and switching queues never needs a migration.
    "django_rq",
    "django_tasks_rq",
    "danvan.core",
    "danvan.petitions",
    "danvan.reception",
    "danvan.dialogues",
    "danvan.portal",
    "danvan.monitoring",
    "danvan.coordination",
    "danvan.practices",
    "danvan.conferences",
    "danvan.campaigns",
    "danvan.reports",
    "danvan.consultations",
    "danvan.democracy",
    "danvan.boards",
    "danvan.mediation",
    "danvan.projects",
    "danvan.oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danvan.core.middleware.ApiErrorFormatMiddleware",
    # Outside the session and auth middleware, so their database faults are answered too.
    "danvan.core.middleware.DatabaseFaultMiddleware",
    "danvan.core.middleware.RejectNulCharactersMiddleware",
    "danvan.core.middleware.ScopeTokenMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "danvan.config.urls"
# Django's form renderer with selects and inputs rendered in Python (same HTML, a fraction of the
# time): danvan/core/forms/renderer.py.
FORM_RENDERER = "danvan.core.forms.renderer.FastRenderer"
WSGI_APPLICATION = "danvan.config.wsgi.application"

_FIELD_TEMPLATES = "danvan.core.forms.field_templates"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's cached loader over the project's and the apps' templates; the few small
            # templates included dozens of times a page are written by Python functions that
            # the tests compare with the files (danvan/core/template_python.py).
            "loaders": [
                (
                    "danvan.core.template_python.Loader",
                    {
                        "petitions/_field.html": f"{_FIELD_TEMPLATES}.petitions_field",
                        "petitions/_form_body.html": f"{_FIELD_TEMPLATES}.petitions_form_body",
                        "reception/_field.html": f"{_FIELD_TEMPLATES}.reception_field",
                        "petitions/_list_row.html": "danvan.petitions.rows.list_row",
                        "core/_board_row.html": "danvan.core.board_rows.board_row",
                        "reception/_entry_row.html": "danvan.reception.rows.entry_row",
                        "core/tasks/_row.html": "danvan.core.task_rows.task_row",
                    },
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "danvan.core.context_processors.shell",
            ],
            # `{% url %}` and `|date` that return the same as Django's, cheaper (kept reverses,
            # usual date formats written directly): danvan/core/templatetags/builtins_fast.py.
            "builtins": ["danvan.core.templatetags.builtins_fast"],
            # `{% load i18n %}` loads Django's library with `{% translate "literal" %}` kept per
            # language (danvan/core/templatetags/i18n_kept.py).
            "libraries": {"i18n": "danvan.core.templatetags.i18n_kept"},
        },
    }
]
# Django warns (templates.W003) when a library name has two modules, as "i18n" has on purpose
# here. tests/core/test_i18n_kept.py runs the same check without this override, so another
# name given twice still fails the tests.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]

# --- Database -------------------------------------------------------------------------------
DEFAULT_SQLITE_PATH = VAR_DIR / "danvan.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock when a
    # transaction opens, so two writers queue (busy timeout) instead of failing mid-way.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    if _db.get("TEST") is None:
        _db["TEST"] = {}
else:
    _db["CONN_MAX_AGE"] = env_int("DANVAN_DB_CONN_MAX_AGE", 60)
    _db["CONN_HEALTH_CHECKS"] = True
    if "postgresql" in _db["ENGINE"]:
        # PostgreSQL's JIT compiles the plans it estimates as costly: worth it for long
        # analytical queries, not for a page's. At 1 M petitions it spent 0.46 s of the 1.29 s
        # of the dashboard's trends query compiling. Off per connection, unless the URL's own
        # `options` say otherwise (`?options=-c%20jit%3Don`).
        _opts = _db.setdefault("OPTIONS", {})
        _pg_options = str(_opts.get("options", ""))
        if "jit" not in _pg_options:
            _pg_options = f"{_pg_options} -c jit=off".strip()
        # The planner's cost of a random page read: PostgreSQL's default (4) is for spinning
        # disks; on SSD or a database held in memory 1.1 is the usual value (as in
        # deploy/postgresql.conf.example). With 4, a list page's 30 rows were joined to their
        # organisations by hashing all 3,452 of them (1.9 ms) instead of 30 index lookups
        # (0.6 ms). Set per connection, so a server left at its defaults plans the same; the
        # URL's own `options` win.
        if "random_page_cost" not in _pg_options:
            _pg_options = f"{_pg_options} -c random_page_cost=1.1"
        _opts["options"] = _pg_options
        # Prepared statements: parameters bound by the server (psycopg's Cursor instead of
        # Django's default ClientCursor, which writes the values into the SQL text), and a
        # statement prepared on a connection from its second run. PostgreSQL then parses it
        # once per connection and may keep a generic plan: on the load test's pages that saved
        # 2-5 ms of PostgreSQL's CPU per page (docs/performance.md). Off with
        # DANVAN_DB_PREPARED=0, e.g. behind a pooler in transaction mode that does not keep
        # prepared statements (PgBouncer before 1.21).
        if env_bool("DANVAN_DB_PREPARED", True):
            _opts.setdefault("server_side_binding", True)
            _opts.setdefault("prepare_threshold", 2)
# Django's backend plus the audit buffer (chains audit events right before COMMIT).
_db["ENGINE"] = DB_ENGINES.get(_db["ENGINE"], _db["ENGINE"])
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
# Django's ModelBackend with the signed-in user read by a fixed statement at each request.
AUTHENTICATION_BACKENDS = ["danvan.core.auth_backends.ModelBackend"]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
# Argon2id first (danvan/core/hashers.py: 32 ms of CPU a sign-in instead of PBKDF2's 390 ms);
# the others verify hashes made before, which are rewritten with Argon2id at the next sign-in
# (no second "argon2" hasher here: Django picks a hash's verifier by that name).
PASSWORD_HASHERS = [
    "danvan.core.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins allowed per username and per client address within the window.
DANVAN_LOGIN_MAX_FAILURES = env_int("DANVAN_LOGIN_MAX_FAILURES", 5)
DANVAN_LOGIN_WINDOW_SECONDS = env_int("DANVAN_LOGIN_WINDOW_SECONDS", 900)
DANVAN_API_TOKEN_DAYS = env_int("DANVAN_API_TOKEN_DAYS", 30)
# Per-user API rates ("N/s|min|hour|day"; empty = no limit): writes (register, transitions,
# identity grants) and identity reveals.
DANVAN_API_WRITE_RATE = env_str("DANVAN_API_WRITE_RATE", "120/min")
DANVAN_API_IDENTITY_RATE = env_str("DANVAN_API_IDENTITY_RATE", "30/hour")
# Citizen portal (no account): submissions and tracking-code lookups per client address.
DANVAN_PORTAL_SUBMIT_RATE = env_str("DANVAN_PORTAL_SUBMIT_RATE", "5/hour")
DANVAN_PORTAL_LOOKUP_RATE = env_str("DANVAN_PORTAL_LOOKUP_RATE", "60/hour")
for _rate_name in (
    "DANVAN_API_WRITE_RATE",
    "DANVAN_API_IDENTITY_RATE",
    "DANVAN_PORTAL_SUBMIT_RATE",
    "DANVAN_PORTAL_LOOKUP_RATE",
):
    _rate = globals()[_rate_name]
    if _rate.strip() and not re.fullmatch(
        r"\s*\d+\s*/\s*\d*\s*(s|sec|m|min|h|hour|d|day)\s*", _rate
    ):
        raise ImproperlyConfigured(
            f"{_rate_name}={_rate!r}: ghi dạng N/min, N/hour, N/day (ví dụ 120/min)."
        )
# Reverse proxies in front of danvan (nginx: 1) whose X-Forwarded-For is trusted for the client
# address that login throttling counts; 0 means use the socket address.
DANVAN_TRUSTED_PROXIES = env_int("DANVAN_TRUSTED_PROXIES", 0)

# Django's database sessions, read with a fixed statement instead of an ORM query per request.
SESSION_ENGINE = "danvan.core.sessions"
SESSION_COOKIE_AGE = env_int("DANVAN_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Secure cookies everywhere outside debug; the local demo over plain http may opt out.
# DANVAN_INSECURE_COOKIES is ignored in production mode.
_secure_default = not DEBUG and (PRODUCTION or not env_bool("DANVAN_INSECURE_COOKIES", False))
SESSION_COOKIE_SECURE = _secure_default
CSRF_COOKIE_SECURE = _secure_default
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DANVAN_HSTS_SECONDS", 31536000)
    SECURE_SSL_REDIRECT = env_bool("DANVAN_SSL_REDIRECT", True)

# --- Cache (login throttling) ---------------------------------------------------------------
FALLBACK_CACHE = "fallback"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "danvan_cache",
        # Room for the login throttle's records during a flood from many addresses.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
if env_str("DANVAN_REDIS_URL"):
    # While Redis is unreachable the database cache answers (danvan/core/cache.py): a Redis
    # outage must not stop sign-ins.
    CACHES[FALLBACK_CACHE] = CACHES["default"]
    CACHES["default"] = {
        "BACKEND": "danvan.core.cache.FallbackRedisCache",
        "LOCATION": os.environ["DANVAN_REDIS_URL"],
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }

# --- Language, time -------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("DANVAN_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# --- Static ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DANVAN_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Optional base map under the monitoring maps (empty: pure SVG maps, fully offline).
DANVAN_MAP_TILE_URL = env_str("DANVAN_MAP_TILE_URL", "")
DANVAN_MAP_TILE_ATTRIBUTION = env_str("DANVAN_MAP_TILE_ATTRIBUTION", "")
# Leaflet for that optional tile layer comes from PyPI (django-leaflet ships its static files;
# the app itself is not installed), served as /static/vendor/leaflet/.
_leaflet_spec = importlib.util.find_spec("leaflet")
if _leaflet_spec and _leaflet_spec.submodule_search_locations:
    _leaflet_dist = (
        Path(next(iter(_leaflet_spec.submodule_search_locations))) / "static" / "leaflet"
    )
    if _leaflet_dist.is_dir():
        STATICFILES_DIRS.append(("vendor/leaflet", _leaflet_dist))  # type: ignore[arg-type]
# Production: `collectstatic` writes content-hashed names (whitenoise and nginx serve them with
# a year of immutable caching) and their .gz/.br copies once; the demo keeps plain names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Source maps (ninja's API docs, Leaflet) are only fetched by developer tools: compressing them
# took most of collectstatic's time (74 s against 20 s measured here).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*WhitenoiseCompressor.SKIP_COMPRESS_EXTENSIONS, "map"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env_str("DANVAN_MEDIA_ROOT", str(VAR_DIR / "media")))

# --- E-mail (deadline reminders): the demo prints e-mails on the console ---------------------
EMAIL_BACKEND = env_str(
    "DANVAN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("DANVAN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DANVAN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DANVAN_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DANVAN_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DANVAN_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("DANVAN_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DANVAN_DEFAULT_FROM_EMAIL", "danvan <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
DANVAN_BASE_URL = env_str("DANVAN_BASE_URL", "")  # absolute links in e-mails
DANVAN_REMINDER_HOUR = env_int("DANVAN_REMINDER_HOUR", 7)

# --- Whistleblower vault (petitions.vault) --------------------------------------------------
# Keys, comma-separated: the first encrypts, all decrypt (rotation). Overrides the key file.
DANVAN_VAULT_KEY = env_str("DANVAN_VAULT_KEY")
# One key per line, same rule; the demo key file is created by `danvan install` (mode 0600).
DANVAN_VAULT_KEY_FILE = env_str(
    "DANVAN_VAULT_KEY_FILE", "" if PRODUCTION else str(VAR_DIR / "vault.key")
)

# --- Petition attachments --------------------------------------------------------------------
DANVAN_ATTACHMENT_MAX_MB = env_int("DANVAN_ATTACHMENT_MAX_MB", 20)
DANVAN_IMPORT_MAX_MB = env_int("DANVAN_IMPORT_MAX_MB", 50)  # an uploaded XLSX register
DANVAN_ATTACHMENT_MAX_FILES = env_int("DANVAN_ATTACHMENT_MAX_FILES", 10)

# --- Background tasks -----------------------------------------------------------------------
# The queue lives in the database by default (django-tasks-db: nothing else to run). With
# DANVAN_TASKS=redis it lives in Redis (django-tasks-rq at DANVAN_REDIS_URL), which workers on
# several machines share; `danvan worker` runs whichever is configured. DANVAN_TASKS_BACKEND (a
# dotted backend path) overrides both.
TASKS_DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
TASKS_REDIS_BACKEND = "django_tasks_rq.RQBackend"
DANVAN_TASKS = env_str("DANVAN_TASKS", "database").strip().lower()
if DANVAN_TASKS not in {"database", "redis"}:
    raise ImproperlyConfigured(
        f"DANVAN_TASKS={DANVAN_TASKS!r}: chọn 'database' (mặc định) hoặc 'redis'."
    )
_tasks_backend = env_str(
    "DANVAN_TASKS_BACKEND",
    TASKS_REDIS_BACKEND if DANVAN_TASKS == "redis" else TASKS_DATABASE_BACKEND,
)
TASKS = {"default": {"BACKEND": _tasks_backend, "QUEUES": ["default"]}}
# A task running longer than this (seconds) is stopped by the Redis worker and marked failed.
DANVAN_TASK_TIMEOUT = env_int("DANVAN_TASK_TIMEOUT", 3600)
if _tasks_backend == TASKS_REDIS_BACKEND and not env_str("DANVAN_REDIS_URL"):
    raise ImproperlyConfigured(
        "Hàng đợi việc nền trong Redis (DANVAN_TASKS=redis) cần DANVAN_REDIS_URL, "
        "ví dụ redis://127.0.0.1:6379/0."
    )

# --- Redis queue (django-rq, read only when TASKS uses django_tasks_rq.RQBackend) -------------
RQ_QUEUES = {
    "default": {
        "URL": env_str("DANVAN_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": DANVAN_TASK_TIMEOUT,
        # Results (status, return value, traceback) stay a week, for diagnosis (`danvan rqstats`).
        "DEFAULT_RESULT_TTL": 7 * 24 * 3600,
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DANVAN_LOG_LEVEL", "WARNING")},
}

DANVAN_PORT = env_int("DANVAN_PORT", 8000)
