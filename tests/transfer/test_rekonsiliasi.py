from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from asn_portal.transfer import rekonsiliasi as service
from asn_portal.transfer.models import Kelompok, RekonsiliasiStatus
from asn_portal.transfer.selectors import rekonsiliasi_counts, rekonsiliasi_items
from jabatan.models import Pegawai
from tests.conftest import client_for
from tests.factories import PegawaiFactory, RiwayatJabatanFactory, make_nip
from tests.transfer.conftest import csv_bytes, upload

SIASN_HEADERS = [
    "PNS_ID",
    "NIP_BARU",
    "NIP_LAMA",
    "NAMA",
    "GELAR_DEPAN",
    "GELAR_BELAKANG",
    "TANGGAL_LAHIR",
    "STATUS_CPNS_PNS",
    "GOL_AKHIR_NAMA",
    "TMT_GOLONGAN",
    "TINGKAT_PENDIDIKAN_NAMA",
    "EMAIL",
    "KEDUDUKAN_HUKUM_NAMA",
    "UNOR_NAMA",
]


def _siasn_row(p, **over):
    row = {
        "id": "A8ACA7",
        "nip": p.nip,
        "lama": "",
        "nama": p.nama,
        "gd": p.gelar_depan,
        "gb": p.gelar_belakang,
        "lahir": p.tanggal_lahir.strftime("%d-%m-%Y"),
        "status": "P",
        "gol": p.golongan,
        "tmt": p.tmt_golongan.strftime("%d-%m-%Y") if p.tmt_golongan else "",
        "pend": "S-1/Sarjana",
        "email": p.email,
        "kedudukan": "Aktif",
        "unor": "Dinas",
    }
    row.update(over)
    return list(row.values())


@pytest.fixture
def crafted(unit_a, unit_b, formasi_a):
    """One ASN per group, and one with every kind of difference."""
    from tests.factories import FormasiFactory

    sama = PegawaiFactory(
        nip=make_nip(10),
        nama="Sama Persis",
        pendidikan_terakhir="s1",
        tmt_golongan=dt.date(2019, 4, 1),
        email="sama@example.go.id",
    )
    beda = PegawaiFactory(
        nip=make_nip(11), nama="Beda Nama", pendidikan_terakhir="s1", golongan="III/a"
    )
    hanya_sini = PegawaiFactory(nip=make_nip(12), nama="Hanya Sini")
    di_b = PegawaiFactory(
        nip=make_nip(13), nama="Pegawai B", pendidikan_terakhir="s1", golongan="III/a"
    )
    for p in (sama, beda, hanya_sini):
        RiwayatJabatanFactory(pegawai=p, formasi=formasi_a)
    RiwayatJabatanFactory(pegawai=di_b, formasi=FormasiFactory(unit=unit_b))
    rows = [
        _siasn_row(sama, pend="S1"),
        _siasn_row(
            beda,
            nama="Beda  Nama Baru",
            gd="Dr.",
            gol="3/b",
            tmt="01/04/2021",
            pend="S-2",
            email="baru@example.go.id",
        ),
        _siasn_row(di_b, gol="III/c"),
        [
            "X",
            make_nip(14),
            "",
            "Hanya SIASN",
            "",
            "",
            "",
            "P",
            "III/a",
            "",
            "SLTA",
            "",
            "Aktif",
            "",
        ],
    ]
    return {"sama": sama, "beda": beda, "hanya_sini": hanya_sini, "di_b": di_b, "rows": rows}


def _run(user, rows, django_capture_on_commit_callbacks, *, delimiter=","):
    with django_capture_on_commit_callbacks(execute=True):
        rekon = service.rekonsiliasi_create(
            user=user,
            upload=upload("siasn.csv", csv_bytes(SIASN_HEADERS, rows, delimiter=delimiter)),
        )
    rekon.refresh_from_db()
    return rekon


def test_groups_and_field_by_field_differences(
    admin_bkd, crafted, django_capture_on_commit_callbacks
):
    rekon = _run(admin_bkd, crafted["rows"], django_capture_on_commit_callbacks, delimiter=";")
    assert rekon.status == RekonsiliasiStatus.SELESAI
    counts = rekonsiliasi_counts(user=admin_bkd, rekonsiliasi=rekon)
    assert counts == {"cocok": 1, "berbeda": 2, "hanya_sini": 1, "hanya_siasn": 1}
    item = rekon.items.get(nip=crafted["beda"].nip)
    assert item.kelompok == Kelompok.BERBEDA
    assert {k: (v["sini"], v["siasn"]) for k, v in item.perbedaan.items()} == {
        "nama": ("Beda Nama", "Beda Nama Baru"),
        "gelar_depan": ("", "Dr."),
        "golongan": ("III/a", "III/b"),
        "tmt_golongan": ("", "01/04/2021"),
        "pendidikan_terakhir": ("s1", "s2"),
        "email": ("", "baru@example.go.id"),
    }
    assert rekon.items.get(kelompok=Kelompok.HANYA_DI_SIASN).nip == make_nip(14)
    assert rekon.items.get(kelompok=Kelompok.HANYA_DI_SINI).nip == crafted["hanya_sini"].nip


def test_operator_sees_only_their_units(
    admin_bkd, operator_a, crafted, django_capture_on_commit_callbacks
):
    rekon = _run(operator_a, crafted["rows"], django_capture_on_commit_callbacks)
    counts = rekonsiliasi_counts(user=operator_a, rekonsiliasi=rekon)
    assert counts == {"cocok": 1, "berbeda": 1, "hanya_sini": 1, "hanya_siasn": 0}
    assert crafted["di_b"].nip not in rekonsiliasi_items(
        user=operator_a, rekonsiliasi=rekon
    ).values_list("nip", flat=True)
    # accepting an item outside their units does nothing
    outside = rekon.items.get(nip=crafted["di_b"].nip)
    assert (
        service.rekonsiliasi_accept(user=operator_a, rekonsiliasi=rekon, item_ids=[outside.pk]) == 0
    )
    crafted["di_b"].refresh_from_db()
    assert crafted["di_b"].golongan == "III/a"


def test_accept_one_field_then_the_rest_through_the_register_service(
    admin_bkd, crafted, django_capture_on_commit_callbacks
):
    rekon = _run(admin_bkd, crafted["rows"], django_capture_on_commit_callbacks)
    item = rekon.items.get(nip=crafted["beda"].nip)
    client = client_for(admin_bkd)
    response = client.post(
        f"/transfer/rekonsiliasi/{rekon.pk}/terima/", {"item": item.pk, "field": "golongan"}
    )
    assert response.status_code == 302
    beda = Pegawai.objects.get(pk=crafted["beda"].pk)
    assert (beda.golongan, beda.nama) == ("III/b", "Beda Nama")
    item.refresh_from_db()
    assert set(item.terbuka) == {
        "nama",
        "gelar_depan",
        "tmt_golongan",
        "pendidikan_terakhir",
        "email",
    }
    entry = (
        LogEntry.objects.get_for_object(beda)
        .filter(action=LogEntry.Action.UPDATE)
        .latest("timestamp")
    )
    assert entry.actor == admin_bkd and "golongan" in entry.changes_dict

    response = client.post(f"/transfer/rekonsiliasi/{rekon.pk}/terima/", {"semua": "1"})
    beda.refresh_from_db()
    assert (
        beda.nama,
        beda.gelar_depan,
        beda.tmt_golongan,
        beda.pendidikan_terakhir,
        beda.email,
    ) == ("Beda Nama Baru", "Dr.", dt.date(2021, 4, 1), "s2", "baru@example.go.id")
    assert Pegawai.objects.get(pk=crafted["di_b"].pk).golongan == "III/c"


def test_a_value_the_register_refuses_rolls_back_the_bulk_accept(
    admin_bkd, crafted, django_capture_on_commit_callbacks
):
    rows = crafted["rows"]
    rows[2] = _siasn_row(crafted["di_b"], gol="III/c")
    rows[1] = _siasn_row(crafted["beda"], gol="III/b", tmt="01/01/1990")  # before TMT CPNS: refused
    rekon = _run(admin_bkd, rows, django_capture_on_commit_callbacks)
    ids = list(
        rekon.items.filter(kelompok=Kelompok.BERBEDA).order_by("-nip").values_list("pk", flat=True)
    )
    with pytest.raises(ValidationError, match="Tidak ada perubahan yang disimpan"):
        service.rekonsiliasi_accept(user=admin_bkd, rekonsiliasi=rekon, item_ids=ids)
    assert Pegawai.objects.get(pk=crafted["di_b"].pk).golongan == "III/a"
    assert Pegawai.objects.get(pk=crafted["beda"].pk).golongan == "III/a"


def test_verifikator_cannot_upload_or_accept(
    verifikator, admin_bkd, crafted, django_capture_on_commit_callbacks
):
    rekon = _run(admin_bkd, crafted["rows"], django_capture_on_commit_callbacks)
    client = client_for(verifikator)
    assert client.get(f"/transfer/rekonsiliasi/{rekon.pk}/").status_code == 200
    assert (
        client.post(f"/transfer/rekonsiliasi/{rekon.pk}/terima/", {"semua": "1"}).status_code == 403
    )
    assert client.post("/transfer/rekonsiliasi/", {}).status_code == 403


def test_file_without_nip_column_fails_with_a_message(
    admin_bkd, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rekon = service.rekonsiliasi_create(user=admin_bkd, upload=upload("x.csv", b"NAMA\nAni\n"))
    rekon.refresh_from_db()
    assert rekon.status == RekonsiliasiStatus.GAGAL
    assert "NIP_BARU" in rekon.message


def test_report_page_query_count_stays_flat(
    admin_bkd, crafted, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client = client_for(admin_bkd)
    rekon = _run(admin_bkd, crafted["rows"], django_capture_on_commit_callbacks)
    url = f"/transfer/rekonsiliasi/{rekon.pk}/?kelompok=berbeda"
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "Beda Nama Baru" in page and "Terima semua perbedaan" in page
    more = [PegawaiFactory(nip=make_nip(100 + n), nama=f"Tambahan {n}") for n in range(30)]
    rows = crafted["rows"] + [_siasn_row(p, nama=p.nama + " X") for p in more]
    rekon = _run(admin_bkd, rows, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(12):
        assert client.get(f"/transfer/rekonsiliasi/{rekon.pk}/?kelompok=berbeda").status_code == 200


def test_a_cut_nip_is_matched_only_with_agreeing_name_and_birth_date_and_needs_confirmation(
    admin_bkd, formasi_a, django_capture_on_commit_callbacks
):
    ok = PegawaiFactory(nip="198609262015051001", nama="Rina Kusuma", golongan="III/a")
    other = PegawaiFactory(nip="199307152019032001", nama="Fitri Wulandari")
    wrong_date = PegawaiFactory(nip="197001012000011001", nama="Tono")
    for p in (ok, other, wrong_date):
        RiwayatJabatanFactory(pegawai=p, formasi=formasi_a)
    rows = [
        _siasn_row(ok, nip="1,98609262015051E+17", nama="RINA  KUSUMA", gol="III/b"),
        _siasn_row(other, nip="1,99307152019032E+17", nama="Orang Baru Lain"),
        _siasn_row(wrong_date, nip="1,97001012000011E+17", lahir="02-01-1970"),
    ]
    rekon = _run(admin_bkd, rows, django_capture_on_commit_callbacks, delimiter=";")
    item = rekon.items.get(nip=ok.nip)
    assert item.kelompok == Kelompok.BERBEDA and item.nip_cell == "1,98609262015051E+17"
    # the two disagreeing rows are not matched: their ASN appear as only in ASN Portal
    assert set(
        rekon.items.filter(kelompok=Kelompok.HANYA_DI_SINI).values_list("nip", flat=True)
    ) == {other.nip, wrong_date.nip}
    assert "Baris 3: NIP tersimpan sebagai angka (1,99307152019032E+17)" in rekon.message
    assert "nama atau tanggal lahir di berkas berbeda" in rekon.message
    assert "Baris 4:" in rekon.message

    with pytest.raises(ValidationError, match="centang konfirmasi NIP dipulihkan"):
        service.rekonsiliasi_accept(user=admin_bkd, rekonsiliasi=rekon, item_ids=[item.pk])
    ok.refresh_from_db()
    assert ok.golongan == "III/a"
    accepted = service.rekonsiliasi_accept(
        user=admin_bkd, rekonsiliasi=rekon, item_ids=[item.pk], confirm_reconstructed=True
    )
    assert accepted == len(item.perbedaan) and "golongan" in item.perbedaan
    ok.refresh_from_db()
    assert ok.golongan == "III/b"


def test_the_reconciliation_page_marks_a_repaired_nip_and_asks_for_confirmation(
    admin_bkd, formasi_a, django_capture_on_commit_callbacks
):
    rina = PegawaiFactory(nip="198609262015051001", nama="Rina", golongan="III/a")
    RiwayatJabatanFactory(pegawai=rina, formasi=formasi_a)
    rows = [_siasn_row(rina, nip="1,98609262015051E+17", gol="III/b")]
    rekon = _run(admin_bkd, rows, django_capture_on_commit_callbacks, delimiter=";")
    client = client_for(admin_bkd)
    page = client.get(f"/transfer/rekonsiliasi/{rekon.pk}/?kelompok=berbeda").content.decode()
    assert "NIP dipulihkan dari 1,98609262015051E+17" in page
    assert 'name="konfirmasi_nip"' in page
    url = f"/transfer/rekonsiliasi/{rekon.pk}/terima/"
    client.post(url, {"semua": "1"})
    rina.refresh_from_db()
    assert rina.golongan == "III/a"  # refused without the confirmation
    client.post(url, {"semua": "1", "konfirmasi_nip": "1"})
    rina.refresh_from_db()
    assert rina.golongan == "III/b"
