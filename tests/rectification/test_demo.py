"""The rectification demo on the villages demo's 清水河县: a 2026 campaign screened on 25
April, seven branches (about 7%) confirmed with a reason each (one that named no
candidate for membership for two years found from the records), one plan each due 30 June,
six signed off by then and one late, and the branch whose secretary left last reopened by
the recheck (its post vacant over 3 months); the village secretary's account sees its plan.
Deterministic."""

import datetime

from django.contrib.auth import get_user_model

from banshi.rectification.demo import build_demo_rectification
from banshi.rectification.models import Campaign, Criterion, Plan, Screening
from banshi.rectification.selectors import campaigns, plan_get
from tests.villages.conftest import county  # noqa: F401 (fixture)
from tests.villages.test_demo import NOW, built  # noqa: F401 (fixture)


def test_the_demo_campaign(built):  # noqa: F811
    out = build_demo_rectification(seed=7, now=NOW)
    campaign = Campaign.objects.get(pk=out["campaign"])
    assert campaign.year == 2026 and campaign.screened_on == datetime.date(2026, 4, 25)
    assert Screening.objects.filter(campaign=campaign).count() == built["villages"]
    confirmed = Screening.objects.filter(campaign=campaign, decision="confirmed")
    assert confirmed.count() == 7
    # Each with a reason: found by Banshi from its records, or by hand with its evidence.
    automatic = 0
    for s in confirmed:
        found = s.findings.filter(met=True)
        assert found.filter(automatic=True).exists() or found.exclude(evidence="").exists()
        automatic += found.filter(automatic=True, criterion=Criterion.NO_CANDIDATES).exists()
    assert automatic >= 1
    plans = Plan.objects.filter(screening__campaign=campaign)
    assert plans.count() == 7
    on_time = plans.filter(signed_off_on__lte=datetime.date(2026, 6, 30))
    late = plans.filter(signed_off_on__gt=datetime.date(2026, 6, 30))
    assert on_time.count() == 6 and late.count() == 1
    relapsed = plans.get(status=Plan.Status.REOPENED)
    assert relapsed.relapse_reason.startswith(str(Criterion.SECRETARY_VACANT.label))
    assert out["relapsed"] == 1
    secretary = get_user_model().objects.get(username="demo_village_secretary")
    seen = Plan.objects.get(
        screening__organization=secretary.role_assignments.filter(party_organization__isnull=False)
        .get()
        .party_organization
    )
    assert plan_get(user=secretary, pk=seen.pk) == seen
    assert list(campaigns(user=secretary)) == [campaign]
