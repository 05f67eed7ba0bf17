from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager

from jabatan.abk import HasilAbk, abk_compute, beban_kerja_menit
from jabatan.golongan import GOLONGAN_CHOICES, GOLONGAN_PNS, GOLONGAN_PPPK, pangkat
from jabatan.nip import normalize_nip, parse_nip


class JenisInstansi(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


KODE_INSTANSI_REGEX = r"^\d{2}(\.\d{2})?$"
# A DNS host name, lowercase, at least two labels, no port or scheme (kota.bengkuluprov.go.id).
NAMA_HOST_REGEX = (
    r"^(?=.{4,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$"
)


def zona_waktu_validate(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("Zona waktu %(z)s tidak dikenal (contoh: Asia/Jakarta).") % {"z": value}
        ) from None


class Instansi(models.Model):
    """A regional government (provinsi, kabupaten or kota) served by this deployment: it owns
    root units of the organisation tree, and everything beneath them is its own."""

    kode = models.CharField(
        _("kode instansi"),
        max_length=5,
        unique=True,
        validators=[
            RegexValidator(
                KODE_INSTANSI_REGEX,
                _("Kode instansi berformat dua angka (provinsi) atau 99.99 (kabupaten/kota)."),
            )
        ],
        help_text=_("Kode wilayah nasional, mis. 17 (Provinsi Bengkulu), 17.71 (Kota Bengkulu)."),
    )
    nama = models.CharField(_("nama"), max_length=200)
    nama_singkat = models.CharField(_("nama singkat"), max_length=100)
    jenis = models.CharField(_("jenis"), max_length=10, choices=JenisInstansi.choices)
    nama_bkd = models.CharField(_("nama BKD"), max_length=200)
    kop_surat = models.TextField(
        _("kop surat"), blank=True, help_text=_("Satu baris kop per baris teks.")
    )
    logo = models.FileField(_("logo"), upload_to="instansi/", blank=True, max_length=200)
    alamat = models.CharField(_("alamat"), max_length=300, blank=True)
    penandatangan = models.CharField(_("penandatangan laporan"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, help_text=_("Bagian alamat halaman publik.")
    )
    zona_waktu = models.CharField(
        _("zona waktu"), max_length=40, default="Asia/Jakarta", validators=[zona_waktu_validate]
    )
    nama_host = models.CharField(
        _("nama host publik"),
        max_length=253,
        blank=True,
        default="",
        validators=[
            RegexValidator(
                NAMA_HOST_REGEX,
                _(
                    "Nama host berupa nama domain huruf kecil tanpa http:// dan tanpa port, "
                    "mis. portal.bengkulukota.go.id."
                ),
            )
        ],
        help_text=_(
            "Kosongkan bila halaman publiknya cukup di /i/<slug>/. Nama host harus juga "
            "terdaftar di ALLOWED_HOSTS server."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["kode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kode__regex=KODE_INSTANSI_REGEX),
                name="instansi_kode_format",
                violation_error_message=_(
                    "Kode instansi berformat dua angka (provinsi) atau 99.99 (kabupaten/kota)."
                ),
            ),
            models.UniqueConstraint(
                fields=["nama_host"],
                condition=~Q(nama_host=""),
                name="instansi_nama_host_unik",
                violation_error_message=_("Nama host ini sudah dipakai instansi lain."),
            ),
        ]

    def __str__(self) -> str:
        return self.nama_singkat or self.nama

    @property
    def lingkup_seluruh(self) -> str:
        """How a figure of every unit of the instansi names its scope ("Seluruh provinsi")."""
        from jabatan.instansi import lingkup_seluruh

        return lingkup_seluruh(self.jenis)

    def clean(self) -> None:
        super().clean()
        if self.nama_host:
            from asn_portal.publik import nama_host_periksa

            nama_host_periksa(self.nama_host)

    @property
    def kop_baris(self) -> list[str]:
        return [line.strip() for line in self.kop_surat.splitlines() if line.strip()]


class PetugasInstansi(models.Model):
    """The instansi a staff account works in (its Admin BKD, Verifikator or Operator OPD)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="petugas_instansi",
        verbose_name=_("akun"),
    )
    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="petugas", verbose_name=_("instansi")
    )

    class Meta:
        verbose_name = _("petugas instansi")
        verbose_name_plural = _("petugas instansi")

    def __str__(self) -> str:
        return f"{self.user} — {self.instansi}"


class PemantauInstansi(models.Model):
    """An instansi whose roll-ups (/rekap/) a Pemantau account reads; one row per instansi.
    Who reads which instansi is ``asn_portal.access.instansi_rekap_ids``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pemantau_instansi",
        verbose_name=_("akun pemantau"),
    )
    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="pemantau", verbose_name=_("instansi")
    )

    class Meta:
        verbose_name = _("instansi pemantau")
        verbose_name_plural = _("instansi pemantau")
        ordering = ["user_id", "instansi__kode"]
        constraints = [
            models.UniqueConstraint(fields=["user", "instansi"], name="pemantau_instansi_unik")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.instansi}"


class JenisUnit(models.TextChoices):
    OPD = "opd", _("OPD")
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    BIDANG = "bidang", _("Bidang")
    BAGIAN = "bagian", _("Bagian")
    SUBBAGIAN = "subbagian", _("Subbagian")
    SEKSI = "seksi", _("Seksi")
    UPTD = "uptd", _("UPTD")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    SEKOLAH = "sekolah", _("Sekolah")


class UnitOrganisasiManager(MP_NodeManager):
    def move(self, node: Any, target: Any, pos: str | None = None) -> Any:
        """Move a subtree, never under a unit of another instansi."""
        child = pos in ("first-child", "last-child", "sorted-child")
        parent = target if child else self.get_parent(target)
        if parent is not None and parent.instansi_id != node.instansi_id:
            raise ValidationError(
                {"instansi": _("Unit tidak dapat dipindahkan ke bawah unit instansi lain.")}
            )
        moved = super().move(node, target, pos)
        from asn_portal.access import instansi_root_paths_lupakan

        instansi_root_paths_lupakan(node.instansi_id)
        return moved


class UnitOrganisasi(MP_Node):
    """A unit of the organisation tree (materialised path: subtree and ancestors in one query)."""

    instansi = models.ForeignKey(
        Instansi,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi"),
        blank=True,
        help_text=_("Diisi untuk OPD (unit teratas); sub-unit mengikuti unit induknya."),
    )
    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisUnit.choices, db_index=True)
    aktif = models.BooleanField(_("aktif"), default=True, db_index=True)
    berlaku_sejak = models.DateField(_("berlaku sejak"), null=True, blank=True)
    berlaku_sampai = models.DateField(_("berlaku sampai"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    node_order_by = ["kode"]

    objects = UnitOrganisasiManager()

    class Meta:
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")
        permissions = [("kelola_unit", _("Dapat mengelola data unit ini beserta sub-unitnya"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(berlaku_sampai__isnull=True)
                | Q(berlaku_sejak__isnull=True)
                | Q(berlaku_sampai__gte=models.F("berlaku_sejak")),
                name="unit_berlaku_urut",
                violation_error_message=_(
                    "Tanggal 'berlaku sampai' tidak boleh sebelum 'berlaku sejak'."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.kode})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The instansi of a sub-unit is its OPD's: the tree decides, never a second input.
        instansi_id: int | None = getattr(self, "instansi_id", None)  # the stubs cannot type it
        if self.depth and self.depth > 1 and (self._state.adding or instansi_id is None):
            parent = UnitOrganisasi.objects.get_parent(self)
            if parent is not None:
                self.instansi_id = parent.instansi_id
        if self.instansi_id is None:
            from jabatan.instansi import instansi_bawaan_id

            self.instansi_id = instansi_bawaan_id()
        super().save(*args, **kwargs)


class KategoriJabatan(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", _("Fungsional keahlian")
    FUNGSIONAL_KETERAMPILAN = "fungsional_keterampilan", _("Fungsional keterampilan")


KATEGORI_STRUKTURAL = {
    KategoriJabatan.JPT_UTAMA,
    KategoriJabatan.JPT_MADYA,
    KategoriJabatan.JPT_PRATAMA,
    KategoriJabatan.ADMINISTRATOR,
    KategoriJabatan.PENGAWAS,
}
KATEGORI_FUNGSIONAL = {KategoriJabatan.FUNGSIONAL_KEAHLIAN, KategoriJabatan.FUNGSIONAL_KETERAMPILAN}


class Jenjang(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")


JENJANG_KEAHLIAN = {Jenjang.AHLI_PERTAMA, Jenjang.AHLI_MUDA, Jenjang.AHLI_MADYA, Jenjang.AHLI_UTAMA}
JENJANG_KETERAMPILAN = {Jenjang.PEMULA, Jenjang.TERAMPIL, Jenjang.MAHIR, Jenjang.PENYELIA}
# The jenjang's usual golongan range (docs/domain.md#jenjang): (lowest, highest).
RENTANG_GOLONGAN: dict[str, tuple[str, str]] = {
    Jenjang.AHLI_PERTAMA: ("III/a", "III/b"),
    Jenjang.AHLI_MUDA: ("III/c", "III/d"),
    Jenjang.AHLI_MADYA: ("IV/a", "IV/c"),
    Jenjang.AHLI_UTAMA: ("IV/d", "IV/e"),
    Jenjang.PEMULA: ("II/a", "II/a"),
    Jenjang.TERAMPIL: ("II/b", "II/d"),
    Jenjang.MAHIR: ("III/a", "III/b"),
    Jenjang.PENYELIA: ("III/c", "III/d"),
}


class Eselon(models.TextChoices):
    I_A = "I.a", "I.a"
    I_B = "I.b", "I.b"
    II_A = "II.a", "II.a"
    II_B = "II.b", "II.b"
    III_A = "III.a", "III.a"
    III_B = "III.b", "III.b"
    IV_A = "IV.a", "IV.a"
    IV_B = "IV.b", "IV.b"
    V_A = "V.a", "V.a"


class Jabatan(models.Model):
    """A position in the instansi's catalogue of positions (not yet placed in a unit)."""

    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama jabatan"), max_length=200, db_index=True)
    kategori = models.CharField(
        _("kategori"), max_length=30, choices=KategoriJabatan.choices, db_index=True
    )
    jenjang = models.CharField(
        _("jenjang"),
        max_length=20,
        choices=Jenjang.choices,
        blank=True,
        db_index=True,
        help_text=_("Wajib untuk jabatan fungsional; kosong untuk jabatan lain."),
    )
    kelas_jabatan = models.PositiveSmallIntegerField(
        _("kelas jabatan"), validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    eselon = models.CharField(
        _("eselon (lama)"),
        max_length=5,
        choices=Eselon.choices,
        blank=True,
        help_text=_("Eselon sebelum penyederhanaan birokrasi, bila ada."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    instansi = models.ForeignKey(
        Instansi,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
        help_text=_("Kosong: katalog nasional untuk semua instansi. Diisi: tambahan instansi ini."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kelas_jabatan__gte=1, kelas_jabatan__lte=17),
                name="jabatan_kelas_1_17",
                violation_error_message=_("Kelas jabatan harus 1–17."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kategori=KategoriJabatan.FUNGSIONAL_KEAHLIAN,
                        jenjang__in=sorted(JENJANG_KEAHLIAN),
                    )
                    | Q(
                        kategori=KategoriJabatan.FUNGSIONAL_KETERAMPILAN,
                        jenjang__in=sorted(JENJANG_KETERAMPILAN),
                    )
                    | (~Q(kategori__in=sorted(KATEGORI_FUNGSIONAL)) & Q(jenjang=""))
                ),
                name="jabatan_jenjang_sesuai_kategori",
                violation_error_message=_("Jenjang tidak sesuai dengan kategori jabatan."),
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        if (
            self.kategori == KategoriJabatan.FUNGSIONAL_KEAHLIAN
            and self.jenjang not in JENJANG_KEAHLIAN
        ):
            raise ValidationError(
                {
                    "jenjang": _(
                        "Jabatan fungsional keahlian wajib berjenjang Ahli Pertama/Muda/Madya/Utama."
                    )
                }
            )
        if (
            self.kategori == KategoriJabatan.FUNGSIONAL_KETERAMPILAN
            and self.jenjang not in JENJANG_KETERAMPILAN
        ):
            raise ValidationError(
                {
                    "jenjang": _(
                        "Jabatan fungsional keterampilan wajib berjenjang Pemula/Terampil/Mahir/Penyelia."
                    )
                }
            )
        if self.kategori not in KATEGORI_FUNGSIONAL and self.jenjang:
            raise ValidationError({"jenjang": _("Jenjang hanya diisi untuk jabatan fungsional.")})

    @property
    def is_struktural(self) -> bool:
        return self.kategori in KATEGORI_STRUKTURAL

    @property
    def is_fungsional(self) -> bool:
        return self.kategori in KATEGORI_FUNGSIONAL

    @property
    def rentang_golongan(self) -> tuple[str, str] | None:
        return RENTANG_GOLONGAN.get(self.jenjang) if self.jenjang else None

    @property
    def golongan_minimal(self) -> str:
        rentang = self.rentang_golongan
        return rentang[0] if rentang else ""

    @property
    def batas_usia_pensiun(self) -> int:
        return batas_usia_pensiun_jabatan(self.jenjang, self.kategori)


def batas_usia_pensiun_jabatan(jenjang: str, kategori: str) -> int:
    """Batas usia pensiun of a jabatan from the configured table: its jenjang's age if the table
    lists the jenjang, else its kategori's, else the default. The database computes the same
    rule as ``jabatan.selectors._bup_expression`` (tests/jabatan/test_services.py)."""
    table = settings.BATAS_USIA_PENSIUN
    if jenjang and jenjang in table:
        return table[jenjang]
    return table.get(kategori, settings.BATAS_USIA_PENSIUN_BAWAAN)


class Formasi(models.Model):
    """A position placed in a unit; its need comes from the workload analysis (ABK)."""

    unit = models.ForeignKey(
        UnitOrganisasi, on_delete=models.PROTECT, related_name="formasi", verbose_name=_("unit")
    )
    jabatan = models.ForeignKey(
        Jabatan, on_delete=models.PROTECT, related_name="formasi", verbose_name=_("jabatan")
    )
    aktif = models.BooleanField(_("aktif"), default=True, db_index=True)
    catatan = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("formasi")
        verbose_name_plural = _("formasi")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "jabatan"],
                name="formasi_unik_per_unit",
                violation_error_message=_("Jabatan ini sudah ada di unit tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.jabatan} — {self.unit.nama}"

    @property
    def abk(self) -> HasilAbk:
        """Kebutuhan, selisih and EJ. Uses the ``beban_kerja``/``bezetting`` annotations of
        ``selectors.formasi_with_needs`` when present, otherwise two queries."""
        beban = getattr(self, "beban_kerja", None)
        if beban is None:
            beban = beban_kerja_menit(
                list(self.uraian_tugas.values_list("volume_per_tahun", "norma_waktu_menit"))
            )
        bezetting = getattr(self, "bezetting", None)
        if bezetting is None:
            bezetting = (
                self.riwayat_jabatan.definitif().aktif_pada(timezone.localdate()).count()
                if self.pk
                else 0
            )
        return abk_compute(beban_kerja_menit=Decimal(beban), bezetting=int(bezetting))


class UraianTugas(models.Model):
    """One task row of the workload analysis (Analisis Beban Kerja) of a formasi."""

    formasi = models.ForeignKey(
        Formasi, on_delete=models.CASCADE, related_name="uraian_tugas", verbose_name=_("formasi")
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    uraian = models.CharField(_("uraian tugas"), max_length=500)
    hasil_kerja = models.CharField(_("hasil kerja"), max_length=200)
    volume_per_tahun = models.DecimalField(
        _("beban kerja per tahun"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Jumlah hasil kerja dalam satu tahun."),
    )
    norma_waktu_menit = models.DecimalField(
        _("norma waktu (menit)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Waktu yang dibutuhkan untuk satu hasil kerja, dalam menit."),
    )

    class Meta:
        verbose_name = _("uraian tugas (ABK)")
        verbose_name_plural = _("uraian tugas (ABK)")
        ordering = ["formasi", "urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(volume_per_tahun__gte=0) & Q(norma_waktu_menit__gte=0),
                name="uraian_tugas_tidak_negatif",
                violation_error_message=_("Volume dan norma waktu tidak boleh negatif."),
            )
        ]

    def __str__(self) -> str:
        return self.uraian

    @property
    def beban_kerja_menit(self) -> Decimal:
        return self.volume_per_tahun * self.norma_waktu_menit


class StatusPegawai(models.TextChoices):
    CPNS = "cpns", _("CPNS")
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


class StatusAktif(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    PENSIUN = "pensiun", _("Pensiun")
    BERHENTI = "berhenti", _("Berhenti")


class Pendidikan(models.TextChoices):
    SD = "sd", _("SD")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA/SMK")
    D1 = "d1", _("D1")
    D2 = "d2", _("D2")
    D3 = "d3", _("D3")
    D4 = "d4", _("D4")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2")
    S3 = "s3", _("S3")


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class Pegawai(models.Model):
    """An ASN in the register. Birth date and sex are derived from the NIP, never typed."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    nama = models.CharField(_("nama"), max_length=150, db_index=True)
    gelar_depan = models.CharField(_("gelar depan"), max_length=30, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=50, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"), editable=False, db_index=True)
    jenis_kelamin = models.CharField(
        _("jenis kelamin"),
        max_length=1,
        choices=JenisKelamin.choices,
        editable=False,
        db_index=True,
    )
    status = models.CharField(
        _("status kepegawaian"), max_length=4, choices=StatusPegawai.choices, db_index=True
    )
    golongan = models.CharField(
        _("golongan/ruang"), max_length=5, choices=GOLONGAN_CHOICES, db_index=True
    )
    tmt_golongan = models.DateField(_("TMT golongan"), null=True, blank=True)
    pendidikan_terakhir = models.CharField(
        _("pendidikan terakhir"), max_length=3, choices=Pendidikan.choices, blank=True
    )
    status_aktif = models.CharField(
        _("keaktifan"),
        max_length=10,
        choices=StatusAktif.choices,
        default=StatusAktif.AKTIF,
        db_index=True,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    instansi = models.ForeignKey(
        Instansi,
        on_delete=models.PROTECT,
        related_name="pegawai",
        verbose_name=_("instansi"),
        blank=True,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pegawai",
        verbose_name=_("akun portal ASN"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pegawai ASN")
        verbose_name_plural = _("pegawai ASN")
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nip__regex=r"^[0-9]{18}$"),
                name="pegawai_nip_18_angka",
                violation_error_message=_("NIP harus terdiri dari 18 angka."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=[StatusPegawai.CPNS, StatusPegawai.PNS], golongan__in=GOLONGAN_PNS)
                    | Q(status=StatusPegawai.PPPK, golongan__in=GOLONGAN_PPPK)
                ),
                name="pegawai_golongan_sesuai_status",
                violation_error_message=_("Golongan tidak sesuai dengan status kepegawaian."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama_lengkap} ({self.nip})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.instansi_id is None:
            from jabatan.instansi import instansi_bawaan_id

            self.instansi_id = instansi_bawaan_id()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude: Any = None) -> None:
        # The NIP is typed with spaces between its groups; clean() validates it completely and
        # says what is wrong, so the generic length message is not added on top.
        self.nip = normalize_nip(self.nip)
        super().clean_fields(exclude={*(exclude or ()), "nip"})

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        try:
            info = parse_nip(self.nip)
        except ValidationError as exc:
            raise ValidationError({"nip": exc.messages}) from None
        self.nip = info.nip
        self.tanggal_lahir = info.tanggal_lahir
        self.jenis_kelamin = info.jenis_kelamin
        if self.status == StatusPegawai.PPPK and not info.is_pppk:
            errors["nip"] = [
                ValidationError(_("Status PPPK memerlukan NI PPPK (digit ke-13 bernilai 2)."))
            ]
        elif self.status in (StatusPegawai.CPNS, StatusPegawai.PNS) and info.is_pppk:
            errors["nip"] = [ValidationError(_("NIP ini berformat NI PPPK; status harus PPPK."))]
        if (
            self.status == StatusPegawai.PPPK
            and self.golongan
            and self.golongan not in GOLONGAN_PPPK
        ):
            errors["golongan"] = [
                ValidationError(_("PPPK bergolongan I–XVII, bukan %(g)s.") % {"g": self.golongan})
            ]
        elif (
            self.status in (StatusPegawai.CPNS, StatusPegawai.PNS)
            and self.golongan
            and self.golongan not in GOLONGAN_PNS
        ):
            errors["golongan"] = [
                ValidationError(
                    _("PNS/CPNS bergolongan I/a–IV/e, bukan %(g)s.") % {"g": self.golongan}
                )
            ]
        if (
            self.tmt_golongan
            and self.tmt_golongan < info.tmt_awal.replace(day=1)
            and not info.is_pppk
        ):
            errors["tmt_golongan"] = [
                ValidationError(
                    _("TMT golongan tidak boleh sebelum TMT CPNS (%(t)s).")
                    % {"t": info.tmt_awal.isoformat()}
                )
            ]
        if errors:
            raise ValidationError(errors)

    @property
    def nama_lengkap(self) -> str:
        nama = f"{self.gelar_depan} {self.nama}".strip()
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama

    @property
    def pangkat(self) -> str:
        return pangkat(self.golongan)

    def umur(self, on: dt.date | None = None) -> int:
        on = on or timezone.localdate()
        lahir = self.tanggal_lahir
        return on.year - lahir.year - ((on.month, on.day) < (lahir.month, lahir.day))

    def tanggal_pensiun(self, batas_usia: int) -> dt.date:
        """Retirement takes effect on the 1st of the month after the birthday at ``batas_usia``."""
        lahir = self.tanggal_lahir
        year, month = lahir.year + batas_usia, lahir.month + 1
        if month == 13:
            year, month = year + 1, 1
        return dt.date(year, month, 1)


class JenisPenugasan(models.TextChoices):
    DEFINITIF = "definitif", _("Definitif")
    PLT = "plt", _("Pelaksana Tugas (Plt)")
    PLH = "plh", _("Pelaksana Harian (Plh)")


def aktif_pada_q(tanggal: dt.date, prefix: str = "") -> Q:
    """Assignments in force on ``tanggal`` (periods are half-open: [tmt_mulai, tmt_selesai)),
    reached through ``prefix`` from another model (``"riwayat_jabatan__"``)."""
    return (
        Q(**{f"{prefix}tmt_selesai__isnull": True}) | Q(**{f"{prefix}tmt_selesai__gt": tanggal})
    ) & Q(**{f"{prefix}tmt_mulai__lte": tanggal})


def definitif_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}jenis": JenisPenugasan.DEFINITIF})


class RiwayatJabatanQuerySet(models.QuerySet["RiwayatJabatan"]):
    def aktif_pada(self, tanggal: dt.date) -> RiwayatJabatanQuerySet:
        return self.filter(aktif_pada_q(tanggal))

    def definitif(self) -> RiwayatJabatanQuerySet:
        return self.filter(definitif_q())


class RiwayatJabatan(models.Model):
    """Who held which formasi from which TMT until which TMT (the end date is exclusive)."""

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="riwayat_jabatan", verbose_name=_("pegawai")
    )
    formasi = models.ForeignKey(
        Formasi, on_delete=models.PROTECT, related_name="riwayat_jabatan", verbose_name=_("formasi")
    )
    jenis = models.CharField(
        _("jenis penugasan"),
        max_length=10,
        choices=JenisPenugasan.choices,
        default=JenisPenugasan.DEFINITIF,
    )
    tmt_mulai = models.DateField(_("TMT mulai"))
    tmt_selesai = models.DateField(
        _("TMT selesai"),
        null=True,
        blank=True,
        help_text=_(
            "Kosong bila masih menjabat. Tanggal ini adalah hari pertama tidak lagi menjabat."
        ),
    )
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RiwayatJabatanQuerySet.as_manager()

    class Meta:
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        ordering = ["-tmt_mulai"]
        indexes = [
            models.Index(
                fields=["formasi", "tmt_mulai", "tmt_selesai"], name="riwayat_formasi_periode"
            ),
            models.Index(fields=["pegawai", "tmt_mulai"], name="riwayat_pegawai_tmt"),
            # The register's history in its own order (newest first): a page is read from the
            # index and stops at its end, and the date drill-down probes it.
            models.Index(fields=["-tmt_mulai", "-id"], name="riwayat_urut_tmt"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai"],
                condition=Q(tmt_selesai__isnull=True, jenis=JenisPenugasan.DEFINITIF),
                name="riwayat_satu_definitif_aktif",
                violation_error_message=_(
                    "Pegawai ini sudah memiliki jabatan definitif yang aktif."
                ),
            ),
            models.CheckConstraint(
                condition=Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gt=models.F("tmt_mulai")),
                name="riwayat_tmt_urut",
                violation_error_message=_("TMT selesai harus sesudah TMT mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai} — {self.formasi} ({self.tmt_mulai})"

    def clean(self) -> None:
        if self.tmt_selesai and self.tmt_mulai and self.tmt_selesai <= self.tmt_mulai:
            raise ValidationError({"tmt_selesai": _("TMT selesai harus sesudah TMT mulai.")})
        if self.jenis == JenisPenugasan.DEFINITIF and self.pegawai_id and self.tmt_mulai:
            overlapping = (
                RiwayatJabatan.objects.definitif()
                .filter(pegawai_id=self.pegawai_id)
                .exclude(pk=self.pk)
                .filter(Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gt=self.tmt_mulai))
            )
            if self.tmt_selesai:
                overlapping = overlapping.filter(tmt_mulai__lt=self.tmt_selesai)
            clash = overlapping.select_related("formasi__jabatan").first()
            if clash:
                raise ValidationError(
                    {
                        "tmt_mulai": _(
                            "Periode ini tumpang tindih dengan jabatan definitif %(j)s sejak %(t)s."
                        )
                        % {"j": clash.formasi.jabatan.nama, "t": clash.tmt_mulai.isoformat()}
                    }
                )


def bulatkan(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)
