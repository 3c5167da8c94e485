"""ATTT settings: one module, every setting from the environment (ATTT_*), safe demo defaults.

Production sets ATTT_PRODUCTION=1, ATTT_SECRET_KEY, ATTT_ALLOWED_HOSTS, DATABASE_URL and
ATTT_REDIS_URL. The embedded default keeps everything under ATTT_DATA_DIR (SQLite, files, the
Huey queue) and generates its secret key there at first start.
"""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"ATTT_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("TESTING")
PRODUCTION = env_bool("PRODUCTION")
DEBUG = env_bool("DEBUG", default=False)

if TESTING and not env("DATA_DIR"):
    import tempfile

    DATA_DIR = Path(tempfile.mkdtemp(prefix="attt-test-"))
else:
    DATA_DIR = Path(env("DATA_DIR", str(Path.cwd() / ".attt"))).resolve()
    DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        # `attt serve` and `attt worker` refuse earlier with a one-line reason (attt.production).
        raise RuntimeError("ATTT_SECRET_KEY phải được đặt khi chạy production / must be set in production.")
    if TESTING:
        return "tests-only-" + secrets.token_urlsafe(32)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _audit_key() -> str:
    """The key of the audit chain's HMAC: never in the database (ATTT_AUDIT_KEY; a file in DATA_DIR
    for the embedded default; required in production)."""
    key = env("AUDIT_KEY")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("ATTT_AUDIT_KEY must be set in production.")
    if TESTING:
        return "tests-only-audit-" + secrets.token_urlsafe(32)
    path = DATA_DIR / "audit_key"
    try:  # created readable by the owner only, never briefly open to others; once
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    except FileExistsError:
        pass
    return path.read_text().strip()


ATTT_AUDIT_KEY = _audit_key()
ATTT_AUDIT_CHECKPOINT_DIR = Path(env("AUDIT_CHECKPOINT_DIR", str(DATA_DIR / "audit-checkpoints")))
ATTT_AUDIT_CHECKPOINT_EMAIL = env_list("AUDIT_CHECKPOINT_EMAIL")
# Reverse proxies in front of the web server that append to X-Forwarded-For (0: use REMOTE_ADDR).
ATTT_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "huey.contrib.djhuey",
    "django_htmx",
    "bootstrap",
    "attt.core",
    "attt.orgs",
    "attt.regimes",
    "attt.systems",
    "attt.directives",
    "attt.obligations",
    "attt.incidents",
    "attt.preparedness",
    "attt.reporting",
    "attt.vulns",
    "attt.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "attt.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "attt.core.headers.NoStoreMiddleware",
    "attt.core.headers.ApiErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "attt.core.middleware.RequestContextMiddleware",
    "attt.orgs.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "attt.urls"
WSGI_APPLICATION = "attt.wsgi.application"
ASGI_APPLICATION = "attt.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "attt.core.context_processors.shell",
            ],
        },
    }
]

# Database: DATABASE_URL (PostgreSQL in production), else SQLite in ATTT_DATA_DIR.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    DATABASES["default"].setdefault("TEST", {})
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "attt.sqlite3",
            # WAL: readers never wait for the writer. IMMEDIATE: a transaction takes the write lock
            # when it begins, so it waits (busy timeout, seconds) instead of failing half-way.
            # Imports parse their files before their write transaction, which stays short.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": float(env("SQLITE_TIMEOUT", "20")),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"] + PASSWORD_HASHERS
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: accounts are created by administrators, never by self sign-up.
ACCOUNT_ADAPTER = "attt.orgs.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Per account (key) tight, per real client address loose enough for an office behind one NAT.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/5m/ip,5/5m/key",
    "login": "60/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
MFA_ADAPTER = "attt.orgs.adapters.MFAAdapter"
MFA_FORMS = {"activate_totp": "attt.orgs.forms.ActivateTOTPForm"}  # keeps the pending TOTP secret across GETs
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ATTT"
# A code of the 30-second step before or after the server's is accepted (RFC 6238 §5.2: phones'
# clocks drift, and a code typed as its step ends reaches the server in the next); a code is still
# accepted only once.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10

# Internationalisation: Vietnamese first, English second; dates dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Our catalogues first; then Vietnamese for django-allauth, which ships none.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth"]
TIME_ZONE = env("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["attt.formats"]
LANGUAGE_COOKIE_NAME = "attt_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
# The project's own assets (attt/app.css, attt/app.js) live in src/attt/static, which is no app's
# static directory: the finders (collectstatic, and WhiteNoise in the demo) look there by name.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: files go through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: a hard ceiling; each feature checks its own smaller limit and the content type.
ATTT_UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# Vulnerability scans and SOC intake (attt.vulns): largest scan file, the window in which an alert or a
# heartbeat counts a system as "under SOC", and the province's file of deadlines to fix (default: vulns/data/sla.yaml).
ATTT_SCAN_MAX_BYTES = int(env("SCAN_MAX_BYTES", str(512 * 1024 * 1024)))
ATTT_SOC_WINDOW_DAYS = int(env("SOC_WINDOW_DAYS", "7"))
ATTT_VULNS_SLA_FILE = env("VULNS_SLA_FILE", "") or ""
# ZIP containers (OOXML, ODF, .zip) are refused before parsing beyond these caps (decompression bombs).
ATTT_UPLOAD_ZIP_MAX_MEMBERS = int(env("UPLOAD_ZIP_MAX_MEMBERS", "2000"))
ATTT_UPLOAD_ZIP_MAX_MEMBER_BYTES = int(env("UPLOAD_ZIP_MAX_MEMBER_BYTES", str(50 * 1024 * 1024)))
ATTT_UPLOAD_ZIP_MAX_TOTAL_BYTES = int(env("UPLOAD_ZIP_MAX_TOTAL_BYTES", str(100 * 1024 * 1024)))
ATTT_UPLOAD_ZIP_MAX_RATIO = int(env("UPLOAD_ZIP_MAX_RATIO", "100"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Directives: an overdue unit is reminded again every N days (ATTT_DIRECTIVE_OVERDUE_REPEAT_DAYS).
DIRECTIVE_OVERDUE_REPEAT_DAYS = int(env("DIRECTIVE_OVERDUE_REPEAT_DAYS", "7"))

# Processes started by `attt serve` in production (gunicorn workers; Huey consumers unless
# --no-worker) and by `attt worker`. See docs/operations.md.
WEB_WORKERS = int(env("WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
WEB_TIMEOUT = int(env("WEB_TIMEOUT", "120"))
WORKER_CONSUMERS = int(env("WORKER_CONSUMERS", "2"))
# Exactly one consumer process may schedule the periodic jobs (daily reminders would otherwise be
# sent once per process): ATTT_WORKER_PERIODIC=0 on every other worker machine.
WORKER_PERIODIC = env_bool("WORKER_PERIODIC", True)

# PDF conversion (LibreOffice, in the worker only): the longest one may run, in seconds. The province
# report at 1,200 units (about 28,000 annex rows) needs minutes; see docs/operations.md.
ATTT_PDF_TIMEOUT = float(env("PDF_TIMEOUT", "900"))

# Background work: Huey on SQLite in ATTT_DATA_DIR, on Redis when ATTT_REDIS_URL is set.
if TESTING:
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "attt", "immediate": True}
elif env("REDIS_URL"):
    HUEY = {"huey_class": "huey.RedisHuey", "name": "attt", "url": env("REDIS_URL"), "immediate": False}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "attt",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
    }

# A cache shared by every process (rate limits, used TOTP codes, throttles): Redis in production,
# files in ATTT_DATA_DIR for the embedded default, memory in tests.
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(DATA_DIR / "cache")}}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "attt@localhost")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "attt.core.pagination.ApiPagination"  # bounded limit/offset, JSON 422 otherwise

# Security headers; production turns on the secure transport settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
# Sessions are read from the shared cache and written through to the database: one query less on
# every page. A user deactivated or whose password changed is still refused at the next request
# (the user row and its session hash are checked on every request, not cached).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False  # htmx reads it from the page's meta tag, not the cookie
ATTT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
if PRODUCTION:
    DEBUG = False
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "attt.core.logs.StderrHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Where the shared seeds live when the repository sits beside `shared/` (tests, demo).
ATTT_SHARED_DIR = Path(env("SHARED_DIR", str(BASE_DIR.parent.parent.parent / "shared")))
