"""Who sees what: a member sees only their own receipts; a branch secretary only their
branch's pushes and receipts; the publisher's secretary every branch under it."""

from banshi.access.scope import restrict
from banshi.materials import selectors, services
from banshi.materials.models import MaterialPush, MaterialReceipt


def test_a_member_sees_only_their_receipts(tree, material, users):
    services.material_push(material=material, subtree=tree.committee)
    mine = list(selectors.my_receipts(user=users.member_a))
    assert [r.member for r in mine] == [tree.members_a[0]]
    assert list(restrict(MaterialReceipt.objects.all(), users.member_a)) == mine
    assert not restrict(MaterialPush.objects.all(), users.member_a).exists()


def test_a_branch_secretary_sees_only_their_branch(tree, material, users):
    services.material_push(material=material, subtree=tree.committee)
    receipts = restrict(MaterialReceipt.objects.all(), users.secretary_a)
    assert {r.member for r in receipts} == set(tree.members_a)
    assert {p.organization for p in restrict(MaterialPush.objects.all(), users.secretary_a)} == {
        tree.branch_a
    }
    rows = selectors.material_coverage(material=material, user=users.secretary_a)
    assert [r.organization for r in rows] == [tree.branch_a]
    assert selectors.my_receipts(user=users.secretary_a).count() == 0


def test_the_publisher_sees_every_branch_under_it(tree, material, users):
    services.material_push(material=material, organizations=[tree.branch_a])
    rows = selectors.material_coverage(material=material, user=users.committee)
    by_org = {r.organization: r for r in rows}
    assert set(by_org) == {tree.branch_a, tree.branch_b}
    assert by_org[tree.branch_b].push is None
    assert set(by_org[tree.branch_b].not_received) == set(tree.members_b)
    assert by_org[tree.branch_a].expected == len(tree.members_a)
