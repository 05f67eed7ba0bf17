from __future__ import annotations

from jabatan.penataan import tasks as penataan_tasks  # noqa: E402,F401 - registers the plan tasks
