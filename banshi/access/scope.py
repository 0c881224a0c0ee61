"""The one road to data: a user's scope, and `restrict(queryset, user)`.

A user's role assignments become a `Scope`: territory code prefixes (a district, street,
community or grid: everything whose code starts with one of them), party organization
subtrees (materialized paths), departments, the enterprises an instructor serves, and the
resident's own household. Every model that holds data registers how each component reaches
it; `restrict` refuses a model that did not register, so forgetting is loud.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet

from .models import RoleAssignment as RA


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    prefixes: tuple[str, ...] = ()
    org_paths: tuple[str, ...] = ()
    department_ids: tuple[int, ...] = ()
    instructor_ids: tuple[int, ...] = ()
    household_ids: tuple[int, ...] = ()
    resident_ids: tuple[int, ...] = ()
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (
            self.everything
            or self.prefixes
            or self.org_paths
            or self.department_ids
            or self.instructor_ids
            or self.household_ids
            or self.resident_ids
        )

    def covers_code(self, code: str) -> bool:
        return self.everything or any(code.startswith(p) for p in self.prefixes)


@dataclass(frozen=True)
class Rule:
    territory: str | tuple[str, ...] | None = None  # lookup(s) to a territory code
    org_path: str | None = None  # lookup to a party organization's path
    department: str | None = None  # lookup to a department id
    instructor: str | None = None  # lookup to the instructor's resident id
    household: str | None = None  # lookup to a household id
    resident: str | None = None  # lookup to a resident id


_RULES: dict[type, Rule] = {}


def register(model, **lookups) -> None:
    """How the scope reaches `model`: called by the model's app, in its plugins.register()."""
    _RULES[model] = Rule(**lookups)


def registered_models() -> list[type]:
    return list(_RULES)


def scope_for(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    cached = getattr(user, "_banshi_scope", None)
    if cached is not None:
        return cached
    scope = _build_scope(user)
    if user is not None and getattr(user, "is_authenticated", False):
        user._banshi_scope = scope
    return scope


_ASSIGNMENTS_SQL: dict[str, str] = {}


def _assignments_sql() -> str:
    """The user's role assignments, only the columns a scope needs, as SQL compiled once per
    database vendor (this runs on every request; compiling the ORM query cost more than
    running it)."""
    sql = _ASSIGNMENTS_SQL.get(connection.vendor)
    if sql is None:
        sentinel = -7
        query = RA.objects.filter(user_id=sentinel).values_list(
            "role",
            "region__prefix",
            "grid__code",
            "party_organization__path",
            "department_id",
            "resident_id",
            "resident__household_id",
        )
        sql, params = query.query.sql_with_params()
        if tuple(params) != (sentinel,):  # the user is the query's only parameter
            raise AssertionError(f"unexpected parameters {params!r}")
        _ASSIGNMENTS_SQL[connection.vendor] = sql
    return sql


def _build_scope(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True, roles=frozenset({RA.Role.SYSTEM_ADMIN}))
    prefixes, paths, departments, instructors, households, residents = [], [], [], [], [], []
    roles = set()
    everything = False
    with connection.cursor() as cursor:
        cursor.execute(_assignments_sql(), [user.pk])
        assignments = cursor.fetchall()
    for role, prefix, grid_code, org_path, department, resident, household in assignments:
        roles.add(role)
        if role == RA.Role.SYSTEM_ADMIN:
            everything = True
        elif role in RA.REGION_LEVEL and prefix is not None:
            prefixes.append(prefix)
        elif role == RA.Role.GRID_WORKER and grid_code is not None:
            prefixes.append(grid_code)
        elif role == RA.Role.PARTY_SECRETARY and org_path is not None:
            paths.append(org_path)
        elif role == RA.Role.DEPARTMENT and department:
            departments.append(department)
        elif role == RA.Role.INSTRUCTOR and resident:
            instructors.append(resident)
        elif role == RA.Role.RESIDENT and resident:
            residents.append(resident)
            if household:
                households.append(household)
    return Scope(
        everything=everything,
        prefixes=tuple(sorted(set(prefixes))),
        org_paths=tuple(sorted(set(paths))),
        department_ids=tuple(sorted(set(departments))),
        instructor_ids=tuple(sorted(set(instructors))),
        household_ids=tuple(sorted(set(households))),
        resident_ids=tuple(sorted(set(residents))),
        roles=frozenset(roles),
    )


def scope_q(model, user) -> Q | None:
    """The filter that limits `model` to the user's scope; None means no limit."""
    scope = scope_for(user)
    if scope.everything:
        return None
    try:
        rule = _RULES[model]
    except KeyError:
        plugins = model._meta.app_config.name.replace(".", "/") + "/plugins.py"
        raise LookupError(
            f"{model._meta.label} has no scope rule: register one with access.scope.register "
            f"in {plugins}"
        ) from None
    q = Q(pk__in=[])
    if rule.territory:
        lookups = (rule.territory,) if isinstance(rule.territory, str) else rule.territory
        for p in scope.prefixes:
            for lookup in lookups:
                q |= Q(**{f"{lookup}__startswith": p})
    if rule.org_path:
        for p in scope.org_paths:
            q |= Q(**{f"{rule.org_path}__startswith": p})
    if rule.department and scope.department_ids:
        q |= Q(**{f"{rule.department}__in": scope.department_ids})
    if rule.instructor and scope.instructor_ids:
        q |= Q(**{f"{rule.instructor}__in": scope.instructor_ids})
    if rule.household and scope.household_ids:
        q |= Q(**{f"{rule.household}__in": scope.household_ids})
    if rule.resident and scope.resident_ids:
        q |= Q(**{f"{rule.resident}__in": scope.resident_ids})
    return q


def restrict(queryset: QuerySet, user) -> QuerySet:
    q = scope_q(queryset.model, user)
    return queryset if q is None else queryset.filter(q)


def visible(obj, user) -> bool:
    """Whether `user` may open the record `obj` (to link it, or only name it)."""
    return obj is not None and restrict(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


def restrict_registered(queryset: QuerySet, user) -> QuerySet:
    """`restrict` for a model with a rule; a model without one (a category, a department) as
    it is. The admin's scope: its pages are for staff who hold the admin permissions."""
    return restrict(queryset, user) if queryset.model in _RULES else queryset
