from __future__ import annotations

import asn_portal.admin_logins  # noqa: F401 - the login locks (django-axes)
import asn_portal.admin_sistem  # noqa: F401 - accounts, schedules, results, audit in unfold
