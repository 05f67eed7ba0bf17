"""Where tests leave files for people to look at: screenshots and sample documents.

One place for every test, under ``VAR_DIR`` (the CI log names it), so nothing is written into
the source tree and a reviewer finds all of a run's pictures in one folder.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def _folder(name: str) -> Path:
    folder = Path(settings.VAR_DIR) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot_path(name: str) -> str:
    """A path for a screenshot called ``name`` (``VAR_DIR/screenshots/``)."""
    return str(_folder("screenshots") / name)


def sample_path(name: str) -> Path:
    """A path for a sample document a test produced (``VAR_DIR/contoh/``)."""
    return _folder("contoh") / name
