from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asn_portal.periode import NOMOR_MAKS, JenisPeriode, Periode
from survei.kuesioner import KODE_UNSUR

KODE_VALIDATOR = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Kode hanya berisi huruf kecil, angka dan tanda hubung, misalnya rsud-m-yunus."),
)


KODE_TERPAKAI = {"staf", "hasil"}  # path segments of the survey's own pages


def validate_kode_bebas(value: str) -> None:
    if value in KODE_TERPAKAI:
        raise ValidationError(
            _("Kode %(kode)s dipakai oleh halaman survei; pilih kode lain."), params={"kode": value}
        )


class SektorLayanan(models.TextChoices):
    """The public-service sector of a service unit: the province-wide IKM is shown per sector."""

    ADMINDUK = "adminduk", _("Administrasi kependudukan")
    KESEHATAN = "kesehatan", _("Kesehatan")
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    PERIZINAN = "perizinan", _("Perizinan dan penanaman modal")
    SOSIAL = "sosial", _("Sosial")
    KETENAGAKERJAAN = "ketenagakerjaan", _("Ketenagakerjaan")
    PERHUBUNGAN = "perhubungan", _("Perhubungan")
    PEKERJAAN_UMUM = "pekerjaan_umum", _("Pekerjaan umum")
    KEPEGAWAIAN = "kepegawaian", _("Kepegawaian")
    LAINNYA = "lainnya", _("Lainnya")


class UnitLayanan(models.Model):
    """A service point that citizens rate: its kode is the public URL of its form."""

    kode = models.CharField(
        _("kode"), max_length=50, unique=True, validators=[KODE_VALIDATOR, validate_kode_bebas]
    )
    nama = models.CharField(_("nama unit layanan"), max_length=200, db_index=True)
    unit = models.ForeignKey(
        "jabatan.UnitOrganisasi",
        on_delete=models.PROTECT,
        related_name="unit_layanan",
        verbose_name=_("unit organisasi"),
    )
    jenis_layanan = models.JSONField(
        _("jenis layanan"),
        default=list,
        blank=True,
        help_text=_("Daftar jenis layanan yang diberikan unit ini."),
    )
    jumlah_pengguna = models.PositiveIntegerField(
        _("jumlah pengguna layanan per periode"),
        default=0,
        help_text=_("Populasi untuk menghitung sampel minimum (Krejcie dan Morgan)."),
    )
    periode_pengguna = models.CharField(
        _("periode jumlah pengguna"),
        max_length=10,
        choices=JenisPeriode.choices,
        default=JenisPeriode.TAHUN,
    )
    sektor = models.CharField(
        _("sektor layanan"),
        max_length=20,
        choices=SektorLayanan.choices,
        default=SektorLayanan.LAINNYA,
        db_index=True,
    )
    alamat = models.CharField(_("alamat"), max_length=255, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit layanan")
        verbose_name_plural = _("unit layanan")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama

    def populasi_untuk(self, periode: Periode) -> int:
        """Service users in ``periode``, scaled from the period the count was given for."""
        basis = {"bulan": 1, "triwulan": 3, "semester": 6, "tahun": 12}[self.periode_pengguna]
        pembilang = self.jumlah_pengguna * periode.jumlah_bulan
        return (2 * pembilang + basis) // (2 * basis)  # half-up


class Kuesioner(models.Model):
    """One version of the questionnaire's wording; published versions are never edited."""

    versi = models.PositiveIntegerField(_("versi"), unique=True)
    judul = models.CharField(_("judul"), max_length=200, default="Survei Kepuasan Masyarakat")
    urutan = models.JSONField(
        _("urutan tampilan"),
        default=list,
        help_text=_("Kode unsur dalam urutan tampil, misalnya U1 … U7, U9, U8."),
    )
    aktif = models.BooleanField(_("aktif"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kuesioner")
        verbose_name_plural = _("kuesioner")
        ordering = ["-versi"]
        constraints = [
            models.UniqueConstraint(
                fields=["aktif"],
                condition=Q(aktif=True),
                name="kuesioner_satu_aktif",
                violation_error_message=_("Hanya satu versi kuesioner yang boleh aktif."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.judul} v{self.versi}"


class PertanyaanUnsur(models.Model):
    kuesioner = models.ForeignKey(
        Kuesioner, on_delete=models.CASCADE, related_name="pertanyaan", verbose_name=_("kuesioner")
    )
    kode = models.CharField(_("kode unsur"), max_length=3, choices=[(k, k) for k in KODE_UNSUR])
    unsur = models.CharField(_("unsur"), max_length=120)
    pertanyaan = models.TextField(_("pertanyaan"))
    jawaban_1 = models.CharField(_("jawaban nilai 1"), max_length=80)
    jawaban_2 = models.CharField(_("jawaban nilai 2"), max_length=80)
    jawaban_3 = models.CharField(_("jawaban nilai 3"), max_length=80)
    jawaban_4 = models.CharField(_("jawaban nilai 4"), max_length=80)

    class Meta:
        verbose_name = _("pertanyaan unsur")
        verbose_name_plural = _("pertanyaan unsur")
        constraints = [
            models.UniqueConstraint(fields=["kuesioner", "kode"], name="pertanyaan_unik_per_versi")
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.unsur}"

    @property
    def pilihan(self) -> list[tuple[int, str]]:
        return [(1, self.jawaban_1), (2, self.jawaban_2), (3, self.jawaban_3), (4, self.jawaban_4)]


class JenisKelamin(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Pendidikan(models.TextChoices):
    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA")
    D1_D3 = "d1_d3", _("D1–D3")
    D4_S1 = "d4_s1", _("D4/S1")
    S2 = "s2", _("S2 ke atas")


class Pekerjaan(models.TextChoices):
    PNS = "pns", _("PNS")
    TNI = "tni", _("TNI")
    POLRI = "polri", _("POLRI")
    SWASTA = "swasta", _("Swasta")
    WIRAUSAHA = "wirausaha", _("Wirausaha")
    PELAJAR = "pelajar", _("Pelajar/Mahasiswa")
    LAINNYA = "lainnya", _("Lainnya")


class SumberRespons(models.TextChoices):
    DARING = "daring", _("Formulir daring")
    KERTAS = "kertas", _("Kuesioner kertas")
    API = "api", _("Integrasi (API)")


def _nilai_field(kode: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        kode, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )


class Respons(models.Model):
    """One respondent's answers. Holds no personal identifier: the device and the client
    address are kept only as salted hashes, and the address hash is purged after a while."""

    unit_layanan = models.ForeignKey(
        UnitLayanan,
        on_delete=models.PROTECT,
        related_name="respons",
        verbose_name=_("unit layanan"),
    )
    kuesioner = models.ForeignKey(
        Kuesioner,
        on_delete=models.PROTECT,
        related_name="respons",
        verbose_name=_("versi kuesioner"),
    )
    u1 = _nilai_field("U1")
    u2 = _nilai_field("U2")
    u3 = _nilai_field("U3")
    u4 = _nilai_field("U4")
    u5 = _nilai_field("U5")
    u6 = _nilai_field("U6")
    u7 = _nilai_field("U7")
    u8 = _nilai_field("U8")
    u9 = _nilai_field("U9")
    umur = models.PositiveSmallIntegerField(
        _("umur"), validators=[MinValueValidator(10), MaxValueValidator(120)]
    )
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    pendidikan = models.CharField(_("pendidikan"), max_length=10, choices=Pendidikan.choices)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=10, choices=Pekerjaan.choices)
    jenis_layanan = models.CharField(_("jenis layanan yang diterima"), max_length=200)
    tanggal_layanan = models.DateField(_("tanggal layanan"))
    saran = models.TextField(_("saran"), blank=True)
    sumber = models.CharField(
        _("sumber"), max_length=10, choices=SumberRespons.choices, default=SumberRespons.DARING
    )
    idempotency_key = models.UUIDField(_("kunci idempotensi"), unique=True, default=uuid.uuid4)
    tanggal_isi = models.DateField(_("tanggal pengisian"))
    perangkat_hash = models.CharField(_("hash perangkat"), max_length=64, blank=True)
    alamat_klien_hash = models.CharField(_("hash alamat klien"), max_length=64, blank=True)
    dientri_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dientri oleh"),
    )
    created_at = models.DateTimeField(_("diterima pada"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("respons survei")
        verbose_name_plural = _("respons survei")
        indexes = [
            # IKM per unit and period: one range scan per unit.
            models.Index(fields=["unit_layanan", "tanggal_layanan"], name="respons_unit_tanggal"),
            # The province's period (IKM of every unit) and the list's date drill-down.
            models.Index(fields=["tanggal_layanan"], name="respons_tanggal"),
            models.Index(
                fields=["created_at"],
                name="respons_hash_alamat",
                condition=~Q(alamat_klien_hash=""),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_layanan", "perangkat_hash", "tanggal_isi"],
                condition=~Q(perangkat_hash=""),
                name="respons_satu_per_perangkat_unit_hari",
                violation_error_message=_(
                    "Perangkat ini sudah mengisi survei untuk unit layanan ini hari ini."
                ),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{kode.lower()}__isnull": True})
                    | Q(**{f"{kode.lower()}__gte": 1, f"{kode.lower()}__lte": 4}),
                    name=f"respons_{kode.lower()}_1_4",
                )
                for kode in KODE_UNSUR
            ],
        ]

    def __str__(self) -> str:
        return f"{self.unit_layanan} · {self.tanggal_layanan:%d-%m-%Y}"

    def jawaban(self) -> dict[str, int | None]:
        return {kode: getattr(self, kode.lower()) for kode in KODE_UNSUR}


class PeriodePublikasi(models.Model):
    """A period whose result staff published; the public results page shows only these.

    The result is frozen at publication (a snapshot) so the published numbers never move when a
    late paper questionnaire arrives; publishing again refreshes it."""

    unit_layanan = models.ForeignKey(
        UnitLayanan,
        on_delete=models.CASCADE,
        related_name="publikasi",
        verbose_name=_("unit layanan"),
    )
    jenis_periode = models.CharField(
        _("jenis periode"), max_length=10, choices=JenisPeriode.choices
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    nomor = models.PositiveSmallIntegerField(_("nomor periode"), default=1)
    hasil = models.JSONField(_("hasil"), default=dict)
    profil = models.JSONField(_("profil responden"), default=dict)
    sampel_minimum = models.PositiveIntegerField(_("sampel minimum"), default=0)
    diterbitkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    diterbitkan_pada = models.DateTimeField(_("diterbitkan pada"))

    class Meta:
        verbose_name = _("periode terbit")
        verbose_name_plural = _("periode terbit")
        ordering = ["-tahun", "jenis_periode", "-nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_layanan", "jenis_periode", "tahun", "nomor"],
                name="publikasi_unik_per_periode",
            ),
            models.CheckConstraint(
                condition=Q(nomor__gte=1)
                & (
                    Q(jenis_periode="bulan", nomor__lte=NOMOR_MAKS[JenisPeriode.BULAN])
                    | Q(jenis_periode="triwulan", nomor__lte=NOMOR_MAKS[JenisPeriode.TRIWULAN])
                    | Q(jenis_periode="semester", nomor__lte=NOMOR_MAKS[JenisPeriode.SEMESTER])
                    | Q(jenis_periode="tahun", nomor=1)
                ),
                name="publikasi_nomor_sah",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_layanan} · {self.periode.label}"

    @property
    def periode(self) -> Periode:
        return Periode(self.tahun, self.jenis_periode, self.nomor)


class StatusRencanaTindakLanjut(models.TextChoices):
    DRAF = "draf", _("Draf")
    BERJALAN = "berjalan", _("Sedang dikerjakan")
    SELESAI = "selesai", _("Selesai")
    BATAL = "batal", _("Dibatalkan")


class RencanaTindakLanjut(models.Model):
    """An improvement action for a weak unsur of one unit and period."""

    unit_layanan = models.ForeignKey(
        UnitLayanan,
        on_delete=models.CASCADE,
        related_name="rencana",
        verbose_name=_("unit layanan"),
    )
    jenis_periode = models.CharField(
        _("jenis periode"), max_length=10, choices=JenisPeriode.choices
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    nomor = models.PositiveSmallIntegerField(_("nomor periode"), default=1)
    kode_unsur = models.CharField(_("unsur"), max_length=3, choices=[(k, k) for k in KODE_UNSUR])
    nrr = models.DecimalField(_("NRR saat disusun"), max_digits=6, decimal_places=4, null=True)
    masalah = models.TextField(_("permasalahan"), blank=True)
    kegiatan = models.TextField(_("rencana kegiatan"))
    penanggung_jawab = models.CharField(_("penanggung jawab"), max_length=200, blank=True)
    target_selesai = models.DateField(_("target selesai"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StatusRencanaTindakLanjut.choices,
        default=StatusRencanaTindakLanjut.DRAF,
        db_index=True,
    )
    catatan_progres = models.TextField(_("catatan progres"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")
        ordering = ["-tahun", "-nomor", "nrr"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_layanan", "jenis_periode", "tahun", "nomor", "kode_unsur"],
                name="rencana_unik_per_unsur_periode",
                violation_error_message=_("Unsur ini sudah punya rencana untuk periode tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_layanan} · {self.kode_unsur} · {self.periode.label}"

    @property
    def periode(self) -> Periode:
        return Periode(self.tahun, self.jenis_periode, self.nomor)
