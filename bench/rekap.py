"""The province-wide roll-up (``--only rekap``): ``asn_portal.rekap.selectors.rekap_provinsi``
for every instansi of the database (run it on ``generate_data --instansi 11``) against a floor
of bare SQL: for each topic one ``GROUP BY instansi`` of the same aggregates on the same rows
(service responses by instansi and sector; definitive positions with their verified JP; formasi
with their workload and holders, rounded per formasi as ``jabatan.abk`` does; applied plans per
quarter). Each topic is also timed apart, and the floor's figures must equal the app's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection

_IKM = """
SELECT u.instansi_id, ul.sektor, COUNT(*), {cols}
FROM survei_respons r
JOIN survei_unitlayanan ul ON ul.id = r.unit_layanan_id
JOIN jabatan_unitorganisasi u ON u.id = ul.unit_id
WHERE r.tanggal_layanan BETWEEN %(dari)s AND %(sampai)s AND u.instansi_id = ANY(%(ids)s)
GROUP BY 1, 2
""".format(cols=", ".join(f"SUM(r.u{i}), COUNT(r.u{i})" for i in range(1, 10)))

_POSISI = """
SELECT r.pegawai_id, r.formasi_id FROM jabatan_riwayatjabatan r
JOIN jabatan_pegawai p ON p.id = r.pegawai_id
WHERE r.jenis = 'definitif' AND r.tmt_mulai <= %(t)s
  AND (r.tmt_selesai IS NULL OR r.tmt_selesai > %(t)s)
  AND (p.status_aktif = 'aktif' OR r.tmt_selesai IS NOT NULL)
"""

_JP = f"""
WITH jp AS (
  SELECT pegawai_id, SUM(jp) AS jp FROM pelatihan_riwayatpelatihan
  WHERE status = 'terverifikasi' AND diverifikasi_pada < %(batas)s
    AND tanggal_selesai BETWEEN %(awal)s AND %(t)s
  GROUP BY 1
)
SELECT u.instansi_id, COUNT(*), COUNT(*) FILTER (WHERE COALESCE(jp.jp, 0) >= %(minimum)s),
       COALESCE(SUM(jp.jp), 0)
FROM ({_POSISI}) pos
JOIN jabatan_formasi f ON f.id = pos.formasi_id
JOIN jabatan_unitorganisasi u ON u.id = f.unit_id
LEFT JOIN jp ON jp.pegawai_id = pos.pegawai_id
WHERE u.instansi_id = ANY(%(ids)s)
GROUP BY 1
"""  # noqa: S608

_KEBUTUHAN = f"""
WITH beban AS (
  SELECT formasi_id, SUM(volume_per_tahun * norma_waktu_menit) AS b FROM jabatan_uraiantugas
  GROUP BY 1
), bez AS (
  SELECT formasi_id, COUNT(*) AS n FROM ({_POSISI}) pos GROUP BY 1
), per_formasi AS (
  SELECT u.instansi_id, j.kategori, COALESCE(bez.n, 0) AS n,
         ROUND(ROUND(COALESCE(beban.b, 0)::numeric / %(jke)s::numeric, 2))::int AS o,
         COALESCE(beban.b, 0) AS b
  FROM jabatan_formasi fo
  JOIN jabatan_unitorganisasi u ON u.id = fo.unit_id
  JOIN jabatan_jabatan j ON j.id = fo.jabatan_id
  LEFT JOIN beban ON beban.formasi_id = fo.id
  LEFT JOIN bez ON bez.formasi_id = fo.id
  WHERE u.instansi_id = ANY(%(ids)s)
    AND (COALESCE(bez.n, 0) > 0
         OR (fo.aktif AND fo.created_at < %(batas)s
             AND (u.berlaku_sejak IS NULL OR u.berlaku_sejak <= %(t)s)
             AND (u.berlaku_sampai IS NULL OR u.berlaku_sampai >= %(t)s)))
), dibulatkan AS (
  SELECT instansi_id, kategori, n, CASE WHEN b > 0 THEN GREATEST(o, 1) ELSE o END AS o
  FROM per_formasi
)
SELECT instansi_id, kategori, COUNT(*), SUM(o), SUM(n), SUM(GREATEST(n - o, 0))
FROM dibulatkan GROUP BY 1, 2
"""  # noqa: S608

_PENERAPAN = """
SELECT rp.instansi_id, EXTRACT(YEAR FROM t.pada AT TIME ZONE 'Asia/Jakarta'),
       EXTRACT(QUARTER FROM t.pada AT TIME ZONE 'Asia/Jakarta'),
       COUNT(DISTINCT t.rencana_id), COUNT(DISTINCT i.id),
       COUNT(DISTINCT i.pegawai_id) FILTER (WHERE i.jenis IN ('mutasi', 'promosi', 'penyetaraan'))
FROM jabatan_transisirencana t
JOIN jabatan_rencanapenataan rp ON rp.id = t.rencana_id
LEFT JOIN jabatan_itemrencana i ON i.rencana_id = rp.id
WHERE t.ke_status = 'diterapkan' AND t.pada >= %(mulai)s AND t.pada < %(batas_p)s
  AND rp.instansi_id = ANY(%(ids)s) AND rp.jenis <> 'pembalikan'
  AND rp.id NOT IN (
    SELECT b.rencana_asal_id FROM jabatan_rencanapenataan b
    JOIN jabatan_transisirencana bt ON bt.rencana_id = b.id
    WHERE b.rencana_asal_id IS NOT NULL AND bt.ke_status = 'diterapkan'
      AND bt.pada < %(batas_p)s)
GROUP BY 1, 2, 3
"""


def _sql(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def bench_rekap(repeat: int, user: Any, compare: Callable[..., Any], tahun: int) -> list[Any]:
    """``compare`` and ``tahun`` are bench.run's (run.py may run as ``__main__``)."""
    from asn_portal.periode import JenisPeriode, Periode, akhir_hari
    from asn_portal.rekap.selectors import rekap_provinsi, tanggal_rekap
    from jabatan.models import Instansi
    from jabatan.penataan.selectors import penerapan_per_triwulan
    from jabatan.selectors import kebutuhan_per_instansi
    from pelatihan.selectors import jp_minimum, jp_per_instansi
    from survei.selectors import ikm_per_instansi

    periode = Periode(tahun, JenisPeriode.TAHUN)
    as_of = tanggal_rekap(periode)
    ids = list(Instansi.objects.order_by("kode").values_list("pk", flat=True))
    params = {
        "ids": ids,
        "dari": periode.awal,
        "sampai": periode.akhir,
        "t": as_of,
        "awal": dt.date(tahun, 1, 1),
        "batas": akhir_hari(as_of),
        "minimum": jp_minimum(),
        "jke": int(settings.ABK_JKE_MENIT),
        "mulai": periode.mulai,
        "batas_p": periode.batas,
    }
    topik: list[tuple[str, Callable[[], Any], str]] = [
        (
            "IKM per instansi × sektor",
            lambda: ikm_per_instansi(dari=periode.awal, sampai=periode.akhir, instansi_ids=ids),
            _IKM,
        ),
        (
            "JP per instansi",
            lambda: jp_per_instansi(as_of=as_of, instansi_ids=ids, tahun=tahun),
            _JP,
        ),
        (
            "kebutuhan per instansi × kategori",
            lambda: kebutuhan_per_instansi(as_of=as_of, instansi_ids=ids),
            _KEBUTUHAN,
        ),
        (
            "rencana diterapkan per triwulan",
            lambda: penerapan_per_triwulan(
                instansi_ids=ids, mulai=periode.mulai, batas=periode.batas
            ),
            _PENERAPAN,
        ),
    ]
    _sama(topik, params)
    label = f"{len(ids)} instansi, {periode.label}"

    def floor_semua() -> Any:
        list(Instansi.objects.filter(pk__in=ids).order_by("kode"))
        return [_sql(sql, params) for _label, _app, sql in topik]

    hasil = [
        compare(
            f"rekap provinsi ({label})",
            lambda: rekap_provinsi(user=user, periode=periode),
            floor_semua,
            repeat,
            "4 topik + daftar instansi; floor: 4 GROUP BY SQL",
        )
    ]
    for nama, app, sql in topik:
        hasil.append(
            compare(f"rekap: {nama}", app, lambda sql=sql: _sql(sql, params), repeat, label)
        )
    return hasil


def _sama(topik: list[tuple[str, Callable[[], Any], str]], params: dict[str, Any]) -> None:
    """The floor computes the app's figures: the totals of each topic agree."""
    (_i, ikm, ikm_sql), (_j, jp, jp_sql), (_k, keb, keb_sql), (_p, pen, pen_sql) = topik
    assert sum(h.responden for h in ikm().values()) == sum(r[3 - 1] for r in _sql(ikm_sql, params))
    rows = _sql(jp_sql, params)
    app_jp = jp().values()
    assert (sum(r.jumlah_asn for r in app_jp), sum(r.memenuhi for r in app_jp)) == (
        sum(r[1] for r in rows),
        sum(r[2] for r in rows),
    )
    rows = _sql(keb_sql, params)
    app_keb = keb().values()
    assert [sum(getattr(b, k) for b in app_keb) for k in ("formasi", "kebutuhan", "bezetting")] == [
        sum(int(r[i]) for r in rows) for i in (2, 3, 4)
    ]
    assert sum(p.rencana for p in pen().values()) == sum(r[3] for r in _sql(pen_sql, params))
