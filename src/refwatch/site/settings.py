"""The one settings module, driven by environment variables.

Every setting a user can change is listed in README.md ("Configuration") and
docs/operations.md. Secrets can come from ``NAME_FILE`` instead of ``NAME``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url


def env(name: str, default: str | None = None) -> str | None:
    """An environment value, or the content of the file named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


HOME = Path(env("REFWATCH_HOME") or Path.home() / ".refwatch").expanduser().resolve()
KEY_FILE = Path(env("REFWATCH_KEY_FILE") or HOME / "keys.json").expanduser()
PRODUCTION = env_bool("REFWATCH_PRODUCTION")
DEBUG = env_bool("REFWATCH_DEBUG") and not PRODUCTION


def _secret_key() -> str:
    configured = env("REFWATCH_SECRET_KEY")
    if configured:
        return configured
    secret_file = HOME / "secret_key"
    if secret_file.exists():
        return secret_file.read_text(encoding="utf-8").strip()
    if PRODUCTION:
        raise RuntimeError(
            "REFWATCH_SECRET_KEY (or REFWATCH_SECRET_KEY_FILE) must be set in production, "
            "or run `refwatch init` to create HOME/secret_key"
        )
    # Not yet initialised: a per-process key is harmless (nothing signed survives).
    import secrets

    return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in (env("REFWATCH_ALLOWED_HOSTS") or "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "refwatch.accounts",
    "refwatch.audit",
    "refwatch.records",
    "refwatch.jobs",
    "refwatch.api",
    "refwatch.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "refwatch.site.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "refwatch.accounts.middleware.SessionActivityMiddleware",
]

ROOT_URLCONF = "refwatch.site.urls"
WSGI_APPLICATION = "refwatch.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = env("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(HOME / "refwatch.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                # The web server, its worker thread and the CLI write to one file:
                # wait for the lock instead of failing, and take it when a
                # transaction starts so two writers never deadlock on an upgrade.
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
            },
            # Keep each server thread's connection between requests: opening one and
            # re-running the PRAGMAs cost more than many of the queries a page makes.
            "CONN_MAX_AGE": 600,
        }
    }
_test_db = env("REFWATCH_TEST_DATABASE_NAME")
if _test_db:
    DATABASES["default"]["TEST"] = {"NAME": _test_db}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "한국어")]
TIME_ZONE = env("REFWATCH_TIME_ZONE") or "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]

STATIC_URL = "/static/"
# Static files are served from the installed package by WhiteNoise (no
# collectstatic needed). REFWATCH_STATIC_ROOT is only for operators who collect
# them for a front web server.
_static_root = env("REFWATCH_STATIC_ROOT")
STATIC_ROOT = Path(_static_root) if _static_root else None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = int(env("REFWATCH_SESSION_SECONDS") or 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (refwatch.site.csp): no inline scripts or styles, no
# third-party origin. Views that need more call refwatch.site.csp.csp_update.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# Accounts: two-factor authentication, login throttling, re-authentication.
REFWATCH_ACCOUNTS = {
    # Every account must enrol a TOTP authenticator before it gets a session.
    "REQUIRE_2FA": env_bool("REFWATCH_REQUIRE_2FA", True),
    # Failed logins (password or code) allowed per username, and per address,
    # within the window before further attempts are refused.
    "LOGIN_MAX_FAILURES": int(env("REFWATCH_LOGIN_MAX_FAILURES") or 5),
    "LOGIN_MAX_FAILURES_PER_ADDRESS": int(env("REFWATCH_LOGIN_MAX_FAILURES_PER_ADDRESS") or 20),
    "LOGIN_WINDOW_SECONDS": int(env("REFWATCH_LOGIN_WINDOW_SECONDS") or 900),
    # Exports and role changes need a password (and code) entered this recently.
    "REAUTH_SECONDS": int(env("REFWATCH_REAUTH_SECONDS") or 300),
    # A session unused this long ends even if SESSION_COOKIE_AGE has not run out.
    "IDLE_SECONDS": int(env("REFWATCH_IDLE_SECONDS") or 3600),
    # Between the password and the code.
    "PENDING_SECONDS": 300,
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("REFWATCH_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("REFWATCH_HSTS_SECONDS") or 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Identities never reach logs: the refwatch loggers carry ids, never values.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "refwatch": {"handlers": ["console"], "level": env("REFWATCH_LOG_LEVEL") or "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Uploads stay in memory (never a clear-text temporary file) up to this size.
REFWATCH_MAX_UPLOAD_BYTES = int(env("REFWATCH_MAX_UPLOAD_BYTES") or 64 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = REFWATCH_MAX_UPLOAD_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = REFWATCH_MAX_UPLOAD_BYTES + 1024 * 1024

REFWATCH = {
    "SMALL_CELL_THRESHOLD": int(env("REFWATCH_SMALL_CELL") or 5),
}
