from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class JabatanConfig(AppConfig):
    name = "jabatan"
    verbose_name = _("Jabatan dan pegawai")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_migrate, post_save

        from asn_portal.publik import peta_lupakan
        from jabatan import instansi, models

        # Caches of the instansi of accounts and of root units (asn_portal.access) and of the
        # first instansi's id are forgotten when what they summarise changes.
        post_delete.connect(instansi.instansi_bawaan_lupakan, sender=models.Instansi)
        post_save.connect(instansi.tampil_lupakan, sender=models.Instansi)
        post_delete.connect(instansi.tampil_lupakan, sender=models.Instansi)
        post_save.connect(peta_lupakan, sender=models.Instansi)
        post_delete.connect(peta_lupakan, sender=models.Instansi)
        # After migrate and after a flush (tests) the first instansi exists, committed, as the
        # role groups do: a row created on demand inside a transaction that rolls back would
        # leave the cached id pointing nowhere.
        post_migrate.connect(instansi.instansi_pertama_pastikan, sender=self)
        for sender in (models.PetugasInstansi, models.Pegawai):
            post_save.connect(instansi.akun_lupakan, sender=sender)
            post_delete.connect(instansi.akun_lupakan, sender=sender)
        post_save.connect(instansi.akar_lupakan, sender=models.UnitOrganisasi)
        post_delete.connect(instansi.akar_lupakan, sender=models.UnitOrganisasi)
        user_logged_in.connect(instansi.akun_siapkan)
        # an account's staff flag decides where its instansi is read from
        post_save.connect(instansi.akun_diubah, sender=settings.AUTH_USER_MODEL)

        for model in (
            models.Instansi,
            models.PetugasInstansi,
            models.PemantauInstansi,
            models.UnitOrganisasi,
            models.Jabatan,
            models.Formasi,
            models.UraianTugas,
            models.Pegawai,
            models.RiwayatJabatan,
        ):
            auditlog.register(model)
