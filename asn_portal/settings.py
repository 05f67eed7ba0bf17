"""ASN Portal settings: one module, configured by environment variables (see README)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from asn_portal.env import (
    env_bool,
    env_broker,
    env_database,
    env_int,
    env_list,
    env_rate,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105  # nosec B105
DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY wajib diisi dengan nilai acak minimal 50 karakter bila DEBUG=false."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django-unfold restyles the admin; it replaces admin.site, so it comes before the admin.
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "guardian",
    "treebeard",
    "auditlog",
    "django_celery_beat",
    "django_celery_results",
    # Each sub-app follows its parent; its models keep the parent's app label and migrations.
    "jabatan",
    "jabatan.penataan",
    "pelatihan",
    "survei",
    "survei.partisipasi",
    # After every app that owns models: its post_migrate hook grants role permissions once
    # their permissions exist (laporan and transfer own no app label of their own).
    "asn_portal",
    "asn_portal.laporan",
    "asn_portal.rekap",
    "asn_portal.transfer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Admin pages only: unfold's Alpine.js needs 'unsafe-eval' (asn_portal/admin_csp.py).
    "asn_portal.admin_csp.AdminScriptEvalMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /i/<slug>/ and instansi host names: whose public pages these are (asn_portal/publik.py).
    "asn_portal.publik.InstansiPublikMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-auditlog's, without anonymous visitors' addresses (asn_portal/audit.py).
    "asn_portal.audit.AuditlogMiddleware",
    "asn_portal.errors.ErrorPageMiddleware",
    # Last: turns a login refused by the lockout into the Indonesian lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asn_portal.urls"
WSGI_APPLICATION = "asn_portal.wsgi.application"
ASGI_APPLICATION = "asn_portal.asgi.application"

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
                "asn_portal.context_processors.instansi",
                "asn_portal.context_processors.navigasi",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'asn_portal.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 20)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web server, the worker and beat share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # An unreachable database must answer in bounded time (asn_portal.dbguard): connecting gives
    # up after DATABASE_CONNECT_TIMEOUT s everywhere; in the web server (not in workers,
    # migrations or tests) the server ends a statement after DATABASE_STATEMENT_TIMEOUT s and a
    # statement on a frozen connection is cut after DATABASE_CLIENT_TIMEOUT s (0: off).
    # Keepalives and tcp_user_timeout notice a dead peer.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": DATABASE_CONNECT_TIMEOUT * 1000 * 3,
    }
DATABASE_CLIENT_TIMEOUT = env_int("DATABASE_CLIENT_TIMEOUT", 25)
# PgBouncer in transaction mode (docs/SCALING.md): no server-side cursors and no prepared
# statements, which would outlive the transaction on a pooled server connection.
if env_bool("DATABASE_PGBOUNCER", default=False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
# A PostgreSQL read replica for dashboards and reports (asn_portal/db_router.py). Tests use it
# as a TEST MIRROR of default, so the routing is exercised without a second server.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **env_database("DATABASE_REPLICA_URL", ""),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "TEST": {"MIRROR": "default"},
    }
    for option in ("DISABLE_SERVER_SIDE_CURSORS", "OPTIONS"):
        if option in DATABASES["default"]:
            DATABASES["replica"][option] = DATABASES["default"][option]
DATABASE_ROUTERS = ["asn_portal.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    env_broker("REDIS_URL", REDIS_URL)
    CACHES = {"default": {"BACKEND": "asn_portal.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    # File-based so that every process of the embedded setup shares rate-limit counters.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:beranda"
LOGOUT_REDIRECT_URL = "landing"

LANGUAGE_CODE = "id"
# Indonesian only for now: every string goes through gettext, so adding ("en", ...) here and a
# locale/en catalogue is all an English version needs. Until then the browser's language is ignored.
LANGUAGES = [("id", _("Bahasa Indonesia"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# "3 Agu 2026" instead of Django's "3 Agu. 2026": one date format on pages, PDFs and XLSX.
FORMAT_MODULE_PATH = ["asn_portal.locale_formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing folder
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files (certificates, report PDFs) are private: never served under a public URL.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# --- Security: production defaults whenever DEBUG is off -------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Logins: temporary lockout after repeated failures (django-axes) --------------------------
# Counted per username *and* client address together, so one person mistyping cannot lock a
# whole office behind one NAT address, and guessing one account from one address stops.
# Covers /admin/login/, /portal/masuk/ and POST /api/v1/auth/token/.
AXES_FAILURE_LIMIT = env_int("LOGIN_GAGAL_MAKS", 5)
# The lock ends by itself after this many minutes (a correct login before that resets the count).
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_KUNCI_MENIT", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "asn_portal.logins.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Behind the reverse proxy (docker-compose) the client address is the last X-Forwarded-For hop.
AXES_IPWARE_PROXY_COUNT = env_int("LOGIN_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
AXES_SENSITIVE_PARAMETERS = ["password", "username"]
AXES_VERBOSE = False

# --- Content-Security-Policy (django-csp) -------------------------------------------------------
# Scripts only from our own static files or an inline block carrying the request's nonce.
# Style *attributes* stay allowed: the inline SVG charts matplotlib writes carry hundreds of
# style="fill:..." attributes and progress bars set their width per value; attributes cannot
# run script. <style> elements need the nonce, except matplotlib's one constant rule (hash).
_MATPLOTLIB_SVG_STYLE = (
    "'sha256-2Iqu4MW0P4n79bqVmTDfLWhO8TS7MxwRJn7HVNDr7EQ='"  # *{stroke-linejoin: round; ...}
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, _MATPLOTLIB_SVG_STYLE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Staff UI (django-unfold) ------------------------------------------------------------------
# The sidebar names the portal and the BKD; the header's badge the user's role and unit scope
# (asn_portal.context_processors.scope_label); the sidebar is grouped by job (asn_portal.sidebar).
UNFOLD = {
    "SITE_TITLE": "asn_portal.context_processors.site_title",
    "SITE_HEADER": "Portal ASN",
    "SITE_SUBHEADER": "asn_portal.context_processors.bkd_singkat",
    "ENVIRONMENT": "asn_portal.context_processors.header_scope",
    "SITE_SYMBOL": "badge",
    "SITE_URL": "/",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": True,
    "BORDER_RADIUS": "6px",
    "STYLES": [lambda request: static("css/admin-staf.css")],
    # BKD blue instead of unfold's violet; 600 on white keeps text contrast above 4.5:1.
    "COLORS": {
        "primary": {
            "50": "oklch(97% .014 254.604)",
            "100": "oklch(93.2% .032 255.585)",
            "200": "oklch(88.2% .059 254.128)",
            "300": "oklch(80.9% .105 251.813)",
            "400": "oklch(70.7% .165 254.624)",
            "500": "oklch(62.3% .214 259.815)",
            "600": "oklch(54.6% .245 262.881)",
            "700": "oklch(48.8% .243 264.376)",
            "800": "oklch(42.4% .199 265.638)",
            "900": "oklch(37.9% .146 265.522)",
            "950": "oklch(28.2% .091 267.935)",
        },
    },
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": "asn_portal.sidebar.navigation",
    },
}

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ASN Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_broker("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery" / "broker"
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    # Kombu writes its broadcast (control) exchange files here; the default is ./control.
    _control_dir = VAR_DIR / "celery" / "control"
    _control_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        "control_folder": str(_control_dir),
    }
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_BEAT_SCHEDULER = env_str(
    "CELERY_BEAT_SCHEDULER", "django_celery_beat.schedulers:DatabaseScheduler"
)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Keep reconnecting forever when the broker drops (the default gives up after 100 tries).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
# Publishing from a request must fail fast when the broker is down: the row is the outbox and the
# sweep enqueues it later (asn_portal.jobs). About one second in all, then the request goes on.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Redis redelivers a message whose worker died (acks_late) after this many seconds. Every
    # task claims its row atomically, so a redelivery of a still-running task does nothing.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 300),
        "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
        "socket_timeout": 30,
        "retry_on_timeout": True,
        "health_check_interval": 15,
    }

# --- background jobs (asn_portal.jobs; docs/RELIABILITY.md "Background work") -------------------
# A running job refreshes its heartbeat this often; a heartbeat older than JOB_STALE_SECONDS means
# its worker died. Rows waiting longer than JOB_REQUEUE_AFTER_SECONDS are enqueued again by the
# sweep, which beat runs every JOB_SWEEP_SECONDS.
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 15)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 90)
JOB_REQUEUE_AFTER_SECONDS = env_int("JOB_REQUEUE_AFTER_SECONDS", 60)
JOB_SWEEP_SECONDS = env_int("JOB_SWEEP_SECONDS", 60)
# A plan apply whose worker died this many times is failed instead of enqueued again.
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3)
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "tugas-latar-sapu": {"task": "asn_portal.jobs_sweep", "schedule": JOB_SWEEP_SECONDS},
}
# Queues per kind of work (docs/SCALING.md): with CELERY_QUEUES_PER_KIND on, reports and
# imports/exports go to their own queues so that workers on other machines can take them
# (docker-compose.yml: worker-reports, worker-imports); everything else stays on "celery".
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES: dict[str, dict[str, str]] = (
    {
        "asn_portal.laporan.generate": {"queue": "reports"},
        "transfer.import_validate": {"queue": "imports"},
        "transfer.import_commit": {"queue": "imports"},
        "transfer.export_run": {"queue": "imports"},
        "transfer.rekonsiliasi_run": {"queue": "imports"},
    }
    if env_bool("CELERY_QUEUES_PER_KIND", default=False)
    else {}
)

# --- REST API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "asn_portal.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "asn_portal.api.FilterBackend",
        "asn_portal.api.SubquerySearchFilter",  # related fields by subquery (asn_portal/search.py)
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "asn_portal.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        # Each scope's limit is exactly its setting, atomic under concurrency (asn_portal.throttles).
        "asn_portal.throttles.AnonRateThrottle",
        "asn_portal.throttles.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "600/min"),
        # POST /api/v1/auth/token/ per client address, on top of the lockout above.
        "login": env_str("API_THROTTLE_LOGIN", "30/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ASN Portal API",
    "DESCRIPTION": "API integrasi penataan jabatan ASN, kompetensi dan survei kepuasan masyarakat.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the app's own static files: the docs work without internet. (ReDoc is not
    # offered: it always loads its logo from its vendor's CDN.)
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Many models have a field called jenis/status/kategori: name each choice set after its class.
    "ENUM_NAME_OVERRIDES": {
        "JenisUnitEnum": "jabatan.models.JenisUnit",
        "KategoriJabatanEnum": "jabatan.models.KategoriJabatan",
        "JenjangEnum": "jabatan.models.Jenjang",
        "StatusPegawaiEnum": "jabatan.models.StatusPegawai",
        "JenisPenugasanEnum": "jabatan.models.JenisPenugasan",
        "JenisRencanaEnum": "jabatan.penataan.models.JenisRencana",
        "StatusRencanaPenataanEnum": "jabatan.penataan.models.StatusRencana",
        "JenisItemEnum": "jabatan.penataan.models.JenisItem",
        "JenisKompetensiEnum": "pelatihan.models.JenisKompetensi",
        "JenisProgramEnum": "pelatihan.models.JenisProgram",
        "StatusPesertaEnum": "pelatihan.models.StatusPeserta",
        "StatusRiwayatPelatihanEnum": "pelatihan.models.StatusRiwayat",
        "JenisPeriodeEnum": "survei.models.JenisPeriode",
        "StatusRencanaTindakLanjutEnum": "survei.models.StatusRencanaTindakLanjut",
        "JenisKasusEnum": "survei.partisipasi.models.JenisKasus",
        "KategoriKasusEnum": "survei.partisipasi.models.KategoriKasus",
        "StatusKasusEnum": "survei.partisipasi.models.StatusKasus",
        "StatusMasukanEnum": "survei.partisipasi.models.StatusMasukan",
        "JenisLaporanEnum": "asn_portal.laporan.models.JenisLaporan",
        "StatusLaporanEnum": "asn_portal.laporan.models.StatusLaporan",
        "ImportStatusEnum": "asn_portal.transfer.models.ImportStatus",
        "ExportStatusEnum": "asn_portal.transfer.models.ExportStatus",
    },
}

# --- Audit -------------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False

# --- The instansi ------------------------------------------------------------------------------
# These name the FIRST instansi: its row (jabatan.Instansi) is created from them by migration or
# on first use, and from then on the row is what pages and reports show (docs/instansi.md).
INSTANSI_KODE = env_str("INSTANSI_KODE", "17")
INSTANSI_JENIS = env_str("INSTANSI_JENIS", "provinsi")
INSTANSI_SLUG = env_str("INSTANSI_SLUG", "provinsi-bengkulu")
INSTANSI_NAMA = env_str("INSTANSI_NAMA", "Pemerintah Provinsi Bengkulu")
INSTANSI_SINGKAT = env_str("INSTANSI_SINGKAT", "Provinsi Bengkulu")
INSTANSI_BKD = env_str("INSTANSI_BKD", "Badan Kepegawaian Daerah Provinsi Bengkulu")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Domain conventions an Admin BKD may change (docs/domain.md; named on every report) -------------
# Jam kerja efektif per tahun in minutes (PermenPANRB 1/2020: 1,250 hours).
ABK_JKE_MENIT = env_int("ABK_JKE_MENIT", 75_000)
# Efektivitas jabatan (rounded to 2 decimals): inclusive lower bound of each rating, top first.
ABK_EJ_BATAS = [("A", "1.01"), ("B", "0.90"), ("C", "0.70"), ("D", "0.50"), ("E", "0")]
# Batas usia pensiun (UU 20/2023) per kategori / jenjang jabatan.
BATAS_USIA_PENSIUN = {
    "jpt_utama": 60,
    "jpt_madya": 60,
    "jpt_pratama": 60,
    "administrator": 58,
    "pengawas": 58,
    "pelaksana": 58,
    "ahli_pertama": 58,
    "ahli_muda": 58,
    "ahli_madya": 60,
    "ahli_utama": 65,
    "pemula": 58,
    "terampil": 58,
    "mahir": 58,
    "penyelia": 58,
}
BATAS_USIA_PENSIUN_BAWAAN = 58
# Hak pengembangan kompetensi (PP 11/2017 ps. 203(4)): JP per calendar year.
JP_MINIMUM_PER_TAHUN = env_int("JP_MINIMUM_PER_TAHUN", 20)

# --- pelatihan ---------------------------------------------------------------------------------
# Largest certificate upload (PDF, JPEG or PNG) in bytes.
PELATIHAN_SERTIFIKAT_MAKS_BYTE = env_int("PELATIHAN_SERTIFIKAT_MAKS_BYTE", 2 * 1024 * 1024)
# The monthly JP warning runs from this month on (7 = the third quarter).
PELATIHAN_PERINGATAN_BULAN_MULAI = env_int("PELATIHAN_PERINGATAN_BULAN_MULAI", 7)

# --- survei ------------------------------------------------------------------------------------
# IKM weighting convention (docs/domain.md#ikm): "1/9" exact (default), or "0.111" / "0.11" as many
# instansi spreadsheets use; every result names the convention it was computed with.
SURVEI_IKM_BOBOT = env_str("SURVEI_IKM_BOBOT", "1/9")
if SURVEI_IKM_BOBOT not in {"1/9", "0.111", "0.11"}:
    raise ImproperlyConfigured("SURVEI_IKM_BOBOT harus salah satu dari 1/9, 0.111, 0.11.")
# Public form and API: answers per network, a generous ceiling so a service office's Wi-Fi or a
# carrier's NAT queue is never blocked (the per-device limit does the fine work; kiosks and
# receipt codes are exempt). Networks are IPv4 /24 and IPv6 /64 blocks (32 / 128: per address).
SURVEI_BATAS_JARINGAN = env_rate("SURVEI_BATAS_JARINGAN", "600/h")
SURVEI_JARINGAN_PREFIKS_IPV4 = env_int("SURVEI_JARINGAN_PREFIKS_IPV4", 24)
SURVEI_JARINGAN_PREFIKS_IPV6 = env_int("SURVEI_JARINGAN_PREFIKS_IPV6", 64)
if not (0 < SURVEI_JARINGAN_PREFIKS_IPV4 <= 32 and 0 < SURVEI_JARINGAN_PREFIKS_IPV6 <= 128):
    raise ImproperlyConfigured("SURVEI_JARINGAN_PREFIKS_IPV4/IPV6 harus 1–32 dan 1–128.")
# Salted client-address hashes are dropped after this many days (Celery beat task).
SURVEI_HASH_ALAMAT_HARI = env_int("SURVEI_HASH_ALAMAT_HARI", 7)
SURVEI_HASH_SALT = env_str("SURVEI_HASH_SALT", SECRET_KEY)
# How far back a citizen may date the service received.
SURVEI_TANGGAL_LAYANAN_MAKS_HARI = env_int("SURVEI_TANGGAL_LAYANAN_MAKS_HARI", 90)
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "survei-hapus-hash-alamat": {
        "task": "survei.tasks.hash_alamat_purge",
        "schedule": 60 * 60,
    },
}

# --- Penataan jabatan (jabatan.penataan) ---------------------------------------------------------
# The JF a structural position converts to when the catalogue has none of the right jenjang and
# kelas (the penyetaraan wizard creates "<name> Ahli Madya/Muda/Pertama").
PENATAAN_JF_PENYETARAAN = env_str("PENATAAN_JF_PENYETARAAN", "Analis Kebijakan")
# Plans with at least this many items are applied by a Celery task with a progress bar.
PENATAAN_APPLY_ASYNC_MIN_ITEMS = env_int("PENATAAN_APPLY_ASYNC_MIN_ITEMS", 200)

# --- partisipasi (survei.partisipasi) ------------------------------------------------------------
# A complaint or suggestion must be answered by the end of this many days (WIB calendar days)
# after the day it was received; open cases past that are flagged overdue.
PARTISIPASI_KASUS_SLA_HARI = env_int("PARTISIPASI_KASUS_SLA_HARI", 5)
# Public complaint form and consultation input: submissions per client address.
PARTISIPASI_RATE_LIMIT = env_str("PARTISIPASI_RATE_LIMIT", "10/h")
# Unknown receipt or tracking codes one network (IPv4 /24, IPv6 /64) may try per window; over it,
# every code look-up from that network is refused until the window ends (survei.privasi).
PARTISIPASI_BATAS_TEBAKAN_KODE = env_rate("PARTISIPASI_BATAS_TEBAKAN_KODE", "60/h")
# Responses one kiosk may deliver (a queue flushed after an outage arrives in a burst).
PARTISIPASI_KIOSK_RATE_LIMIT = env_str("PARTISIPASI_KIOSK_RATE_LIMIT", "600/h")
# Largest batch of receipt codes generated at once.
PARTISIPASI_KODE_BATCH_MAKS = env_int("PARTISIPASI_KODE_BATCH_MAKS", 5000)
# Seconds after a survey answer with a suggestion until the sweep makes its follow-up case; also
# the window in which one web process sends at most one wake-up for all such answers.
PARTISIPASI_KASUS_BANGUN_DETIK = env_int("PARTISIPASI_KASUS_BANGUN_DETIK", 2)
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    # Also the catch-up for suggestions whose task could not be enqueued (broker down).
    "partisipasi-kasus-dari-saran": {
        "task": "survei.partisipasi.tasks.kasus_dari_saran_sweep",
        "schedule": env_int("PARTISIPASI_KASUS_SWEEP_SECONDS", 10 * 60),
    },
}

# --- laporan -----------------------------------------------------------------------------------
# Letterhead (kop surat) of the reform-progress report PDF: one line per "|" in LAPORAN_KOP.
LAPORAN_KOP = env_str(
    "LAPORAN_KOP",
    "PEMERINTAH PROVINSI BENGKULU|BADAN KEPEGAWAIAN DAERAH|"
    "Jl. Pembangunan No. 1, Padang Harapan, Bengkulu 38225 · bkd.bengkuluprov.go.id",
)
# Optional logo (PNG/SVG file path) printed left of the letterhead; empty: no logo.
LAPORAN_KOP_LOGO = env_str("LAPORAN_KOP_LOGO", "")
# Who signs off the report (printed under the summary).
LAPORAN_PENANDATANGAN = env_str("LAPORAN_PENANDATANGAN", "Kepala Badan Kepegawaian Daerah")
# Years of retirements ahead shown in the penataan section.
LAPORAN_PENSIUN_TAHUN = env_int("LAPORAN_PENSIUN_TAHUN", 5)
# Celery limits of one report generation (seconds) and its retries.
LAPORAN_TASK_TIME_LIMIT = env_int("LAPORAN_TASK_TIME_LIMIT", 20 * 60)
LAPORAN_TASK_MAX_RETRIES = env_int("LAPORAN_TASK_MAX_RETRIES", 3)
# Scheduled reports missed during an outage are built afterwards, this many periods back.
LAPORAN_SUSUL_PERIODE = env_int("LAPORAN_SUSUL_PERIODE", 2)

# --- transfer (impor-ekspor, asn_portal.transfer) ----------------------------------------------
# Admin exports with at least this many rows are built by a Celery task and downloaded later.
TRANSFER_EKSPOR_LATAR_MIN_BARIS = env_int("TRANSFER_EKSPOR_LATAR_MIN_BARIS", 5000)
# Largest import / SIASN upload in bytes.
TRANSFER_UNGGAH_MAKS_BYTE = env_int("TRANSFER_UNGGAH_MAKS_BYTE", 50 * 1024 * 1024)
