"""Intake: a demand comes in (`demand_submit`) from any entry point — the web form, the JSON
API, Open311, field work, the hotline import, the demo — and is normalised, routed, built,
dispatched when its handler is known, and put on the timeline.

Where an intake lands is decided here, by one rule for every entry point, so that the same
point lands in the same place whichever way it came in:

- The channel. `channel` says which way the demand came in. On the self-service ways
  (web, api, open311) the service records who used it: a grid worker's demand is
  `grid_worker` and a community, street or district staff member's is `walk_in` (they record
  what a resident brought them, and are not its reporter); anybody else's keeps the
  self-service channel, and they are its reporter. The assisted ways (hotline, walk_in,
  grid_worker) are recorded as given.
- The place. A household or building places the demand in its grid, a point in the grid
  that contains it, and `region` (a community or street) one that has neither. A demand
  that is then in no grid and no region lands where its user belongs: a staff member's own
  community or street, or a resident's home community. With no such user (the system, a
  user with neither) it waits at the city's dispatch desk.
- Open311. A request is authenticated by its client's API key, not by a person of ours, so
  it comes with no user and no home region: outside every grid it waits at the city's
  desk. The endpoint does not take a signed-in session as the reporter: it is CSRF-exempt
  (clients are servers and apps), so a session there could be any page's forged form.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for, visible
from banshi.organizations.models import PartyMember
from banshi.people.models import Resident
from banshi.territory import codes
from banshi.territory.models import Region
from banshi.territory.selectors import household_list, region_list

from .. import deadlines
from ..duplicates import Candidate, candidates_for
from ..models import Category, Demand, DemandEvent, DemandPhoto, Stage, Urgency
from ..routing import Route, route
from ..tasks import fan_out_sql, notifications_on
from ..units import NO_ASSIGNMENT, HandlingUnit
from ..workflow import check
from ._base import (
    K,
    N,
    S,
    _dispatch_fields,
    _event_row,
    _insert_sql,
    _iso,
    _now,
    _recorded,
    _remove_files,
    _save_photos,
    _unit_data,
)
from ._intake_input import IdempotencyMismatch, _Given, _Keys, _normalise

C = Demand.Channel
R = RoleAssignment.Role
SELF_SERVICE = (C.WEB, C.API, C.OPEN311)
# Who records a walk-in: staff of a community, a street or a district.
WALK_IN_ROLES = frozenset({R.COMMUNITY, R.STREET, R.DISTRICT})


@dataclass
class Intake:
    demand: Demand
    created: bool
    duplicates: list[Candidate] = field(default_factory=list)


def demand_submit(
    *,
    category: Category,
    description: str,
    channel: str,
    user=None,
    urgency: str = Urgency.NORMAL,
    lat: float | None = None,
    lng: float | None = None,
    address: str = "",
    building=None,
    household=None,
    region=None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_resident=None,
    photos=(),
    external_id: str = "",
    idempotency_key: str | None = None,
    received_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Intake:
    """Take in a demand, route it (see the module for where it lands), set its deadlines,
    dispatch it when its handler is known (otherwise it waits at the street's dispatch desk,
    or the city's), and suggest duplicates. A repeated idempotency key, or a repeated
    external id on the same channel, returns the demand already taken in."""
    received_at = received_at or _now(now)
    channel = _channel(channel, user)
    keys = _Keys.of(channel=channel, external_id=external_id, idempotency_key=idempotency_key)
    try:
        given = _normalise(
            category=category,
            description=description,
            channel=channel,
            urgency=urgency,
            lat=lat,
            lng=lng,
            address=address,
            building=building,
            household=household,
            reporter_name=reporter_name,
            reporter_phone=reporter_phone,
        )
        _check_place_for(user, building=building, household=household)
    except (ValidationError, ValueError):
        # A retry is found by its key when the row is inserted (no query up front for the
        # usual first attempt); a retry that no longer validates still gets its demand.
        existing = keys.existing()
        if existing is None:
            raise
        return Intake(existing, created=False)
    try:
        # One transaction (a savepoint inside a caller's): a concurrent retry's INSERT
        # rolls it back whole, so the usual intake needs no savepoint around its INSERT.
        with transaction.atomic():
            return _take_in(
                given,
                keys,
                region=region,
                user=user,
                resident=reporter_resident,
                photos=photos,
                at=received_at,
            )
    except IntegrityError:
        existing = keys.existing()
        if existing is None:
            raise
    _check_same_request(existing, given, keys)
    return Intake(existing, created=False)


def _take_in(given: _Given, keys: _Keys, *, region, user, resident, photos, at) -> Intake:
    place = _route(given, region=region, user=user)
    demand = _build(given, place, keys, user=user, resident=resident, at=at)
    handler = _auto_dispatch(demand, place, at=at)
    demand.save(force_insert=True)
    duplicates = candidates_for(demand, load=False)
    saved = _save_photos(demand, photos, kind=DemandPhoto.Kind.INTAKE, user=user, at=at)
    try:
        _timeline(demand, user=user, desk=place.desk, handler=handler, duplicates=duplicates)
    except BaseException:
        _remove_files(saved)  # the transaction rolls back: its photos must not stay behind
        raise
    return Intake(demand, created=True, duplicates=duplicates)


def _check_same_request(existing: Demand, given: _Given, keys: _Keys) -> None:
    """A retry under an idempotency key must be the request the key was first used with.
    (A demand taken in before fingerprints were stored has none, and is not compared.)"""
    if not keys.idempotency_key or existing.idempotency_key != keys.idempotency_key:
        return
    if existing.request_fingerprint and existing.request_fingerprint != given.fingerprint:
        raise IdempotencyMismatch(_("该幂等键已用于内容不同的另一个请求，请换用新的幂等键"))


# --- where it lands ---------------------------------------------------------------------


def _route(given: _Given, *, region, user) -> Route:
    return route(
        category=given.category,
        lat=given.lat,
        lng=given.lng,
        building=given.building,
        household=given.household,
        region=region,
        fallback=lambda: _home_region(user),
    )


def _check_place_for(user, *, building, household) -> None:
    """A signed-in user names only a household or building of their own scope (a resident:
    their own household); the forms and the API offer no other, and a forged id is refused
    here as one that does not exist. Anonymous intake names none (Open311 gives a point)."""
    if user is None:
        return
    for obj, message in ((household, _("所选的户不存在")), (building, _("所选的楼栋不存在"))):
        if obj is not None and not visible(obj, user):
            raise ValidationError(message)


def is_rider(user) -> bool:
    """A resident whose party membership is a mobile member's (流动党员: the delivery riders
    and couriers in a mobile members' branch), who may report through 骑手随手拍."""
    if _recorded(user) is None:
        return False
    residents = scope_for(user).resident_ids
    return (
        bool(residents)
        and PartyMember.objects.filter(resident_id__in=residents, is_mobile=True).exists()
    )


def _channel(channel: str, user) -> str:
    """The channel to record for a demand that came in by `channel` (see the module); the
    riders' own channel only for a rider."""
    if channel == C.RIDER:
        if not is_rider(user):
            raise ValidationError(_("只有流动党员骑手可以通过“骑手随手拍”反映"))
        return channel
    if channel not in SELF_SERVICE or _recorded(user) is None:
        return channel
    roles = scope_for(user).roles
    if R.GRID_WORKER in roles:
        return C.GRID_WORKER
    if roles & WALK_IN_ROLES:
        return C.WALK_IN
    return channel


def _home_region(user) -> Region | None:
    """Where a demand in no grid and no region lands for `user`: a staff member's own
    community or street, or a resident's home community (see the module)."""
    if _recorded(user) is None:
        return None
    scope = scope_for(user)
    for prefix in scope.prefixes:
        if codes.level_of_prefix(prefix) in (codes.STREET, codes.COMMUNITY):
            return region_list(user=user).filter(code=codes.padded(prefix)).first()
    household = household_list(user=user).filter(pk__in=scope.household_ids).first()
    return household.grid.community if household is not None else None


# --- build and dispatch -----------------------------------------------------------------


def _reporter(channel: str, user, reporter_resident) -> tuple:
    """(reporter user, reporter resident). On the self-service channels the user is the
    reporter; on the others (hotline, walk-in, grid worker) the user only records it."""
    if channel not in SELF_SERVICE or _recorded(user) is None:
        return None, reporter_resident
    if reporter_resident is None:
        resident_ids = scope_for(user).resident_ids
        if len(resident_ids) == 1:
            reporter_resident = Resident.objects.filter(pk=resident_ids[0]).first()
    return user, reporter_resident


def _build(given: _Given, place: Route, keys: _Keys, *, user, resident, at) -> Demand:
    """The unsaved demand, waiting at its dispatch desk (the street's; none is the city's)."""
    reporter_user, reporter_resident = _reporter(given.channel, user, resident)
    desk = place.desk
    household = given.household
    return Demand(
        channel=given.channel,
        category=given.category,
        description=given.description,
        urgency=given.urgency,
        lat=place.lat,
        lng=place.lng,
        address=given.address,
        building=given.building or (household.building if household is not None else None),
        household=household,
        grid=place.grid,
        community=place.community,
        street=place.street,
        territory_code=place.territory_code,
        needs_city_dispatch=desk is None and place.handler is None,
        reporter_user=reporter_user,
        reporter_resident=reporter_resident,
        received_at=at,
        dispatch_due=deadlines.due(
            at, category=given.category, urgency=given.urgency, stage=Stage.DISPATCH
        ),
        external_id=keys.external_id,
        idempotency_key=keys.idempotency_key,
        request_fingerprint=given.fingerprint if keys.idempotency_key else "",
        **given.reporter,
        **(desk.assignment_fields() if desk is not None else NO_ASSIGNMENT),
    )


def _auto_dispatch(demand: Demand, place: Route, *, at) -> HandlingUnit | None:
    """Dispatch the unsaved demand to its default handler, if that unit exists, with exactly
    the fields a dispatch gives it (`steps._dispatch`): the row is then written once, already
    dispatched. Returns the handler."""
    handler = place.handler
    if handler is None or not handler.exists():
        return None
    for name, value in _dispatch_fields(demand, handler, at).items():
        setattr(demand, name, value)
    demand.state = check(S.RECEIVED, "dispatch")
    return handler


# --- timeline and notifications ---------------------------------------------------------


def _timeline(demand: Demand, *, user, desk, handler, duplicates) -> None:
    """受理 (by the user), and 派单 (by the system) when it was dispatched at once; and the
    notifications: the handler is told of its new demand, one that waits its street's desk.
    The events and the notification rows (the unit's members found by the database) are
    one statement on PostgreSQL (the events in a WITH clause), two on SQLite."""
    at = demand.received_at
    events = [
        _event_row(
            demand,
            K.SUBMITTED,
            user=user,
            at=at,
            to_state=S.RECEIVED,
            data={
                "channel": demand.channel,
                "territory_code": demand.territory_code,
                "desk": desk.key if desk else "",
                "dispatch_due": _iso(demand.dispatch_due),
                "duplicates": [c.pk for c in duplicates],
            },
        )
    ]
    if handler is not None:
        events.append(
            _event_row(
                demand,
                K.DISPATCHED,
                at=at,
                from_state=S.RECEIVED,
                to_state=demand.state,
                data={
                    **_unit_data(handler),
                    "auto": True,
                    "sign_due": _iso(demand.sign_due),
                    "resolve_due": _iso(demand.resolve_due),
                },
            )
        )
    conn = connections[router.db_for_write(DemandEvent)]
    statements = [_insert_sql(events, conn)]
    told = handler or desk
    if told is not None and notifications_on():
        fan_out = fan_out_sql(
            demand_id=demand.pk,
            kind=N.DISPATCHED,
            unit_keys=[told.key],
            created_at=at,
            connection=conn,
        )
        statements.append(fan_out)
    if len(statements) == 2 and conn.vendor == "postgresql":
        (events_sql, events_params), (notify_sql, notify_params) = statements
        statements = [
            (f"WITH timeline AS ({events_sql}) {notify_sql}", events_params + notify_params)
        ]
    with transaction.mark_for_rollback_on_error(using=conn.alias), conn.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
