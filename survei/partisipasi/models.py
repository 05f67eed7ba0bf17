"""Further ways for citizens to take part: receipt codes, kiosks, follow-up cases and the
Forum Konsultasi Publik. The ``partisipasi`` app's models keep the ``survei`` app label
(``app_label = "survei"``), so they share its tables and migrations.

Nothing here identifies a citizen: a receipt code is random, a kiosk is a device of the unit,
and a case or a consultation input holds at most a contact the citizen chose to give.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ALFABET_KODE",
    "BatchKodeStruk",
    "JenisKasus",
    "Kasus",
    "KategoriKasus",
    "KirimanKiosk",
    "Kiosk",
    "KodeStruk",
    "Konsultasi",
    "MasukanKonsultasi",
    "RiwayatKasus",
    "StatusKasus",
    "StatusMasukan",
    "SumberKasus",
]

# Upper case without 0/O, 1/I/L and U/V look-alikes: read aloud or typed from paper safely.
ALFABET_KODE = "ABCDEFGHJKMNPQRSTWXYZ23456789"


def kode_acak(panjang: int) -> str:
    return "".join(secrets.choice(ALFABET_KODE) for _ in range(panjang))


def kode_normalize(kode: str) -> str:
    """Codes are typed from paper: ignore case, spaces and dashes."""
    return re.sub(r"[\s-]", "", kode or "").upper()


def token_kiosk() -> str:
    return secrets.token_urlsafe(24)


# --- 1. Single-use receipt codes --------------------------------------------------------------


class BatchKodeStruk(models.Model):
    """A run of codes generated together, e.g. one day's receipts of one counter."""

    unit_layanan = models.ForeignKey(
        "survei.UnitLayanan",
        on_delete=models.PROTECT,
        related_name="batch_kode",
        verbose_name=_("unit layanan"),
    )
    jumlah = models.PositiveIntegerField(_("jumlah kode"))
    jenis_layanan = models.CharField(_("jenis layanan"), max_length=200, blank=True)
    tanggal_layanan = models.DateField(_("tanggal layanan"))
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        app_label = "survei"
        verbose_name = _("batch kode struk")
        verbose_name_plural = _("batch kode struk")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.unit_layanan} · {self.tanggal_layanan:%d-%m-%Y} · {self.jumlah} kode"


class KodeStruk(models.Model):
    """A single-use survey code printed on one service receipt."""

    kode = models.CharField(_("kode"), max_length=12, unique=True)
    unit_layanan = models.ForeignKey(
        "survei.UnitLayanan",
        on_delete=models.PROTECT,
        related_name="kode_struk",
        verbose_name=_("unit layanan"),
    )
    batch = models.ForeignKey(
        BatchKodeStruk,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kode",
        verbose_name=_("batch"),
    )
    jenis_layanan = models.CharField(_("jenis layanan"), max_length=200, blank=True)
    tanggal_layanan = models.DateField(_("tanggal layanan"))
    # One response per code, enforced by the database: a second use cannot slip through.
    respons = models.OneToOneField(
        "survei.Respons",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kode_struk",
        verbose_name=_("respons"),
    )
    digunakan_pada = models.DateTimeField(_("digunakan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("diterbitkan pada"), auto_now_add=True)

    class Meta:
        app_label = "survei"
        verbose_name = _("kode struk")
        verbose_name_plural = _("kode struk")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["unit_layanan", "tanggal_layanan"], name="kodestruk_unit_tanggal"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(respons__isnull=True) | Q(digunakan_pada__isnull=False),
                name="kodestruk_dipakai_bertanggal",
            )
        ]

    def __str__(self) -> str:
        return self.kode

    @property
    def terpakai(self) -> bool:
        return self.respons_id is not None


# --- 2. Kiosk --------------------------------------------------------------------------------


class Kiosk(models.Model):
    """A tablet at a service counter. Its secret token is the kiosk's address; rotating it
    retires a lost device."""

    unit_layanan = models.ForeignKey(
        "survei.UnitLayanan",
        on_delete=models.PROTECT,
        related_name="kiosk",
        verbose_name=_("unit layanan"),
    )
    nama = models.CharField(_("nama perangkat"), max_length=100)
    token = models.CharField(_("token"), max_length=64, unique=True, default=token_kiosk)
    aktif = models.BooleanField(_("aktif"), default=True)
    terakhir_kirim = models.DateTimeField(_("terakhir mengirim"), null=True, blank=True)
    created_at = models.DateTimeField(_("didaftarkan pada"), auto_now_add=True)

    class Meta:
        app_label = "survei"
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosk")
        ordering = ["unit_layanan", "nama"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.unit_layanan})"


class KirimanKiosk(models.Model):
    """Which kiosk delivered a response, and when the citizen answered on the device."""

    kiosk = models.ForeignKey(
        Kiosk, on_delete=models.CASCADE, related_name="kiriman", verbose_name=_("kiosk")
    )
    respons = models.OneToOneField(
        "survei.Respons",
        on_delete=models.CASCADE,
        related_name="kiriman_kiosk",
        verbose_name=_("respons"),
    )
    diisi_pada = models.DateTimeField(_("diisi di perangkat pada"), null=True, blank=True)
    diterima_pada = models.DateTimeField(_("diterima server pada"), auto_now_add=True)

    class Meta:
        app_label = "survei"
        verbose_name = _("kiriman kiosk")
        verbose_name_plural = _("kiriman kiosk")
        indexes = [models.Index(fields=["kiosk", "diterima_pada"], name="kiriman_kiosk_waktu")]

    def __str__(self) -> str:
        return f"{self.kiosk} · {self.respons_id}"


# --- 3. Complaint and suggestion follow-up ------------------------------------------------------


class JenisKasus(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    SARAN = "saran", _("Saran")
    MASUKAN = "masukan", _("Masukan")


class SumberKasus(models.TextChoices):
    FORMULIR = "formulir", _("Formulir pengaduan")
    SURVEI = "survei", _("Saran pada survei")
    API = "api", _("Integrasi (API)")


class KategoriKasus(models.TextChoices):
    # The nine unsur of the survey, so a case feeds the improvement of the same element.
    U1 = "U1", _("Persyaratan")
    U2 = "U2", _("Sistem, mekanisme dan prosedur")
    U3 = "U3", _("Waktu penyelesaian")
    U4 = "U4", _("Biaya/tarif")
    U5 = "U5", _("Produk layanan")
    U6 = "U6", _("Kompetensi pelaksana")
    U7 = "U7", _("Perilaku pelaksana")
    U8 = "U8", _("Penanganan pengaduan")
    U9 = "U9", _("Sarana dan prasarana")
    LAINNYA = "lainnya", _("Lainnya")


class StatusKasus(models.TextChoices):
    BARU = "baru", _("Diterima")
    DIPROSES = "diproses", _("Sedang ditangani")
    DIJAWAB = "dijawab", _("Sudah dijawab")
    SELESAI = "selesai", _("Selesai")


STATUS_TERBUKA = (StatusKasus.BARU, StatusKasus.DIPROSES)


# "Terlambat" has two meanings, each defined once here (docs/figures.md), in SQL (the ``*_q``
# functions, used by the queryset, the selectors and the API filters) and for one object (the
# properties of ``Kasus``, used by the serializers and the pages), judged at an instant ``pada``:
# - melewati tenggat: received before ``pada``, still open then (not answered before it) and
#   its deadline reached (``batas_respons <= pada``): needs action;
# - dijawab terlambat: answered before ``pada``, after the deadline (``dijawab_pada > batas``);
# - terlambat: either of the two (the deadline was missed); the two never overlap.


def terbuka_pada_q(pada: dt.datetime, prefix: str = "") -> Q:
    """Not answered before ``pada``: cases are never reopened, so an answer later than ``pada``
    means the case was open then, whatever its later steps."""
    return Q(**{f"{prefix}dijawab_pada__gte": pada}) | Q(
        **{f"{prefix}dijawab_pada__isnull": True, f"{prefix}status__in": STATUS_TERBUKA}
    )


def melewati_tenggat_q(pada: dt.datetime, prefix: str = "") -> Q:
    return Q(
        **{f"{prefix}diterima_pada__lt": pada, f"{prefix}batas_respons__lte": pada}
    ) & terbuka_pada_q(pada, prefix)


def dijawab_terlambat_q(pada: dt.datetime, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}dijawab_pada__lt": pada,
            f"{prefix}dijawab_pada__gt": F(f"{prefix}batas_respons"),
        }
    )


def terlambat_q(pada: dt.datetime, prefix: str = "") -> Q:
    return melewati_tenggat_q(pada, prefix) | dijawab_terlambat_q(pada, prefix)


class KasusQuerySet(models.QuerySet["Kasus"]):
    def terbuka(self) -> KasusQuerySet:
        return self.filter(status__in=STATUS_TERBUKA)

    def melewati_tenggat(self, pada: dt.datetime | None = None) -> KasusQuerySet:
        """Open past their deadline at ``pada`` (now by default)."""
        return self.filter(melewati_tenggat_q(pada or timezone.now()))

    def dijawab_terlambat(self, pada: dt.datetime | None = None) -> KasusQuerySet:
        """Answered after their deadline (before ``pada``, now by default)."""
        return self.filter(dijawab_terlambat_q(pada or timezone.now()))

    def terlambat(self, pada: dt.datetime | None = None) -> KasusQuerySet:
        """Either of the two: the deadline was missed."""
        return self.filter(terlambat_q(pada or timezone.now()))


class Kasus(models.Model):
    """A complaint, suggestion or input that the unit must answer."""

    kode_lacak = models.CharField(_("kode lacak"), max_length=12, unique=True)
    unit_layanan = models.ForeignKey(
        "survei.UnitLayanan",
        on_delete=models.PROTECT,
        related_name="kasus",
        verbose_name=_("unit layanan"),
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=JenisKasus.choices)
    sumber = models.CharField(_("sumber"), max_length=10, choices=SumberKasus.choices)
    respons = models.OneToOneField(
        "survei.Respons",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kasus",
        verbose_name=_("respons survei"),
    )
    isi = models.TextField(_("isi"))
    kontak = models.CharField(
        _("kontak (opsional)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Surel atau nomor telepon yang diberikan warga untuk jawaban; tidak pernah tampil publik."
        ),
    )
    kategori = models.CharField(
        _("kategori"), max_length=10, choices=KategoriKasus.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StatusKasus.choices, default=StatusKasus.BARU
    )
    petugas = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kasus_ditangani",
        verbose_name=_("petugas"),
    )
    jawaban = models.TextField(_("jawaban"), blank=True)
    idempotency_key = models.UUIDField(_("kunci idempotensi"), unique=True, null=True, blank=True)
    diterima_pada = models.DateTimeField(_("diterima pada"), default=timezone.now)
    batas_respons = models.DateTimeField(_("batas waktu jawaban"))
    dijawab_pada = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    # Seconds from receipt to the first answer, kept so reports aggregate one column.
    durasi_respons_detik = models.PositiveIntegerField(
        _("waktu respons (detik)"), null=True, blank=True
    )
    ditutup_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KasusQuerySet.as_manager()

    class Meta:
        app_label = "survei"
        verbose_name = _("kasus pengaduan/saran")
        verbose_name_plural = _("kasus pengaduan/saran")
        ordering = ["-diterima_pada"]
        indexes = [
            models.Index(fields=["unit_layanan", "diterima_pada"], name="kasus_unit_diterima"),
            models.Index(fields=["status", "batas_respons"], name="kasus_status_batas"),
            models.Index(fields=["diterima_pada"], name="kasus_diterima"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=STATUS_TERBUKA)
                | (Q(dijawab_pada__isnull=False) & ~Q(jawaban="")),
                name="kasus_dijawab_berisi_jawaban",
                violation_error_message=_("Kasus yang dijawab atau selesai harus berisi jawaban."),
            ),
            models.CheckConstraint(
                condition=~Q(status=StatusKasus.SELESAI) | Q(ditutup_pada__isnull=False),
                name="kasus_selesai_bertanggal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode_lacak} · {self.get_jenis_display()}"

    @property
    def terbuka(self) -> bool:
        return self.status in STATUS_TERBUKA

    def terbuka_pada(self, pada: dt.datetime) -> bool:
        """:func:`terbuka_pada_q` for this case."""
        if self.dijawab_pada is not None:
            return self.dijawab_pada >= pada
        return self.status in STATUS_TERBUKA

    def melewati_tenggat_pada(self, pada: dt.datetime) -> bool:
        """:func:`melewati_tenggat_q` for this case."""
        return self.diterima_pada < pada and self.batas_respons <= pada and self.terbuka_pada(pada)

    def dijawab_terlambat_pada(self, pada: dt.datetime) -> bool:
        """:func:`dijawab_terlambat_q` for this case."""
        return self.dijawab_pada is not None and self.batas_respons < self.dijawab_pada < pada

    @property
    def melewati_tenggat(self) -> bool:
        return self.melewati_tenggat_pada(timezone.now())

    @property
    def dijawab_terlambat(self) -> bool:
        return self.dijawab_terlambat_pada(timezone.now())

    @property
    def terlambat(self) -> bool:
        """Open past the deadline, or answered after it."""
        pada = timezone.now()
        return self.melewati_tenggat_pada(pada) or self.dijawab_terlambat_pada(pada)


class RiwayatKasus(models.Model):
    """Each step of a case, for the staff trail and the citizen's tracking page."""

    kasus = models.ForeignKey(
        Kasus, on_delete=models.CASCADE, related_name="riwayat", verbose_name=_("kasus")
    )
    status = models.CharField(_("status"), max_length=10, choices=StatusKasus.choices)
    keterangan = models.CharField(_("keterangan"), max_length=255)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        app_label = "survei"
        verbose_name = _("riwayat kasus")
        verbose_name_plural = _("riwayat kasus")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kasus_id} · {self.keterangan}"


# --- 4. Forum Konsultasi Publik -----------------------------------------------------------------


class Konsultasi(models.Model):
    """A public consultation on a topic, open for input for a period."""

    unit_layanan = models.ForeignKey(
        "survei.UnitLayanan",
        on_delete=models.PROTECT,
        related_name="konsultasi",
        verbose_name=_("unit layanan"),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    judul = models.CharField(_("judul"), max_length=200)
    uraian = models.TextField(_("uraian"))
    dokumen = models.FileField(
        _("dokumen konsultasi"),
        upload_to="partisipasi/konsultasi/",
        blank=True,
        help_text=_("Rancangan yang dibahas (PDF)."),
    )
    dibuka = models.DateField(_("dibuka"))
    ditutup = models.DateField(_("ditutup"))
    diterbitkan = models.BooleanField(_("tampil di situs publik"), default=False, db_index=True)
    ringkasan_masukan = models.TextField(_("ringkasan masukan"), blank=True)
    perubahan = models.TextField(_("perubahan karena masukan"), blank=True)
    tanggal_rapat = models.DateField(_("tanggal rapat"), null=True, blank=True)
    berita_acara = models.FileField(
        _("berita acara"), upload_to="partisipasi/berita-acara/", blank=True
    )
    hasil_diterbitkan_pada = models.DateTimeField(
        _("hasil diterbitkan pada"), null=True, blank=True
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "survei"
        verbose_name = _("konsultasi publik")
        verbose_name_plural = _("konsultasi publik")
        ordering = ["-dibuka", "judul"]
        indexes = [
            models.Index(fields=["unit_layanan", "dibuka"], name="konsultasi_unit_dibuka"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ditutup__gte=models.F("dibuka")),
                name="konsultasi_periode_urut",
                violation_error_message=_("Tanggal ditutup tidak boleh sebelum tanggal dibuka."),
            ),
        ]

    def __str__(self) -> str:
        return self.judul

    def sedang_dibuka(self, hari: dt.date | None = None) -> bool:
        hari = hari or timezone.localdate()
        return self.diterbitkan and self.dibuka <= hari <= self.ditutup

    @property
    def hasil_terbit(self) -> bool:
        return self.hasil_diterbitkan_pada is not None


class StatusMasukan(models.TextChoices):
    MENUNGGU = "menunggu", _("Menunggu moderasi")
    DITERIMA = "diterima", _("Ditampilkan")
    DITOLAK = "ditolak", _("Ditolak")


class MasukanKonsultasi(models.Model):
    """A citizen's input to a consultation; public only after a moderator accepts it."""

    konsultasi = models.ForeignKey(
        Konsultasi, on_delete=models.CASCADE, related_name="masukan", verbose_name=_("konsultasi")
    )
    nama_tampilan = models.CharField(
        _("nama tampilan (opsional)"),
        max_length=60,
        blank=True,
        help_text=_("Boleh nama samaran; kosong berarti tampil sebagai 'Warga'."),
    )
    isi = models.TextField(_("isi masukan"))
    kontak = models.CharField(_("kontak (opsional)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusMasukan.choices, default=StatusMasukan.MENUNGGU
    )
    alasan_tolak = models.CharField(_("alasan ditolak"), max_length=255, blank=True)
    dimoderasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimoderasi oleh"),
    )
    dimoderasi_pada = models.DateTimeField(_("dimoderasi pada"), null=True, blank=True)
    idempotency_key = models.UUIDField(_("kunci idempotensi"), unique=True, default=uuid.uuid4)
    created_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)

    class Meta:
        app_label = "survei"
        verbose_name = _("masukan konsultasi")
        verbose_name_plural = _("masukan konsultasi")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["konsultasi", "status", "created_at"], name="masukan_konsultasi_status"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=StatusMasukan.MENUNGGU) | Q(dimoderasi_pada__isnull=False),
                name="masukan_dimoderasi_bertanggal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.konsultasi} · {self.pk}"
