"""Staff list import: one service for the command line and the back-office.

A school's staff list comes as XLSX or CSV with Russian column headers (see
``COLUMNS``). Everything is read and validated first; then, in one transaction, new
teachers are created and changed ones updated (``bulk_create`` / ``bulk_update``, each with its
rows in the audit trail).
A file with any error writes nothing, and every error names the row as Excel shows it
(the header row is row 1) and the column.

A row is matched to a teacher of the same school by e-mail (case-insensitively), else
by full name and birth date (spaces normalised, «ё» = «е»). Empty cells of the optional
columns never erase what is already recorded. Teachers missing from the file are left
as they are: the report counts them.

Per-row rules use the model's own field validators (``clean_fields``: lengths,
e-mail); the rules of the model's constraints (unique e-mail in a school, teaching
after birth) are checked here for the whole file at once, without a query per row,
and the database constraints stay as the safety net.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.core.dates import add_years
from apps.core.text import plural
from apps.core.upload_limits import check_spreadsheet
from apps.core.xlsx import Column, table_xlsx

from .models import Gender, School, Teacher
from .signals import staff_imported

# Field → the header the user sees (and writes), whether the column must be present,
# whether each row must fill it.
COLUMNS = [
    # (field, header, column required, value required)
    ("last_name", "Фамилия", True, True),
    ("first_name", "Имя", True, True),
    ("patronymic", "Отчество", False, False),
    ("position", "Должность", True, True),
    ("subjects", "Предметы", False, False),
    ("birth_date", "Дата рождения", True, True),
    ("teaching_since", "Дата начала педагогической деятельности", True, True),
    ("email", "E-mail", False, False),
    ("phone", "Телефон", False, False),
]
HEADERS = {name: header for name, header, _, _ in COLUMNS}
DATE_FIELDS = ("birth_date", "teaching_since")
NAME_FIELDS = ("last_name", "first_name", "patronymic")

# Other spellings of the headers people actually use.
HEADER_ALIASES = {
    "email": "email",
    "e-mail": "email",
    "e mail": "email",
    "эл. почта": "email",
    "электронная почта": "email",
    "адрес электронной почты": "email",
    "предмет": "subjects",
    "преподаваемые предметы": "subjects",
    "дата начала педагогической работы": "teaching_since",
    "дата начала педагогического стажа": "teaching_since",
}

# A numbering column carries no data: it is skipped, not refused.
NUMBERING_HEADERS = {"№", "№ п/п", "№п/п", "n", "n п/п", "п/п", "номер", "порядковый номер"}

MAX_FILE_SIZE = 20 * 1024 * 1024
MAX_ROWS = 20_000
TRAILING_EMPTY_ROWS = 1000
HEADER_SEARCH_ROWS = 10  # a title may stand above the header row
MIN_BIRTH_DATE = datetime.date(1920, 1, 1)
MIN_TEACHING_AGE = 14

DATE_FORMAT_HINT = "запишите дату как ДД.ММ.ГГГГ, например 01.09.1990"
DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
SPACES = re.compile(r"\s+")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# ---------------------------------------------------------------------------
# Results and errors


@dataclass(frozen=True)
class ImportIssue:
    """One problem of the file: a row (None for the file as a whole) and the columns it concerns."""

    message: str
    row: int | None = None
    columns: tuple[str, ...] = ()

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"Строка {self.row}")
        if len(self.columns) == 1:
            place.append(f"столбец «{self.columns[0]}»")
        elif self.columns:
            place.append("столбцы " + ", ".join(f"«{c}»" for c in self.columns))
        return f"{', '.join(place)}: {self.message}" if place else self.message


class StaffImportError(Exception):
    """The file cannot be imported; nothing was written. `issues` lists every problem found."""

    def __init__(self, issues: list[ImportIssue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))

    @property
    def messages(self) -> list[str]:
        return [str(i) for i in self.issues]


class StaffImportChanged(Exception):
    """The teachers changed since the preview: the new plan differs from the one confirmed. Nothing was written."""

    def __init__(self, report: StaffImportReport):
        self.report = report
        super().__init__("Данные изменились после предпросмотра.")


@dataclass(frozen=True)
class FieldChange:
    column: str
    old: str
    new: str


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


ACTION_LABELS = {Action.CREATE: "новый", Action.UPDATE: "изменён", Action.UNCHANGED: "без изменений"}


@dataclass
class RowResult:
    row: int
    action: str
    name: str
    changes: list[FieldChange] = field(default_factory=list)
    teacher_id: int | None = None

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class StaffImportReport:
    rows: list[RowResult]
    not_in_file: int = 0
    dry_run: bool = False

    def _count(self, action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self._count(Action.CREATE)

    @property
    def updated(self) -> int:
        return self._count(Action.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(Action.UNCHANGED)

    @property
    def has_changes(self) -> bool:
        return any(r.action != Action.UNCHANGED for r in self.rows)

    def changed_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.action != Action.UNCHANGED]

    def summary(self) -> str:
        total = len(self.rows)
        text = (
            f"В файле {total} {plural(total, 'педагог', 'педагога', 'педагогов')}: "
            f"новых — {self.created}, изменённых — {self.updated}, без изменений — {self.unchanged}."
        )
        if self.not_in_file:
            n = self.not_in_file
            text += (
                f" Ещё {n} {plural(n, 'педагог', 'педагога', 'педагогов')} организации "
                f"{plural(n, 'отсутствует', 'отсутствуют', 'отсутствуют')} в файле: их данные не меняются."
            )
        return text

    def digest(self) -> str:
        """A fingerprint of what the import would do: the confirm step checks it has not changed."""
        h = hashlib.sha256()
        for r in self.rows:
            h.update(repr((r.row, r.action, r.teacher_id, [(c.column, c.new) for c in r.changes])).encode())
        h.update(str(self.not_in_file).encode())
        return h.hexdigest()


# ---------------------------------------------------------------------------
# Normalisation


def clean_text(value) -> str:
    """A cell as text: trimmed, runs of spaces (including non-breaking) made one space."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()


def name_key(value: str) -> str:
    """Names compare without case, extra spaces or the difference between «ё» and «е»."""
    return SPACES.sub(" ", value).strip().casefold().replace("ё", "е")


def person_key(last_name, first_name, patronymic, birth_date) -> tuple:
    return (name_key(last_name), name_key(first_name), name_key(patronymic or ""), birth_date)


def tidy_name(value: str) -> str:
    """«ИВАНОВА» or «иванова» becomes «Иванова»; a name typed with care stays as typed."""
    if value and (value.isupper() or value.islower()):
        return "-".join(part[:1].upper() + part[1:].lower() for part in value.split("-"))
    return value


def tidy_subjects(value: str) -> str:
    return ", ".join(s.strip() for s in re.split(r"[,;]", value) if s.strip())


def format_date(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


class DateProblem(ValueError):
    pass


def parse_date(value) -> datetime.date:
    """A date cell, or text in one of the formats people type: 01.09.1990, 1.9.1990, 1990-09-01."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = clean_text(value)
    if isinstance(value, (int, float)) or not text:
        raise DateProblem(f"«{text}» — не дата; {DATE_FORMAT_HINT}")
    match = DOTTED_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = ISO_DATE.match(text)
        if not match:
            raise DateProblem(f"«{text}» — не дата; {DATE_FORMAT_HINT}")
        year, month, day = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateProblem(f"нет такой даты «{text}»") from None


# ---------------------------------------------------------------------------
# Reading the file


@dataclass
class StaffTable:
    """The file as read: the columns found (field → index) and the data rows with their Excel numbers."""

    columns: dict[str, int]
    rows: list[tuple[int, list]]


def _normal_header(value) -> str:
    return name_key(clean_text(value))


HEADER_FIELDS = {name_key(header): name for name, header, _, _ in COLUMNS} | {
    name_key(alias): name for alias, name in HEADER_ALIASES.items()
}


def _not_a_table(filename: str, detail: str = "") -> StaffImportError:
    text = f"Файл «{filename}» не является таблицей XLSX или CSV{detail}. Сохраните список в Excel как «Книга Excel (.xlsx)» или «CSV (разделители — точка с запятой)»."
    return StaffImportError([ImportIssue(text)])


def _read_xlsx(content: bytes, filename: str) -> list[tuple]:
    from openpyxl import load_workbook

    try:
        check_spreadsheet(content)  # the work it would cost, before openpyxl unpacks anything
    except ValidationError as error:
        raise StaffImportError([ImportIssue(f"Файл «{filename}» не загружен. {error.messages[0]}")]) from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken or foreign ZIP
        raise _not_a_table(filename, ": его не удалось открыть как книгу Excel") from None
    try:
        sheet = workbook.active or workbook.worksheets[0]
        rows, empty_run = [], 0
        for row in sheet.iter_rows(values_only=True):
            rows.append(tuple(row))
            empty_run = 0 if any(v is not None and v != "" for v in row) else empty_run + 1
            if empty_run > TRAILING_EMPTY_ROWS:  # formatted but empty rows down to the end of the sheet
                break
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise StaffImportError([ImportIssue(f"В файле больше {MAX_ROWS} строк: разделите список на части.")])
        return rows
    except StaffImportError:
        raise
    except Exception:
        raise _not_a_table(filename, ": его не удалось прочитать как книгу Excel") from None
    finally:
        workbook.close()


def _decode_text(content: bytes, filename: str) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]  # Excel's «Текст Юникод»
    else:
        encodings = ["utf-8", "cp1251"]
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL_CHARS.search(text):
            break  # binary data that happens to decode
        return text
    raise _not_a_table(filename)


def _read_csv(content: bytes, filename: str) -> list[tuple]:
    text = _decode_text(content, filename)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if first_line.startswith("sep=") and len(first_line) == 5:
        # Excel's hint line: Excel itself hides it, so the rows are numbered without it.
        delimiter = first_line[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = max(";,\t", key=first_line.count)
    rows = [tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise StaffImportError([ImportIssue(f"В файле больше {MAX_ROWS} строк: разделите список на части.")])
    return rows


def read_staff_file(*, content: bytes, filename: str) -> StaffTable:
    """Read a staff list and find its columns; raise StaffImportError when it is not one."""
    if not content or not content.strip():
        raise StaffImportError([ImportIssue(f"Файл «{filename}» пустой.")])
    if len(content) > MAX_FILE_SIZE:
        raise StaffImportError([ImportIssue(f"Файл «{filename}» больше {MAX_FILE_SIZE // (1024 * 1024)} МБ.")])
    lower_name = filename.lower()
    if content.startswith(b"\xd0\xcf\x11\xe0") and lower_name.endswith(".xls"):
        raise StaffImportError(
            [ImportIssue(f"Файл «{filename}» в старом формате Excel (.xls): откройте его в Excel и сохраните как «Книга Excel (.xlsx)».")]
        )
    if zipfile.is_zipfile(io.BytesIO(content)):
        raw_rows = _read_xlsx(content, filename)
    elif lower_name.endswith((".xlsx", ".xlsm", ".xls")) or content.startswith((b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise _not_a_table(filename)
    else:
        raw_rows = _read_csv(content, filename)
    return _find_columns(raw_rows)


def _find_columns(raw_rows: list[tuple]) -> StaffTable:
    # The header row: the first of the top rows that has «Фамилия»; row 1 if none has.
    header_index = 0
    for i, row in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
        if any(_normal_header(cell) == name_key("Фамилия") for cell in row):
            header_index = i
            break
    if not raw_rows or not any(clean_text(c) for c in raw_rows[header_index]):
        raise StaffImportError([ImportIssue("В файле нет строки заголовков: первая строка пустая.", row=header_index + 1)])
    header = raw_rows[header_index]
    data = [(i + 1, list(row)) for i, row in enumerate(raw_rows) if i > header_index]

    issues = []
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        title = clean_text(cell)
        if not title:
            if any(index < len(row) and clean_text(row[index]) for _, row in data):
                issues.append(ImportIssue(f"у столбца {_column_letter(index)} нет заголовка, а ячейки под ним заполнены.", row=header_index + 1))
            continue
        if name_key(title) in NUMBERING_HEADERS:
            continue  # «№ п/п»: the list's own numbering, nothing to import
        name = HEADER_FIELDS.get(name_key(title))
        if name is None:
            hint = " Разделите ФИО на столбцы «Фамилия», «Имя», «Отчество»." if name_key(title) == "фио" else ""
            issues.append(
                ImportIssue(f"заголовок не распознан (столбец {_column_letter(index)}).{hint}", header_index + 1, (title,))
            )
        elif name in columns:
            issues.append(ImportIssue("такой столбец уже есть.", row=header_index + 1, columns=(title,)))
        else:
            columns[name] = index
    missing = [header for name, header, required, _ in COLUMNS if required and name not in columns]
    if missing:
        issues.append(
            ImportIssue(
                f"{'нет столбца' if len(missing) == 1 else 'нет столбцов'} " + ", ".join(f"«{m}»" for m in missing) + ".",
                row=header_index + 1,
            )
        )
    if issues:
        optional = [header for _, header, required, _ in COLUMNS if not required]
        issues.append(
            ImportIssue(
                "Ожидаемые заголовки: " + ", ".join(f"«{header}»" for _, header, *_ in COLUMNS)
                + " (необязательные: " + ", ".join(f"«{h}»" for h in optional) + ")."
            )
        )
        raise StaffImportError(issues)

    rows = [(number, row) for number, row in data if any(clean_text(c) for c in row)]
    if not rows:
        raise StaffImportError([ImportIssue("В файле нет ни одной строки с педагогами: есть только заголовки.")])
    return StaffTable(columns=columns, rows=rows)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# ---------------------------------------------------------------------------
# Validating rows


@dataclass
class StaffRow:
    number: int
    values: dict  # field → cleaned value, only for the columns present in the file

    @property
    def full_name(self) -> str:
        return " ".join(self.values.get(f, "") for f in NAME_FIELDS if self.values.get(f))

    @property
    def person_key(self) -> tuple:
        v = self.values
        return person_key(v["last_name"], v["first_name"], v.get("patronymic", ""), v["birth_date"])


def _validate_row(number: int, cells: list, columns: dict[str, int], today: datetime.date) -> tuple[StaffRow | None, list[ImportIssue]]:
    issues = []
    values = {}

    def cell(name):
        index = columns[name]
        return cells[index] if index < len(cells) else None

    for name, header, _, value_required in COLUMNS:
        if name not in columns:
            continue
        raw = cell(name)
        if name in DATE_FIELDS:
            if clean_text(raw) == "":
                issues.append(ImportIssue("не заполнено.", number, (header,)))
                continue
            try:
                values[name] = parse_date(raw)
            except DateProblem as e:
                issues.append(ImportIssue(f"{e}.", number, (header,)))
            continue
        text = clean_text(raw)
        if name in NAME_FIELDS:
            text = tidy_name(text)
        elif name == "subjects":
            text = tidy_subjects(text)
        elif name == "email":
            text = text.lower()
        if value_required and not text:
            issues.append(ImportIssue("не заполнено.", number, (header,)))
        values[name] = text

    birth, since = values.get("birth_date"), values.get("teaching_since")
    if birth:
        if birth >= today:
            issues.append(ImportIssue(f"дата рождения {format_date(birth)} ещё не наступила.", number, (HEADERS["birth_date"],)))
        elif birth < MIN_BIRTH_DATE:
            issues.append(ImportIssue(f"дата рождения {format_date(birth)}: проверьте год.", number, (HEADERS["birth_date"],)))
    if birth and since:
        if since <= birth:
            relation = "раньше даты рождения" if since < birth else "совпадает с датой рождения"
            issues.append(ImportIssue(f"{format_date(since)} — {relation} ({format_date(birth)}).", number, (HEADERS["teaching_since"],)))
        elif since < add_years(birth, MIN_TEACHING_AGE):
            issues.append(
                ImportIssue(
                    f"{format_date(since)} — раньше {MIN_TEACHING_AGE}-летия (дата рождения {format_date(birth)}); проверьте даты.",
                    number,
                    (HEADERS["teaching_since"],),
                )
            )

    # The model's own field rules: lengths, the e-mail and phone formats; the values as the model writes
    # them (a phone as +7 XXX XXX-XX-XX, an e-mail's domain in lower case).
    if not issues:
        candidate = Teacher(**values)
        try:
            candidate.clean_fields(exclude=[f.name for f in Teacher._meta.fields if f.name not in values])
        except ValidationError as e:
            for name, errors in e.message_dict.items():
                for message in errors:
                    shown = values.get(name, "")
                    text = message[:1].lower() + message[1:]
                    issues.append(ImportIssue(f"«{shown}» — {text}" if shown else text, number, (HEADERS.get(name, name),)))
        else:
            values.update({name: getattr(candidate, name) for name in ("email", "phone") if name in values})
    return (None if issues else StaffRow(number, values)), issues


def _check_duplicates(rows: list[StaffRow]) -> list[ImportIssue]:
    issues = []
    by_email: dict[str, int] = {}
    by_person: dict[tuple, int] = {}
    person_columns = (HEADERS["last_name"], HEADERS["first_name"], HEADERS["patronymic"], HEADERS["birth_date"])
    for row in rows:
        email = row.values.get("email")
        if email:
            first = by_email.setdefault(email.casefold(), row.number)
            if first != row.number:
                issues.append(ImportIssue(f"e-mail «{email}» уже указан в строке {first}.", row.number, (HEADERS["email"],)))
        first = by_person.setdefault(row.person_key, row.number)
        if first != row.number:
            issues.append(
                ImportIssue(
                    f"педагог {row.full_name}, {format_date(row.values['birth_date'])} г. р., уже указан в строке {first}.",
                    row.number,
                    person_columns,
                )
            )
    return issues


# ---------------------------------------------------------------------------
# Matching with the school's teachers and writing


def guess_gender(*, first_name: str, patronymic: str = "", last_name: str = "") -> str:
    """The gender the documents decline names by, when the name tells it ('' when it does not)."""
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.enums import Gender as PetrovichGender

    detector = PetrovichGenderDetector()
    found = PetrovichGender.ANDROGYNOUS
    if patronymic:  # a patronymic is unambiguous on its own
        found = detector.detect(middlename=patronymic)
    if found == PetrovichGender.ANDROGYNOUS and first_name:
        found = detector.detect(firstname=first_name, lastname=last_name or None)
    return {PetrovichGender.MALE: Gender.MALE, PetrovichGender.FEMALE: Gender.FEMALE}.get(found, "")


def _display(name: str, value) -> str:
    if name in DATE_FIELDS:
        return format_date(value)
    if name == "is_employed":
        return "работает" if value else "не работает"
    return value or ""


def _same(name: str, old, new) -> bool:
    if name in NAME_FIELDS:
        return name_key(old) == name_key(new)
    if name == "email":
        return old.casefold() == new.casefold()
    return old == new


COLUMN_LABELS = HEADERS | {"is_employed": "Работает в организации"}
PERSON_COLUMNS = (HEADERS["last_name"], HEADERS["first_name"], HEADERS["patronymic"], HEADERS["birth_date"])


@dataclass
class _Plan:
    results: list[RowResult]
    to_create: list[Teacher]
    to_update: list[Teacher]
    update_fields: set[str]
    issues: list[ImportIssue]
    not_in_file: int


def _plan(school: School, rows: list[StaffRow], existing: list[Teacher]) -> _Plan:
    by_email = {t.email.casefold(): t for t in existing if t.email}
    by_person: dict[tuple, list[Teacher]] = {}
    for t in existing:
        by_person.setdefault(person_key(t.last_name, t.first_name, t.patronymic, t.birth_date), []).append(t)

    plan = _Plan([], [], [], set(), [], 0)
    claimed: dict[int, tuple[int, str]] = {}  # teacher pk → the row that matched it, the name as recorded
    for row in rows:
        values = row.values
        teacher = by_email.get(values["email"].casefold()) if values.get("email") else None
        if teacher is None:
            candidates = by_person.get(row.person_key, [])
            if len(candidates) > 1:
                plan.issues.append(
                    ImportIssue(
                        f"в организации несколько педагогов {row.full_name} с этой датой рождения; "
                        "укажите e-mail, чтобы было понятно, кого обновить.",
                        row.number,
                        PERSON_COLUMNS,
                    )
                )
                continue
            teacher = candidates[0] if candidates else None

        if teacher is None:
            new = Teacher(school=school, is_employed=True, **values)
            new.gender = guess_gender(first_name=new.first_name, patronymic=new.patronymic, last_name=new.last_name)
            plan.to_create.append(new)
            # The name is the row's title; the changes list the rest.
            changes = [FieldChange(HEADERS[n], "", _display(n, v)) for n, v in values.items() if v and n not in NAME_FIELDS]
            plan.results.append(RowResult(row.number, Action.CREATE, row.full_name, changes))
            continue

        if teacher.pk in claimed:
            plan.issues.append(
                ImportIssue(
                    f"это тот же педагог организации ({claimed[teacher.pk][1]}), что и в строке {claimed[teacher.pk][0]}.",
                    row.number,
                    (HEADERS["email"],) if values.get("email") else PERSON_COLUMNS,
                )
            )
            continue
        claimed[teacher.pk] = (row.number, teacher.full_name)
        changes = []
        # Whoever is on the staff list works here: a teacher who came back is employed again.
        for name, new_value in [*values.items(), ("is_employed", True)]:
            old_value = getattr(teacher, name)
            if new_value in ("", None) or _same(name, old_value, new_value):
                continue  # an empty optional cell keeps what is recorded
            changes.append(FieldChange(COLUMN_LABELS[name], _display(name, old_value), _display(name, new_value)))
            setattr(teacher, name, new_value)
            plan.update_fields.add(name)
        if changes:
            plan.to_update.append(teacher)
        action = Action.UPDATE if changes else Action.UNCHANGED
        plan.results.append(RowResult(row.number, action, teacher.full_name, changes, teacher.pk))

    plan.not_in_file = sum(1 for t in existing if t.is_employed and t.pk not in claimed)
    return plan


def staff_import(
    *,
    school: School,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    expect_digest: str | None = None,
    today: datetime.date | None = None,
) -> StaffImportReport:
    """Import a staff list into `school`: all rows or none.

    Raises StaffImportError listing every problem of the file (nothing written). With
    `dry_run` nothing is written either and the report says what would happen. With
    `expect_digest` (the preview's `report.digest()`) the import stops with
    StaffImportChanged, writing nothing, if it would now do something else.
    """
    with translation.override("ru"):
        table = read_staff_file(content=content, filename=filename)
        today = today or timezone.localdate()
        rows, issues = [], []
        for number, cells in table.rows:
            row, row_issues = _validate_row(number, cells, table.columns, today)
            issues += row_issues
            if row is not None:
                rows.append(row)
        issues += _check_duplicates(rows)

        with transaction.atomic():
            # One import of a school at a time: the plan stays true until it is written.
            School.objects.select_for_update().filter(pk=school.pk).values_list("pk").get()
            plan = _plan(school, rows, list(Teacher.objects.filter(school=school).staff()))
            issues += plan.issues
            if issues:
                raise StaffImportError(sorted(issues, key=lambda i: i.row or 0))
            report = StaffImportReport(plan.results, not_in_file=plan.not_in_file, dry_run=dry_run)
            if expect_digest is not None and report.digest() != expect_digest:
                raise StaffImportChanged(report)
            if not dry_run:
                _write(plan)
                staff_imported.send(sender=Teacher, school=school)
    return report


def _write(plan: _Plan) -> None:
    if plan.to_create:
        bulk_create_with_history(plan.to_create, Teacher, batch_size=1000)
        created = iter(plan.to_create)
        for result in plan.results:
            if result.action == Action.CREATE:
                result.teacher_id = next(created).pk
    if plan.to_update:
        now = timezone.now()
        for teacher in plan.to_update:
            teacher.updated_at = now
        bulk_update_with_history(plan.to_update, Teacher, [*sorted(plan.update_fields), "updated_at"], batch_size=500)


# ---------------------------------------------------------------------------
# Writing a staff list (the blank template, test files, the benchmark)

STAFF_LIST_WIDTHS = {"position": 28, "subjects": 28, "teaching_since": 22, "email": 28, "phone": 18}


def staff_list_xlsx(rows=()) -> bytes:
    """A staff list in the layout the import reads; with no rows, the blank template."""
    columns = [Column(header, STAFF_LIST_WIDTHS.get(name, 16)) for name, header, *_ in COLUMNS]
    return table_xlsx(
        title="Педагоги",
        columns=columns,
        rows=([row.get(name) or None for name, *_ in COLUMNS] for row in rows),
    )
