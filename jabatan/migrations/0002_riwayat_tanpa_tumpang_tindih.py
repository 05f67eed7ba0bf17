"""No two definitive assignments of one ASN may overlap in time, enforced by the database.

PostgreSQL: an exclusion constraint over the half-open date range. SQLite (the embedded
default) has none, so triggers refuse the same rows there.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE jabatan_riwayatjabatan
    ADD CONSTRAINT riwayat_definitif_tanpa_tumpang_tindih
    EXCLUDE USING gist (
        pegawai_id WITH =,
        daterange(tmt_mulai, tmt_selesai, '[)') WITH &&
    ) WHERE (jenis = 'definitif')
    """,
]
PG_BACKWARD = [
    "ALTER TABLE jabatan_riwayatjabatan DROP CONSTRAINT riwayat_definitif_tanpa_tumpang_tindih",
]

_SQLITE_CHECK = """
    SELECT RAISE(ABORT, 'riwayat_definitif_tanpa_tumpang_tindih')
    WHERE NEW.jenis = 'definitif' AND EXISTS (
        SELECT 1 FROM jabatan_riwayatjabatan r
        WHERE r.pegawai_id = NEW.pegawai_id AND r.jenis = 'definitif' AND r.id != NEW.id
          AND (r.tmt_selesai IS NULL OR r.tmt_selesai > NEW.tmt_mulai)
          AND (NEW.tmt_selesai IS NULL OR r.tmt_mulai < NEW.tmt_selesai)
    );
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER riwayat_tanpa_tumpang_tindih_ins BEFORE INSERT ON jabatan_riwayatjabatan "
    f"BEGIN {_SQLITE_CHECK} END",
    f"CREATE TRIGGER riwayat_tanpa_tumpang_tindih_upd BEFORE UPDATE ON jabatan_riwayatjabatan "
    f"BEGIN {_SQLITE_CHECK} END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS riwayat_tanpa_tumpang_tindih_ins",
    "DROP TRIGGER IF EXISTS riwayat_tanpa_tumpang_tindih_upd",
]


def forward(apps, schema_editor):
    statements = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("jabatan", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
