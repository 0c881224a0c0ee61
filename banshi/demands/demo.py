"""Demo demands: a year of plausible demands for one street, written through the services
so that every figure (the three rates, the topic of the month) follows from real timelines.

Deterministic for a seed and a `now`. Heating complaints dominate the heating season
(15 October – 15 April); most demands are handled in time and rated well, a minority are
late, returned, reassigned to a department, escalated by a whistle, merged as duplicates,
rated unsatisfied and reopened; the most recent ones are still open, some of them overdue,
a few with an extension request (延期申请).

The build runs with notifications suppressed (a year of them would bury the inbox); at
the end it leaves the recent ones unread: new dispatches of the last days to their
units, the sweep's overdue and supervision notices, the extension requests to the
street's desk and the decision to the unit, and for any staff account left with nothing
unread, one notice about the latest open demand in its scope.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from banshi.access.models import Department, RoleAssignment
from banshi.access.scope import restrict
from banshi.territory.models import Grid, Household, Region

from . import services
from .defaults import ensure_defaults
from .demo_resident import demo_resident_demands
from .models import Category, DeadlineExtension, Demand, Notification, OverdueMark
from .sweep import deadline_sweep
from .tasks import notifications_suppressed, notify_units
from .units import HandlingUnit

S = Demand.State
H = datetime.timedelta(hours=1)

CHANNELS = [
    (Demand.Channel.HOTLINE, 40),
    (Demand.Channel.GRID_WORKER, 25),
    (Demand.Channel.WEB, 15),
    (Demand.Channel.WALK_IN, 10),
    (Demand.Channel.API, 5),
    (Demand.Channel.OPEN311, 5),
]
URGENCY = [("normal", 90), ("urgent", 8), ("emergency", 2)]
# Category weights outside / inside the heating season.
WEIGHTS = {
    "heating": (1, 30),
    "water": (6, 5),
    "power": (4, 3),
    "gas": (2, 3),
    "property": (14, 10),
    "sanitation": (14, 8),
    "parking": (10, 7),
    "noise": (10, 4),
    "municipal": (8, 6),
    "greenery": (6, 1),
    "public_order": (3, 2),
    "neighbour": (6, 5),
    "elderly": (4, 4),
    "employment": (3, 3),
    "other": (3, 2),
}
PLACES = ["楼道", "单元门口", "小区东门", "小区西门", "地下车库", "楼前空地", "活动广场", "后院"]
TEXTS = {
    "heating": [
        "{b}号楼{u}单元{f}0{d}室暖气不热，室温只有{t}度，家里有老人",
        "{b}号楼整栋暖气温度低，晚上冻得睡不着，请热力公司尽快处理",
        "{b}号楼{u}单元暖气管道漏水，楼道里结冰了",
        "家里暖气片上热下凉，放气后还是不热，{b}号楼{u}单元",
        "{b}号楼暖气停了一整天，一直没有人来修",
    ],
    "water": [
        "{b}号楼{u}单元停水{n}天了，没有任何通知",
        "{b}号楼自来水发黄有异味，不敢饮用",
        "{p}的水管爆裂，水流到路面上",
        "{b}号楼高层水压太低，早晚用水高峰没有水",
    ],
    "power": [
        "{b}号楼{u}单元楼道灯坏了，晚上上下楼很危险",
        "{b}号楼频繁停电，冰箱里的东西都坏了",
        "{p}的路灯不亮已经一周，晚上出行不方便",
    ],
    "gas": [
        "{b}号楼{u}单元楼道里有燃气味，担心泄漏",
        "燃气表显示异常，{b}号楼{u}单元，请派人检查",
    ],
    "property": [
        "物业不作为，{b}号楼电梯坏了{n}天没人修",
        "物业乱收费，停车费又涨了，没有公示",
        "{b}号楼{u}单元门禁坏了，外来人员随意进出",
        "物业保洁不到位，{p}垃圾好几天没人清理",
        "{b}号楼屋顶漏水，找物业多次没有解决",
    ],
    "sanitation": [
        "{p}垃圾桶满了没人清运，气味很大",
        "{b}号楼{u}单元楼道里堆满杂物和垃圾",
        "{p}有人乱倒建筑垃圾",
        "垃圾分类投放点脏乱，{p}附近污水横流",
        "{p}化粪池冒水，臭气熏天",
    ],
    "parking": [
        "{p}车辆乱停乱放，堵住消防通道",
        "小区停车位太少，晚上回来没有地方停车",
        "{b}号楼前的车位被人私自装了地锁",
        "外来车辆长期占用{p}的车位",
    ],
    "noise": [
        "{p}广场舞音响声音太大，晚上十点还不停",
        "{b}号楼有人装修，中午和晚上都在施工，噪音很大",
        "楼下饭店排风扇噪音大，晚上影响休息",
        "{b}号楼楼上邻居深夜拖动家具，噪音扰民",
    ],
    "municipal": [
        "小区门口道路坑洼，下雨天全是积水",
        "{p}附近井盖松动，车辆经过声音很响",
        "人行道地砖破损，老人走路容易摔倒",
        "雨水井堵塞，{p}下雨就积水",
    ],
    "greenery": [
        "{b}号楼前的大树枝叶遮挡窗户，影响采光",
        "{p}绿化带被人占用种菜",
        "小区里的枯树有倒伏危险，请及时修剪",
    ],
    "public_order": [
        "{p}经常有人聚集喝酒吵闹",
        "小区电动车充电桩附近有人私拉电线充电，存在安全隐患",
        "{b}号楼楼道里有陌生人散发小广告",
    ],
    "neighbour": [
        "{b}号楼楼上漏水到我家，邻居不配合维修",
        "邻居在{p}堆放杂物，协商不成",
        "{b}号楼{u}单元邻居养狗不拴绳，吓到孩子",
    ],
    "elderly": [
        "家里有独居老人，希望社区提供助餐服务",
        "想了解社区日间照料中心怎么申请",
        "{b}号楼{u}单元老人行动不便，申请上门服务",
    ],
    "employment": [
        "想咨询社区有没有公益性岗位",
        "失业了想参加技能培训，怎么报名",
        "灵活就业人员社保补贴怎么申请",
    ],
    "other": [
        "建议在{p}增加健身器材",
        "小区快递柜太少，快递经常放在门口丢失",
        "希望在{p}加装休息座椅",
    ],
}
ADDRESSES = ["", "", "小区内", "小区门口", "楼下", "路边", "商铺门前", "公交站旁"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏宇浩凯建国志文斌辉春梅海燕雪琴晨阳"
)
HEATING_MONTHS = {10: 15, 11: 1, 12: 1, 1: 1, 2: 1, 3: 1, 4: -15}


@dataclass
class DemoReport:
    demands: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    overdue_marked: int = 0


def _heating_season(day: datetime.date) -> bool:
    if day.month in (11, 12, 1, 2, 3):
        return True
    return (day.month == 10 and day.day >= 15) or (day.month == 4 and day.day <= 15)


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _text(rng: random.Random, code: str) -> str:
    template = rng.choice(TEXTS[code])
    return template.format(
        b=rng.randint(1, 24),
        u=rng.randint(1, 6),
        f=rng.randint(1, 18),
        d=rng.randint(1, 4),
        t=rng.randint(11, 16),
        n=rng.randint(2, 5),
        p=rng.choice(PLACES),
    )


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "151", "186", "187", "135", "137"]) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )


def _point_in(rng: random.Random, polygon) -> tuple[float, float]:
    minx, miny, maxx, maxy = polygon.bounds
    for _ in range(20):
        lng, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(Point(lng, lat)):
            return round(lat, 6), round(lng, 6)
    c = polygon.representative_point()
    return round(c.y, 6), round(c.x, 6)


def _received_times(rng: random.Random, n: int, start, now) -> list[datetime.datetime]:
    """Local daytime-heavy arrival times over [start, now), sorted."""
    span = (now - start).total_seconds()
    times = []
    while len(times) < n:
        t = start + datetime.timedelta(seconds=rng.uniform(0, span))
        hour = timezone.localtime(t).hour
        weight = 1.0 if 8 <= hour < 20 else 0.25
        if rng.random() < weight:
            times.append(t)
    return sorted(times)


class _Player:
    """Plays one demand's life forward with the services, up to `now`."""

    def __init__(self, rng, now, *, street, communities, departments, by_name, progress):
        self.rng, self.now = rng, now
        self.street, self.communities = street, communities
        self.departments, self.by_name = departments, by_name
        self.progress = progress  # 0 at the start of the year → 1 now: units get better
        self.stall = None  # a stage at which a recent demand stops (and runs overdue)

    def _at(self, t) -> bool:
        return t <= self.now

    def _hours(self, lo, hi) -> datetime.timedelta:
        return datetime.timedelta(hours=self.rng.uniform(lo, hi))

    def _department_for(self, demand) -> Department | None:
        preferred = {"heating": "热力公司", "water": "供水公司", "municipal": "市城管局"}
        name = preferred.get(demand.category.code)
        if name and name in self.by_name:
            return self.by_name[name]
        return self.rng.choice(self.departments) if self.departments else None

    def play(self, demand, duplicates) -> None:
        rng = self.rng
        t = demand.received_at
        if duplicates and rng.random() < 0.7:
            t += self._hours(0.2, 1.5)
            if self._at(t):
                services.demand_merge(demand=demand, into=duplicates[0].demand, user=None, now=t)
            return
        if demand.state == S.RECEIVED:
            if self.stall == "dispatch":
                return
            t += self._hours(0.1, 1.6) if rng.random() < 0.9 else self._hours(2, 6)
            if not self._at(t):
                return
            unit = self._desk_target(demand)
            services.demand_dispatch(demand=demand, user=None, unit=unit, now=t)
        t = self._before_sign(demand, t)
        if t is None or self.stall == "sign":
            return
        late = rng.random() < 0.16 - 0.08 * self.progress
        window = (demand.sign_due - t).total_seconds() / 3600
        t += self._hours(window * 1.05, window * 3) if late else self._hours(0.05, window * 0.9)
        if not self._at(t):
            return
        services.demand_sign(demand=demand, user=None, now=t)
        t += self._hours(0.2, 4)
        if not self._at(t):
            return
        services.demand_start(demand=demand, user=None, now=t)
        if rng.random() < 0.03 and self.departments:
            t = self._whistle(demand, t)
            if t is None:
                return
        self._resolve_and_rate(demand, t)

    def _desk_target(self, demand) -> HandlingUnit:
        if demand.community_id:
            return HandlingUnit.of_region(demand.community)
        return HandlingUnit.of_region(self.rng.choice(self.communities))

    def _before_sign(self, demand, t):
        """Sometimes the unit returns the demand, or the street reassigns it to a department,
        before it is signed. Returns the time reached, or None when `now` came first."""
        rng = self.rng
        r = rng.random()
        if r < 0.04:
            t += self._hours(0.2, 1.5)
            if not self._at(t):
                return None
            services.demand_return(
                demand=demand, user=None, reason="不属于本单位职责范围，请重新派单", now=t
            )
            t += self._hours(0.2, 1.5)
            if not self._at(t):
                return None
            services.demand_dispatch(
                demand=demand, user=None, unit=HandlingUnit.of_region(self.street), now=t
            )
        elif r < 0.12 and self.departments:
            department = self._department_for(demand)
            t += self._hours(0.2, 1.0)
            if not self._at(t):
                return None
            if department is not None and HandlingUnit.of_demand(
                demand
            ) != HandlingUnit.of_department(department):
                services.demand_reassign(
                    demand=demand,
                    user=None,
                    unit=HandlingUnit.of_department(department),
                    note="涉及专业部门职责，改派",
                    now=t,
                )
        return t

    def _whistle(self, demand, t):
        rng = self.rng
        t += self._hours(1, 24)
        if not self._at(t):
            return None
        called = rng.sample(self.departments, k=min(len(self.departments), rng.randint(1, 2)))
        calls = services.demand_escalate(
            demand=demand, user=None, departments=called, note="多部门联合处置", now=t
        )
        for call in calls:
            report = t + datetime.timedelta(minutes=rng.choice([8, 15, 22, 28, 45]))
            if self._at(report):
                services.whistle_sign(call=call, user=None, now=report)
        return t + self._hours(1, 3)

    def _resolve_and_rate(self, demand, t, *, again: bool = False) -> None:
        rng = self.rng
        if self.stall == "resolve":
            return
        window = max((demand.resolve_due - t).total_seconds() / 3600, 0.5)
        late = rng.random() < 0.14 - 0.08 * self.progress
        t += self._hours(window * 1.02, window * 1.6) if late else self._hours(0.1, window * 0.9)
        if not self._at(t):
            return
        note = "已现场处理完毕，并向诉求人反馈" if not again else "已返工处理，诉求人确认"
        services.demand_resolve(demand=demand, user=None, note=note, now=t)
        if rng.random() > 0.85:
            return  # not rated (yet)
        t += self._hours(2, 48)
        if not self._at(t):
            return
        bad = 0.14 - 0.09 * self.progress
        rating = _pick(
            rng,
            [("unsatisfied", bad), ("basic", 0.15), ("satisfied", 0.85 - bad)],
        )
        services.demand_rate(demand=demand, user=None, rating=rating, now=t)
        if rating == "unsatisfied" and not again and rng.random() < 0.6:
            t += self._hours(4, 24)
            if not self._at(t):
                return
            services.demand_reopen(
                demand=demand, user=None, to=S.IN_PROGRESS, note="诉求人不满意，重办", now=t
            )
            self._resolve_and_rate(demand, t, again=True)
            return
        t += self._hours(24, 72)
        if self._at(t):
            services.demand_close(demand=demand, user=None, now=t)


def build_demo_demands(
    street: Region,
    *,
    seed: int,
    now: datetime.datetime | None = None,
    count: int | None = None,
    days: int = 365,
) -> DemoReport:
    """Write `count` demands (default: about 52 a year per grid) received over the `days`
    before `now` in `street`, each played forward through the services up to `now`, then
    run one deadline sweep at `now`."""
    now = now or timezone.now()
    ensure_defaults()  # a flushed database has lost the seeded taxonomy
    rng = random.Random(f"{seed}:demands:{street.code}")
    grids = list(Grid.objects.filter(code__startswith=street.prefix).exclude(boundary=None))
    polygons = {g.pk: shape(g.boundary) for g in grids}
    communities = list(Region.objects.filter(parent=street).order_by("code")) or [street]
    households = list(
        Household.objects.filter(grid__code__startswith=street.prefix)
        .select_related("grid", "building")
        .order_by("pk")[:5000]
    )
    categories = {c.code: c for c in Category.objects.filter(active=True)}
    departments = list(Department.objects.order_by("pk"))
    by_name = {d.name: d for d in departments}
    count = count if count is not None else max(len(grids), 1) * 52
    start = now - datetime.timedelta(days=days)
    report = DemoReport()
    recent: list[tuple] = []
    outside = (polygons and _outside_point(polygons.values())) or (0.0, 0.0)
    with notifications_suppressed(), transaction.atomic():
        for i, received_at in enumerate(_received_times(rng, count, start, now)):
            local_day = timezone.localtime(received_at).date()
            season = 1 if _heating_season(local_day) else 0
            weighted = [(c, w[season]) for c, w in WEIGHTS.items() if c in categories]
            code = _pick(rng, weighted)
            channel = _pick(rng, CHANNELS)
            kwargs = _place(rng, grids, polygons, households, street, outside)
            text = _text(rng, code)
            earlier = [r for r in recent if received_at - r[0] < datetime.timedelta(days=5)]
            if earlier and rng.random() < 0.05:
                # Another neighbour reports the same thing: same place, same matter.
                _at, code, lat, lng, first_text = rng.choice(earlier)
                kwargs = {"lat": lat + rng.uniform(-2e-4, 2e-4), "lng": lng, "region": street}
                text = rng.choice(["又有人反映：", "同样的问题：", "", "再次反映："]) + first_text
            elif kwargs.get("lat") is not None:
                recent.append((received_at, code, kwargs["lat"], kwargs["lng"], text))
                del recent[:-200]
            if channel in (Demand.Channel.HOTLINE, Demand.Channel.WALK_IN) or rng.random() < 0.3:
                kwargs["reporter_name"] = rng.choice(SURNAMES) + "".join(
                    rng.choice(GIVEN) for _ in range(rng.randint(1, 2))
                )
                kwargs["reporter_phone"] = _phone(rng)
            urgency = "emergency" if code in ("gas",) and rng.random() < 0.3 else None
            intake = services.demand_submit(
                category=categories[code],
                description=text,
                channel=channel,
                urgency=urgency or _pick(rng, URGENCY),
                external_id=f"{received_at:%Y%m%d}{i:06d}"
                if channel == Demand.Channel.HOTLINE
                else "",
                now=received_at,
                **kwargs,
            )
            if not intake.created:
                continue  # a work order of an earlier build (same number): leave it be
            player = _Player(
                rng,
                now,
                street=street,
                communities=communities,
                departments=departments,
                by_name=by_name,
                progress=(received_at - start) / (now - start),
            )
            if now - received_at < datetime.timedelta(days=30) and rng.random() < 0.12:
                player.stall = rng.choice(["dispatch", "sign", "resolve"])
            player.play(intake.demand, intake.duplicates)
            report.demands += 1
        demo_resident_demands(now)
        swept = deadline_sweep(now=now)
        _request_extensions(street, now)
    with transaction.atomic():
        _leave_notifications(street, now)
    report.overdue_marked = sum(swept.marked.values())
    for state in Demand.objects.filter(street=street).values_list("state", flat=True):
        report.by_state[state] = report.by_state.get(state, 0) + 1
    return report


def _outside_point(polygons) -> tuple[float, float]:
    """A point just south of every grid of the street: in no grid."""
    miny = min(p.bounds[1] for p in polygons)
    minx = min(p.bounds[0] for p in polygons)
    return round(miny - 0.002, 6), round(minx + 0.001, 6)


def _place(rng, grids, polygons, households, street, outside) -> dict:
    r = rng.random()
    if r < 0.07 and households:
        h = rng.choice(households)
        return {"household": h, "address": h.address}
    if r < 0.12 or not grids:
        lat, lng = outside
        return {
            "lat": lat + rng.uniform(-0.0005, 0.0005),
            "lng": lng + rng.uniform(0, 0.002),
            "region": street,
            "address": street.name,
        }
    grid = rng.choice(grids)
    lat, lng = _point_in(rng, polygons[grid.pk])
    return {"lat": lat, "lng": lng, "address": rng.choice(ADDRESSES)}


RECENT_NOTICES = datetime.timedelta(days=7)
N = Notification.Kind


def _request_extensions(street: Region, now) -> None:
    """Three units handling a complex matter ask for more time, waiting for the street's
    decision (left pending: the decision is for whoever tries the street's account)."""
    handling = (
        Demand.objects.filter(
            street=street,
            state=S.IN_PROGRESS,
            resolve_due__gt=now + datetime.timedelta(days=1),
            assigned_department__isnull=True,
        )
        .exclude(assigned_code="")
        .order_by("resolve_due", "pk")[:3]
    )
    for i, demand in enumerate(list(handling)):
        due = timezone.localtime(demand.resolve_due).date() + datetime.timedelta(days=3)
        services.extension_request(
            demand=demand,
            user=None,
            reason="需协调产权单位和施工队，现场整改需要更长时间",
            due=due,
            now=now - datetime.timedelta(hours=3 - i),
        )


def _notice(demand_id, kind, *, at, units=(), users=(), note="") -> None:
    keys = sorted({u for u in units if u})
    if keys or users:
        notify_units.call(
            demand_id=demand_id,
            kind=kind,
            unit_keys=keys,
            user_ids=sorted(set(users)),
            note=note[:500],
            at=at.isoformat(),
        )


def _leave_notifications(street: Region, now) -> None:
    demands = Demand.objects.filter(street=street)
    recent = demands.filter(
        state__in=Demand.ACTIVE_STATES, dispatched_at__gte=now - RECENT_NOTICES
    ).exclude(assigned_code="", assigned_department__isnull=True)
    for d in recent.select_related("assigned_grid", "assigned_region").order_by("dispatched_at"):
        unit = HandlingUnit.of_demand(d)
        _notice(d.pk, N.DISPATCHED, at=d.dispatched_at, units=[unit.key if unit else ""])
    marks = OverdueMark.objects.filter(demand__street=street, at__gte=now - RECENT_NOTICES)
    for m in marks.order_by("at", "pk"):
        note = f"{m.get_stage_display()}超时"
        _notice(m.demand_id, N.OVERDUE, at=m.at, units=[m.unit_code], note=note)
        _notice(m.demand_id, N.ESCALATED, at=m.at, units=[m.escalated_to], note=note)
    desk = HandlingUnit.of_region(street).key
    for e in DeadlineExtension.objects.filter(demand__street=street).order_by("requested_at"):
        note = f"申请延期：{e.reason}"
        _notice(e.demand_id, N.EXTENSION_REQUESTED, at=e.requested_at, units=[desk], note=note)
    staff = RoleAssignment.objects.exclude(role=RoleAssignment.Role.RESIDENT).select_related("user")
    for assignment in staff.order_by("user_id", "pk"):
        user = assignment.user
        if Notification.objects.filter(recipient_user=user, read=False).exists():
            continue
        mine = restrict(demands, user).order_by("-received_at", "-pk")
        latest = mine.filter(state__in=Demand.ACTIVE_STATES).first() or mine.first()
        if latest is not None:
            kind = N.OVERDUE if latest.resolve_overdue or latest.sign_overdue else N.DISPATCHED
            _notice(
                latest.pk, kind, at=latest.received_at, users=[user.pk], note="辖区内有待办诉求"
            )
