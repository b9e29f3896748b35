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
ALLOWED_HOSTS = [h.strip() for h in (env("REFWATCH_ALLOWED_HOSTS") or "localhost,127.0.0.1,[::1]").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "refwatch.accounts",
    "refwatch.audit",
    "refwatch.records",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(HOME / "refwatch.sqlite3"),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
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
STATIC_ROOT = HOME / "static"

SESSION_COOKIE_AGE = int(env("REFWATCH_SESSION_SECONDS") or 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
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

REFWATCH = {
    "SMALL_CELL_THRESHOLD": int(env("REFWATCH_SMALL_CELL") or 5),
}
