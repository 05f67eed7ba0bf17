from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")
application = get_wsgi_application()

from asn_portal.dbguard import mark_web_process  # noqa: E402 - needs the apps loaded

mark_web_process()
