"""Cross-app models: import/export jobs and reform-progress reports, each in its own module.

The module also makes Django send this app's post_migrate signal (it skips apps without a models
module), which syncs the role permissions.
"""

from __future__ import annotations

from asn_portal.laporan.models import *  # noqa: F401,F403
from asn_portal.transfer.models import *  # noqa: F401,F403
