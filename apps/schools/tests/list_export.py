"""Downloading a back-office list through its real «Экспорт» page, as a browser does, and reading the file."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

FORMATS = {"xlsx": "0", "csv": "1"}


def export_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")


def column_fields(form) -> dict[str, str]:
    """The form's column checkboxes: title → field name."""
    return {field.label: name for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}


def download(client, model, *, fmt="xlsx", query="", columns=None):
    """GET the export page of `model`'s list (with the list's `query`), then POST it back the way a browser
    would: every column ticked (or only the titles in `columns`) and the format."""
    address = export_url(model) + query
    page = client.get(address)
    assert page.status_code == 200, page.status_code
    fields = column_fields(page.context["form"])
    data = {"format": FORMATS[fmt], "resource": "0"}
    data.update({name: "on" for title, name in fields.items() if columns is None or title in columns})
    return client.post(address, data)


def xlsx_sheet(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content)).active


def xlsx_table(response) -> tuple[list, list[dict]]:
    """The header and the rows (as header → value) of the downloaded workbook."""
    sheet = xlsx_sheet(response)
    headers = [cell.value for cell in sheet[1]]
    rows = [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    return headers, rows


def csv_table(response) -> tuple[list, list[dict]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    headers = next(reader)
    return headers, [dict(zip(headers, row, strict=True)) for row in reader]
