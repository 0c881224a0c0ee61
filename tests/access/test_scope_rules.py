"""Every app registers how the scope reaches its models (in its plugins.py); a model
without a rule is refused loudly, never read unscoped."""

import pytest

from banshi.access import scope
from banshi.access.audit_signals import audited_models
from banshi.access.models import AuditEvent
from banshi.access.scope import restrict

SCOPED = {
    "territory": {"Region", "Grid", "Building", "Unit", "Household", "CommercialOutlet"},
    "people": {"Resident", "ResidentTag", "PlaceRole"},
    "organizations": {"PartyOrganization", "PartyMember", "Membership", "CenterHousehold"},
    "enterprises": {"Enterprise", "RiderStation"},
    "demands": {
        "Demand",
        "DemandEvent",
        "DemandPhoto",
        "Notification",
        "OverdueMark",
        "WhistleCall",
    },
    "fieldwork": {"Patrol", "Finding", "HomeVisit", "VisitNeed", "FieldPhoto"},
}
AUDITED = {
    "territory": SCOPED["territory"],
    "people": SCOPED["people"],
    "organizations": SCOPED["organizations"],
    "enterprises": SCOPED["enterprises"],
    "access": {"Department", "RoleAssignment"},
    "auth": {"User", "Group"},
}


def _by_app(models) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for model in models:
        found.setdefault(model._meta.app_label, set()).add(model.__name__)
    return found


def test_each_app_registers_the_rules_of_its_models():
    found = _by_app(scope.registered_models())
    for app, names in SCOPED.items():
        assert names <= found.get(app, set()), app


def test_each_app_names_its_audited_models():
    found = _by_app(audited_models())
    for app, names in AUDITED.items():
        assert names <= found.get(app, set()), app


def test_a_model_without_a_rule_fails_loudly(world, make_user):
    user = make_user("street", "street", region=world.street)
    with pytest.raises(
        LookupError,
        match=r"access\.AuditEvent has no scope rule.*"
        r"banshi/access/plugins\.py",
    ):
        list(restrict(AuditEvent.objects.all(), user))
