"""Writes of residents and roles. The roster import uses `resident_fields` too, so a row
imported in bulk is checked and stored exactly like one saved from a form."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from banshi.core import crypto

from .ethnicities import CODE_BY_NAME, ETHNICITY_CHOICES
from .identity import IdentityError, name_pinyin, normalize_phone, validate_id_number
from .models import PlaceRole, Resident, ResidentTag

_ETHNICITY_CODES = {code for code, _name in ETHNICITY_CHOICES}


def ethnicity_code(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return "01"
    if value in _ETHNICITY_CODES:
        return value
    try:
        return CODE_BY_NAME[value]
    except KeyError:
        raise IdentityError(f"未知民族：{value}") from None


def resident_fields(*, name: str, id_number: str, phone: str = "") -> dict:
    """Validated, derived and encrypted fields of a resident (no database access).

    Raises IdentityError with a message for the user.
    """
    name = (name or "").strip()
    if not name:
        raise IdentityError("姓名为空")
    if len(name) > 64:
        raise IdentityError("姓名过长")
    number, sex, birth = validate_id_number(id_number)
    phone = normalize_phone(phone)
    full, initials = name_pinyin(name)
    return {
        "name": name,
        "name_pinyin": full,
        "name_initials": initials,
        "id_number_enc": crypto.encrypt(number),
        "id_number_hash": crypto.blind_index(number),
        "id_number_masked": crypto.mask_id_number(number),
        "sex": sex,
        "birth_date": birth,
        "phone_enc": crypto.encrypt(phone),
        "phone_hash": crypto.blind_index(phone),
        "phone_masked": crypto.mask_phone(phone),
    }


def _as_validation_error(exc: IdentityError) -> ValidationError:
    return ValidationError(str(exc))


@transaction.atomic
def resident_create(
    *,
    name: str,
    id_number: str,
    phone: str = "",
    household=None,
    relation_to_head: str = "",
    ethnicity: str = "01",
    political_status: str = Resident.PoliticalStatus.MASSES,
    tags: list[str] | tuple[str, ...] = (),
) -> Resident:
    try:
        fields = resident_fields(name=name, id_number=id_number, phone=phone)
        ethnicity = ethnicity_code(ethnicity)
    except IdentityError as exc:
        raise _as_validation_error(exc) from exc
    if Resident.objects.filter(id_number_hash=fields["id_number_hash"]).exists():
        raise ValidationError("该公民身份号码已登记")
    resident = Resident(
        **fields,
        household=household,
        grid_id=household.grid_id if household else None,
        relation_to_head=relation_to_head,
        ethnicity=ethnicity,
        political_status=political_status,
    )
    resident.full_clean(exclude=["id_number_hash"])
    resident.save()
    ResidentTag.objects.bulk_create([ResidentTag(resident=resident, tag=t) for t in set(tags)])
    return resident


@transaction.atomic
def resident_update(*, resident: Resident, **changes) -> Resident:
    """Change a resident; identity fields are re-derived when the ID or phone change."""
    if "id_number" in changes or "name" in changes or "phone" in changes:
        try:
            fields = resident_fields(
                name=changes.pop("name", resident.name),
                id_number=changes.pop("id_number", None) or resident.id_number,
                phone=changes.pop("phone", None) if "phone" in changes else resident.phone,
            )
        except IdentityError as exc:
            raise _as_validation_error(exc) from exc
        clash = Resident.objects.filter(id_number_hash=fields["id_number_hash"]).exclude(
            pk=resident.pk
        )
        if clash.exists():
            raise ValidationError("该公民身份号码已登记")
        for k, v in fields.items():
            setattr(resident, k, v)
    tags = changes.pop("tags", None)
    if "ethnicity" in changes:
        try:
            changes["ethnicity"] = ethnicity_code(changes["ethnicity"])
        except IdentityError as exc:
            raise _as_validation_error(exc) from exc
    for k, v in changes.items():
        setattr(resident, k, v)
    if "household" in changes:
        resident.grid_id = resident.household.grid_id if resident.household else None
    resident.full_clean(exclude=["id_number_hash"])
    resident.save()
    if tags is not None:
        resident.tags.exclude(tag__in=tags).delete()
        existing = set(resident.tags.values_list("tag", flat=True))
        ResidentTag.objects.bulk_create(
            [ResidentTag(resident=resident, tag=t) for t in set(tags) - existing]
        )
    return resident


@transaction.atomic
def place_role_assign(
    *,
    resident: Resident,
    role: str,
    started_on: datetime.date,
    grid=None,
    building=None,
    unit=None,
    region=None,
) -> PlaceRole:
    pr = PlaceRole(
        resident=resident,
        role=role,
        grid=grid,
        building=building,
        unit=unit,
        region=region,
        started_on=started_on,
    )
    pr.full_clean()
    pr.save()
    return pr
