"""The progress arithmetic: measured over target capped at 1, the project's weighted."""

from decimal import Decimal

from banshi.projects import progress
from banshi.projects.models import Deliverable, Project


def test_a_deliverable_is_capped_at_done():
    assert progress.share(34, 68) == Decimal("0.5")
    assert progress.share(80, 68) == Decimal(1)
    assert progress.share(0, 3) == 0
    assert progress.share(5, 0) == 0  # no target: nothing to measure against
    assert progress.share(1, 3) == Decimal("0.3333")


def test_the_overall_progress_is_weighted():
    assert progress.overall([(Decimal("0.5"), 2), (Decimal(1), 1), (Decimal(0), 1)]) == Decimal(
        "0.5"
    )
    # more than planned does not raise the whole above what is done
    parts = [(progress.share(200, 68), 1), (progress.share(0, 3), 1)]
    assert progress.overall(parts) == Decimal("0.5")
    assert progress.overall([]) == 0
    assert progress.percent(Decimal("0.9999")) == 99


def test_the_models_use_it():
    rows = [
        Deliverable(name="停车位", target=68, measured=34, weight=2),
        Deliverable(name="道闸", target=3, measured=6, weight=1),
        Deliverable(name="绿地", target=700, measured=0, weight=1),
    ]
    assert [d.progress for d in rows] == [Decimal("0.5"), Decimal(1), Decimal(0)]
    assert Project().progress(rows) == Decimal("0.5")
    assert rows[1].percent == 100
