"""Default schedule of the monthly JP warning (django-celery-beat); Admin BKD may change it."""

from django.db import migrations

TASK_NAME = "pelatihan: peringatan JP bulanan"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_month="1", month_of_year="*", day_of_week="*",
        timezone="Asia/Jakarta",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "pelatihan.tasks.jp_peringatan_bulanan",
            "crontab": crontab,
            "enabled": True,
            "description": "Setiap tanggal 1 pukul 07.00 WIB; mengirim surel hanya mulai triwulan III.",
        },
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pelatihan", "0001_kompetensi_katalog_riwayat"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
