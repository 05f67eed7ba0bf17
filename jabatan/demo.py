"""Demo register of Provinsi Bengkulu: OPD tree, jabatan catalogue, formasi with ABK, ~400 ASN.

Deterministic through ``rng`` and idempotent: every object is looked up by a natural key (kode,
NIP, unit + jabatan) before it is created, and the random draws never depend on what the
database already holds, so a second run finds everything in place and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from jabatan import services
from jabatan.golongan import GOLONGAN_PNS
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import (
    RENTANG_GOLONGAN,
    Formasi,
    Jabatan,
    JenisPenugasan,
    JenisUnit,
    KategoriJabatan,
    Pegawai,
    RiwayatJabatan,
    StatusAktif,
    StatusPegawai,
    UnitOrganisasi,
    UraianTugas,
)

# The demo lives in a fixed moment so that two runs on different days build the same register.
ACUAN = dt.date(2026, 7, 1)
UNIT_BERLAKU_SEJAK = dt.date(2021, 1, 4)

K = KategoriJabatan

# --- jabatan catalogue: kode -> (nama, kategori, jenjang, kelas, eselon) -------------------------
JABATAN: dict[str, tuple[str, str, str, int, str]] = {
    "JPTM-SEKDA": ("Sekretaris Daerah", K.JPT_MADYA, "", 16, "I.b"),
    "JPTP-KADIS": ("Kepala Dinas", K.JPT_PRATAMA, "", 14, "II.a"),
    "JPTP-KABAN": ("Kepala Badan", K.JPT_PRATAMA, "", 14, "II.a"),
    "JPTP-INSP": ("Inspektur", K.JPT_PRATAMA, "", 14, "II.a"),
    "JPTP-DIR": ("Direktur Rumah Sakit Umum Daerah", K.JPT_PRATAMA, "", 14, "II.a"),
    "JPTP-KARO": ("Kepala Biro", K.JPT_PRATAMA, "", 13, "II.b"),
    "ADM-SEKR": ("Sekretaris", K.ADMINISTRATOR, "", 12, "III.a"),
    "ADM-IRBAN": ("Inspektur Pembantu", K.ADMINISTRATOR, "", 12, "III.a"),
    "ADM-KABID": ("Kepala Bidang", K.ADMINISTRATOR, "", 11, "III.b"),
    "ADM-KAUPTD": ("Kepala UPTD", K.ADMINISTRATOR, "", 11, "III.b"),
    "PGW-KASUBAG": ("Kepala Subbagian", K.PENGAWAS, "", 9, "IV.a"),
    "PGW-KASI": ("Kepala Seksi", K.PENGAWAS, "", 9, "IV.a"),
    "PGW-KAPUSK": ("Kepala Puskesmas", K.PENGAWAS, "", 9, "IV.a"),
    "PLK-KAUR": ("Kepala Urusan Tata Usaha", K.PELAKSANA, "", 7, "V.a"),
    "PLK-PLO": ("Penata Layanan Operasional", K.PELAKSANA, "", 7, ""),
    "PLK-PENGKEU": ("Pengadministrasi Keuangan", K.PELAKSANA, "", 6, ""),
    "PLK-PDI": ("Pengolah Data dan Informasi", K.PELAKSANA, "", 6, ""),
    "PLK-PAP": ("Pengadministrasi Perkantoran", K.PELAKSANA, "", 5, ""),
    "PLK-OLO": ("Operator Layanan Operasional", K.PELAKSANA, "", 5, ""),
}
# JF families: kode prefix -> (nama, kategori, jenjang list)
_KEAHLIAN = K.FUNGSIONAL_KEAHLIAN
_KETERAMPILAN = K.FUNGSIONAL_KETERAMPILAN
JF_FAMILIES: dict[str, tuple[str, str, list[str]]] = {
    "ASDMA": (
        "Analis Sumber Daya Manusia Aparatur",
        _KEAHLIAN,
        ["ahli_pertama", "ahli_muda", "ahli_madya"],
    ),
    "PRC": ("Perencana", _KEAHLIAN, ["ahli_pertama", "ahli_muda", "ahli_madya"]),
    "AUD": ("Auditor", _KEAHLIAN, ["ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"]),
    "DOK": ("Dokter", _KEAHLIAN, ["ahli_pertama", "ahli_muda", "ahli_madya"]),
    "PRW": ("Perawat", _KEAHLIAN, ["ahli_pertama", "ahli_muda"]),
    "GURU": ("Guru", _KEAHLIAN, ["ahli_pertama", "ahli_muda", "ahli_madya"]),
    "AKPD": ("Analis Keuangan Pusat dan Daerah", _KEAHLIAN, ["ahli_pertama", "ahli_muda"]),
    "TJJ": ("Teknik Jalan dan Jembatan", _KEAHLIAN, ["ahli_pertama", "ahli_muda"]),
    "PEKSOS": ("Pekerja Sosial", _KEAHLIAN, ["ahli_pertama", "ahli_muda"]),
    "ADBK": ("Administrator Database Kependudukan", _KEAHLIAN, ["ahli_pertama", "ahli_muda"]),
    "PKB": ("Penguji Kendaraan Bermotor", _KEAHLIAN, ["ahli_pertama"]),
    "APT": ("Apoteker", _KEAHLIAN, ["ahli_pertama", "ahli_muda"]),
    "PRAKOM": ("Pranata Komputer", _KEAHLIAN, ["ahli_pertama", "ahli_muda"]),
    "EPID": ("Epidemiolog Kesehatan", _KEAHLIAN, ["ahli_pertama", "ahli_muda"]),
    "PRW-T": ("Perawat", _KETERAMPILAN, ["terampil", "mahir", "penyelia"]),
    "BDN-T": ("Bidan", _KETERAMPILAN, ["terampil", "mahir"]),
    "PLK-T": ("Pranata Laboratorium Kesehatan", _KETERAMPILAN, ["terampil", "mahir"]),
    "ARS-T": ("Arsiparis", _KETERAMPILAN, ["terampil", "mahir"]),
    "PKB-T": ("Penguji Kendaraan Bermotor", _KETERAMPILAN, ["pemula", "terampil"]),
    "PEKSOS-T": ("Pekerja Sosial", _KETERAMPILAN, ["terampil"]),
    "PRAKOM-T": ("Pranata Komputer", _KETERAMPILAN, ["terampil", "mahir"]),
}
KELAS_JENJANG = {
    "ahli_pertama": 8,
    "ahli_muda": 9,
    "ahli_madya": 11,
    "ahli_utama": 13,
    "pemula": 5,
    "terampil": 6,
    "mahir": 7,
    "penyelia": 8,
}
JENJANG_SINGKAT = {
    "ahli_pertama": "AP",
    "ahli_muda": "AM",
    "ahli_madya": "AMD",
    "ahli_utama": "AU",
    "pemula": "PM",
    "terampil": "TR",
    "mahir": "MH",
    "penyelia": "PY",
}
JENJANG_NAMA = {
    "ahli_pertama": "Ahli Pertama",
    "ahli_muda": "Ahli Muda",
    "ahli_madya": "Ahli Madya",
    "ahli_utama": "Ahli Utama",
    "pemula": "Pemula",
    "terampil": "Terampil",
    "mahir": "Mahir",
    "penyelia": "Penyelia",
}


def _jf(family: str, jenjang: str) -> str:
    return f"JF-{family}-{JENJANG_SINGKAT[jenjang]}"


for _family, (_nama, _kategori, _jenjangs) in JF_FAMILIES.items():
    for _j in _jenjangs:
        JABATAN[_jf(_family, _j)] = (
            f"{_nama} {JENJANG_NAMA[_j]}",
            _kategori,
            _j,
            KELAS_JENJANG[_j],
            "",
        )


# --- organisation -------------------------------------------------------------------------------
# A formasi spec: (jabatan kode, target kebutuhan)
Spec = tuple[str, int]


@dataclass
class UnitSpec:
    nama: str
    jenis: str
    formasi: list[Spec] = field(default_factory=list)
    anak: list[UnitSpec] = field(default_factory=list)


def _sekretariat(jf: list[Spec] | None = None) -> UnitSpec:
    return UnitSpec(
        "Sekretariat",
        JenisUnit.SEKRETARIAT,
        [("ADM-SEKR", 1)],
        [
            UnitSpec(
                "Subbagian Umum dan Kepegawaian",
                JenisUnit.SUBBAGIAN,
                [
                    ("PGW-KASUBAG", 1),
                    ("PLK-PAP", 2),
                    ("PLK-OLO", 1),
                    (_jf("ARS-T", "terampil"), 1),
                    *(jf or []),
                ],
            ),
            UnitSpec(
                "Subbagian Keuangan", JenisUnit.SUBBAGIAN, [("PGW-KASUBAG", 1), ("PLK-PENGKEU", 2)]
            ),
            UnitSpec(
                "Subbagian Perencanaan dan Pelaporan",
                JenisUnit.SUBBAGIAN,
                [("PGW-KASUBAG", 1), ("PLK-PDI", 1), (_jf("PRC", "ahli_pertama"), 1)],
            ),
        ],
    )


def _bidang(nama: str, jf: list[Spec], seksi: list[str] | None = None) -> UnitSpec:
    anak = [UnitSpec(s, JenisUnit.SEKSI, [("PGW-KASI", 1), ("PLK-PLO", 1)]) for s in (seksi or [])]
    return UnitSpec(nama, JenisUnit.BIDANG, [("ADM-KABID", 1), ("PLK-PDI", 1), *jf], anak)


def _puskesmas(nama: str) -> UnitSpec:
    return UnitSpec(
        nama,
        JenisUnit.PUSKESMAS,
        [
            ("PGW-KAPUSK", 1),
            (_jf("DOK", "ahli_pertama"), 2),
            (_jf("PRW-T", "terampil"), 3),
            (_jf("BDN-T", "terampil"), 2),
            (_jf("PLK-T", "terampil"), 1),
            ("PLK-PAP", 1),
        ],
    )


def _sekolah(nama: str) -> UnitSpec:
    return UnitSpec(
        nama,
        JenisUnit.SEKOLAH,
        [
            ("PLK-KAUR", 1),
            (_jf("GURU", "ahli_pertama"), 4),
            (_jf("GURU", "ahli_muda"), 3),
            (_jf("GURU", "ahli_madya"), 2),
            ("PLK-PAP", 1),
        ],
    )


def _opd(nama: str, kepala: str, anak: list[UnitSpec]) -> UnitSpec:
    return UnitSpec(nama, JenisUnit.OPD, [(kepala, 1)], anak)


# (kode, spec). OPD are the roots of the tree.
ORGANISASI: list[tuple[str, UnitSpec]] = [
    (
        "SETDA",
        _opd(
            "Sekretariat Daerah Provinsi Bengkulu",
            "JPTM-SEKDA",
            [
                UnitSpec(
                    "Biro Pemerintahan dan Kesejahteraan Rakyat",
                    JenisUnit.BAGIAN,
                    [("JPTP-KARO", 1), ("PLK-PLO", 1)],
                    [
                        UnitSpec(
                            "Subbagian Otonomi Daerah",
                            JenisUnit.SUBBAGIAN,
                            [("PGW-KASUBAG", 1), ("PLK-PLO", 1)],
                        ),
                    ],
                ),
                UnitSpec(
                    "Biro Organisasi",
                    JenisUnit.BAGIAN,
                    [("JPTP-KARO", 1), ("PLK-PDI", 1)],
                    [
                        UnitSpec(
                            "Subbagian Kelembagaan dan Analisis Jabatan",
                            JenisUnit.SUBBAGIAN,
                            [("PGW-KASUBAG", 1), (_jf("ASDMA", "ahli_pertama"), 2)],
                        ),
                        UnitSpec(
                            "Subbagian Reformasi Birokrasi dan Akuntabilitas Kinerja",
                            JenisUnit.SUBBAGIAN,
                            [("PGW-KASUBAG", 1), ("PLK-PLO", 1)],
                        ),
                    ],
                ),
                UnitSpec(
                    "Biro Umum",
                    JenisUnit.BAGIAN,
                    [("JPTP-KARO", 1), ("PLK-PAP", 2), ("PLK-OLO", 3)],
                ),
            ],
        ),
    ),
    (
        "BKD",
        _opd(
            "Badan Kepegawaian Daerah Provinsi Bengkulu",
            "JPTP-KABAN",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Pengadaan, Pemberhentian dan Informasi",
                    [
                        (_jf("ASDMA", "ahli_pertama"), 2),
                        (_jf("PRAKOM", "ahli_pertama"), 1),
                        (_jf("PRAKOM-T", "terampil"), 1),
                    ],
                ),
                _bidang(
                    "Bidang Mutasi dan Promosi",
                    [(_jf("ASDMA", "ahli_pertama"), 2), (_jf("ASDMA", "ahli_muda"), 2)],
                ),
                _bidang(
                    "Bidang Pengembangan Kompetensi Aparatur",
                    [(_jf("ASDMA", "ahli_muda"), 1), (_jf("ASDMA", "ahli_madya"), 1)],
                ),
                _bidang(
                    "Bidang Penilaian Kinerja Aparatur dan Penghargaan",
                    [(_jf("ASDMA", "ahli_pertama"), 2)],
                ),
            ],
        ),
    ),
    (
        "BAPPEDA",
        _opd(
            "Badan Perencanaan Pembangunan Daerah Provinsi Bengkulu",
            "JPTP-KABAN",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Perencanaan Makro dan Evaluasi",
                    [(_jf("PRC", "ahli_pertama"), 2), (_jf("PRC", "ahli_muda"), 1)],
                ),
                _bidang(
                    "Bidang Infrastruktur dan Kewilayahan",
                    [(_jf("PRC", "ahli_muda"), 2), (_jf("PRC", "ahli_madya"), 1)],
                ),
                _bidang(
                    "Bidang Pemerintahan dan Pembangunan Manusia", [(_jf("PRC", "ahli_pertama"), 2)]
                ),
            ],
        ),
    ),
    (
        "INSP",
        _opd(
            "Inspektorat Daerah Provinsi Bengkulu",
            "JPTP-INSP",
            [
                _sekretariat(),
                *[
                    UnitSpec(
                        f"Inspektur Pembantu Wilayah {w}",
                        JenisUnit.BIDANG,
                        [
                            ("ADM-IRBAN", 1),
                            (_jf("AUD", "ahli_pertama"), 2),
                            (_jf("AUD", "ahli_muda"), 2),
                            (_jf("AUD", "ahli_madya"), 1),
                        ],
                    )
                    for w in ("I", "II", "III", "IV")
                ],
            ],
        ),
    ),
    (
        "DIKBUD",
        _opd(
            "Dinas Pendidikan dan Kebudayaan Provinsi Bengkulu",
            "JPTP-KADIS",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Pembinaan SMA", [], ["Seksi Kurikulum SMA", "Seksi Peserta Didik SMA"]
                ),
                _bidang(
                    "Bidang Pembinaan SMK", [], ["Seksi Kurikulum SMK", "Seksi Kelembagaan SMK"]
                ),
                _bidang("Bidang Pembinaan Pendidikan Khusus dan Layanan Khusus", []),
                _bidang("Bidang Kebudayaan", [], ["Seksi Cagar Budaya dan Permuseuman"]),
                _sekolah("SMA Negeri 1 Kota Bengkulu"),
                _sekolah("SMA Negeri 2 Kota Bengkulu"),
                _sekolah("SMA Negeri 5 Kota Bengkulu"),
                _sekolah("SMK Negeri 1 Kota Bengkulu"),
                UnitSpec(
                    "UPTD Taman Budaya",
                    JenisUnit.UPTD,
                    [("ADM-KAUPTD", 1), ("PLK-PLO", 2), ("PLK-OLO", 1)],
                ),
            ],
        ),
    ),
    (
        "DINKES",
        _opd(
            "Dinas Kesehatan Provinsi Bengkulu",
            "JPTP-KADIS",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Kesehatan Masyarakat",
                    [(_jf("EPID", "ahli_pertama"), 1)],
                    ["Seksi Kesehatan Keluarga dan Gizi", "Seksi Promosi Kesehatan"],
                ),
                _bidang(
                    "Bidang Pencegahan dan Pengendalian Penyakit",
                    [(_jf("EPID", "ahli_pertama"), 2), (_jf("EPID", "ahli_muda"), 1)],
                    ["Seksi Surveilans dan Imunisasi"],
                ),
                _bidang(
                    "Bidang Pelayanan dan Sumber Daya Kesehatan",
                    [(_jf("APT", "ahli_pertama"), 1)],
                    ["Seksi Kefarmasian dan Alat Kesehatan"],
                ),
                UnitSpec(
                    "UPTD Laboratorium Kesehatan Daerah",
                    JenisUnit.UPTD,
                    [
                        ("ADM-KAUPTD", 1),
                        (_jf("PLK-T", "terampil"), 3),
                        (_jf("PLK-T", "mahir"), 1),
                        ("PLK-PAP", 1),
                    ],
                ),
                _puskesmas("UPTD Puskesmas Sawah Lebar"),
                _puskesmas("UPTD Puskesmas Jalan Gedang"),
                _puskesmas("UPTD Puskesmas Lingkar Barat"),
            ],
        ),
    ),
    (
        "RSUD",
        _opd(
            "Rumah Sakit Umum Daerah dr. M. Yunus",
            "JPTP-DIR",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Pelayanan Medik",
                    [
                        (_jf("DOK", "ahli_pertama"), 4),
                        (_jf("DOK", "ahli_muda"), 3),
                        (_jf("DOK", "ahli_madya"), 2),
                        (_jf("APT", "ahli_muda"), 1),
                    ],
                ),
                _bidang(
                    "Bidang Keperawatan",
                    [
                        (_jf("PRW", "ahli_pertama"), 5),
                        (_jf("PRW", "ahli_muda"), 2),
                        (_jf("PRW-T", "terampil"), 8),
                        (_jf("PRW-T", "mahir"), 3),
                        (_jf("PRW-T", "penyelia"), 1),
                        (_jf("BDN-T", "mahir"), 2),
                    ],
                ),
                _bidang(
                    "Bidang Penunjang Medik",
                    [(_jf("PLK-T", "terampil"), 3), (_jf("APT", "ahli_pertama"), 2)],
                ),
            ],
        ),
    ),
    (
        "PUPR",
        _opd(
            "Dinas Pekerjaan Umum dan Penataan Ruang Provinsi Bengkulu",
            "JPTP-KADIS",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Bina Marga",
                    [(_jf("TJJ", "ahli_pertama"), 3), (_jf("TJJ", "ahli_muda"), 2)],
                    ["Seksi Pembangunan Jalan dan Jembatan"],
                ),
                _bidang("Bidang Sumber Daya Air", [(_jf("TJJ", "ahli_pertama"), 1)]),
                _bidang("Bidang Cipta Karya dan Penataan Ruang", []),
                UnitSpec(
                    "UPTD Pengelolaan Jalan dan Jembatan Wilayah I",
                    JenisUnit.UPTD,
                    [
                        ("ADM-KAUPTD", 1),
                        (_jf("TJJ", "ahli_pertama"), 1),
                        ("PLK-OLO", 3),
                    ],
                ),
            ],
        ),
    ),
    (
        "DINSOS",
        _opd(
            "Dinas Sosial Provinsi Bengkulu",
            "JPTP-KADIS",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Rehabilitasi Sosial",
                    [(_jf("PEKSOS", "ahli_pertama"), 2), (_jf("PEKSOS-T", "terampil"), 1)],
                ),
                _bidang(
                    "Bidang Perlindungan dan Jaminan Sosial", [(_jf("PEKSOS", "ahli_muda"), 1)]
                ),
                UnitSpec(
                    "UPTD Panti Sosial Tresna Werdha Pagar Dewa",
                    JenisUnit.UPTD,
                    [
                        ("ADM-KAUPTD", 1),
                        (_jf("PEKSOS-T", "terampil"), 2),
                        (_jf("PRW-T", "terampil"), 1),
                        ("PLK-OLO", 2),
                    ],
                ),
            ],
        ),
    ),
    (
        "DISHUB",
        _opd(
            "Dinas Perhubungan Provinsi Bengkulu",
            "JPTP-KADIS",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Lalu Lintas dan Angkutan Jalan",
                    [
                        (_jf("PKB", "ahli_pertama"), 1),
                        (_jf("PKB-T", "terampil"), 2),
                        (_jf("PKB-T", "pemula"), 1),
                    ],
                ),
                _bidang("Bidang Pelayaran", [], ["Seksi Angkutan Sungai, Danau dan Penyeberangan"]),
            ],
        ),
    ),
    (
        "BPKD",
        _opd(
            "Badan Pengelola Keuangan dan Aset Daerah Provinsi Bengkulu",
            "JPTP-KABAN",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Anggaran",
                    [(_jf("AKPD", "ahli_pertama"), 2), (_jf("AKPD", "ahli_muda"), 1)],
                ),
                _bidang("Bidang Perbendaharaan", [(_jf("AKPD", "ahli_pertama"), 2)]),
                _bidang(
                    "Bidang Akuntansi dan Pelaporan",
                    [(_jf("AKPD", "ahli_pertama"), 1), (_jf("AKPD", "ahli_muda"), 1)],
                ),
                _bidang("Bidang Pengelolaan Barang Milik Daerah", [("PLK-PENGKEU", 1)]),
            ],
        ),
    ),
    (
        "DUKCAPIL",
        _opd(
            "Dinas Kependudukan dan Pencatatan Sipil Provinsi Bengkulu",
            "JPTP-KADIS",
            [
                _sekretariat(),
                _bidang(
                    "Bidang Pelayanan Pendaftaran Penduduk", [(_jf("ADBK", "ahli_pertama"), 1)]
                ),
                _bidang("Bidang Pelayanan Pencatatan Sipil", []),
                _bidang(
                    "Bidang Pengelolaan Informasi Administrasi Kependudukan",
                    [
                        (_jf("ADBK", "ahli_pertama"), 1),
                        (_jf("ADBK", "ahli_muda"), 1),
                        (_jf("PRAKOM-T", "terampil"), 1),
                    ],
                ),
            ],
        ),
    ),
]
# Units whose staffing leans one way: the dashboard then shows both kelebihan and kekurangan.
KECENDERUNGAN = {"BKD": 1, "RSUD": -1, "DINSOS": -1, "SETDA": 1, "DUKCAPIL": -1, "INSP": 0}

# --- ABK task rows per kind of position --------------------------------------------------------
TUGAS_UMUM = [
    ("Menyusun rencana kerja dan anggaran", "Dokumen rencana kerja", 240),
    ("Menyiapkan bahan rapat koordinasi", "Bahan rapat", 120),
    ("Menyusun laporan kinerja bulanan", "Laporan bulanan", 300),
    ("Menelaah surat masuk dan menyiapkan disposisi", "Disposisi", 15),
    ("Melakukan monitoring dan evaluasi pelaksanaan kegiatan", "Laporan monev", 480),
]
TUGAS: dict[str, list[tuple[str, str, int]]] = {
    "pimpinan": [
        ("Memimpin rapat koordinasi pimpinan", "Arahan pimpinan", 120),
        ("Menandatangani naskah dinas", "Naskah dinas", 10),
        ("Menilai kinerja bawahan", "Penilaian kinerja", 60),
        ("Menyusun kebijakan teknis", "Rancangan kebijakan", 960),
    ],
    "pelaksana": [
        ("Mengagendakan surat masuk dan keluar", "Agenda surat", 5),
        ("Mengetik dan menggandakan naskah dinas", "Naskah dinas", 20),
        ("Mengarsipkan dokumen", "Berkas arsip", 10),
        ("Memasukkan data ke aplikasi", "Rekaman data", 8),
        ("Melayani tamu dan permintaan informasi", "Layanan", 15),
    ],
    "ASDMA": [
        ("Menganalisis usulan kenaikan pangkat", "Nota usul", 45),
        ("Menyusun analisis jabatan dan beban kerja", "Dokumen anjab-ABK", 960),
        ("Memverifikasi usulan mutasi", "Berkas terverifikasi", 60),
        ("Menyusun peta jabatan", "Peta jabatan", 1440),
    ],
    "PRC": [
        ("Menyusun rancangan RKPD", "Rancangan RKPD", 2400),
        ("Mengkaji usulan musrenbang", "Kajian", 240),
        ("Menyusun evaluasi capaian indikator", "Laporan evaluasi", 480),
    ],
    "AUD": [
        ("Melaksanakan audit kinerja", "Laporan hasil audit", 2400),
        ("Melaksanakan reviu laporan keuangan", "Laporan hasil reviu", 960),
        ("Memantau tindak lanjut temuan", "Laporan pemantauan", 240),
    ],
    "DOK": [
        ("Melakukan pemeriksaan dan pengobatan pasien", "Pasien terlayani", 15),
        ("Melakukan tindakan medis", "Tindakan", 45),
        ("Membuat rujukan", "Surat rujukan", 10),
    ],
    "PRW": [
        ("Melakukan pengkajian keperawatan", "Dokumen pengkajian", 20),
        ("Melakukan tindakan keperawatan", "Tindakan", 15),
        ("Melakukan dokumentasi asuhan keperawatan", "Catatan asuhan", 10),
    ],
    "BDN": [
        ("Melakukan pemeriksaan kehamilan", "Pemeriksaan", 30),
        ("Menolong persalinan normal", "Persalinan", 240),
        ("Memberikan penyuluhan KIA", "Penyuluhan", 60),
    ],
    "PLK": [
        ("Melakukan pemeriksaan spesimen", "Hasil pemeriksaan", 20),
        ("Memelihara alat laboratorium", "Alat terpelihara", 60),
        ("Mencatat hasil pemeriksaan", "Catatan hasil", 5),
    ],
    "GURU": [
        ("Melaksanakan pembelajaran tatap muka", "Jam pelajaran", 45),
        ("Menyusun perangkat pembelajaran", "Modul ajar", 240),
        ("Menilai hasil belajar", "Nilai peserta didik", 10),
    ],
    "TJJ": [
        ("Menyusun desain teknis jalan", "Gambar rencana", 960),
        ("Mengawasi pelaksanaan konstruksi", "Laporan pengawasan", 480),
        ("Melakukan survei kondisi jalan", "Data kondisi jalan", 240),
    ],
    "AKPD": [
        ("Menganalisis rancangan anggaran", "Hasil analisis", 240),
        ("Memverifikasi SPP dan SPM", "Dokumen terverifikasi", 30),
        ("Menyusun laporan keuangan", "Laporan keuangan", 2400),
    ],
}
TUGAS_KELUARGA = {"PRW-T": "PRW", "BDN-T": "BDN", "PLK-T": "PLK"}

# --- people --------------------------------------------------------------------------------------
NAMA_L = [
    "Ahmad",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Irwan",
    "Joko",
    "Rahmat",
    "Syahrul",
    "Yudi",
    "Zulkifli",
    "Agus",
    "Bambang",
    "Darmawan",
    "Erwin",
    "Firdaus",
    "Gunawan",
    "Hasan",
    "Iskandar",
    "Muhammad",
    "Nurdin",
    "Rizal",
    "Safrudin",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Arief",
    "Rudi",
    "Sofyan",
]
NAMA_P = [
    "Ani",
    "Dewi",
    "Eka",
    "Fitri",
    "Herlina",
    "Indah",
    "Lestari",
    "Mega",
    "Nurul",
    "Putri",
    "Rina",
    "Siti",
    "Sri",
    "Tuti",
    "Wulan",
    "Yanti",
    "Ayu",
    "Dian",
    "Elvira",
    "Fauziah",
    "Hartati",
    "Kartika",
    "Lina",
    "Maya",
    "Novi",
    "Ratna",
    "Sari",
    "Yuliana",
    "Rosmaini",
    "Desi",
]
NAMA_BELAKANG = [
    "Saputra",
    "Pratama",
    "Hidayat",
    "Kurniawan",
    "Santoso",
    "Rahman",
    "Wijaya",
    "Setiawan",
    "Harahap",
    "Nasution",
    "Lubis",
    "Siregar",
    "Putra",
    "Irawan",
    "Susanto",
    "Firmansyah",
    "Anggraini",
    "Permatasari",
    "Wulandari",
    "Rahmawati",
    "Marlina",
    "Yulianti",
    "Purnamasari",
    "Syafitri",
    "Sembiring",
    "Husin",
    "Jamil",
    "Bakri",
    "Effendi",
    "Zainal",
]
GELAR_S1 = ["S.E.", "S.H.", "S.Sos.", "S.Kom.", "S.T.", "S.AP.", "S.IP.", "S.Ak."]
GELAR_JF: dict[str, tuple[str, str, str]] = {
    # family -> (pendidikan, gelar depan, gelar belakang)
    "DOK": ("s1", "dr.", ""),
    "PRW": ("s1", "", "S.Kep., Ners"),
    "PRW-T": ("d3", "", "A.Md.Kep."),
    "BDN-T": ("d3", "", "A.Md.Keb."),
    "PLK-T": ("d3", "", "A.Md.AK."),
    "APT": ("s1", "apt.", "S.Farm."),
    "GURU": ("s1", "", "S.Pd."),
    "TJJ": ("s1", "", "S.T."),
    "PRAKOM": ("s1", "", "S.Kom."),
    "PRAKOM-T": ("d3", "", "A.Md.Kom."),
    "EPID": ("s1", "", "S.K.M."),
    "AUD": ("s1", "", "S.Ak."),
    "AKPD": ("s1", "", "S.E."),
    "PKB-T": ("sma", "", ""),
    "ARS-T": ("d3", "", "A.Md."),
    "PEKSOS-T": ("d3", "", "A.Md.Sos."),
}
# Age at which each pendidikan usually starts as CPNS: (earliest, latest).
USIA_MASUK = {"sma": (19, 26), "d3": (22, 30), "s1": (23, 33), "s2": (26, 35)}
GOLONGAN_MASUK = {"sma": "II/a", "d3": "II/c", "s1": "III/a", "s2": "III/b"}
# Golongan range per category of position: (lowest, highest) for PNS.
RENTANG_KATEGORI: dict[str, tuple[str, str]] = {
    K.JPT_MADYA: ("IV/d", "IV/e"),
    K.JPT_PRATAMA: ("IV/c", "IV/d"),
    K.ADMINISTRATOR: ("IV/a", "IV/b"),
    K.PENGAWAS: ("III/c", "IV/a"),
    K.PELAKSANA: ("II/a", "III/b"),
}
PPPK_GOLONGAN = {"sma": "V", "d3": "VII", "s1": "IX", "s2": "X"}


@dataclass
class _Orang:
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    status: str
    golongan: str
    tmt_golongan: dt.date
    pendidikan: str
    tmt_awal: dt.date


def _keluarga(kode: str) -> str:
    return kode.split("-", 1)[1].rsplit("-", 1)[0] if kode.startswith("JF-") else ""


def _tugas_untuk(kode: str) -> list[tuple[str, str, int]]:
    kategori = JABATAN[kode][1]
    if kategori in RENTANG_KATEGORI and kategori != K.PELAKSANA:
        return TUGAS["pimpinan"] + TUGAS_UMUM[:2]
    if kategori == K.PELAKSANA:
        return TUGAS["pelaksana"] + TUGAS_UMUM[3:4]
    family = _keluarga(kode)
    family = TUGAS_KELUARGA.get(family, family)
    return TUGAS.get(family, TUGAS_UMUM)


def uraian_tugas(
    formasi: Formasi, rows: list[tuple[str, str, Decimal, Decimal]]
) -> list[UraianTugas]:
    """The ABK rows of ``formasi`` from :func:`uraian_rows` (to bulk-create)."""
    return [
        UraianTugas(
            formasi=formasi,
            urutan=i,
            uraian=u,
            hasil_kerja=h,
            volume_per_tahun=v,
            norma_waktu_menit=n,
        )
        for i, (u, h, v, n) in enumerate(rows, start=1)
    ]


def uraian_rows(
    rng: random.Random, kode: str, target: int
) -> list[tuple[str, str, Decimal, Decimal]]:
    """ABK rows whose beban kerja lands near ``target`` people (so kebutuhan is believable)."""
    jke = Decimal(settings.ABK_JKE_MENIT)
    tasks = _tugas_untuk(kode)
    chosen = rng.sample(tasks, k=min(len(tasks), rng.randint(3, 4)))
    factor = Decimal(rng.randint(78, 118)) / 100
    total = jke * target * factor
    weights = [rng.randint(1, 4) for _ in chosen]
    rows = []
    for (uraian, hasil, norma), weight in zip(chosen, weights, strict=True):
        share = total * weight / sum(weights)
        volume = max(Decimal(1), (share / norma).quantize(Decimal(1)))
        rows.append((uraian, hasil, volume, Decimal(norma)))
    return rows


def _golongan_range(kode: str) -> tuple[str, str]:
    _, kategori, jenjang, _, _ = JABATAN[kode]
    if jenjang:
        return RENTANG_GOLONGAN[jenjang]
    return RENTANG_KATEGORI[kategori]


def _pendidikan(rng: random.Random, kode: str) -> tuple[str, str, str]:
    family = _keluarga(kode)
    if family in GELAR_JF:
        return GELAR_JF[family]
    kategori = JABATAN[kode][1]
    if kategori == K.PELAKSANA:
        pendidikan = rng.choice(["sma", "sma", "d3", "s1"])
    elif kategori in (K.JPT_PRATAMA, K.JPT_MADYA, K.ADMINISTRATOR):
        pendidikan = "s2" if rng.random() < 0.7 else "s1"
    else:
        pendidikan = "s1"
    if pendidikan == "sma":
        return pendidikan, "", ""
    if pendidikan == "d3":
        return pendidikan, "", "A.Md."
    gelar = rng.choice(GELAR_S1)
    return (pendidikan, "", f"{gelar}, M.Si." if pendidikan == "s2" else gelar)


class _NipPool:
    """Allocates NIPs; the sequence number only grows when the first 15 digits collide."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def take(self, prefix15: str) -> str:
        urutan = self.used.get(prefix15, 0) + 1
        self.used[prefix15] = urutan
        return f"{prefix15}{urutan:03d}"


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _orang(
    rng: random.Random, pool: _NipPool, kode: str, *, status: str, pensiun: bool = False
) -> _Orang:
    kategori = JABATAN[kode][1]
    jenjang = JABATAN[kode][2]
    pendidikan, gelar_depan, gelar_belakang = _pendidikan(rng, kode)
    perempuan = rng.random() < (
        0.75 if _keluarga(kode) in ("PRW", "PRW-T", "BDN-T", "GURU") else 0.45
    )
    nama = f"{rng.choice(NAMA_P if perempuan else NAMA_L)} {rng.choice(NAMA_BELAKANG)}"
    if kategori == K.JPT_MADYA or kategori == K.JPT_PRATAMA or jenjang == "ahli_madya":
        batas = 60
    elif jenjang == "ahli_utama":
        batas = 65
    else:
        batas = 58
    usia_masuk = rng.randint(*USIA_MASUK[pendidikan])
    if status == StatusPegawai.CPNS:
        tmt_awal = dt.date(2025, rng.choice([3, 4, 6]), 1)
        lahir = _random_date(
            rng,
            dt.date(tmt_awal.year - usia_masuk - 1, 1, 1),
            dt.date(tmt_awal.year - usia_masuk, 12, 28),
        )
        golongan = GOLONGAN_MASUK[pendidikan]
        tmt_golongan = tmt_awal
        middle = f"{tmt_awal:%Y%m}"
    elif status == StatusPegawai.PPPK:
        tahun = rng.choice([2022, 2023, 2024, 2025])
        lahir = _random_date(rng, dt.date(tahun - 45, 1, 1), dt.date(tahun - usia_masuk, 12, 28))
        tmt_awal = dt.date(tahun, 1, 1)
        golongan = PPPK_GOLONGAN[pendidikan]
        tmt_golongan = dt.date(tahun, rng.choice([3, 4, 7]), 1)
        middle = f"{tahun}2{rng.randint(1, 2)}"
    else:
        low, high = _golongan_range(kode)
        lo_rank, hi_rank = GOLONGAN_PNS.index(low), GOLONGAN_PNS.index(high)
        start_rank = GOLONGAN_PNS.index(GOLONGAN_MASUK[pendidikan])
        rank = rng.randint(max(lo_rank, start_rank), max(hi_rank, start_rank))
        # Four years per ruang, plus years spent waiting at the top of a range.
        masa_kerja = (rank - start_rank) * 4 + rng.randint(1, 4) + rng.choice([0, 0, 2, 5, 9, 14])
        usia_maks = batas - 1
        masa_kerja = min(masa_kerja, usia_maks - usia_masuk)
        if pensiun:  # reached the batas usia pensiun between 2023 and 2025
            masa_kerja = batas + rng.randint(1, 3) - usia_masuk
        tahun_masuk = min(ACUAN.year - masa_kerja, 2024)
        tmt_awal = dt.date(tahun_masuk, rng.choice([1, 3, 4, 12]), 1)
        tahun_lahir = tahun_masuk - usia_masuk
        lahir = _random_date(rng, dt.date(tahun_lahir, 1, 1), dt.date(tahun_lahir, 12, 28))
        golongan = GOLONGAN_PNS[rank]
        tmt_golongan = max(
            tmt_awal, dt.date(ACUAN.year - rng.randint(0, 3), rng.choice([4, 10]), 1)
        )
        middle = f"{tmt_awal:%Y%m}"
    sex = "2" if perempuan else "1"
    nip = pool.take(f"{lahir:%Y%m%d}{middle}{sex}")
    return _Orang(
        nip, nama, gelar_depan, gelar_belakang, status, golongan, tmt_golongan, pendidikan, tmt_awal
    )


# --- building -------------------------------------------------------------------------------------
def _ensure_unit(
    kode: str, nama: str, jenis: str, parent: UnitOrganisasi | None
) -> tuple[UnitOrganisasi, bool]:
    existing = UnitOrganisasi.objects.filter(kode=kode).first()
    if existing:
        return existing, False
    data = {"kode": kode, "nama": nama, "jenis": jenis, "berlaku_sejak": UNIT_BERLAKU_SEJAK}
    if parent is None:
        return UnitOrganisasi.objects.add_root(create_kwargs=data), True
    parent.refresh_from_db()
    return UnitOrganisasi.objects.add_child(parent, create_kwargs=data), True


def _build_units(
    kode: str,
    spec: UnitSpec,
    parent: UnitOrganisasi | None,
    opd: str,
    into: list[tuple[UnitOrganisasi, str, Spec]],
) -> int:
    unit, created = _ensure_unit(kode, spec.nama, spec.jenis, parent)
    for formasi in spec.formasi:
        into.append((unit, opd, formasi))
    count = int(created)
    for index, anak in enumerate(spec.anak, start=1):
        count += _build_units(f"{kode}.{index:02d}", anak, unit, opd, into)
    return count


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    # Jabatan catalogue.
    existing_jabatan = {j.kode: j for j in Jabatan.objects.filter(kode__in=JABATAN)}
    new_jabatan = [
        Jabatan(
            kode=kode,
            nama=nama,
            kategori=kategori,
            jenjang=jenjang,
            kelas_jabatan=kelas,
            eselon=eselon,
        )
        for kode, (nama, kategori, jenjang, kelas, eselon) in JABATAN.items()
        if kode not in existing_jabatan
    ]
    for jabatan in new_jabatan:
        jabatan.full_clean()
    Jabatan.objects.bulk_create(new_jabatan)
    jabatan_by_kode = {j.kode: j for j in Jabatan.objects.filter(kode__in=JABATAN)}

    # Organisation tree.
    placements: list[tuple[UnitOrganisasi, str, Spec]] = []
    units_created = sum(
        _build_units(kode, spec, None, kode, placements) for kode, spec in ORGANISASI
    )

    # Formasi with their ABK rows.
    existing_formasi = {
        (f.unit_id, f.jabatan_id): f
        for f in Formasi.objects.filter(
            jabatan__kode__in=JABATAN, unit__in=[u for u, _, _ in placements]
        )
    }
    plans: list[tuple[Formasi | None, UnitOrganisasi, str, str, int, list]] = []
    new_formasi: list[Formasi] = []
    for unit, opd, (kode, target) in placements:
        rows = uraian_rows(rng, kode, target)
        key = (unit.pk, jabatan_by_kode[kode].pk)
        formasi = existing_formasi.get(key)
        if formasi is None:
            formasi = Formasi(unit=unit, jabatan=jabatan_by_kode[kode])
            new_formasi.append(formasi)
            existing_formasi[key] = formasi
            plans.append((formasi, unit, opd, kode, target, rows))
        else:
            plans.append((None, unit, opd, kode, target, rows))
    Formasi.objects.bulk_create(new_formasi)
    UraianTugas.objects.bulk_create(
        uraian
        for formasi, _, _, _, _, rows in plans
        if formasi is not None
        for uraian in uraian_tugas(formasi, rows)
    )

    # People: draws happen for every formasi on every run, so the rng stays in step.
    pool = _NipPool()
    orang_per_formasi: list[tuple[UnitOrganisasi, str, str, list[_Orang]]] = []
    # People are only placed on formasi this run created, so a run with another --seed over an
    # existing register adds nobody.
    fresh = {id(f) for f, *_ in plans if f is not None}
    for new, unit, opd, kode, target, _ in plans:
        lean = KECENDERUNGAN.get(opd, 0)
        kategori = JABATAN[kode][1]
        if (
            kategori in (K.JPT_MADYA, K.JPT_PRATAMA, K.ADMINISTRATOR, K.PENGAWAS)
            or kode == "PLK-KAUR"
        ):
            # A head's chair is either filled or vacant (then a Plt covers it, below).
            count = 0 if rng.random() < 0.1 else 1
        else:
            count = max(0, target + rng.choice([-1, 0, 0, 0, 1]) + rng.choice([0, lean]))
        people = []
        for _ in range(count):
            roll = rng.random()
            if (kategori == K.PELAKSANA and kode != "PLK-KAUR") or _keluarga(kode) in (
                "GURU",
                "PRW-T",
                "BDN-T",
                "PRW",
                "PLK-T",
            ):
                status = (
                    StatusPegawai.PPPK
                    if roll < 0.22
                    else StatusPegawai.CPNS
                    if roll < 0.3
                    else StatusPegawai.PNS
                )
            elif JABATAN[kode][2] == "ahli_pertama":
                status = StatusPegawai.CPNS if roll < 0.15 else StatusPegawai.PNS
            else:
                status = StatusPegawai.PNS
            people.append(_orang(rng, pool, kode, status=status))
        orang_per_formasi.append((unit, opd, kode, people if id(new) in fresh else []))
    # A few retired ASN whose closed assignments keep the history honest.
    pensiunan = [
        _orang(rng, pool, "PLK-PLO", status=StatusPegawai.PNS, pensiun=True) for _ in range(6)
    ]
    if not fresh:
        pensiunan = []
    nip_pensiunan = {o.nip for o in pensiunan}

    all_people = [o for *_, people in orang_per_formasi for o in people] + pensiunan
    existing_nips = set(
        Pegawai.objects.filter(nip__in=[o.nip for o in all_people]).values_list("nip", flat=True)
    )
    new_pegawai = []
    for orang in all_people:
        if orang.nip in existing_nips:
            continue
        pegawai = Pegawai(
            nip=orang.nip,
            nama=orang.nama,
            gelar_depan=orang.gelar_depan,
            gelar_belakang=orang.gelar_belakang,
            status=orang.status,
            golongan=orang.golongan,
            tmt_golongan=orang.tmt_golongan,
            pendidikan_terakhir=orang.pendidikan,
            status_aktif=StatusAktif.PENSIUN if orang.nip in nip_pensiunan else StatusAktif.AKTIF,
            email=f"{orang.nip}@asn.bengkuluprov.go.id",
            instansi_id=instansi_bawaan_id(),  # the demo's province (bulk_create skips save())
        )
        pegawai.clean()  # derives tanggal lahir and jenis kelamin from the NIP, checks golongan
        new_pegawai.append(pegawai)
    Pegawai.objects.bulk_create(new_pegawai)
    created_nips = {p.nip for p in new_pegawai}
    pegawai_by_nip = {p.nip: p for p in Pegawai.objects.filter(nip__in=[o.nip for o in all_people])}
    formasi_by_key = {
        (f.unit_id, f.jabatan.kode): f
        for f in Formasi.objects.filter(unit__in=[u for u, _, _ in placements]).select_related(
            "jabatan"
        )
    }

    # Assignment history.
    riwayat: list[RiwayatJabatan] = []
    sk_counter = 0

    def sk(tanggal: dt.date) -> tuple[str, dt.date]:
        nonlocal sk_counter
        sk_counter += 1
        return f"821.2/{sk_counter:04d}/BKD/{tanggal.year}", tanggal - dt.timedelta(
            days=rng.randint(3, 20)
        )

    pelaksana_by_opd: dict[str, list[Formasi]] = {}
    for unit, opd, kode, _ in orang_per_formasi:
        if JABATAN[kode][1] == K.PELAKSANA:
            pelaksana_by_opd.setdefault(opd, []).append(formasi_by_key[(unit.pk, kode)])
    vacant_heads: list[tuple[Formasi, str]] = []
    holders_by_opd: dict[str, list[tuple[Pegawai, Formasi]]] = {}
    for unit, opd, kode, people in orang_per_formasi:
        formasi = formasi_by_key[(unit.pk, kode)]
        if not people and JABATAN[kode][1] in (K.JPT_PRATAMA, K.ADMINISTRATOR, K.PENGAWAS):
            vacant_heads.append((formasi, opd))
        for orang in people:
            pegawai = pegawai_by_nip[orang.nip]
            holders_by_opd.setdefault(opd, []).append((pegawai, formasi))
            earliest = max(orang.tmt_awal, dt.date(2005, 1, 1))
            mulai = _random_date(
                rng, earliest, min(ACUAN - dt.timedelta(days=60), dt.date(2026, 1, 2))
            )
            mulai = max(mulai, orang.tmt_awal)
            # Earlier, closed assignments: the ASN came from a pelaksana position in the same OPD.
            previous: list[tuple[Formasi, dt.date, dt.date]] = []
            if (
                orang.status == StatusPegawai.PNS
                and rng.random() < 0.55
                and (mulai - orang.tmt_awal).days > 800
            ):
                lama = rng.choice(pelaksana_by_opd.get(opd) or [formasi])
                awal = _random_date(rng, orang.tmt_awal, mulai - dt.timedelta(days=400))
                previous.append((lama, awal, mulai))
            if orang.nip not in created_nips:
                continue
            for lama, awal, akhir in previous:
                nomor, tanggal = sk(awal)
                riwayat.append(
                    RiwayatJabatan(
                        pegawai=pegawai,
                        formasi=lama,
                        tmt_mulai=awal,
                        tmt_selesai=akhir,
                        nomor_sk=nomor,
                        tanggal_sk=tanggal,
                    )
                )
            nomor, tanggal = sk(mulai)
            riwayat.append(
                RiwayatJabatan(
                    pegawai=pegawai,
                    formasi=formasi,
                    tmt_mulai=mulai,
                    nomor_sk=nomor,
                    tanggal_sk=tanggal,
                )
            )
    # Vacant heads are covered by a Plt from the same OPD (a Plt never counts as definitive).
    for formasi, opd in vacant_heads:
        candidates = [
            p
            for p, f in holders_by_opd.get(opd, [])
            if f.jabatan.kategori in (K.ADMINISTRATOR, K.PENGAWAS, K.JPT_PRATAMA)
        ]
        if not candidates:
            continue
        plt = rng.choice(candidates)
        mulai = dt.date(2026, rng.randint(1, 5), 2)
        if plt.nip in created_nips:
            nomor, tanggal = sk(mulai)
            riwayat.append(
                RiwayatJabatan(
                    pegawai=plt,
                    formasi=formasi,
                    jenis=JenisPenugasan.PLT,
                    tmt_mulai=mulai,
                    nomor_sk=nomor,
                    tanggal_sk=tanggal,
                    keterangan="Pelaksana tugas sampai pejabat definitif dilantik",
                )
            )
    # Retired ASN: their last assignment closed at the first day of their pension month.
    for orang in pensiunan:
        pegawai = pegawai_by_nip[orang.nip]
        formasi = rng.choice(pelaksana_by_opd["BKD"] + pelaksana_by_opd["DINKES"])
        mulai = _random_date(rng, max(orang.tmt_awal, dt.date(2012, 1, 1)), dt.date(2020, 12, 31))
        selesai = pegawai.tanggal_pensiun(58)
        if orang.nip in created_nips:
            nomor, tanggal = sk(mulai)
            riwayat.append(
                RiwayatJabatan(
                    pegawai=pegawai,
                    formasi=formasi,
                    tmt_mulai=mulai,
                    tmt_selesai=selesai,
                    nomor_sk=nomor,
                    tanggal_sk=tanggal,
                    keterangan="Pensiun",
                )
            )
    RiwayatJabatan.objects.bulk_create(riwayat)

    # A few 2026 rotations through the service, so the audit log shows real before/after entries.
    if fresh:
        pelaksana = [(p, f) for p, f in holders_by_opd["BKD"] if f.jabatan.kategori == K.PELAKSANA]
        for pegawai, asal in rng.sample(pelaksana, k=min(3, len(pelaksana))):
            baru = next((f for f in pelaksana_by_opd["BKD"] if f.pk != asal.pk), None)
            if baru is None:
                continue
            tmt = dt.date(2026, 4, 1)
            services.riwayat_open(
                pegawai=pegawai,
                formasi=baru,
                tmt=tmt,
                nomor_sk=f"821.2/{900 + pegawai.pk % 100}/BKD/2026",
                tanggal_sk=dt.date(2026, 3, 20),
                keterangan="Rotasi pelaksana",
                user=None,
            )

    out(
        f"Register jabatan: {units_created} unit, {len(new_jabatan)} jabatan, {len(new_formasi)} formasi, "
        f"{len(new_pegawai)} pegawai dan {len(riwayat)} riwayat jabatan dibuat "
        f"(total {UnitOrganisasi.objects.count()} unit, {Pegawai.objects.count()} pegawai)."
    )
