"""Back-office lists as spreadsheets (django-import-export), written like the portal's other XLSX files.

A list's columns are a table of `TableColumn`s: the sheet's column (`apps.core.xlsx.Column`: title,
width, wrap) and the function giving its value for a record on the day of the export. One table
builds both an import-export resource (`table_resource`) and, where there is one, a hand-made
workbook (the banks' XLSX): each column is defined once. Values stay native (a date stays a date)
and the two formats render them:

- XLSX through `apps.core.xlsx`: a bold, frozen, filtered header, the columns' widths, dates as real
  date cells shown as ДД.ММ.ГГГГ, and text starting with = + - @ stored as text, never a formula;
- CSV for Excel in Russian: UTF-8 with a byte-order mark, «;» between cells, dates as ДД.ММ.ГГГГ,
  and text starting with = + - @ behind an apostrophe, so that Excel shows it and runs nothing.

    PAIR_COLUMNS = {"mentor": TableColumn(Column("Наставник", 34), lambda pair, today: …), …}
    class PairResource(table_resource(Pair, PAIR_COLUMNS)): …
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from import_export.resources import ModelResource
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .xlsx import Column, cell_value, is_formula_like, table_xlsx

Cell = Callable[[Any, datetime.date], Any]  # (record, the day of the export) -> the cell's value

YES, NO = "да", "нет"

# Columns many lists have.
STATUS = Column("Статус", 20, wrap=True)
SCHOOL = Column("Образовательная организация", 30, wrap=True)


def yes_no(value) -> str:
    return YES if value else NO


def joined(items) -> str:
    """Distinct non-empty items in their order, one per line."""
    return "\n".join(dict.fromkeys(i for i in items if i))


def follow(obj, path: str):
    """The object at `path` ("teacher", "pair__mentor__teacher") from `obj`; None past a missing link."""
    for name in path.split("__") if path else ():
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def attribute(path: str) -> Cell:
    """The value at `path` as it is (text, a number, a date)."""
    return lambda obj, today: follow(obj, path)


def label(field_name: str) -> Cell:
    """A choice field's Russian label."""
    return lambda obj, today: getattr(obj, f"get_{field_name}_display")()


def local_date(path: str) -> Cell:
    """The local date of a moment (`given_at`, `created_at`): what a list of dates shows."""

    def value(obj, today):
        moment = follow(obj, path)
        return timezone.localtime(moment).date() if moment is not None else None

    return value


@dataclass(frozen=True)
class TableColumn:
    """One column of an exported list: how it looks and what it shows for a record."""

    column: Column
    value: Cell

    @property
    def title(self) -> str:
        return self.column.title

    def through(self, path: str) -> "TableColumn":
        """The same column for records that reach this one's record by `path` (a mentor's "teacher")."""
        inner = self.value

        def value(obj, today):
            target = follow(obj, path)
            return None if target is None else inner(target, today)

        return TableColumn(self.column, value)


class SheetField(Field):
    """A resource field showing a `TableColumn`: its title is the column's, its value the column's function."""

    def __init__(self, table_column: TableColumn):
        super().__init__(column_name=table_column.title, readonly=True)
        self.table_column = table_column


class SheetResource(ModelResource):
    """A resource whose fields are `SheetField`s, for export only.

    `filter_export` is where a resource adds what its columns read (select_related, prefetches,
    annotations) to the list's queryset, so that the export takes a fixed number of queries.
    """

    school_path = None  # set on the variant with the school column (`with_school`)

    def __init__(self, *, today: datetime.date | None = None, **kwargs):
        super().__init__(**kwargs)
        self.today = today or timezone.localdate()

    @classmethod
    def get_display_name(cls):
        return capfirst(cls._meta.model._meta.verbose_name_plural)

    @classmethod
    @cache
    def with_school(cls, path: str) -> type["SheetResource"]:
        """The same resource with the school first, for a user who sees several schools; `path`
        leads from the record to its school ("school", "pair__school")."""
        column = TableColumn(SCHOOL, attribute(f"{path}__short_name"))
        meta = type("Meta", (), {"fields": ("school", *cls._meta.fields)})
        attrs = {"school": SheetField(column), "Meta": meta, "school_path": path, "__module__": cls.__module__}
        return type(cls)(cls.__name__, (cls,), attrs)

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        return queryset.select_related(self.school_path) if self.school_path else queryset

    def export_field(self, field, instance, **kwargs):
        if isinstance(field, SheetField):
            return field.table_column.value(instance, self.today)
        return super().export_field(field, instance, **kwargs)

    def iter_queryset(self, queryset):
        # The whole list at once: import-export pages a queryset with prefetches by 100 rows,
        # which would repeat every prefetch per page.
        yield from queryset

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        # What the XLSX format needs beyond the headers: the sheet's title and the columns' widths.
        dataset.title = self.get_display_name()
        dataset.sheet_columns = [
            field.table_column.column if isinstance(field, SheetField) else Column(field.column_name)
            for field in self.get_export_fields(kwargs.get("export_fields"))
        ]
        return dataset


def table_resource(model, columns: dict[str, TableColumn]) -> type[SheetResource]:
    """A resource of `model` with the columns of `columns`, in its order (subclass it to add `filter_export`)."""
    meta = type("Meta", (), {"model": model, "fields": tuple(columns)})
    attrs = {name: SheetField(column) for name, column in columns.items()}
    return type(SheetResource)(f"{model.__name__}Resource", (SheetResource,), {**attrs, "Meta": meta, "__module__": __name__})


# --- the two formats ---------------------------------------------------------------------------


def _dataset_columns(dataset) -> list[Column]:
    return getattr(dataset, "sheet_columns", None) or [Column(header) for header in dataset.headers]


def _xlsx_value(value):
    # Control characters a teacher pasted are not allowed in XLSX: dropped rather than refusing the file.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def csv_text(value) -> str:
    """A cell of the CSV file: dates as ДД.ММ.ГГГГ, nothing for None, formula-like text behind an apostrophe."""
    value = cell_value(value)
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if is_formula_like(value):
        return "'" + value
    return str(value)


class XLSXFormat(base_formats.XLSX):
    def get_title(self):
        return "XLSX"

    def export_data(self, dataset, **kwargs):
        rows = ([_xlsx_value(value) for value in row] for row in dataset)
        return table_xlsx(title=dataset.title or "Лист 1", columns=_dataset_columns(dataset), rows=rows)


class CSVFormat(base_formats.CSV):
    CONTENT_TYPE = "text/csv; charset=utf-8"

    def get_title(self):
        return "CSV"

    def export_data(self, dataset, **kwargs):
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel reads UTF-8 only with the mark
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(dataset.headers)
        writer.writerows([csv_text(value) for value in row] for row in dataset)
        return buffer.getvalue()


EXPORT_FORMATS = [XLSXFormat, CSVFormat]


class ListExportForm(SelectableFieldsExportForm):
    """import-export's export form in Russian: the format (XLSX first) and the columns by their titles."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        fmt = self.fields["format"]
        fmt.label = "Формат файла"
        fmt.choices = [choice for choice in fmt.choices if choice[0] != ""]
        fmt.initial = "0"

    def _get_field_label(self, resource, field_name):
        return resource.fields[field_name].column_name

    def _validate_any_field_selected(self, resource):
        columns = set(resource().get_export_order())
        if not any(value for name, value in self.cleaned_data.items() if name in columns):
            raise forms.ValidationError("Выберите хотя бы один столбец.", code="invalid")
