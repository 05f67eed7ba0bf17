"""Settings of the survey HTTP benchmark only: the project's settings with the bench's URLconf,
which adds the bare floor view. Never used by the site (``bench/bench_survei_http.py`` starts
gunicorn with ``DJANGO_SETTINGS_MODULE=bench_survei_settings`` and ``--pythonpath bench``)."""

from __future__ import annotations

from asn_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench_survei_urls"
