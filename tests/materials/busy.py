"""A material pushed in a test world that must give every registered figure something to
count (the dashboards' `busy` fixture calls `add_materials(world, at=NOV)`): a committee
of the street with a branch in each community, members from the world's residents who are
not members yet, every branch pushed, some receipts opened."""

from banshi.materials import services
from banshi.materials.models import LearningMaterial, MaterialReceipt
from banshi.organizations.models import PartyMember
from banshi.organizations.services import member_admit, organization_create


def add_materials(world, *, at) -> LearningMaterial:
    committee = organization_create(
        name="学习材料测试党委", kind="party_committee", region=world.street
    )
    taken = set(PartyMember.objects.values_list("resident_id", flat=True))
    for region, grids in (
        (world.community, (world.grid1, world.grid2)),
        (world.community2, (world.grid3,)),
    ):
        branch = organization_create(
            name=f"{region.name}学习党支部", kind="branch", parent=committee, region=region
        )
        for grid in grids:
            for r in world.residents[grid.code]:
                if r.pk not in taken:
                    member_admit(resident=r, organization=branch, joined_on=at.date())
                    taken.add(r.pk)
    material = services.material_publish(
        publisher=committee,
        title="十一月学习材料",
        body="学习全会精神。",
        month=at,
        published_at=at,
    )
    services.material_push(material=material, subtree=committee, at=at)
    for receipt in MaterialReceipt.objects.filter(push__material=material).order_by("pk")[::2]:
        services.material_open(receipt=receipt, at=at)
    return material
