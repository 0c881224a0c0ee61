"""What materials brings to the registries: how the scope reaches materials (by the
publisher), pushes and receipts (by the target branch, and a member's own receipts by the
resident), which are audited, the figures, the tiles and the menu entries."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation, records
from banshi.core.navigation import NavEntry
from banshi.organizations.selectors import is_party_member

from . import figures, tiles
from .models import LearningMaterial, MaterialPush, MaterialReceipt


def register() -> None:
    scope.register(
        LearningMaterial, territory="publisher__territory_code", org_path="publisher__path"
    )
    scope.register(
        MaterialPush, territory="organization__territory_code", org_path="organization__path"
    )
    scope.register(
        MaterialReceipt,
        territory="push__organization__territory_code",
        org_path="push__organization__path",
        resident="member__resident_id",
    )
    # Receipts are not audited: each opening is the member's own reading, kept on the row.
    # Materials are not either, for now: the audit snapshot cannot serialize a FileField's
    # value (access.audit_signals._snapshot); a push names its material and is audited.
    audit(MaterialPush)
    navigation.register(
        NavEntry(
            "materials.list",
            _("学习材料"),
            "materials:list",
            order=73,
            roles=RoleAssignment.TERRITORY_ROLES,
        )
    )
    navigation.register(
        NavEntry(
            "materials.mine",
            _("我的学习材料"),
            "materials:mine",
            order=12,
            roles=frozenset({RoleAssignment.Role.RESIDENT}),
            visible=is_party_member,
        )
    )
    figures.register()
    tiles.register()
    # What the drill-down list of each record loads alongside its rows.
    records.register(MaterialPush, "material", "organization")
    records.register(MaterialReceipt, "push__material", "push__organization", "member__resident")
