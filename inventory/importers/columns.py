"""The inventory spreadsheet's columns: what each holds and how a cell is read and written.

Columns are found by name (case and punctuation don't matter), never by position; extra
columns are ignored. The same list writes exports and templates, which is what makes a
re-imported export change nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from inventory.importers.reader import normalize_header
from inventory.models import Program, ProgramType, ProviderKind


class CellProblem(ValueError):
    pass


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str
    help: str
    required: bool = False
    aliases: tuple[str, ...] = ()


YES = {"yes", "y", "true", "1", "x", "✓"}
NO = {"no", "n", "false", "0", ""}

COLUMNS: list[Column] = [
    Column("ID", "id", "id", "Leave blank for a new program. Filled in by exports; keep it to rename a program."),
    Column("Provider", "provider", "text", "The college, school district, center or employer offering the program, exactly as it appears in the inventory.", required=True, aliases=("provider name", "institution", "organization", "institution organization")),
    Column("Provider type", "provider_kind", "provider_kind", "For reference; new providers are added on the Providers page.", aliases=("provider kind",)),
    Column("Program", "name", "text", "The program's name as the provider advertises it.", required=True, aliases=("program name",)),
    Column("Program type", "program_type", "program_type", "One of: " + "; ".join(ProgramType.labels) + ".", required=True, aliases=("type",)),
    Column("CIP code", "cip_code", "cip", "Classification of Instructional Programs code, e.g. 48.0501.", aliases=("cip",)),
    Column("Status", "status", "status", "One of: " + "; ".join(Program.Status.labels) + ". Blank means offered."),
    Column("Credentials awarded", "credentials", "credentials", "Credential names separated by semicolons. New names are added to the credential list.", aliases=("credentials", "certification credential", "credential")),
    Column("Clock hours", "clock_hours", "int", "Length in clock hours.", aliases=("hours",)),
    Column("Credits", "credits", "decimal", "Length in credit hours."),
    Column("Weeks", "weeks", "int", "Length in weeks."),
    Column("Months", "months", "int", "Length in months."),
    Column("Tuition ($)", "tuition", "money", "What a student pays in tuition, whole dollars.", aliases=("tuition",)),
    Column("Fees ($)", "fees", "money", "Required fees, whole dollars.", aliases=("fees",)),
    Column("Other costs ($)", "other_costs", "money", "Books, tools, uniforms, exam fees; whole dollars.", aliases=("other costs",)),
    Column("Prerequisites", "prerequisites", "text", "Prerequisites and entry requirements, in words.", aliases=("prerequisites and entry requirements", "entry requirements")),
    Column("Entry credentials", "entry_credentials", "credentials", "Credentials needed to enter, separated by semicolons.", aliases=("credentials required to enter",)),
    Column("Evening", "evening", "bool", "yes or no"),
    Column("Weekend", "weekend", "bool", "yes or no"),
    Column("Online", "online", "bool", "yes or no: online or hybrid", aliases=("online or hybrid",)),
    Column("Open entry", "open_entry", "bool", "yes or no"),
    Column("Non-semester", "non_semester", "bool", "yes or no", aliases=("non semester schedule",)),
    Column("Childcare", "childcare", "bool", "yes or no: the program offers or arranges childcare"),
    Column("Transportation", "transportation", "bool", "yes or no"),
    Column("Tutoring", "tutoring", "bool", "yes or no"),
    Column("Advising", "advising", "bool", "yes or no: advising or case management", aliases=("advising or case management",)),
    Column("Completions per year", "completions_per_year", "int", "People finishing in a typical year.", aliases=("completions", "completers")),
    Column("Capacity", "capacity", "int", "Seats per year."),
    Column("Waiting list", "waiting_list", "int", "People waiting for a seat now.", aliases=("waitlist", "wait list")),
    Column("Placement rate (%)", "placement_rate", "percent", "Share of completers employed in the field, 0 to 100.", aliases=("placement rate", "job placement rate")),
    Column("Placement year", "placement_year", "int", "The year the placement rate is for."),
    Column("Placement source", "placement_source", "text", "Where the placement rate comes from."),
    Column("Occupations (SOC)", "occupations", "soc_list", "SOC codes the program prepares for, separated by semicolons, e.g. 51-4041 Machinists; 51-4011.", aliases=("occupations", "soc codes", "soc")),
    Column("Description", "description", "text", "A sentence or two about the program."),
]  # fmt: skip

COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
# The columns a program row cannot do without.
REQUIRED = [c for c in COLUMNS if c.required]


def match_headers(headers: list[str], columns: list[Column] = COLUMNS):
    """Map each known column to its position in the file; list the headers we don't know."""
    lookup = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            lookup.setdefault(normalize_header(name), column)
    found: dict[str, int] = {}
    ignored: list[str] = []
    duplicated: list[str] = []
    for index, header in enumerate(headers):
        column = lookup.get(normalize_header(header))
        if column is None:
            if header:
                ignored.append(header)
        elif column.field in found:
            duplicated.append(header)
        else:
            found[column.field] = index
    return found, ignored, duplicated


# --- reading cells ---------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellProblem(f"“{value}” is not a number")
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().replace(",", "").replace("$", "").replace("%", "").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellProblem(f"“{value}” is not a number") from None
    if not number.is_finite():
        raise CellProblem(f"“{value}” is not a number")
    return number


def split_list(value) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", _text(value)) if part.strip()]


SOC_RE = re.compile(r"^(\d{2}-\d{4})(?:\.\d{2})?\s*[-–:]?\s*(.*)$")


def _read_id(value):
    number = _number(value)
    if number is None:
        return None
    if number != number.to_integral_value() or number <= 0:
        raise CellProblem(f"“{value}” is not a program ID (a whole number from an export)")
    return int(number)


def _read_whole(value, *, whole: bool = True):
    if type(value) is int:  # the common case, straight from a spreadsheet cell
        if value < 0:
            raise CellProblem(f"{value} is negative")
        return value
    number = _number(value)
    if number is None:
        return None
    if number < 0:
        raise CellProblem(f"{number} is negative")
    if whole and number != number.to_integral_value():
        raise CellProblem(f"“{value}” is not a whole number")
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _read_decimal(value):
    number = _number(value)
    if number is None:
        return None
    if number < 0:
        raise CellProblem(f"{number} is negative")
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _read_percent(value):
    number = _number(value)
    if number is None:
        return None
    # Excel keeps 85% as 0.85; nobody records a placement rate below 1%.
    if 0 < number < 1 and not (isinstance(value, str) and "%" in value):
        number *= 100
    if number < 0 or number > 100:
        raise CellProblem(f"{number} is not a percentage between 0 and 100")
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _read_bool(value):
    if value is True or value is False:
        return value
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellProblem(f"“{value}” should be yes or no")


def _read_cip(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:07.4f}"
    text = _text(value)
    if text and not re.fullmatch(r"\d{2}\.\d{4}", text):
        raise CellProblem(f"“{text}” is not a CIP code (two digits, a dot, four digits: 48.0501)")
    return text


def _read_soc_list(value):
    codes = []
    for part in split_list(value):
        match = SOC_RE.match(part)
        if not match:
            raise CellProblem(
                f"“{part}” is not a SOC code (two digits, a hyphen, four digits: 51-4041)"
            )
        codes.append((match.group(1), match.group(2).strip()))
    return codes


def _chooser(choices, what: str, default: str = ""):
    lookup = {}
    for key, label in choices.choices:
        lookup[normalize_header(key)] = key
        lookup[normalize_header(label)] = key

    def read(value):
        text = _text(value)
        if not text:
            return default
        key = lookup.get(normalize_header(text))
        if key is None:
            raise CellProblem(
                f"“{text}” is not a {what} we know. Use one of: {'; '.join(choices.labels)}"
            )
        return key

    return read


READERS = {
    "text": _text,
    "id": _read_id,
    "int": _read_whole,
    "money": lambda value: _read_whole(value, whole=False),
    "decimal": _read_decimal,
    "percent": _read_percent,
    "bool": _read_bool,
    "cip": _read_cip,
    "program_type": _chooser(ProgramType, "program type"),
    "status": _chooser(Program.Status, "status", default=Program.Status.OFFERED),
    "provider_kind": _chooser(ProviderKind, "provider type"),
    "credentials": split_list,
    "soc_list": _read_soc_list,
}


def read_cell(column: Column, value):
    """The cell as the model wants it, or CellProblem in plain words."""
    return READERS[column.kind](value)


# --- writing cells ---------------------------------------------------------------------


def write_cell(column: Column, program: Program, related: dict | None = None):
    """The cell for one program; `related` holds its credential names and confirmed
    occupations when the caller loaded them in bulk."""
    field = column.field
    if related is not None and field in ("credentials", "entry_credentials"):
        return "; ".join(sorted(related[field]))
    if related is not None and field == "occupations":
        return "; ".join(f"{code} {title}".strip() for code, title in sorted(related[field]))
    if field == "id":
        return program.pk
    if field == "provider":
        return program.provider.name
    if field == "provider_kind":
        return program.provider.get_kind_display()
    if field == "program_type":
        return program.get_program_type_display()
    if field == "status":
        return program.get_status_display()
    if field == "credentials":
        return "; ".join(sorted(c.name for c in program.credentials.all()))
    if field == "entry_credentials":
        return "; ".join(sorted(c.name for c in program.entry_credentials.all()))
    if field == "occupations":
        return "; ".join(
            f"{o.soc_code} {o.title}".strip()
            for o in sorted(program.occupations.all(), key=lambda o: o.soc_code)
            if o.confirmed
        )
    value = getattr(program, field)
    if column.kind == "bool":
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else value
