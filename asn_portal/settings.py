"""ASN Portal settings: one module, configured by environment variables (see README)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from asn_portal.env import (
    env_bool,
    env_broker,
    env_database,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY wajib diisi dengan nilai acak minimal 50 karakter bila DEBUG=false."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
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
    "guardian",
    "treebeard",
    "auditlog",
    "import_export",
    "django_celery_beat",
    "django_celery_results",
    "jabatan",
    "pelatihan",
    "survei",
    # Last: its post_migrate hook grants role permissions once every app's permissions exist.
    "asn_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
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
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'asn_portal.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web server, the worker and beat share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    env_broker("REDIS_URL", REDIS_URL)
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
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
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
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
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "asn_portal.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ASN Portal API",
    "DESCRIPTION": "API integrasi penataan jabatan ASN, kompetensi dan survei kepuasan masyarakat.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Many models have a field called jenis/status/kategori: name each choice set after its class.
    "ENUM_NAME_OVERRIDES": {
        "JenisUnitEnum": "jabatan.models.JenisUnit",
        "KategoriJabatanEnum": "jabatan.models.KategoriJabatan",
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
        "StatusRencanaTindakLanjutEnum": "survei.models.StatusRencana",
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

# --- Domain conventions an Admin BKD may change (DOMAIN.md; named on every report) -------------
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
# IKM weighting convention (DOMAIN.md §7): "1/9" exact (default), or "0.111" / "0.11" as many
# instansi spreadsheets use; every result names the convention it was computed with.
SURVEI_IKM_BOBOT = env_str("SURVEI_IKM_BOBOT", "1/9")
if SURVEI_IKM_BOBOT not in {"1/9", "0.111", "0.11"}:
    raise ImproperlyConfigured("SURVEI_IKM_BOBOT harus salah satu dari 1/9, 0.111, 0.11.")
# Public form: submissions per client address (django-ratelimit rate, e.g. "10/h").
SURVEI_RATE_LIMIT = env_str("SURVEI_RATE_LIMIT", "20/h")
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
# Responses one kiosk may deliver (a queue flushed after an outage arrives in a burst).
PARTISIPASI_KIOSK_RATE_LIMIT = env_str("PARTISIPASI_KIOSK_RATE_LIMIT", "600/h")
# Largest batch of receipt codes generated at once.
PARTISIPASI_KODE_BATCH_MAKS = env_int("PARTISIPASI_KODE_BATCH_MAKS", 5000)
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "partisipasi-kasus-dari-saran": {
        "task": "survei.partisipasi.tasks.kasus_dari_saran_sweep",
        "schedule": 10 * 60,
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

# --- transfer (impor-ekspor, asn_portal.transfer) ----------------------------------------------
# Admin exports with at least this many rows are built by a Celery task and downloaded later.
TRANSFER_EKSPOR_LATAR_MIN_BARIS = env_int("TRANSFER_EKSPOR_LATAR_MIN_BARIS", 5000)
# Largest import / SIASN upload in bytes.
TRANSFER_UNGGAH_MAKS_BYTE = env_int("TRANSFER_UNGGAH_MAKS_BYTE", 50 * 1024 * 1024)
