"""Competency development: the competency dictionary, standards per jabatan, the training
catalog with its runs (angkatan), and each ASN's training records (riwayat pelatihan)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jabatan.models import Jabatan, Jenjang, KategoriJabatan, Pegawai, StatusPegawai
from pelatihan.fields import DaftarKodeField

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class JenisKompetensi(models.TextChoices):
    TEKNIS = "teknis", _("Teknis")
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
    PEMERINTAHAN = "pemerintahan", _("Pemerintahan")


class Kompetensi(models.Model):
    """One entry of the competency dictionary; its five levels are described in LevelKompetensi."""

    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama kompetensi"), max_length=200)
    jenis = models.CharField(
        _("jenis"), max_length=20, choices=JenisKompetensi.choices, db_index=True
    )
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    instansi = models.ForeignKey(
        "jabatan.Instansi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
        help_text=_("Kosong: kamus nasional untuk semua instansi. Diisi: tambahan instansi ini."),
    )

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kamus kompetensi")
        ordering = ["jenis", "nama"]

    def __str__(self) -> str:
        return self.nama


class LevelKompetensi(models.Model):
    kompetensi = models.ForeignKey(
        Kompetensi,
        on_delete=models.CASCADE,
        related_name="level_list",
        verbose_name=_("kompetensi"),
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    deskripsi = models.TextField(_("deskripsi perilaku"))

    class Meta:
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        ordering = ["kompetensi", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["kompetensi", "level"],
                name="level_kompetensi_unik",
                violation_error_message=_(
                    "Level ini sudah dideskripsikan untuk kompetensi tersebut."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="level_kompetensi_1_5",
                violation_error_message=_("Level kompetensi harus 1–5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kompetensi} — level {self.level}"


class StandarKompetensi(models.Model):
    """The level of a competency that a jabatan requires."""

    jabatan = models.ForeignKey(
        Jabatan,
        on_delete=models.CASCADE,
        related_name="standar_kompetensi",
        verbose_name=_("jabatan"),
    )
    kompetensi = models.ForeignKey(
        Kompetensi, on_delete=models.PROTECT, related_name="standar", verbose_name=_("kompetensi")
    )
    level = models.PositiveSmallIntegerField(
        _("level yang dipersyaratkan"), validators=LEVEL_VALIDATORS
    )

    class Meta:
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        ordering = ["jabatan", "kompetensi"]
        constraints = [
            models.UniqueConstraint(
                fields=["jabatan", "kompetensi"],
                name="standar_kompetensi_unik",
                violation_error_message=_(
                    "Kompetensi ini sudah ada dalam standar jabatan tersebut."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="standar_kompetensi_level_1_5",
                violation_error_message=_("Level kompetensi harus 1–5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jabatan}: {self.kompetensi} (level {self.level})"


class JenisProgram(models.TextChoices):
    LATSAR = "latsar", _("Latsar CPNS")
    PKP = "pkp", _("Pelatihan Kepemimpinan Pengawas (PKP)")
    PKA = "pka", _("Pelatihan Kepemimpinan Administrator (PKA)")
    PKN_II = "pkn_ii", _("Pelatihan Kepemimpinan Nasional Tingkat II")
    PKN_I = "pkn_i", _("Pelatihan Kepemimpinan Nasional Tingkat I")
    FUNGSIONAL = "fungsional", _("Pelatihan fungsional")
    TEKNIS = "teknis", _("Pelatihan teknis")
    SEMINAR = "seminar", _("Seminar/workshop")
    E_LEARNING = "e_learning", _("E-learning")
    COACHING = "coaching", _("Coaching/mentoring")
    MAGANG = "magang", _("Magang")
    PERTUKARAN = "pertukaran", _("Pertukaran/rotasi kerja")
    LAINNYA = "lainnya", _("Lainnya")


class Metode(models.TextChoices):
    KLASIKAL = "klasikal", _("Klasikal")
    NONKLASIKAL = "nonklasikal", _("Nonklasikal")


@dataclass(frozen=True)
class ProfilSasaran:
    """What a program's target group is checked against: an ASN's status and a position (the
    current definitive one, or one a plan moves them to); no position: ``jabatan=None``."""

    status: str
    jabatan_id: int | None = None
    kategori: str = ""
    jenjang: str = ""

    @classmethod
    def dari(cls, pegawai: Pegawai, jabatan: Jabatan | None = None) -> ProfilSasaran:
        if jabatan is None:
            return cls(status=pegawai.status)
        return cls(
            status=pegawai.status,
            jabatan_id=jabatan.pk,
            kategori=jabatan.kategori,
            jenjang=jabatan.jenjang,
        )


def _kode_q(field: str, kode: str) -> Q:
    """The program lists no code in ``field`` (open to all) or lists ``kode``."""
    terbuka = Q(**{field: ""})
    return terbuka | Q(**{f"{field}__contains": f",{kode},"}) if kode else terbuka


class ProgramPelatihanQuerySet(models.QuerySet["ProgramPelatihan"]):
    """The one rule of who a program is for (docs/domain.md, "Sasaran program"): every target
    criterion a program fills in must hold for the ASN; a criterion left empty admits all."""

    @staticmethod
    def syarat_sasaran(profil: ProfilSasaran) -> dict[str, Q]:
        jabatan_through = ProgramPelatihan.sasaran_jabatan.through.objects.filter(
            programpelatihan_id=OuterRef("pk")
        )
        kompetensi_through = ProgramPelatihan.sasaran_kompetensi.through.objects.filter(
            programpelatihan_id=OuterRef("pk")
        )
        return {
            "status": _kode_q("sasaran_status", profil.status),
            "kategori": _kode_q("sasaran_kategori", profil.kategori),
            "jenjang": _kode_q("sasaran_jenjang", profil.jenjang),
            "jabatan": ~Exists(jabatan_through)
            | Exists(jabatan_through.filter(jabatan_id=profil.jabatan_id or 0)),
            "kompetensi": ~Exists(kompetensi_through)
            | Exists(
                kompetensi_through.filter(kompetensi__standar__jabatan_id=profil.jabatan_id or 0)
            ),
        }

    def untuk_profil(self, profil: ProfilSasaran) -> ProgramPelatihanQuerySet:
        return self.filter(*self.syarat_sasaran(profil).values())

    def untuk_pegawai(
        self, pegawai: Pegawai, *, jabatan: Jabatan | None = None, tanggal: Any = None
    ) -> ProgramPelatihanQuerySet:
        """Programs whose target group includes ``pegawai`` in ``jabatan`` (by default the
        definitive position held on ``tanggal``, today)."""
        return self.untuk_profil(profil_pegawai(pegawai, jabatan=jabatan, tanggal=tanggal))

    def syarat_tidak_terpenuhi(self, program_id: int, profil: ProfilSasaran) -> list[str]:
        """The names of the criteria (keys of :meth:`syarat_sasaran`) ``profil`` fails for the
        program, read from the same expressions the filter uses; [] when it qualifies."""
        syarat = self.syarat_sasaran(profil)
        row = (
            ProgramPelatihan.objects.filter(pk=program_id)
            .annotate(
                **{
                    f"ok_{nama}": ExpressionWrapper(q, output_field=BooleanField())
                    for nama, q in syarat.items()
                }
            )
            .values(*[f"ok_{nama}" for nama in syarat])
            .first()
        )
        if row is None:
            return []
        return [nama for nama in syarat if not row[f"ok_{nama}"]]


def profil_pegawai(
    pegawai: Pegawai, *, jabatan: Jabatan | None = None, tanggal: Any = None
) -> ProfilSasaran:
    if jabatan is None:
        from jabatan.selectors import jabatan_sekarang  # jabatan.selectors reads this app

        riwayat = jabatan_sekarang(pegawai, tanggal=tanggal)
        jabatan = riwayat.formasi.jabatan if riwayat else None
    return ProfilSasaran.dari(pegawai, jabatan)


class ProgramPelatihan(models.Model):
    """A program of the training catalog, with the target group it is for."""

    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama program"), max_length=200, db_index=True)
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisProgram.choices, db_index=True)
    metode = models.CharField(_("metode"), max_length=12, choices=Metode.choices)
    jp = models.PositiveSmallIntegerField(
        _("JP"), validators=[MinValueValidator(1)], help_text=_("Jam pelajaran; 1 JP = 45 menit.")
    )
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    aktif = models.BooleanField(_("aktif"), default=True, db_index=True)
    kompetensi = models.ManyToManyField(
        Kompetensi,
        through="ProgramKompetensi",
        related_name="program",
        verbose_name=_("kompetensi"),
    )
    # Who the program is for; an empty criterion admits everyone (ProgramPelatihanQuerySet).
    sasaran_status = DaftarKodeField(
        _("untuk status kepegawaian"),
        pilihan=StatusPegawai.choices,
        help_text=_("Contoh: Latsar hanya untuk CPNS. Kosongkan bila terbuka untuk semua status."),
    )
    sasaran_kategori = DaftarKodeField(
        _("untuk kategori jabatan"),
        pilihan=KategoriJabatan.choices,
        help_text=_(
            "Contoh: PKP untuk Pengawas, PKA untuk Administrator, PKN Tingkat II untuk JPT "
            "Pratama. Kosongkan bila terbuka untuk semua kategori."
        ),
    )
    sasaran_jenjang = DaftarKodeField(
        _("untuk jenjang fungsional"),
        pilihan=Jenjang.choices,
        help_text=_("Kosongkan bila tidak dibatasi jenjang jabatan fungsional."),
    )
    sasaran_jabatan = models.ManyToManyField(
        Jabatan,
        blank=True,
        related_name="program_sasaran",
        verbose_name=_("untuk jabatan tertentu"),
        help_text=_("Bila diisi, hanya pemangku jabatan ini yang termasuk sasaran."),
    )
    sasaran_kompetensi = models.ManyToManyField(
        Kompetensi,
        blank=True,
        related_name="program_sasaran",
        verbose_name=_("untuk jabatan yang mensyaratkan kompetensi"),
        help_text=_(
            "Bila diisi, hanya pemangku jabatan yang standar kompetensinya memuat salah satu "
            "kompetensi ini yang termasuk sasaran."
        ),
    )

    objects = ProgramPelatihanQuerySet.as_manager()

    class Meta:
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("katalog pelatihan")
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jp__gte=1),
                name="program_jp_positif",
                violation_error_message=_("JP harus minimal 1."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.jp} JP)"

    def sasaran_label(self, nama: str) -> list[str]:
        """Display labels of one code criterion (``status``, ``kategori``, ``jenjang``)."""
        field = cast(DaftarKodeField, self._meta.get_field(f"sasaran_{nama}"))
        return field.label(getattr(self, f"sasaran_{nama}"))

    @property
    def sasaran_ringkas(self) -> str:
        """The target group in one line ("Semua ASN" when nothing restricts it)."""
        bagian = [
            ", ".join(self.sasaran_label(nama))
            for nama in ("status", "kategori", "jenjang")
            if getattr(self, f"sasaran_{nama}")
        ]
        return "; ".join(bagian) or gettext("Semua ASN")


class ProgramKompetensi(models.Model):
    """The level a program develops a competency to."""

    program = models.ForeignKey(
        ProgramPelatihan,
        on_delete=models.CASCADE,
        related_name="kompetensi_list",
        verbose_name=_("program"),
    )
    kompetensi = models.ForeignKey(
        Kompetensi,
        on_delete=models.PROTECT,
        related_name="program_list",
        verbose_name=_("kompetensi"),
    )
    level = models.PositiveSmallIntegerField(_("level yang dicapai"), validators=LEVEL_VALIDATORS)

    class Meta:
        verbose_name = _("kompetensi yang dikembangkan")
        verbose_name_plural = _("kompetensi yang dikembangkan")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kompetensi"],
                name="program_kompetensi_unik",
                violation_error_message=_("Kompetensi ini sudah tercantum pada program tersebut."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="program_kompetensi_level_1_5",
                violation_error_message=_("Level kompetensi harus 1–5."),
            ),
        ]
        indexes = [models.Index(fields=["kompetensi", "level"], name="progkomp_kompetensi_level")]

    def __str__(self) -> str:
        return f"{self.program.nama}: {self.kompetensi} → {self.level}"


class Angkatan(models.Model):
    """A scheduled run of a program, organised by one instansi for its ASN, or shared by every
    instansi (``instansi`` empty)."""

    program = models.ForeignKey(
        ProgramPelatihan,
        on_delete=models.PROTECT,
        related_name="angkatan",
        verbose_name=_("program"),
    )
    nama = models.CharField(_("nama angkatan"), max_length=100)
    # NULL: a run shared by every instansi (organised nationally or by the province for all).
    instansi = models.ForeignKey(
        "jabatan.Instansi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=True,
        related_name="+",
        verbose_name=_("instansi penyelenggara"),
        help_text=_(
            "Kosong: angkatan bersama yang terbuka bagi ASN semua instansi. Diisi: hanya ASN "
            "instansi ini."
        ),
    )
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"), db_index=True)
    kuota = models.PositiveIntegerField(_("kuota peserta"), validators=[MinValueValidator(1)])
    tempat = models.CharField(_("tempat"), max_length=200, blank=True)
    tautan_daring = models.URLField(_("tautan daring"), blank=True)
    pendaftaran_mulai = models.DateField(_("pendaftaran dibuka"))
    pendaftaran_selesai = models.DateField(_("pendaftaran ditutup"))
    peserta = models.ManyToManyField(
        Pegawai, through="Peserta", related_name="angkatan_pelatihan", verbose_name=_("peserta")
    )

    class Meta:
        verbose_name = _("angkatan pelatihan")
        verbose_name_plural = _("angkatan pelatihan")
        ordering = ["-tanggal_mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=F("tanggal_mulai")),
                name="angkatan_tanggal_urut",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(pendaftaran_selesai__gte=F("pendaftaran_mulai")),
                name="angkatan_pendaftaran_urut",
                violation_error_message=_(
                    "Penutupan pendaftaran tidak boleh sebelum pembukaannya."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.nama} — {self.nama}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (
            self.tanggal_mulai
            and self.tanggal_selesai
            and self.tanggal_selesai < self.tanggal_mulai
        ):
            errors["tanggal_selesai"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if (
            self.pendaftaran_mulai
            and self.pendaftaran_selesai
            and self.pendaftaran_selesai < self.pendaftaran_mulai
        ):
            errors["pendaftaran_selesai"] = _(
                "Penutupan pendaftaran tidak boleh sebelum pembukaannya."
            )
        if not self.tempat and not self.tautan_daring:
            errors["tempat"] = _("Isi tempat atau tautan daring.")
        if errors:
            raise ValidationError(errors)

    def pendaftaran_dibuka(self, tanggal: Any = None) -> bool:
        tanggal = tanggal or timezone.localdate()
        return self.pendaftaran_mulai <= tanggal <= self.pendaftaran_selesai


class StatusPeserta(models.TextChoices):
    TERDAFTAR = "terdaftar", _("Terdaftar")
    HADIR = "hadir", _("Hadir")
    SELESAI = "selesai", _("Selesai (lulus)")
    TIDAK_SELESAI = "tidak_selesai", _("Tidak selesai")
    BATAL = "batal", _("Batal")


class Peserta(models.Model):
    """A registration of an ASN in a run; completion creates a verified training record."""

    angkatan = models.ForeignKey(
        Angkatan, on_delete=models.CASCADE, related_name="peserta_list", verbose_name=_("angkatan")
    )
    pegawai = models.ForeignKey(
        Pegawai,
        on_delete=models.PROTECT,
        related_name="pendaftaran_pelatihan",
        verbose_name=_("pegawai"),
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=StatusPeserta.choices,
        default=StatusPeserta.TERDAFTAR,
        db_index=True,
    )
    created_at = models.DateTimeField(_("didaftarkan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        ordering = ["angkatan", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["angkatan", "pegawai"],
                name="peserta_unik_per_angkatan",
                violation_error_message=_("Pegawai ini sudah terdaftar pada angkatan tersebut."),
            )
        ]
        indexes = [models.Index(fields=["pegawai", "status"], name="peserta_pegawai_status")]

    def __str__(self) -> str:
        return f"{self.pegawai} — {self.angkatan}"


class SumberRiwayat(models.TextChoices):
    ANGKATAN = "angkatan", _("Angkatan katalog")
    MANDIRI = "mandiri", _("Diajukan ASN (pelatihan eksternal)")
    STAF = "staf", _("Dicatat staf")


class StatusRiwayat(models.TextChoices):
    DIAJUKAN = "diajukan", _("Menunggu verifikasi")
    TERVERIFIKASI = "terverifikasi", _("Terverifikasi")
    DITOLAK = "ditolak", _("Ditolak")


def sertifikat_upload_to(instance: RiwayatPelatihan, filename: str) -> str:
    """A random, unguessable name; the extension comes from the sniffed content type."""
    ext = os.path.splitext(filename)[1].lower()
    return f"sertifikat/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}{ext}"


class RiwayatPelatihan(models.Model):
    """A completed training of an ASN. Only verified records count towards JP and competencies.

    The record counts in the calendar year of ``tanggal_selesai`` (docs/domain.md#20-jp).
    """

    pegawai = models.ForeignKey(
        Pegawai,
        on_delete=models.PROTECT,
        related_name="riwayat_pelatihan",
        verbose_name=_("pegawai"),
    )
    program = models.ForeignKey(
        ProgramPelatihan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="riwayat",
        verbose_name=_("program katalog"),
        help_text=_(
            "Program katalog yang diikuti atau setara; menentukan kompetensi yang diperoleh."
        ),
    )
    peserta = models.OneToOneField(
        Peserta,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="riwayat",
        verbose_name=_("kepesertaan angkatan"),
    )
    nama_pelatihan = models.CharField(_("nama pelatihan"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisProgram.choices)
    metode = models.CharField(_("metode"), max_length=12, choices=Metode.choices)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    jp = models.PositiveSmallIntegerField(
        _("JP"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    hasil = models.CharField(_("hasil/predikat"), max_length=100, blank=True)
    nomor_sertifikat = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    sertifikat = models.FileField(
        _("sertifikat"), upload_to=sertifikat_upload_to, blank=True, max_length=200
    )
    sertifikat_tipe = models.CharField(
        _("tipe berkas sertifikat"), max_length=30, blank=True, editable=False
    )
    sumber = models.CharField(
        _("sumber"), max_length=10, choices=SumberRiwayat.choices, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=15, choices=StatusRiwayat.choices, default=StatusRiwayat.DIAJUKAN
    )
    alasan_penolakan = models.TextField(_("alasan penolakan"), blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    diverifikasi_pada = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("riwayat pelatihan")
        verbose_name_plural = _("riwayat pelatihan")
        ordering = ["-tanggal_selesai", "-id"]
        indexes = [
            models.Index(
                fields=["pegawai", "status", "tanggal_selesai"], name="riwayat_pel_pegawai_thn"
            ),
            models.Index(fields=["status", "created_at"], name="riwayat_pel_antrian"),
            # The list's own order (newest first) and the date drill-down.
            models.Index(fields=["-tanggal_selesai", "-id"], name="riwayat_pel_urut"),
            # The counted JP (selectors.riwayat_jp_dihitung) of an ASN, or of everyone grouped
            # by ASN, read from the index alone: the roll-ups and the per-ASN JP.
            models.Index(
                fields=["pegawai", "tanggal_selesai"],
                include=["jp", "diverifikasi_pada"],
                condition=Q(status=StatusRiwayat.TERVERIFIKASI),
                name="riwayat_pel_jp_dihitung",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=F("tanggal_mulai")),
                name="riwayat_pel_tanggal_urut",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(jp__gte=1),
                name="riwayat_pel_jp_positif",
                violation_error_message=_("JP harus minimal 1."),
            ),
            models.CheckConstraint(
                condition=~Q(status=StatusRiwayat.DITOLAK) | ~Q(alasan_penolakan=""),
                name="riwayat_pel_tolak_beralasan",
                violation_error_message=_("Penolakan wajib disertai alasan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama_pelatihan} ({self.jp} JP, {self.tanggal_selesai:%Y})"

    def clean(self) -> None:
        if (
            self.tanggal_mulai
            and self.tanggal_selesai
            and self.tanggal_selesai < self.tanggal_mulai
        ):
            raise ValidationError(
                {"tanggal_selesai": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")}
            )
        if self.status == StatusRiwayat.DITOLAK and not self.alasan_penolakan.strip():
            raise ValidationError({"alasan_penolakan": _("Penolakan wajib disertai alasan.")})

    @property
    def tahun(self) -> int:
        """The year the training counts in: the year it was completed."""
        return self.tanggal_selesai.year


class PeringatanJp(models.Model):
    """One monthly JP warning mail that went out: to an ASN (pegawai) or to a unit operator
    (user). It lets a retried or repeated run skip whoever was already warned that month."""

    pegawai = models.ForeignKey(
        Pegawai,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="peringatan_jp",
        verbose_name=_("pegawai"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="peringatan_jp",
        verbose_name=_("operator"),
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(
        _("bulan"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    sent_at = models.DateTimeField(_("dikirim pada"), default=timezone.now)

    class Meta:
        verbose_name = _("peringatan JP terkirim")
        verbose_name_plural = _("peringatan JP terkirim")
        ordering = ["-tahun", "-bulan", "-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "bulan"],
                condition=Q(pegawai__isnull=False),
                name="peringatan_jp_pegawai_sekali_sebulan",
                violation_error_message=_("Peringatan JP bulan ini sudah dikirim ke pegawai ini."),
            ),
            models.UniqueConstraint(
                fields=["user", "tahun", "bulan"],
                condition=Q(user__isnull=False),
                name="peringatan_jp_operator_sekali_sebulan",
                violation_error_message=_("Peringatan JP bulan ini sudah dikirim ke operator ini."),
            ),
            models.CheckConstraint(
                condition=Q(pegawai__isnull=False, user__isnull=True)
                | Q(pegawai__isnull=True, user__isnull=False),
                name="peringatan_jp_satu_penerima",
                violation_error_message=_("Penerima peringatan adalah pegawai atau operator."),
            ),
            models.CheckConstraint(
                condition=Q(bulan__gte=1, bulan__lte=12),
                name="peringatan_jp_bulan_valid",
                violation_error_message=_("Bulan harus antara 1 dan 12."),
            ),
        ]

    def __str__(self) -> str:
        penerima = self.pegawai if self.pegawai_id else self.user
        return f"{penerima} — {self.bulan:02d}/{self.tahun}"
