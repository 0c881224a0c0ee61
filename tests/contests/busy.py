"""A contest for a test world that must give every registered figure something to count
(the dashboards' `busy` fixture calls `add_contests(world, at=NOV)`): the township heat
scored, closed and published (advancing into the county final), the county final scored
and published (advancing into the city final)."""

from banshi.contests import services

from .cworld import contest_world, score


def add_contests(world, *, at):
    c = contest_world(world, n=3, judges=3, quota=2, when=at)
    for entry, totals in zip(c.entries, ([90, 88, 86], [80, 82, 84], [70, 75, 72]), strict=True):
        for judge, total in zip(c.judge_users, totals, strict=True):
            score(c, entry, judge, total)
    services.heat_close(heat=c.heat, at=at)
    services.heat_publish(heat=c.heat, at=at)
    finalists = list(c.final_heat.entries.all())
    for judge in c.judge_users:
        services.judge_assign(heat=c.final_heat, judge=judge)
    for entry, total in zip(finalists, (91, 85), strict=True):
        for judge in c.judge_users:
            score(c, entry, judge, total)
    services.heat_close(heat=c.final_heat, at=at)
    services.heat_publish(heat=c.final_heat, at=at)
    return c
