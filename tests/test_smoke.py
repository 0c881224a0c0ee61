from banshi.access.scope import restrict
from banshi.dashboards.selectors import structure_figures
from banshi.people.models import Resident


def test_world_figures_and_scope(world, make_user):
    figures = structure_figures(world.street)
    assert figures["grids"] == 3
    assert figures["residents"] == 6
    grid_user = make_user("g", "grid_worker", grid=world.grid1)
    visible = restrict(Resident.objects.all(), grid_user)
    assert {r.grid_id for r in visible} == {world.grid1.id}
