"""Units that handle demands: a grid, a community, a street, a district (each known by its
territory code prefix) or a functional department. A unit has a key ("community:150105001001",
"department:3") used in links, notifications and overdue marks."""

from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from banshi.access.models import Department, RoleAssignment
from banshi.territory import codes
from banshi.territory.models import Grid, Region

from .models import Level

# A territorial unit's level (a word, as demands store it) ↔ the territory's level (a number).
TERRITORY_LEVEL = {
    Level.GRID: codes.GRID,
    Level.COMMUNITY: codes.COMMUNITY,
    Level.STREET: codes.STREET,
    Level.DISTRICT: codes.DISTRICT,
}
PREFIX_LEN = {level: codes.PREFIX_LEN[n] for level, n in TERRITORY_LEVEL.items()}
LEVEL_BY_PREFIX_LEN = {n: level for level, n in PREFIX_LEN.items()}
TERRITORIAL = (Level.GRID, Level.COMMUNITY, Level.STREET, Level.DISTRICT)


class UnitError(ValueError):
    pass


@dataclass(frozen=True)
class HandlingUnit:
    level: str
    code: str = ""
    department_id: int | None = None

    @classmethod
    def territorial(cls, code: str) -> "HandlingUnit":
        try:
            return cls(LEVEL_BY_PREFIX_LEN[len(code)], code=code)
        except KeyError:
            raise UnitError(_("无效的单位编码：%(code)s") % {"code": code}) from None

    @classmethod
    def of_region(cls, region: Region) -> "HandlingUnit":
        unit = cls.territorial(region.prefix)
        unit.__dict__["region"] = region  # known already: spare the lookup
        return unit

    @classmethod
    def of_grid(cls, grid: Grid) -> "HandlingUnit":
        unit = cls(Level.GRID, code=grid.code)
        unit.__dict__["grid"] = grid
        return unit

    @classmethod
    def of_department(cls, department: Department | int) -> "HandlingUnit":
        if isinstance(department, int):
            return cls(Level.DEPARTMENT, department_id=department)
        unit = cls(Level.DEPARTMENT, department_id=department.pk)
        unit.__dict__["department"] = department
        return unit

    @classmethod
    def from_key(cls, key: str) -> "HandlingUnit":
        level, _sep, value = (key or "").partition(":")
        # ASCII digits only (str.isdigit takes "１" too); a department id of at most 18 of
        # them, for the database could not even compare one past 64 bits.
        digits = value.isascii() and value.isdigit()
        if level == Level.DEPARTMENT and digits and len(value) <= 18:
            return cls.of_department(int(value))
        if level in TERRITORIAL and digits and len(value) == PREFIX_LEN[level]:
            return cls(level, code=value)
        raise UnitError(_("无效的单位：%(key)s") % {"key": key})

    @classmethod
    def of_demand(cls, demand) -> "HandlingUnit | None":
        if demand.assigned_department_id:
            return cls.of_department(demand.assigned_department_id)
        if demand.assigned_code:
            return cls.territorial(demand.assigned_code)
        return None

    @property
    def key(self) -> str:
        return f"{self.level}:{self.department_id if self.is_department else self.code}"

    @property
    def is_department(self) -> bool:
        return self.level == Level.DEPARTMENT

    @cached_property
    def grid(self) -> Grid | None:
        if self.level != Level.GRID:
            return None
        return Grid.objects.defer("boundary").filter(code=self.code).first()

    @cached_property
    def region(self) -> Region | None:
        if self.level in (Level.COMMUNITY, Level.STREET, Level.DISTRICT):
            return Region.objects.filter(code=codes.padded(self.code)).first()
        return None

    @cached_property
    def department(self) -> Department | None:
        if not self.is_department:
            return None
        return Department.objects.filter(pk=self.department_id).first()

    def exists(self) -> bool:
        return (self.grid or self.region or self.department) is not None

    @property
    def name(self) -> str:
        node = self.grid or self.region or self.department
        return node.name if node is not None else self.key

    def parent(self, *, street_code: str = "") -> "HandlingUnit | None":
        """The supervising unit: grid → community → street → district; a department → the
        street that dispatched to it."""
        if self.is_department:
            return HandlingUnit(Level.STREET, code=street_code) if street_code else None
        if self.level in (Level.GRID, Level.COMMUNITY, Level.STREET):
            return HandlingUnit.territorial(codes.parent_prefix(self.code))
        return None

    def assignment_fields(self) -> dict:
        """The Demand fields that record an assignment to this unit."""
        if not self.exists():
            raise UnitError(_("承办单位不存在：%(key)s") % {"key": self.key})
        return {
            "assigned_level": self.level,
            "assigned_code": self.code,
            "assigned_grid": self.grid,
            "assigned_region": self.region,
            "assigned_department": self.department,
        }

    def member_user_ids(self) -> list[int]:
        """Users who hold a role bound to this unit."""
        qs = RoleAssignment.objects.filter(user__is_active=True)
        if self.is_department:
            qs = qs.filter(department_id=self.department_id)
        elif self.level == Level.GRID:
            qs = qs.filter(grid__code=self.code)
        else:
            qs = qs.filter(region__code=codes.padded(self.code), region__isnull=False)
        return sorted(set(qs.values_list("user_id", flat=True)))


NO_ASSIGNMENT = {
    "assigned_level": "",
    "assigned_code": "",
    "assigned_grid": None,
    "assigned_region": None,
    "assigned_department": None,
}
