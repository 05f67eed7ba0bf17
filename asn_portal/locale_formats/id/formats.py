"""Django's ``id`` formats with dates as "3 Agu 2026" (month abbreviations without a dot).

Django's own ``id`` DATE_FORMAT is "j N Y" ("3 Agu. 2026", "3 Maret 2026"); pages, admin lists,
PDFs and XLSX must show one format, the one :mod:`asn_portal.l10n` writes.
"""

from django.conf.locale.id.formats import *  # noqa: F403 - extend Django's locale, not replace it

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H.i"
