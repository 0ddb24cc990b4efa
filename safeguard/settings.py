"""Django settings for Safeguard.

Every value that differs between machines comes from the environment through
``safeguard.env``; a missing required value stops start-up with its name.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from safeguard.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SAFEGUARD_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("SAFEGUARD_DEBUG", False)
# Demo mode relaxes the second factor so the synthetic demo logins work straight away.
# It is never on unless asked for, and `check --deploy` style checks warn about it.
DEMO_MODE = env_bool("SAFEGUARD_DEMO", False)
SECRET_KEY = env_str("SAFEGUARD_SECRET_KEY")
ALLOWED_HOSTS = env_list("SAFEGUARD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("SAFEGUARD_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SAFEGUARD_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "safeguard.core",
    "safeguard.partnership",
    "safeguard.audit",
    "safeguard.people",
    "safeguard.datawash",
    "safeguard.visits",
    "safeguard.missing",
    "safeguard.placements",
    "safeguard.intelligence",
    "safeguard.sharing",
    "safeguard.performance",
    "safeguard.workforce",
    "safeguard.governance",
    "safeguard.training",
    "safeguard.reviews",
    "safeguard.yearly_report",
    "safeguard.dataprotection",
    "safeguard.synth",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safeguard.core.middleware.IdleTimeoutMiddleware",
    "safeguard.core.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguard.urls"
WSGI_APPLICATION = "safeguard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safeguard" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "safeguard.core.context_processors.navigation",
            ],
            "builtins": ["safeguard.core.templatetags.sg"],
        },
    }
]

# Widget templates (the GOV.UK date input) live with the project templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'safeguard.sqlite3'}"),
        conn_max_age=env_int("SAFEGUARD_DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before each request reuses it, so a restarted PostgreSQL
        # costs one reconnect, not a 500 for every request on a stale connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partnership.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, refusing staff of a deactivated agency (sign-in and open sessions).
    "safeguard.partnership.backends.ActiveAgencyBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures: per username and address, so one attacker
# cannot lock every account from one place and one account cannot be guessed from many.
AXES_FAILURE_LIMIT = env_int("SAFEGUARD_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("SAFEGUARD_LOCKOUT_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And per account from every address together (safeguard.core.lockout), with a higher limit: a guesser
# spreading tries over many addresses is stopped, while locking someone out takes many tries.
SAFEGUARD_LOCKOUT_FAILURES_PER_ACCOUNT = env_int("SAFEGUARD_LOCKOUT_FAILURES_PER_ACCOUNT", 20)
# The same address the audit trail records: behind the proxy REMOTE_ADDR is the proxy's, and a
# lockout keyed on it would let anyone lock any account out from anywhere.
AXES_CLIENT_IP_CALLABLE = "safeguard.audit.services.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Where the phase banner's feedback link goes (outside demo mode): a mailto: or a form's address.
# Empty by default: a made-up address would swallow a user's feedback, so without one the banner has no link.
SAFEGUARD_FEEDBACK_URL = env_str("SAFEGUARD_FEEDBACK_URL", "").strip()

SESSION_IDLE_TIMEOUT_MINUTES = env_int("SAFEGUARD_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SAFEGUARD_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SAFEGUARD_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("SAFEGUARD_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("SAFEGUARD_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: GOV.UK Frontend's own boot code lives in a static file.
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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "safeguard" / "static", BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files (extracts, photos, papers) are private: never served by URL, only
# through views that check access and audit.
MEDIA_ROOT = VAR_DIR / "private"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
WHITENOISE_USE_FINDERS = DEBUG
SAFEGUARD_MAX_UPLOAD_MB = env_int("SAFEGUARD_MAX_UPLOAD_MB", 100)

TASKS = {
    "default": {
        "BACKEND": env_str("SAFEGUARD_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

DEFAULT_FROM_EMAIL = env_str("SAFEGUARD_FROM_EMAIL", "safeguard@example.org")
GOVUK_NOTIFY_API_KEY = env_str("SAFEGUARD_NOTIFY_API_KEY", "")

# Local rules that differ between partnerships are settings, not constants (see docs/domain).
SAFEGUARD_REPEAT_MISSING_EPISODES = env_int("SAFEGUARD_REPEAT_MISSING_EPISODES", 3)
SAFEGUARD_REPEAT_MISSING_DAYS = env_int("SAFEGUARD_REPEAT_MISSING_DAYS", 90)
SAFEGUARD_EXTRACT_RETENTION_DAYS = env_int("SAFEGUARD_EXTRACT_RETENTION_DAYS", 365)
# The scorecard's computed figures (months of episodes, interviews and notices counted) are kept in the shared
# cache this long, so a board looking at the same month does not count them again on every page; 0 switches it
# off. A figure can be this many seconds behind the records.
SAFEGUARD_FIGURE_CACHE_SECONDS = env_int("SAFEGUARD_FIGURE_CACHE_SECONDS", 120)
# Encrypts soft-intelligence content at rest; one or more comma-separated Fernet keys,
# the first used for new data (see safeguard/intelligence/crypto.py). A system check
# stops start-up without one.
SAFEGUARD_FIELD_KEY = env_str("SAFEGUARD_FIELD_KEY", "")
SAFEGUARD_MAX_PHOTO_MB = env_int("SAFEGUARD_MAX_PHOTO_MB", 10)
# One GOV.UK Notify template with ((subject)) and ((body)); the older RHI-only name still works.
SAFEGUARD_NOTIFY_TEMPLATE_ID = env_str("SAFEGUARD_NOTIFY_TEMPLATE_ID", env_str("SAFEGUARD_NOTIFY_RHI_TEMPLATE_ID", ""))
# Children's homes notify admissions and discharges "without delay": a local reading in working days.
SAFEGUARD_REG41_WORKING_DAYS = env_int("SAFEGUARD_REG41_WORKING_DAYS", 1)
# Set it on only behind a reverse proxy that appends the client's address to X-Forwarded-For.
# Off by default: without such a proxy that header is whatever the client sent, and believing it
# would let anyone dodge the sign-in lockout and sign-up limits and write false addresses in the audit.
SAFEGUARD_BEHIND_PROXY = env_bool("SAFEGUARD_BEHIND_PROXY", False)
# The public bulletin sign-up form sends email, so each network gets a few tries an hour.
SAFEGUARD_SIGN_UPS_PER_HOUR = env_int("SAFEGUARD_SIGN_UPS_PER_HOUR", 10)
# An approved saved linkage model for the data wash; empty means train on each run's data.
SAFEGUARD_WASH_MODEL_PATH = env_str("SAFEGUARD_WASH_MODEL_PATH", "")

# --- Single sign-on (issue 14, "Signing in"): OpenID Connect per agency through django-allauth ---
# Each agency's identity provider (issuer, client id, encrypted secret) is set by the partnership
# administrator on the agency's page (safeguard.signon.models.AgencySignOn), not here: a council,
# an NHS trust and a police force each bring their own tenant. allauth only runs the OIDC protocol;
# who may sign in is decided by safeguard.signon.adapters (existing accounts only, never sign-up).
INSTALLED_APPS += [
    "django_otp.plugins.otp_static",  # backup codes for the break-glass local sign-in
    "safeguard.signon",  # before allauth, so its GOV.UK templates replace allauth's
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware"),
    "allauth.account.middleware.AccountMiddleware",
)
ACCOUNT_ADAPTER = "safeguard.signon.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "safeguard.signon.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
# Linking by email is done by our adapter (verified, case-insensitive, same agency); allauth's own
# email authentication would also wipe the local password, which break-glass needs.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
# The redirect URI sent to a provider is built from the request; outside debugging it is always https.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("SAFEGUARD_SSO_TIMEOUT_SECONDS", 10)
# The login and callback URLs are mounted under /sign-in/sso/ by safeguard/urls.py.
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = ""
# `acr` values that mean the identity provider used multi-factor authentication (the `amr`
# values mfa/otp/hwk/swk always do); add your provider's own with this variable.
SAFEGUARD_SSO_MFA_ACR_VALUES = env_list(
    "SAFEGUARD_SSO_MFA_ACR_VALUES",
    ["http://schemas.openid.net/pape/policies/2007/06/multi-factor", "mfa", "phr", "phrh"],
)
# --- end of single sign-on ---

# --- Production operation (issue 14, "ops"): processes, schedule, health, logs, email, cache. ---
# One block, so it merges apart from the single sign-on settings. See docs/deploy.md.
from safeguard.ops import config as _ops  # noqa: E402 – needs the values above

INSTALLED_APPS += ["safeguard.ops"]
# First, so every other middleware's log lines carry the request id.
MIDDLEWARE.insert(0, "safeguard.ops.logs.RequestLogMiddleware")
# Hashed, compressed static files, served by whitenoise: `safeguard collectstatic` at each upgrade.
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SAFEGUARD_WEB_WORKERS = env_int("SAFEGUARD_WEB_WORKERS", 3)
SAFEGUARD_WEB_THREADS = env_int("SAFEGUARD_WEB_THREADS", 4)
SAFEGUARD_WEB_TIMEOUT = env_int("SAFEGUARD_WEB_TIMEOUT", 120)
SAFEGUARD_WEB_KEEPALIVE = env_int("SAFEGUARD_WEB_KEEPALIVE", 75)
CACHES = _ops.cache_config(env_str("SAFEGUARD_REDIS_URL", ""))
EMAIL_BACKEND = _ops.email_backend(env_str("SAFEGUARD_EMAIL_BACKEND", ""), notify_api_key=GOVUK_NOTIFY_API_KEY)
EMAIL_HOST = env_str("SAFEGUARD_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("SAFEGUARD_SMTP_PORT", 587)
EMAIL_HOST_USER = env_str("SAFEGUARD_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("SAFEGUARD_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SAFEGUARD_SMTP_STARTTLS", True)
EMAIL_TIMEOUT = 30
LOGGING = _ops.logging_config(
    level=env_str("SAFEGUARD_LOG_LEVEL", "INFO"), json_lines=env_bool("SAFEGUARD_LOG_JSON", not DEBUG)
)
# When each periodic job runs (safeguard/ops/schedule.py): "02:30", "mon 09:00", "every 15 minutes" or "" (off).
SAFEGUARD_SCHEDULE = {
    job: env_str(f"SAFEGUARD_SCHEDULE_{job.upper()}", default)
    for job, default in {
        "purge_extracts": "02:30",
        "rhi_reminders": "every 15 minutes",
        "chase_late_figures": "mon 09:00",
        "overdue_actions": "mon 08:00",
        # Off until the partnership has read the dry-run report (safeguard/dataprotection/retention.py).
        "apply_retention": "",
        # A wash whose worker was killed is marked failed, not left "running" for ever.
        "abandoned_washes": "every 5 minutes",
    }.items()
}
SAFEGUARD_HEARTBEAT_SECONDS = env_int("SAFEGUARD_HEARTBEAT_SECONDS", 15)
# /readyz fails when no worker (or scheduler) has beaten for this long.
SAFEGUARD_HEARTBEAT_STALE_SECONDS = env_int("SAFEGUARD_HEARTBEAT_STALE_SECONDS", 120)
SAFEGUARD_MIN_FREE_DISK_MB = env_int("SAFEGUARD_MIN_FREE_DISK_MB", 500)
_ops.init_sentry(
    env_str("SAFEGUARD_SENTRY_DSN", ""),
    environment=env_str("SAFEGUARD_SENTRY_ENVIRONMENT", "production"),
    release=_ops.version(),
)
# --- end of the production operation block ---
