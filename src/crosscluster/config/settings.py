"""The one settings file: every value comes from the environment.

Production is the default: unless ``CROSSCLUSTER_DEBUG=true`` (which ``make run`` and ``make test``
set for local work), the settings refuse to start without a secret key of 40+ characters, a list
of host names and cookies over HTTPS; see ``_refuse_unsafe_production``. Forgetting a variable
therefore stops the deployment instead of running it with development values.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Runtime state (SQLite file, uploaded documents) lives in VAR_DIR, never inside the package or
# the static web root.
VAR_DIR = Path(os.environ.get("CROSSCLUSTER_VAR_DIR", Path.cwd() / "var")).resolve()

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"  # noqa: S105


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# SQLite: one writer at a time. A writer waits up to 20 s for another (the matching worker
# storing a batch of vectors on a loaded machine) instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
    ),
}


def database_from_url(url: str) -> dict[str, object]:
    """A DATABASES entry from ``sqlite:///relative/path``, ``sqlite:////absolute/path`` or
    ``postgres://user:password@host:port/name`` (parsed by dj-database-url).

    A relative SQLite path is relative to the working directory, as in dj-database-url.
    """
    scheme = url.split(":", 1)[0]
    if scheme not in {"sqlite", "postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"CROSSCLUSTER_DATABASE_URL scheme {scheme!r} is not supported: "
            "use sqlite:///path/to/db.sqlite3 or postgres://user@host:5432/name."
        )
    if scheme == "sqlite":
        config = dict(dj_database_url.parse(url))
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
        return config
    return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))


DEBUG = _env_bool("CROSSCLUSTER_DEBUG", False)
SECRET_KEY = os.environ.get("CROSSCLUSTER_SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = _env_list(
    "CROSSCLUSTER_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = _env_list("CROSSCLUSTER_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("CROSSCLUSTER_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DATABASES = {
    "default": database_from_url(
        os.environ.get("CROSSCLUSTER_DATABASE_URL", f"sqlite:///{VAR_DIR / 'crosscluster.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and (
    DATABASES["default"]["NAME"] != ":memory:"
):
    # A fresh clone has no var/ yet: SQLite creates the file but not its folder.
    Path(str(DATABASES["default"]["NAME"])).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # Ours before allauth so our account templates (labelled forms, site layout) win.
    "crosscluster.core",
    "crosscluster.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "crosscluster.directory",
    "crosscluster.partnerships",
    "crosscluster.events",
    "crosscluster.content",
    "crosscluster.marketplace",
    "crosscluster.brokerage",
    "crosscluster.strategy",
    "crosscluster.businessplan",
    "crosscluster.regions",
    "crosscluster.exports",
    "crosscluster.monitoring",
    "crosscluster.imports",
    "crosscluster.archives",
    "crosscluster.notifications",
    "crosscluster.conversations",
    "crosscluster.desk",
    "crosscluster.demo",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_prometheus",
    "auditlog",
]

MIDDLEWARE = [
    # First and last: Prometheus request counts and latencies (served at /metrics).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Administrators must have a second factor before they reach the admin.
    "crosscluster.core.security.RequireAdministratorSecondFactor",
    # Who made a change, for the audit log (after authentication).
    "auditlog.middleware.AuditlogMiddleware",
    "crosscluster.core.middleware.ViewerTimezoneMiddleware",
    # PostgreSQL cannot store or compare text with a NUL character: refused with a 400 naming the field.
    "crosscluster.core.middleware.RejectNulCharactersMiddleware",
    # The viewer's language at an unprefixed address (profile, cookie, Accept-Language).
    "crosscluster.core.middleware.PreferredLanguageMiddleware",
    # The site's own 404/403/500 pages (with its navigation) also when DEBUG is on (make run).
    "crosscluster.core.middleware.SiteErrorPagesMiddleware",
    # A database that cannot be reached is a 503 with Retry-After, not a 500 (after the above:
    # process_exception runs bottom-up, so this one answers first).
    "crosscluster.core.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "crosscluster.config.urls"
WSGI_APPLICATION = "crosscluster.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "crosscluster.core.context_processors.site",
            ],
            # month and day names in the language's case ("tis 8 dec", not "tis 8 Dec")
            "builtins": ["crosscluster.core.templatetags.dates"],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses a login while its e-mail and address are locked out.
    "crosscluster.core.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # not a rule: revokes the person's API tokens on every new password (docs/security.md)
    {"NAME": "crosscluster.accounts.services.RevokeApiTokensOnNewPassword"},
]
LOGIN_URL = "account_login"
# Signed in, a person lands on their overview (what waits for them, docs/desk.md).
LOGIN_REDIRECT_URL = "desk:overview"

# django-allauth: e-mail is the identity; no usernames.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("CROSSCLUSTER_EMAIL_VERIFICATION", "optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
# Its e-mails in the language the recipient saved (accounts/services/account_adapter.py).
ACCOUNT_ADAPTER = "crosscluster.accounts.services.account_adapter.AccountAdapter"
# Links in e-mails (password reset, verification) use the site's own scheme (https in
# production, whatever the proxy in front of the app says).
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"

# Second factor (allauth's MFA): time-based one-time codes (TOTP) and recovery codes, open to
# everyone on their profile; required for administrators (staff), who cannot open the admin
# without one. The admin's own login page hands over to allauth's, which asks for the code.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "crosscluster"

# The client's address behind a reverse proxy: the number of proxies that append to
# X-Forwarded-For (0: use the connection's address). Login throttling is keyed on it.
TRUSTED_PROXY_COUNT = _env_int("CROSSCLUSTER_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Login throttling that holds across processes: django-axes records failures in the database
# (every login form, the admin's included); 5 failures for one e-mail from one address lock that
# pair out for 15 minutes. allauth's own rate limits count in the shared cache below.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "crosscluster.core.security.login_identifier"
AXES_RESET_ON_SUCCESS = True
# A login during the lock-out gets the lock-out page (429), not the form again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False

# A cache shared by every process (allauth's rate limits, API throttles): Redis when
# CROSSCLUSTER_REDIS_URL is set, else the database in production; one process's memory only when
# debugging (local work and tests).
REDIS_URL = os.environ.get("CROSSCLUSTER_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif not DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "crosscluster_cache",
        }
    }

EMAIL_BACKEND = os.environ.get(
    "CROSSCLUSTER_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("CROSSCLUSTER_FROM_EMAIL", "crosscluster <noreply@localhost>")

# The partnership's languages. Pages live at language-prefixed addresses (/de/partnerships/...;
# English, the default, unprefixed) so search engines index each language; the API stays
# unprefixed and answers in the Accept-Language of the request. See docs/languages.md.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("pt", _("Portuguese")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("de", _("German")),
    ("sv", _("Swedish")),
]
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# English dates written as in Europe (20/11/2026, 20 November 2026, 14:30), not Django's US
# ones; the other languages keep Django's formats (config/formats/, docs/languages.md).
FORMAT_MODULE_PATH = ["crosscluster.config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    # Uploaded documents are stored outside any web root and served only through
    # crosscluster.content.views.document_download, which checks permissions.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private-media"), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# While DEBUG, static files are looked up per request (WhiteNoise's own default, so edits show at
# once). Spelled out because pytest-django turns DEBUG off after this file is read: each test's
# client would otherwise list and stat every static file when it builds its middleware (13 ms).
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "private-media"

# Uploads: documents up to this size; larger ones are refused with a message naming the limit.
DOCUMENT_MAX_BYTES = int(os.environ.get("CROSSCLUSTER_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# A partnership created by a cluster manager stays unlisted until a platform administrator
# approves it; false publishes new partnerships at once (docs/partnerships.md).
PARTNERSHIP_APPROVAL = _env_bool("CROSSCLUSTER_PARTNERSHIP_APPROVAL", True)

# API tokens expire after this many days unless their creator chooses fewer (at most 365).
API_TOKEN_DAYS = _env_int("CROSSCLUSTER_API_TOKEN_DAYS", 90)
# Retention (``crosscluster apply_retention``, daily; docs/security.md "Retention"): stored export
# files older than this many days are deleted; so are accounts whose e-mail address was never
# verified this many days after sign-up, and accounts nobody signed in to for this many days
# (their contributions stay for the partnership, anonymised).
EXPORT_RETENTION_DAYS = _env_int("CROSSCLUSTER_EXPORT_RETENTION_DAYS", 30)
# Uploaded import files never imported are deleted (with their import) after this many days; an
# imported file is emptied at once (docs/imports.md).
IMPORT_RETENTION_DAYS = _env_int("CROSSCLUSTER_IMPORT_RETENTION_DAYS", 7)
UNVERIFIED_ACCOUNT_DAYS = _env_int("CROSSCLUSTER_UNVERIFIED_ACCOUNT_DAYS", 30)
DORMANT_ACCOUNT_DAYS = _env_int("CROSSCLUSTER_DORMANT_ACCOUNT_DAYS", 3 * 365)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_SECURE = _env_bool("CROSSCLUSTER_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto: requests count as https (secure
# cookies, https links in e-mails). Only set it when the proxy strips that header from clients.
if _env_bool("CROSSCLUSTER_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_bool("CROSSCLUSTER_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = _env_int("CROSSCLUSTER_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
# Every subdomain https-only too, and ready for the browsers' preload list: the production
# default; set false when other services on subdomains of the site's domain still speak http.
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("CROSSCLUSTER_HSTS_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _env_bool("CROSSCLUSTER_HSTS_PRELOAD", not DEBUG)

# Audit log (django-auditlog): who changed what, when, from where, on roles, memberships,
# tokens, coordinators, cluster reviews and published content. Administrators read it in the
# admin (Audit log entries); secrets (token hashes) are never recorded.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "accounts.User",
        "include_fields": ["email", "is_active", "is_staff", "is_superuser"],
        # the admin's groups and permissions are roles too
        "m2m_fields": ["groups", "user_permissions"],
    },
    "accounts.OrganisationMembership",
    {"model": "accounts.Invitation", "exclude_fields": ["token_hash"]},
    {"model": "accounts.ApiToken", "exclude_fields": ["key_hash", "last_used_at"]},
    # a second factor added or removed (never its secret, kept in ``data``)
    {"model": "mfa.Authenticator", "include_fields": ["type", "user"]},
    "partnerships.Partnership",
    "partnerships.PartnershipMember",
    "partnerships.PartnerInvitation",
    "partnerships.PartnershipCoordinator",
    "directory.ClusterMembership",
    "directory.ClusterReview",
    # how people came to work for an organisation, and clusters to gain members
    "directory.OrganisationClaim",
    "directory.ClusterJoinRequest",
    "content.NewsPost",
    "content.Document",
    {"model": "strategy.Strategy", "include_fields": ["state", "title"]},
    # a roadmap action's completion (who marked it done, dropped ...)
    {"model": "strategy.RoadmapAction", "include_fields": ["status", "done_date"]},
    {"model": "marketplace.Opportunity", "include_fields": ["status", "visibility", "title"]},
)

# Content-Security-Policy (django-csp): our own scripts, styles and images only; no inline
# script or style (templates use classes; htmx's inline indicator styles are turned off).
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

# Logs go to the console: one JSON object per line in production (for a log collector), plain
# text when debugging; CROSSCLUSTER_LOG_FORMAT=json|text chooses.
LOG_FORMAT = os.environ.get("CROSSCLUSTER_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"CROSSCLUSTER_LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("CROSSCLUSTER_LOG_LEVEL", "WARNING")},
}

# Prometheus metrics at /metrics for a scraper that sends `Authorization: Bearer <token>`; off
# (404) in production until a token is set, open when debugging. With several processes, set
# PROMETHEUS_MULTIPROC_DIR (prometheus_client's multi-process mode) to add them up.
METRICS_TOKEN = os.environ.get("CROSSCLUSTER_METRICS_TOKEN", "")

# Background work (django-tasks with its database backend; run the worker with
# `crosscluster worker --queue-name '*'`, which `make run` starts beside the web server).
# Nothing slow runs inside a request: services enqueue tasks in their transaction.
# A task running longer than this on a worker of another host counts as orphaned (its worker
# died) and is queued again when a worker starts (`crosscluster worker`); a worker of this host
# that is gone is noticed at once. Choose it longer than any task takes.
TASK_LEASE_MINUTES = int(os.environ.get("CROSSCLUSTER_TASK_LEASE_MINUTES", "60"))
# Each worker records a heartbeat this often (core.workers, docs/deployment.md "Workers"); one
# silent for four heartbeats (at least a minute) counts as gone: /readyz, /metrics, the staff's
# workers page and the pages that wait on its queues say so.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("CROSSCLUSTER_WORKER_HEARTBEAT_SECONDS", "15"))
# A task running longer than this is flagged on the staff's workers page and API ("running X for
# 42 minutes", a worker perhaps stuck inside it while its heartbeat thread still beats);
# /metrics has the longest-running task per queue for alerts (docs/deployment.md "Workers").
TASK_STUCK_SECONDS = _env_int("CROSSCLUSTER_TASK_STUCK_SECONDS", 30 * 60)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "documents", "matching", "scheduling"],
    }
}

# Marketplace matching: exact numpy search up to this many providers; above it, on PostgreSQL with
# the pgvector extension, an HNSW index shortlists candidates (docs/engines/matching.md).
MARKETPLACE_EXACT_SEARCH_LIMIT = int(os.environ.get("CROSSCLUSTER_EXACT_SEARCH_LIMIT", "100000"))
# The matching worker keeps its fitted auto-tagger and provider index here (signed with
# SECRET_KEY, keyed by the engine's code, the model and every provider's text and vector), so a
# restart loads them instead of rebuilding; an empty value switches that off.
_MATCHING_INDEX_DIR = os.environ.get("CROSSCLUSTER_MATCHING_INDEX_DIR", str(VAR_DIR / "matching"))
MATCHING_INDEX_DIR = Path(_MATCHING_INDEX_DIR).resolve() if _MATCHING_INDEX_DIR else None

# Monitoring: the collaboration network is computed in the background and served from storage;
# a page or API read of a stored network older than this many seconds queues a new computation
# (unchanged input is not analysed again). docs/monitoring.md.
NETWORK_MAX_AGE = int(os.environ.get("CROSSCLUSTER_NETWORK_MAX_AGE", "900"))

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 200
# API throttles find the client's address behind the same proxies as the login throttling.
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT

# Where the shipped public data sets live (copied from ../shared/data with their SOURCE notes).
DATA_DIR = PACKAGE_DIR / "data"


def _refuse_unsafe_production() -> None:
    if DEBUG:
        return
    problems = []
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 40:
        problems.append(
            "CROSSCLUSTER_SECRET_KEY must be set to a random value of 40+ characters "
            "(or CROSSCLUSTER_DEBUG=true for local development)"
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append("CROSSCLUSTER_ALLOWED_HOSTS must list the site's host names (not '*')")
    if not SITE_URL.startswith("https://"):
        problems.append("CROSSCLUSTER_SITE_URL must be the site's https:// address")
    if not SESSION_COOKIE_SECURE:
        problems.append("CROSSCLUSTER_SECURE_COOKIES must be true behind HTTPS")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start in production mode: " + "; ".join(problems) + "."
        )


_refuse_unsafe_production()
