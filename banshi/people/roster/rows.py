"""Checking one roster row, without the database: identity (through `resident_fields`, so a
row is validated, derived and encrypted exactly like a resident saved from a form), labels,
and the grid and building it names, looked up in a snapshot of the territory taken before the
import. Runs in worker processes; everything here must be picklable and free of queries.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from banshi.core.text import clean_text
from banshi.core.xlsx import looks_like_formula
from banshi.territory import codes

from ..ethnicities import CODE_BY_NAME, ETHNICITY_CHOICES
from ..identity import IdentityError, normalize_phone, validate_id_number
from ..services import ethnicity_code, resident_fields
from . import columns as c
from .reading import cell_text, parse_csv_records

# Ethnicities as the file writes them (blank means 汉族, as in services.ethnicity_code).
_ETHNICITIES = {**CODE_BY_NAME, **{code: code for code, _n in ETHNICITY_CHOICES}, "": "01"}

# A checked row is a plain tuple (cheap to send between processes):
ROW, ID_HASH, GRID_ID, BUILDING_ID, UNIT, DOOR, TAGS, PAYLOAD = range(8)
# PAYLOAD holds the resident's columns from name to updated_at, in this order: a tuple for
# SQLite's executemany, or for PostgreSQL the same values as a line of COPY text.
PAYLOAD_COLUMNS = (
    "name",
    "name_pinyin",
    "name_initials",
    "id_number_enc",
    "id_number_hash",
    "id_number_masked",
    "sex",
    "birth_date",
    "phone_enc",
    "phone_hash",
    "phone_masked",
    "relation_to_head",
    "ethnicity",
    "political_status",
    "created_at",
    "updated_at",
)
P_NAME, P_PINYIN, P_INITIALS = 0, 1, 2
P_PHONE_ENC, P_PHONE_HASH, P_PHONE_MASKED = 8, 9, 10
P_RELATION, P_ETHNICITY, P_POLITICAL = 11, 12, 13

# COPY text format escapes; only the name (and its pinyin) can hold such characters, every
# other value is base64, hex, digits or a code.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_UNESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def payload_values(payload) -> tuple:
    """The payload's values (its tuple, or its COPY text read back)."""
    if isinstance(payload, tuple):
        return payload
    return tuple(_copy_unescape(v) for v in payload.split("\t"))


def _copy_unescape(value: str) -> str:
    if "\\" not in value:
        return value
    out, i = [], 0
    while i < len(value):
        pair = value[i : i + 2]
        if pair in _COPY_UNESCAPES:
            out.append(_COPY_UNESCAPES[pair])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


@dataclass
class Places:
    """What a row may point at: every grid (by code and by name, with whether the importing
    user's scope covers it) and the buildings of the covered grids."""

    grid_by_code: dict[str, tuple[int, str, bool]] = field(default_factory=dict)
    grid_by_name: dict[str, list[tuple[int, str, bool]]] = field(default_factory=dict)
    grid_names: dict[int, str] = field(default_factory=dict)
    buildings: dict[tuple[int, str], int] = field(default_factory=dict)
    building_names: dict[int, str] = field(default_factory=dict)


# The columns in the order check_row reads them.
_READ = (
    c.NAME,
    c.ID_NUMBER,
    c.PHONE,
    c.GRID,
    c.BUILDING,
    c.UNIT,
    c.DOOR,
    c.RELATION,
    c.ETHNICITY,
    c.POLITICAL,
    c.TAGS,
)


@dataclass
class Layout:
    index: dict[str, int]
    has_tags: bool

    @property
    def positions(self) -> tuple[int, ...]:
        return tuple(self.index.get(column, -1) for column in _READ)


_context: tuple | None = None


def init_worker(layout: Layout, places: Places, copy_text: bool, stamp) -> None:
    """`copy_text`: payloads as COPY text (PostgreSQL); `stamp`: created/updated time as
    written to the database."""
    global _context
    _context = (layout.positions, layout.has_tags, places, copy_text, stamp)


def check_chunk(kind: str, chunk: list) -> tuple[list[tuple], list[tuple[int, list]]]:
    """(checked rows, [(row number, [(column, message), ...]), ...]) for a chunk of rows
    (`reading.Source.chunks`); blank rows are left out."""
    positions, has_tags, places, copy_text, stamp = _context
    labels = (c.relation_codes(), c.political_codes(), _ETHNICITIES)
    good, bad = [], []
    rows = parse_csv_records(chunk) if kind == "csv" else ((n, c, False) for n, c in chunk)
    if copy_text:
        stamp = str(stamp.isoformat())
    for number, cells, clean in rows:
        if not any(cell.strip() if cell.__class__ is str else cell is not None for cell in cells):
            continue
        record, errors = check_row(
            number, cells, positions, has_tags, places, labels, copy_text, stamp, clean=clean
        )
        if errors:
            bad.append((number, errors))
        else:
            good.append(record)
    return good, bad


def check_row(number, cells, positions, has_tags, places, labels, copy_text, stamp, *, clean=False):
    """`clean`: the cells are text that `clean_text` leaves as it is (`parse_csv_records`)."""
    width = len(cells)
    raw = [cells[i] if 0 <= i < width else "" for i in positions]
    id_raw = raw[1]
    if clean:
        texts = [v.strip() for v in raw]
    else:
        # Cleaned here: the bulk insert bypasses the save signal that cleans every other write.
        texts = [clean_text(v if v.__class__ is str else cell_text(v)).strip() for v in raw]
    name, id_number, phone, grid, building, unit, door, relation, ethnicity, political, tags = texts
    relations, politicals, ethnicities = labels

    errors: list[tuple[str, str]] = []
    fields = None
    if looks_like_formula(name):
        # A spreadsheet opening the exported roster would run it (formula injection).
        errors.append((c.NAME, _("姓名不能以 = + - @ 开头")))
    if isinstance(id_raw, int | float) and not isinstance(id_raw, bool):
        errors.append(
            (c.ID_NUMBER, _("公民身份号码须以文本格式填写（表格中是数字，末几位可能已丢失）"))
        )
        errors.extend(_identity_errors(name, None, phone))
    else:
        try:
            fields = resident_fields(name=name, id_number=id_number, phone=phone)
        except IdentityError as exc:
            errors.extend(_identity_errors(name, id_number, phone) or [("", str(exc))])

    if relation:
        relation = relations.get(relation) or _unknown(c.RELATION, relation, errors)
    if political:
        political = politicals.get(political) or _unknown(c.POLITICAL, political, errors)
    else:
        political = "masses"
    code = ethnicities.get(ethnicity)
    if code is None:
        try:
            code = ethnicity_code(ethnicity)
        except IdentityError as exc:
            errors.append((c.ETHNICITY, str(exc)))
    tags = (_tags(tags, errors) if tags else ()) if has_tags else None

    grid_id, building_id = _place(grid, building, places, errors)
    if unit and not building:
        errors.append((c.UNIT, _("填写了单元，但没有填写楼栋")))
    if len(unit) > 16:
        errors.append((c.UNIT, _("单元号过长（最多16个字符）")))
    if not door:
        errors.append((c.DOOR, _("户号为空")))
    elif len(door) > 32:
        errors.append((c.DOOR, _("户号过长（最多32个字符）")))

    if errors:
        return None, errors
    values = (
        fields["name"],
        fields["name_pinyin"],
        fields["name_initials"],
        fields["id_number_enc"],
        fields["id_number_hash"],
        fields["id_number_masked"],
        fields["sex"],
        fields["birth_date"].isoformat(),  # as text, which both databases accept
        fields["phone_enc"],
        fields["phone_hash"],
        fields["phone_masked"],
        relation,
        code,
        political,
        stamp,
        stamp,
    )
    if copy_text:
        values = _copy_line(values)
    return (number, fields["id_number_hash"], grid_id, building_id, unit, door, tags, values), None


def _copy_line(values: tuple) -> str:
    name, pinyin, initials = values[0], values[1], values[2]
    return "\t".join(
        (name.translate(_COPY_ESCAPES), pinyin.translate(_COPY_ESCAPES), initials, *values[3:])
    )


def _unknown(column: str, value: str, errors: list) -> str:
    errors.append((column, _("无法识别“%(value)s”") % {"value": value}))
    return ""


def _identity_errors(name: str, id_number: str | None, phone: str) -> list[tuple[str, str]]:
    """Which columns `resident_fields` objected to (only on the error path: every check)."""
    errors = []
    if not name:
        errors.append((c.NAME, _("姓名为空")))
    elif len(name) > 64:
        errors.append((c.NAME, _("姓名过长（最多64个字符）")))
    if id_number is not None:
        try:
            validate_id_number(id_number)
        except IdentityError as exc:
            errors.append((c.ID_NUMBER, str(exc)))
    try:
        normalize_phone(phone)
    except IdentityError as exc:
        errors.append((c.PHONE, str(exc)))
    return errors


def _tags(value: str, errors: list) -> tuple[str, ...]:
    for sep in c.TAG_SEPARATORS[1:]:
        value = value.replace(sep, c.TAG_SEPARATORS[0])
    codes = c.tag_codes()
    found = set()
    for label in value.split(c.TAG_SEPARATORS[0]):
        label = label.strip()
        if not label:
            continue
        if label in codes:
            found.add(codes[label])
        else:
            errors.append((c.TAGS, _("未知标签“%(tag)s”") % {"tag": label}))
    return tuple(sorted(found))


def _place(grid_text: str, building: str, places: Places, errors: list):
    if not grid_text:
        errors.append((c.GRID, _("所属网格为空")))
        return None, None
    if codes.is_grid_prefix(grid_text) and grid_text.isdigit():
        candidates = [places.grid_by_code[grid_text]] if grid_text in places.grid_by_code else []
    else:
        candidates = places.grid_by_name.get(grid_text, [])
    if not candidates:
        errors.append(
            (c.GRID, _("未找到网格“%(grid)s”（填写15位网格编码或网格全称）") % {"grid": grid_text})
        )
        return None, None
    covered = [g for g in candidates if g[2]]
    if not covered:
        errors.append((c.GRID, _("无权导入该网格：%(grid)s") % {"grid": grid_text}))
        return None, None
    if len(covered) > 1:
        errors.append(
            (
                c.GRID,
                _("网格名称“%(grid)s”不唯一（%(codes)s），请填写15位网格编码")
                % {"grid": grid_text, "codes": "、".join(g[1] for g in covered)},
            )
        )
        return None, None
    grid_id = covered[0][0]
    if not building:
        return grid_id, None
    building_id = places.buildings.get((grid_id, building))
    if building_id is None:
        errors.append(
            (
                c.BUILDING,
                _("网格“%(grid)s”中没有楼栋“%(building)s”，请先登记楼栋")
                % {"grid": places.grid_names[grid_id], "building": building},
            )
        )
    return grid_id, building_id
