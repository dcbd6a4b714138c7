"""One settings module, read from the environment (healthchecks-style).

Defaults give a local demo on SQLite with an in-memory channel layer. A deployment sets
``DEBUG=False`` (the default), ``SECRET_KEY`` (or ``SECRET_KEY_FILE``), ``ALLOWED_HOSTS``,
``DATABASE_URL`` and ``REDIS_URL``. See docs/operating.md.
"""

import os
import secrets
import sys
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str:
    """A secret from NAME or from the file named by NAME_FILE (Docker/systemd secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name, "")


def local_secret_key() -> str:
    """Generate once and keep outside the repository, so a clone never ships a key."""
    config_home = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    path = config_home / "alliance87" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
# Under pytest, static files are served from the apps' folders (no collectstatic needed).
TESTING = env_bool("TESTING", "pytest" in sys.modules)
# DEMO turns on the local demonstration: demo sign-ins are created and printed. Never in production.
DEMO = env_bool("DEMO", False)
SECRET_KEY = env_secret("SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_ROOT = env_str("SITE_ROOT", "http://127.0.0.1:8000")
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "alliance87.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_countries",
    "template_partials",
    "ninja",
    "alliance87.accounts",
    "alliance87.network",
    "alliance87.pathfinders",
    "alliance87.events",
    "alliance87.artwork",
    "alliance87.search",
    "alliance87.pages",
    "alliance87.engagement",
    "alliance87.commitments",
    "alliance87.exchange",
    "alliance87.indicators",
    "alliance87.stocktake",
]

MIDDLEWARE = [
    # Before the page cache: an unprefixed page opens in the reader's language (first_language.py).
    "alliance87.first_language.FirstLanguageMiddleware",
    # Outermost, so what it keeps carries every header the others add (security headers included).
    "alliance87.pagecache.PublicPageCacheMiddleware",
    # CSP, Permissions-Policy, no-store for the signed-in (security_headers.py).
    "alliance87.security_headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view: no NUL and no oversized value in any text a request brings (text_input.py).
    "alliance87.text_input.RefuseBadTextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alliance87.accounts.middleware.RequireSecretariatTwoFactorMiddleware",
    "alliance87.accounts.middleware.RememberLanguageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "alliance87.urls"
ASGI_APPLICATION = "alliance87.asgi.application"
WSGI_APPLICATION = "alliance87.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "alliance87" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alliance87.context_processors.site",
            ],
            "builtins": [
                "alliance87.icons",
                "alliance87.bidi",
                "alliance87.date_tags",
                "alliance87.translations",
                "django.templatetags.i18n",
                "template_partials.templatetags.partials",
            ],
        },
    },
]

# Databases: SQLite in WAL mode by default, PostgreSQL when DATABASE_URL is set.
if env_str("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "alliance87.db.sqlite3",  # Django's, with writers taking turns (db/sqlite3/base.py)
            "NAME": env_str("SQLITE_PATH", str(DATA_DIR / "alliance87.sqlite3")),
            # Kept open between requests, as for PostgreSQL: opening one (and its PRAGMAs) costs more
            # than a small request's queries.
            "CONN_MAX_AGE": 60,
            # Tests: in memory, one database per test process (named so, pytest-xdist leaves it alone).
            "TEST": {"NAME": ":memory:"},
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and channel layer: in-process by default, Redis when REDIS_URL is set (several processes).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and TESTING and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # `make test` runs the suite in two processes (pytest-xdist): each takes the next Redis database
    # (gw0: the URL's, gw1: the one after), since every test empties the cache (FLUSHDB), the other's too.
    from urllib.parse import urlsplit, urlunsplit

    _url = urlsplit(REDIS_URL)
    _database = int(_url.path.strip("/") or 0) + int(os.environ["PYTEST_XDIST_WORKER"][2:])
    REDIS_URL = urlunsplit(_url._replace(path=f"/{_database}"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # socket_timeout=None: redis-py 8 times out idle reads after 5 s, which breaks every channels_redis
    # receive on a quiet channel (django/channels_redis#422).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": None}]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a87"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Anonymous public pages are cached whole, and invalidated by any write to the data they show.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)
# A stale public page's new copy is rendered in a process beside the server's (page_render_process.py), so the
# server only sends copies. Off in the tests: their database lives in the test process's memory.
PUBLIC_PAGE_RENDER_PROCESS = env_bool("PUBLIC_PAGE_RENDER_PROCESS", not TESTING)
# An event's PDFs are built again this long after a change, in the background (events/prebuild.py); 0: off.
EVENT_PDF_PREBUILD_SECONDS = env_int("EVENT_PDF_PREBUILD_SECONDS", 3)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
if TESTING:
    # Django's advice for a test suite: a fast hasher. Its PBKDF2 costs about 0.25 s a password here, and
    # most tests make a user or two and sign them in (half the suite's time went to it). Served sites keep
    # Django's default (alliance87/accounts/tests/test_accounts.py holds them to it).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Mandatory, so that sign-up answers alike whether or not the address has an account: an existing
# address is sent a "you already have an account" mail, a new one its confirmation link, and the page
# says the same to both (allauth cannot hide it with optional verification).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_ADAPTER = "alliance87.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
# Sign-in throttling, counted in the cache: failures per network address, and per account *and* address
# (the adapter puts the address in the key), so a stranger's failures elsewhere never lock the owner out.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,5/5m/key", "login": "30/m/ip"}
ACCOUNT_SIGNUP_OPEN = env_bool("SIGNUP_OPEN", True)
# A bearer token of a secretariat account works this many days after it was made (accounts/twofactor.py).
SECRETARIAT_TOKEN_DAYS = env_int("SECRETARIAT_TOKEN_DAYS", 30)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Alliance 8.7"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish")), ("ar", _("Arabic"))]
LANGUAGE_NAMES_NATIVE = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
# The language chosen with the header's links or last read in (first_language.py): kept a year on the device.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "alliance87" / "locale"]
TIME_ZONE = "UTC"
# Dates and times in one unambiguous style per language (alliance87/formats/, alliance87/dates.py).
FORMAT_MODULE_PATH = "alliance87.formats"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise looks here even before the first collectstatic
STATICFILES_DIRS = [BASE_DIR / "alliance87" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where the contact page sends people (empty: the page says how to reach the secretariat through the ILO).
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Alliance 8.7 <noreply@localhost>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Security: on by default; a plain-HTTP local run opts out with SECURE_COOKIES=False.
SECURE = env_bool("SECURE_COOKIES", not (DEBUG or DEMO or TESTING))
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_in_one_line": {"()": "alliance87.log_filters.RefusalsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals_in_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

DIRECTORY_PAGE_SIZE = 24
# A user-assigned ISO 3166 code for the invented country of the demo: never a real country.
EXAMPLE_COUNTRY_CODE = "XE"
COUNTRIES_OVERRIDE = {EXAMPLE_COUNTRY_CODE: _("Exampleland (example country)")}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20_000_000)  # roadmap documents, report evidence
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000_000
# The longest single text value any form, API call or socket takes (a long report answer is far less).
TEXT_INPUT_MAX_CHARS = env_int("TEXT_INPUT_MAX_CHARS", 200_000)
