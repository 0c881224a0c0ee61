"""The demand state machine: every allowed transition, as data, and who may make it.

Services call `check()` before they change a demand, and change it with a conditional
UPDATE on the state they checked, so a transition decided on a stale state fails instead
of overwriting someone else's. Nothing else changes `Demand.state`.

`TRANSITIONS` move the state. `IN_PLACE` are steps of the same machine that leave the
state as it is (a progress note, the extension request and its decision): they are
allowed from the states they list, by the actors they list, checked by the same `check`
and `authorize`, and recorded on the timeline like the others; `ACTIONS` holds both.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banshi.access.scope import scope_for
from banshi.territory import codes

from .models import Demand
from .units import HandlingUnit

S = Demand.State

# Who makes a transition: the dispatcher (the street, or above, over the demand's
# territory), the handler (a user bound to the unit it is assigned to), the reporter.
DISPATCHER, HANDLER, REPORTER = "dispatcher", "handler", "reporter"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    targets: tuple[str, ...]  # the first is the default
    actors: frozenset[str]


def _t(action, label, sources, targets, actors) -> Transition:
    return Transition(action, label, frozenset(sources), tuple(targets), frozenset(actors))


ACTIVE_BEFORE_RESOLVE = (S.DISPATCHED, S.SIGNED, S.IN_PROGRESS, S.ESCALATED)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t(
            "dispatch", gettext_lazy("派单"), [S.RECEIVED, S.RETURNED], [S.DISPATCHED], [DISPATCHER]
        ),
        _t("sign", gettext_lazy("签收"), [S.DISPATCHED], [S.SIGNED], [HANDLER]),
        _t("start", gettext_lazy("开始办理"), [S.SIGNED, S.ESCALATED], [S.IN_PROGRESS], [HANDLER]),
        _t("resolve", gettext_lazy("办结"), [S.IN_PROGRESS, S.ESCALATED], [S.RESOLVED], [HANDLER]),
        _t("rate", gettext_lazy("评价"), [S.RESOLVED], [S.RATED], [REPORTER, DISPATCHER]),
        _t("close", gettext_lazy("结案"), [S.RATED, S.RESOLVED], [S.CLOSED], [DISPATCHER]),
        _t("return", gettext_lazy("退单"), [S.DISPATCHED, S.SIGNED], [S.RETURNED], [HANDLER]),
        _t("reassign", gettext_lazy("改派"), ACTIVE_BEFORE_RESOLVE, [S.DISPATCHED], [DISPATCHER]),
        _t("escalate", gettext_lazy("吹哨"), ACTIVE_BEFORE_RESOLVE, [S.ESCALATED], [DISPATCHER]),
        _t("reopen", gettext_lazy("重办"), [S.RATED], [S.DISPATCHED, S.IN_PROGRESS], [DISPATCHER]),
        _t(
            "merge",
            gettext_lazy("合并"),
            [S.RECEIVED, S.RETURNED, *ACTIVE_BEFORE_RESOLVE],
            [S.MERGED],
            [DISPATCHER],
        ),
    ]
}

# Steps that keep the state (no targets): `check` returns the state they were made in.
HANDLING = (S.SIGNED, S.IN_PROGRESS, S.ESCALATED)
IN_PLACE: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("progress", gettext_lazy("进展说明"), HANDLING, [], [HANDLER]),
        _t("extend_request", gettext_lazy("延期申请"), HANDLING, [], [HANDLER]),
        _t("extend_approve", gettext_lazy("批准延期"), HANDLING, [], [DISPATCHER]),
        # A pending request can be refused whatever became of the demand, but a merged one.
        _t(
            "extend_refuse",
            gettext_lazy("不予延期"),
            [s for s in S.values if s != S.MERGED],
            [],
            [DISPATCHER],
        ),
    ]
}
ACTIONS: dict[str, Transition] = {**TRANSITIONS, **IN_PLACE}

TERMINAL = frozenset({S.CLOSED, S.MERGED})


class TransitionError(ValidationError):
    """A transition the state machine does not allow (or a state changed meanwhile)."""


class ActionForbidden(PermissionDenied):
    """The user may not make this transition on this demand."""


def transition(action: str) -> Transition:
    try:
        return ACTIONS[action]
    except KeyError:
        raise TransitionError(_("未知的办理操作：%(action)s") % {"action": action}) from None


def state_label(state: str) -> str:
    return str(S(state).label) if state in S.values else state


def check(state: str, action: str, *, target: str | None = None) -> str:
    """The state the action leads to from `state`; TransitionError if not allowed."""
    t = transition(action)
    if state not in t.sources:
        raise TransitionError(
            _("诉求当前状态为“%(state)s”，不能执行“%(action)s”")
            % {"state": state_label(state), "action": t.label}
        )
    if not t.targets and target in (None, state):
        return state
    target = target or t.targets[0]
    if target not in t.targets:
        raise TransitionError(
            _("“%(action)s”不能转到状态“%(target)s”")
            % {"action": t.label, "target": state_label(target)}
        )
    return target


def actors_of(demand: Demand, user) -> set[str]:
    """The roles `user` plays for `demand`."""
    roles: set[str] = set()
    if user is None or not getattr(user, "is_authenticated", False):
        return roles
    scope = scope_for(user)
    if scope.everything:
        return {DISPATCHER, HANDLER, REPORTER}
    code = demand.territory_code
    if code and any(codes.at_least(p, codes.STREET) and code.startswith(p) for p in scope.prefixes):
        roles.add(DISPATCHER)
    unit = HandlingUnit.of_demand(demand)
    if unit is not None:
        if unit.is_department and unit.department_id in scope.department_ids:
            roles.add(HANDLER)
        elif not unit.is_department and unit.code in scope.prefixes:
            roles.add(HANDLER)
    if demand.reporter_user_id == user.pk or (
        demand.reporter_resident_id and demand.reporter_resident_id in scope.resident_ids
    ):
        roles.add(REPORTER)
    return roles


def authorize(demand: Demand, user, action: str) -> None:
    """ActionForbidden unless `user` plays a role that may make `action` on `demand`."""
    t = transition(action)
    if not (actors_of(demand, user) & t.actors):
        raise ActionForbidden(
            _("您无权对该诉求执行“%(action)s”（需要：%(who)s）")
            % {"action": t.label, "who": "、".join(str(ACTOR_LABELS[a]) for a in sorted(t.actors))}
        )


ACTOR_LABELS = {
    DISPATCHER: gettext_lazy("街道派单员"),
    HANDLER: gettext_lazy("承办单位"),
    REPORTER: gettext_lazy("诉求人"),
}


def allowed_actions(demand: Demand, user) -> list[Transition]:
    """The steps open to `user` on `demand` in its current state (for the UI)."""
    roles = actors_of(demand, user)
    result = []
    pending = None
    for t in ACTIONS.values():
        if demand.state not in t.sources or not (roles & t.actors):
            continue
        if t.action == "reopen" and demand.rating != Demand.Rating.UNSATISFIED:
            continue
        if t.action.startswith("extend_"):
            if pending is None:
                pending = demand.extensions.filter(status="pending").exists()
            if pending != (t.action != "extend_request"):
                continue
        result.append(t)
    return result
