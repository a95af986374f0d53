"""Settings for the mentoring portal, all read from the environment.

With no DATABASE_URL the portal uses an embedded PostgreSQL under var/, started by
the first connection (apps/core/embedded_db/); set DATABASE_URL
(postgres://user:pass@host:5432/name) for a real server.
With DEBUG off a SECRET_KEY of its own must be set (the development key is refused), and SITE_URL,
the portal's public address that QR codes and e-mailed links carry.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment wins

DEBUG = env.bool("DEBUG", default=False)
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-change-me-in-production"
SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "SECRET_KEY не задан: с DEBUG=false портал не запускается с ключом для разработки. "
        "Задайте SECRET_KEY в окружении или в файле .env "
        "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), "
        "а для разработки на своей машине — DEBUG=true."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute address of the portal, used in e-mails, QR codes and embed snippets. A signed order keeps the
# address in its QR code for ever, so production must name its own; in development a page's links and
# QR codes use the address it was requested at (apps/core/site.py), SITE_URL only where there is no request.
SITE_URL = env("SITE_URL", default="").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL не задан: с DEBUG=false портал не запускается без своего адреса — по нему строятся "
            "QR-коды подписанных приказов и ссылки в письмах. Задайте SITE_URL в окружении или в файле .env "
            "(например, SITE_URL=https://nastavnik.example.ru), а для разработки на своей машине — DEBUG=true."
        )
    SITE_URL = "http://127.0.0.1:8000"
elif not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL должен начинаться с http:// или https://, а задан {SITE_URL!r}.")

INSTALLED_APPS = [
    "apps.portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",  # before apps.accounts, whose admin replaces the device admin
    "csp",
    "django_tasks",
    "django_tasks_db",
    "apps.core",
    "apps.accounts",
    "apps.schools",
    "apps.catalogues",
    "apps.consents",
    "apps.jobs",
    "apps.mentors",
    "apps.mentees",
    "apps.pairs",
    "apps.matching",
    "apps.programmes",
    "apps.roadmap",
    "apps.surveys",
    "apps.documents",
    "apps.events",
    "apps.monitoring",
    "apps.practices",
    "apps.banks",
    "apps.municipal",
    "apps.public",
    "apps.privacy",
    "apps.district",
    "apps.network",
    "apps.demo",
    "apps.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.public.middleware.PublishedPagesMiddleware",  # a published public page from the cache or 304, nothing else run
    "apps.core.middleware.PrivateResponsesMiddleware",  # «no-store» on everything but the public section
    "apps.core.middleware.UndecodableRequestMiddleware",  # our 400 page before the CSRF check reads the body
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.middleware.OTPRequiredMiddleware",  # a user with a code device passes the second step first
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made a change, for the audit trail
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.accounts.middleware.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "mentoring_portal.urls"
WSGI_APPLICATION = "mentoring_portal.wsgi.application"

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
            ],
        },
    },
]

if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:  # described here, started by the first connection
    from apps.core.embedded_db import database_settings

    DATABASES = {"default": database_settings(env.path("EMBEDDED_DB_DIR", default=BASE_DIR / "var" / "pgdata"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "apps.accounts.backends.LoginThrottleBackend",  # refuses a locked-out login before the password is checked
    "django.contrib.auth.backends.ModelBackend",
    "apps.accounts.backends.EmailLoginBackend",  # the e-mail instead of the login name
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Set-password links (apps/accounts/tokens.py): an invitation and a printed code live 7 days,
# a «Забыли пароль?» link 1 day; both stop working once the password is set.
PASSWORD_RESET_TIMEOUT = env.int("INVITATION_TIMEOUT_DAYS", default=7) * 24 * 60 * 60
PASSWORD_RESET_LINK_TIMEOUT = env.int("PASSWORD_RESET_LINK_HOURS", default=24) * 60 * 60
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    # Django's 20 000 common passwords and Russian ones (йцукенгшщз, пароль123…): apps/accounts/passwords.py.
    {"NAME": "apps.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
# One language, so no LocaleMiddleware: it only added «Vary: Accept-Language», and a proxy in front of the
# public section kept a copy of each page per browser language.
# The portal's corrections to Django's Russian come first (locale/ru/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploads go through Django's storage API only (every download is a view that checks who asks, then streams
# the file), so several app servers share them by pointing at one store: an S3-compatible bucket when
# AWS_STORAGE_BUCKET_NAME is set (Yandex Object Storage, VK Cloud, MinIO…), the local MEDIA_ROOT otherwise.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env("AWS_LOCATION", default="media"),
            # Private objects: the portal reads them and serves them to whoever may see them.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE", default="whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# One cache per process is enough: public pages are keyed by a version read from the database,
# so a change made through any process or server makes every copy stale. CACHE_URL=redis://host:6379/0
# (Redis or Valkey, Django's own RedisCache) shares one cache between servers: fewer pages built twice,
# and the limits on login codes per address count across servers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://public-pages")}
# Sessions (and, with them, logins) live in PostgreSQL, never in a process's memory or a local file:
# any server can take a user's next request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Наставничество <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs (apps/jobs): django-tasks with its database backend, the queue a table of our PostgreSQL;
# `manage.py worker` runs them. The worker itself runs JOBS_DAILY every day at JOBS_DAILY_AT (local time).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOBS_DAILY_AT = env("JOBS_DAILY_AT", default="08:00")
JOBS_DAILY = ["apps.pairs.services.stale_reminders_send", "apps.surveys.services.satisfaction_reminders_send"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Security: safe by default whenever DEBUG is off; each switch can be overridden.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # a working day at most
# Staff often work on shared school computers: closing the browser ends the session.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: forms (htmx ones too) send the token from {% csrf_token %}.
CSRF_COOKIE_HTTPONLY = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Features no page of the portal uses, switched off for every page and frame.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Content Security Policy for every page but the public section, which sends its own (framed by the
# school's website). No inline scripts; inline styles stay for the Django admin and its widgets.
# Pictures may be data: URIs (Bootstrap's icons, the QR code of the second factor).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Failed logins (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one address,
# that pair is locked for AXES_COOLOFF_MINUTES. The same for user names that do not exist, so the
# lockout tells nothing about who has an account. The address alone (password spraying: many names
# from one address) is held after LOGIN_ADDRESS_FAILURE_LIMIT failures within
# LOGIN_ADDRESS_WINDOW_MINUTES, for minutes only (a school's computers often share one address):
# apps/accounts/throttle.py. Attempts refused during a lock are not counted, so a lock ends on time.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "apps.accounts.throttle.LoginThrottleHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one row per failure: what the address's window counts
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
LOGIN_ADDRESS_WINDOW_MINUTES = env.int("LOGIN_ADDRESS_WINDOW_MINUTES", default=10)
AXES_LOCKOUT_CALLABLE = "apps.accounts.backends.lockout_response"
AXES_CLIENT_IP_CALLABLE = "apps.accounts.backends.client_ip"
# Behind a reverse proxy: how many proxies append to X-Forwarded-For. 0 — the header is ignored
# (anyone could write it), and the address of the connection counts.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Second factor (django-otp, TOTP): optional for staff, asked for after the password once turned on.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Наставничество педагогов")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Where people report a security problem (README, «Безопасность»); empty — write to the maintainers.
SECURITY_CONTACT = env("SECURITY_CONTACT", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
