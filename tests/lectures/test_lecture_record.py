"""`lecture_record` and `lecture_team_create`: good input is stored, each bad input is
refused with its field named."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from banshi.lectures import services
from banshi.lectures.models import MAX_AUDIENCE, Lecture

from .conftest import talk


def test_a_talk_is_recorded_with_the_team_as_host(world, team):
    lecture = talk(world.community, team=team)
    assert Lecture.objects.get() == lecture
    assert lecture.host_unit == team.host_unit
    assert lecture.region == world.community


def test_a_non_party_unit_gives_a_talk_without_a_team(world):
    lecture = talk(
        world.street,
        host_unit="托克托县人武部",
        venue_kind=Lecture.VenueKind.SCHOOL,
        audience_kind=Lecture.AudienceKind.STUDENTS,
        size=420,
    )
    assert lecture.team is None and lecture.host_unit == "托克托县人武部"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"size": -1}, "audience_size"),
        ({"size": MAX_AUDIENCE + 1}, "audience_size"),
        ({"size": "many"}, "audience_size"),
        ({"day": timezone.localdate() + datetime.timedelta(days=1)}, "held_on"),
        ({"venue_kind": "stadium"}, "venue_kind"),
        ({"audience_kind": "aliens"}, "audience_kind"),
        ({"topic": "  "}, "topic"),
        ({"speaker_name": ""}, "speaker_name"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(world, team, changes, field):
    with pytest.raises(ValidationError) as exc:
        talk(world.community, team=team, **changes)
    assert field in exc.value.message_dict
    assert not Lecture.objects.exists()


def test_a_region_outside_the_writers_scope_is_refused(world, team, other_user):
    with pytest.raises(ValidationError) as exc:
        services.lecture_record(
            region=world.community,
            team=team,
            held_on=datetime.date(2026, 4, 23),
            topic="t",
            speaker_name="s",
            venue_kind="hall",
            place="p",
            audience_size=3,
            audience_kind="villagers",
            user=other_user,
        )
    assert "region" in exc.value.message_dict
    assert not Lecture.objects.exists()


def test_a_team_needs_a_name_and_an_organization_or_a_host_unit(world):
    with pytest.raises(ValidationError) as exc:
        services.lecture_team_create(name="宣讲队", region=world.street)
    assert "host_unit" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.lecture_team_create(name=" ", region=world.street, host_unit="某单位")


def test_a_member_is_added_to_the_team(team, world):
    resident = world.residents[world.grid1.code][0]
    m = services.lecture_team_member_add(team=team, name="", resident=resident, role="宣讲员")
    assert m.name == resident.name and list(team.members.all()) == [m]
