"""Downloadable XLSX templates: headers, one example row, drop-down lists, and a help sheet.

Cells are written through :mod:`asn_portal.files` (formula-like names become quoted text cells, so
the "current data" file imports back unchanged and never runs a formula)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from asn_portal.files import append_row, new_workbook, style_cell, workbook_bytes
from asn_portal.transfer.kinds.base import ImportKind

TEMPLATE_ROWS = 5000  # rows the drop-down lists cover


def build_template(kind: ImportKind, *, with_data: bool = False) -> bytes:
    workbook = new_workbook()
    data = workbook.active
    data.title = "Data"
    lists = workbook.create_sheet("Pilihan")
    help_sheet = workbook.create_sheet("Petunjuk")
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF4CC")
    append_row(data, [str(c.header) + ("*" if c.required else "") for c in kind.columns])
    for row in kind.export_rows() if with_data else kind.template_rows():
        append_row(data, row)
    list_column = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index)
        cell.font = bold
        if column.required:
            cell.fill = required_fill
        data.column_dimensions[letter].width = max(14, len(str(column.header)) + 4)
        if column.kind in ("nip", "text", "date"):
            # Text cells keep the NIP's 18 digits and the dd/mm/yyyy typed by the user.
            data.column_dimensions[letter].number_format = "@"
            data.cell(row=2, column=index).number_format = "@"
        values = (
            column.choice_values
            if column.kind == "choice"
            else ([_("Ya"), _("Tidak")] if column.kind == "bool" else [])
        )
        if values:
            list_column += 1
            list_letter = get_column_letter(list_column)
            header_cell = lists.cell(row=1, column=list_column)
            style_cell(header_cell, str(column.header))
            header_cell.font = bold
            for offset, value in enumerate(values, start=2):
                style_cell(lists.cell(row=offset, column=list_column), value)
            validation = DataValidation(
                type="list",
                formula1=f"=Pilihan!${list_letter}$2:${list_letter}${len(values) + 1}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=_("Nilai tidak dikenal"),
                error=_("Pilih salah satu nilai dari daftar."),
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            data.add_data_validation(validation)
    data.freeze_panes = "A2"
    append_row(help_sheet, [_("Kolom"), _("Wajib"), _("Isi"), _("Nilai yang diterima")])
    for cell in help_sheet[1]:
        cell.font = bold
    kinds_text = {
        "date": _("Tanggal dd/mm/yyyy"),
        "decimal": _("Angka"),
        "int": _("Bilangan bulat"),
        "bool": _("Ya/Tidak"),
        "nip": _("NIP 18 angka (sel berformat Teks)"),
    }
    for column in kind.columns:
        append_row(
            help_sheet,
            [
                str(column.header),
                _("Ya") if column.required else _("Tidak"),
                str(column.help) or kinds_text.get(column.kind, _("Teks")),
                ", ".join(column.choice_values),
            ],
        )
    append_row(help_sheet, [""])
    append_row(help_sheet, [str(kind.description)])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["C"].width = 60
    lists.sheet_state = "hidden"
    return workbook_bytes(workbook)
