"""Restructuring plans (penataan jabatan). Imported by jabatan.models so Django finds them."""

from __future__ import annotations
